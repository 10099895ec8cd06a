/**
 * Stateless app servers: two servers (buildApp on two openDatabase handles, i.e. two connection pools)
 * on one PostgreSQL database. Sessions, throttling and the score views' data version live in the
 * database, so a write through one is read through the other, the session cookie of one works on the
 * other, and a sign-out on one ends the session on both. (Both run in this test's process and so share
 * its module state; nothing here relies on it: the cached views check the database's data version.)
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { type Database, openDatabase } from '../../server/db';
import { readEnv } from '../../server/env';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)(
  'two app servers on one PostgreSQL (needs DATABASE_URL; skipped on the embedded database)',
  () => {
    let db: TestDatabase;
    let second: Database;
    const servers: { app: FastifyInstance; base: string }[] = [];

    beforeAll(async () => {
      db = await createTestDatabase();
      await withDemo(db);
      second = await openDatabase({ databaseUrl: db.url!, dataDir: '', poolSize: 5 });
      for (const database of [db as Database, second]) {
        const app = await buildApp({
          database,
          env: readEnv({ DATABASE_URL: db.url!, DATA_DIR: 'memory://' }),
          logger: false,
        });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const address = app.server.address();
        servers.push({ app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
      }
    });
    afterAll(async () => {
      for (const s of servers) await s.app.close();
      await second?.close();
      await db?.dispose();
    });

    const get = async (base: string, path: string, cookie: string) => {
      const res = await fetch(base + path, { headers: { cookie } });
      return { status: res.status, body: (await res.json()) as { result?: { data: unknown } } };
    };
    const query = (procedure: string, input: unknown) =>
      `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

    it('serves a write made through one server from the other, with one session for both', async () => {
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const login = await fetch(`${a.base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'inspector', password: 'inspector123' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      expect(cookie).toMatch(/=/);

      // Server B answers with the session created through A, and caches its view of the rankings.
      const me = await get(b.base, query('auth.me', undefined), cookie);
      expect(me.status).toBe(200);
      expect(me.body.result?.data).toMatchObject({ username: 'inspector' });
      const rankingBefore = await get(
        b.base,
        query('scores.rankings', { period: '2011Q4', group: 'grassroots' }),
        cookie,
      );
      const top = (rankingBefore.body.result!.data as { rows: { unit: string; score: number; deductions: number }[] })
        .rows[0]!;

      // A finding (with a deduction) recorded through A …
      const created = await fetch(`${a.base}/trpc/inspection.createFinding`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          unit: top.unit,
          period: '2011Q4',
          severity: 'major',
          deduction: 4,
          description: 'two-servers check',
          deadline: null,
        }),
      });
      expect(created.status).toBe(200);

      // … is read through B: the finding itself, and the re-scored ranking (B's cached view is stale now).
      const findings = await get(b.base, query('inspection.findings', { period: '2011Q4', unit: top.unit }), cookie);
      expect(findings.status).toBe(200);
      expect(
        (findings.body.result!.data as { description: string }[]).some((f) => f.description === 'two-servers check'),
      ).toBe(true);
      const rankingAfter = await get(
        b.base,
        query('scores.rankings', { period: '2011Q4', group: 'grassroots' }),
        cookie,
      );
      const row = (
        rankingAfter.body.result!.data as { rows: { unit: string; score: number; deductions: number }[] }
      ).rows.find((r) => r.unit === top.unit)!;
      expect(row.deductions).toBeGreaterThan(top.deductions);
      expect(row.score).toBeLessThan(top.score);

      // Signing out through B ends the session on A too.
      const out = await fetch(`${b.base}/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: '{}',
      });
      expect(out.status).toBe(200);
      expect((await get(a.base, query('auth.me', undefined), cookie)).body.result?.data ?? null).toBeNull();
      expect((await get(a.base, query('scores.rankings', { period: '2011Q4' }), cookie)).status).toBe(401);
    });
  },
);
