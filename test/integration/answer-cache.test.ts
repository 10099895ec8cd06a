/**
 * The answer cache (server/http/answer-cache.ts): a rankings page or an overview asked again at the same
 * data version is sent as the bytes tRPC sent the first time; a write, another day, another role, a
 * signed-out or held-back session each get what tRPC answers.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayOf } from '../../server/domain/periods';
import { HIT_HEADER } from '../../server/http/answer-cache';
import { findOverview } from '../../server/services/scores/find-overview';
import { findRankingPage } from '../../server/services/scores/find-scores';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs, postJson, type TestClock, testClock } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const Q = '2011Q4';
const PAGE = { period: Q, group: 'grassroots', offset: 0, limit: 20 };
let db: TestDatabase;
let app: FastifyInstance;
let clock: TestClock;
let demo: Awaited<ReturnType<typeof withDemo>>;
const cookies: Record<string, string> = {};

const url = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
const batchUrl = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`;

beforeAll(async () => {
  db = await createTestDatabase();
  demo = await withDemo(db);
  clock = testClock();
  app = await buildTestApp(db, { clock });
  for (const name of ['leader', 'inspector', 'unit', 'security'] as const) {
    const username = name === 'unit' ? demo.unitA.username : name;
    const { cookie } = await loginAs(app, username, DEMO_PASSWORDS[name]);
    cookies[name] = cookie!;
  }
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe('the answer cache', () => {
  it('sends the same bytes again at the same version, in the single and the batched form', async () => {
    for (const [procedure, input] of [
      ['scores.rankings', PAGE],
      ['scores.overview', { period: Q }],
    ] as const) {
      for (const make of [url, batchUrl]) {
        const first = await getWith(app, make(procedure, input), cookies.leader);
        const second = await getWith(app, make(procedure, input), cookies.inspector);
        expect(first.statusCode, procedure).toBe(200);
        expect(first.headers[HIT_HEADER.toLowerCase()]).toBeUndefined();
        expect(second.statusCode).toBe(200);
        expect(second.headers[HIT_HEADER.toLowerCase()]).toBe('hit');
        expect(second.body).toBe(first.body);
        expect(second.headers['content-type']).toBe(first.headers['content-type']);
        // The house headers are on a hit too.
        expect(second.headers['cache-control']).toBe('no-store');
        expect(second.headers['x-content-type-options']).toBe('nosniff');
      }
    }
    const page = JSON.parse((await getWith(app, batchUrl('scores.rankings', PAGE), cookies.leader)).body);
    const fresh = await db.prisma.$transaction((tx) => findRankingPage(tx, PAGE as never));
    expect(page).toEqual([{ result: { data: JSON.parse(JSON.stringify(fresh)) } }]);
  });

  it('answers afresh after a write, and keeps the new answer', async () => {
    const before = await getWith(app, url('scores.rankings', PAGE), cookies.leader);
    expect(before.headers[HIT_HEADER.toLowerCase()]).toBe('hit');
    // A finding with a deduction for the first unit of the page, through the inspector's own procedure.
    const top = JSON.parse(before.body).result.data.rows[0];
    await callerFor(db, demo.inspector).inspection.createFinding({
      unit: top.unit,
      period: Q,
      severity: 'major',
      deduction: 3,
      description: 'answer cache test',
      deadline: '2012-04-30',
    });
    const after = await getWith(app, url('scores.rankings', PAGE), cookies.leader);
    expect(after.headers[HIT_HEADER.toLowerCase()]).toBeUndefined();
    expect(after.body).not.toBe(before.body);
    const fresh = await db.prisma.$transaction((tx) => findRankingPage(tx, PAGE as never));
    expect(JSON.parse(after.body).result.data).toEqual(JSON.parse(JSON.stringify(fresh)));
    const again = await getWith(app, url('scores.rankings', PAGE), cookies.leader);
    expect(again.headers[HIT_HEADER.toLowerCase()]).toBe('hit');
    expect(again.body).toBe(after.body);
  });

  it('leaves errors to tRPC and keeps none of them', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await getWith(app, url('scores.rankings', { period: Q, group: 'nobody' }), cookies.leader);
      expect(res.statusCode).toBe(400);
      expect(res.headers[HIT_HEADER.toLowerCase()]).toBeUndefined();
    }
  });
  it('answers the overview afresh on another day (overdue findings count against the day)', async () => {
    const today = await getWith(app, url('scores.overview', { period: Q }), cookies.leader);
    clock.advance(24 * 3600_000);
    // A day idle ends the session (等保 idle time-out): signed in again.
    const { cookie } = await loginAs(app, 'leader', DEMO_PASSWORDS.leader);
    const tomorrow = await getWith(app, url('scores.overview', { period: Q }), cookie);
    expect(tomorrow.headers[HIT_HEADER.toLowerCase()]).toBeUndefined();
    const fresh = await db.prisma.$transaction((tx) => findOverview(tx, Q, todayOf(clock.now())));
    expect(JSON.parse(tomorrow.body).result.data).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect(today.statusCode).toBe(200);
  });
  it('refuses what tRPC refuses, whatever is cached: other roles, no session, a session that ended, a held-back one', async () => {
    // Signed in again (the day before ended the sessions), each reader asks twice: the second is a hit.
    for (const name of ['leader', 'unit', 'security'] as const) {
      const username = name === 'unit' ? demo.unitA.username : name;
      cookies[name] = (await loginAs(app, username, DEMO_PASSWORDS[name])).cookie!;
    }
    const cached = url('scores.rankings', PAGE);
    await getWith(app, cached, cookies.leader);
    expect((await getWith(app, cached, cookies.leader)).headers[HIT_HEADER.toLowerCase()]).toBe('hit');
    for (const [who, cookie, status] of [
      ['unit operator', cookies.unit, 403],
      ['security administrator', cookies.security, 403],
      ['nobody', null, 401],
      ['a forged session', 'dukao_session=not-a-session', 401],
    ] as const) {
      const res = await getWith(app, cached, cookie);
      expect(res.statusCode, who).toBe(status);
      expect(res.headers[HIT_HEADER.toLowerCase()], who).toBeUndefined();
      expect(res.body, who).not.toContain('"rows"');
    }
    // Signed out: the same cookie no longer reads the cached answer.
    const { cookie: gone } = await loginAs(app, 'inspector', DEMO_PASSWORDS.inspector);
    expect((await getWith(app, cached, gone)).headers[HIT_HEADER.toLowerCase()]).toBe('hit');
    await postJson(app, '/auth/logout', {}, { cookie: gone! });
    expect((await getWith(app, cached, gone)).statusCode).toBe(401);
    // A user who must change the password first (last: once the security administrator creates a user, the
    // demo accounts lose their exemption from changing theirs).
    await callerFor(db, demo.security).admin.createUser({
      username: 'held',
      role: 'leadership',
      password: 'Initial-pass1',
    });
    const { cookie: held } = await loginAs(app, 'held', 'Initial-pass1');
    const res = await getWith(app, cached, held);
    expect(res.statusCode).toBe(403);
    expect(res.headers[HIT_HEADER.toLowerCase()]).toBeUndefined();
  });
});
