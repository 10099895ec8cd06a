import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// Public results (PUBLIC_RESULTS): anonymous, the latest published version only, name/score/grade/rank; off by default.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
let on: FastifyInstance;
let off: FastifyInstance;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  on = await buildTestApp(db, { env: { PUBLIC_RESULTS: 'true' } });
  off = await buildTestApp(db);
}, 600_000);
afterAll(async () => {
  await on?.close();
  await off?.close();
  await db?.dispose();
});

describe(`public results on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('off by default: both addresses are 404, published or not', async () => {
    await callerFor(db, users.leader).admin.periodState({ period: '2011Q3', action: 'publish', reason: '按期公示' });
    for (const url of ['/public', '/public?period=2011Q3', '/public/rankings?period=2011Q3', '/public/rankings'])
      expect((await off.inject({ method: 'GET', url })).statusCode, url).toBe(404);
  });

  it('on: the latest published version, per group, unit name, score, grade and rank only', async () => {
    expect((await on.inject({ method: 'GET', url: '/public/rankings?period=2011Q4' })).statusCode).toBe(404);
    expect((await on.inject({ method: 'GET', url: '/public/rankings?period=20x' })).statusCode).toBe(400);
    const leader = callerFor(db, users.leader);
    await leader.admin.periodState({ period: '2011Q4', action: 'publish', reason: '按期公示' });
    const res = await on.inject({ method: 'GET', url: '/public/rankings?period=2011Q4' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const body = res.json() as {
      period: string;
      version: number;
      groups: Record<'grassroots' | 'organs', Record<string, unknown>[]>;
    };
    expect(body).toMatchObject({ period: '2011Q4', version: 1 });
    const published = await leader.scores.published({ period: '2011Q4' });
    for (const group of ['grassroots', 'organs'] as const) {
      expect(body.groups[group]).toEqual(
        published
          .filter((r) => r.group === group)
          .map((r) => ({ name: r.name, score: r.score, grade: r.grade, rank: r.rank })),
      );
      for (const row of body.groups[group]) expect(Object.keys(row).sort()).toEqual(['grade', 'name', 'rank', 'score']);
    }
    // Without a period: the period published last.
    expect((await on.inject({ method: 'GET', url: '/public/rankings' })).json()).toEqual(body);

    // Reopened and changed, the live scores move; the public still sees version 1 until version 2 is published.
    await leader.admin.periodState({ period: '2011Q4', action: 'reopen', reason: '复核' });
    await callerFor(db, users.inspector).inspection.createCommendation({
      unit: 'T05',
      period: '2011Q4',
      points: 3,
      reason: '表彰',
    });
    expect((await on.inject({ method: 'GET', url: '/public/rankings?period=2011Q4' })).json()).toEqual(body);
    await leader.admin.periodState({ period: '2011Q4', action: 'publish', reason: '表彰后重新公示' });
    const v2 = (await on.inject({ method: 'GET', url: '/public/rankings?period=2011Q4' })).json() as typeof body;
    expect(v2.version).toBe(2);
    expect(v2).not.toEqual(body);
  });

  it('on: an anonymous page, embeddable, that names no unit code and runs nothing', async () => {
    const res = await on.inject({ method: 'GET', url: '/public?period=2011Q4' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['x-frame-options']).toBeUndefined();
    const published = await callerFor(db, users.leader).scores.published({ period: '2011Q4' });
    expect(res.body).toContain('2011年第四季度考核结果公示');
    expect(res.body).toContain('公示第2版');
    for (const r of published) expect(res.body).toContain(r.name);
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toMatch(/\bT01\b/);
    expect(res.body).toContain('href="/public?period=2011Q3"');
    // The other pages keep refusing to be framed.
    expect((await on.inject({ method: 'GET', url: '/healthz' })).headers['x-frame-options']).toBe('DENY');
  });
});
