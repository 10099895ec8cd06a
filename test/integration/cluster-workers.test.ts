/**
 * WORKERS (issue 17): on PostgreSQL, `npm start` with WORKERS=2 prepares the database once and forks two
 * server processes sharing the port (node:cluster). Both serve (sessions live in the database), a worker that
 * dies is replaced, SIGTERM stops them all; on the embedded database WORKERS > 1 is refused with a sentence.
 * Process test (DUKAO_PROCESS_TESTS=1), PostgreSQL only.
 */
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPids, exitOf, freePort, processes } from '../helpers/processes';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const enabled = process.env.DUKAO_PROCESS_TESTS === '1' && ON_POSTGRES;

/** One request on a connection of its own (so that the cluster hands each to a worker in turn). */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent: false, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(enabled)('WORKERS: several server processes on one port', () => {
  let db: TestDatabase;
  const { run } = processes(() => ({ databaseUrl: db.url! }));

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.dispose());

  it('forks two workers that both serve, replaces one that dies, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const primary = run(['server/start.ts'], { WORKERS: '2', PORT: String(port), HOST: '127.0.0.1' });
    let out = '';
    primary.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = exitOf(primary);
    await until('two workers listening', () => out.includes('with 2 worker processes'), 120_000);
    const first = childPids(primary.pid!);
    expect(first).toHaveLength(2);

    // A session made on one worker is good on the other: sign in, then ask on fresh connections.
    const login = await new Promise<{ cookie: string }>((resolve, reject) => {
      const body = JSON.stringify({ username: 'leader', password: 'leader123' });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/auth/login',
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve({ cookie: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ') })
              : reject(new Error(`login ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const input = encodeURIComponent(JSON.stringify({ period: '2011Q4' }));
    for (let i = 0; i < 12; i++) {
      const res = await get(port, `/trpc/scores.overview?input=${input}`, { cookie: login.cookie });
      expect(res.status).toBe(200);
    }

    // A worker killed outright is replaced; the port never stops answering.
    process.kill(first[0]!, 'SIGKILL');
    await until('a new worker', () => {
      const now = childPids(primary.pid!);
      return now.length === 2 && !now.includes(first[0]!);
    });
    for (let i = 0; i < 6; i++) expect((await get(port, '/healthz')).status).toBe(200);

    const workers = childPids(primary.pid!);
    primary.kill('SIGTERM');
    const end = await exited;
    expect(end.code).toBe(0);
    for (const w of workers) expect(fs.existsSync(`/proc/${w}`)).toBe(false);
  }, 240_000);

  it('refuses WORKERS > 1 on the embedded database, naming the setting', async () => {
    const dir = fs.mkdtempSync('/tmp/dukao-workers-');
    try {
      const embedded = processes(() => ({ dataDir: dir }));
      const child = embedded.run(['server/start.ts'], { WORKERS: '2', PORT: '0' });
      const end = await exitOf(child);
      expect(end.code).toBe(1);
      expect(end.stderr).toContain('WORKERS=2 needs PostgreSQL');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
