import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { readEnv } from '../../server/env';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Restarting the PostgreSQL server would break every other test running at the same time, so
// this runs alone, after the suite: `.ci/run` sets DUKAO_PG_RESTART_TEST=1 for one vitest run of this file.
const enabled = process.env.DUKAO_PG_RESTART_TEST === '1' && !!process.env.DATABASE_URL;

let db: TestDatabase;
let app: FastifyInstance;
let base = '';

function restartPostgres(): void {
  const version = fs.readdirSync('/etc/postgresql')[0]!;
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { stdio: 'ignore' });
}

describe.runIf(enabled)('PostgreSQL restarted under load', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await withDemo(db);
    app = await buildApp({ database: db, env: readEnv({ DATA_DIR: 'memory://' }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('fails requests cleanly while the database is down and serves again afterwards without a restart', async () => {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: 'leader123' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const url = `${base}/trpc/scores.rankings?input=${encodeURIComponent(JSON.stringify({ period: '2011Q4', group: 'grassroots' }))}`;
    const statuses: number[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        try {
          const res = await fetch(url, { headers: { cookie } });
          statuses.push(res.status);
          await res.arrayBuffer();
        } catch {
          statuses.push(-1);
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    restartPostgres();
    await new Promise((r) => setTimeout(r, 3000));
    stop = true;
    await load;
    // Every answer was an HTTP answer (no dropped connection, no crash): success or a clean error.
    expect(statuses.filter((s) => s === -1)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s >= 500)).toBe(true);
    // And the same server answers correctly again.
    let ok = false;
    for (let i = 0; i < 20 && !ok; i++) {
      const res = await fetch(url, { headers: { cookie } });
      ok = res.status === 200 && (await res.json()).result.data.rows.length === 36;
      if (!ok) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ok).toBe(true);
    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });
});
