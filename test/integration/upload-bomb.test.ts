/**
 * Hole 1 of issue 16: a decompression bomb through a unit operator's upload. A 1.6 MB .xlsx whose sheet inflates
 * to 1.5 GB while the archive declares 23 KB used to take the server from ~570 MB to 2.1 GB and stall /healthz
 * for seconds. Now each part is inflated with a byte counter that stops past the limit, in the upload worker
 * thread: the server grows by less than 100 MB and answers /healthz within a second meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, loginAs } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';
import { workbookBomb } from '../helpers/zip-bomb';

let db: TestDatabase;
let app: FastifyInstance;
let base: string;
let unitCookie: string;
let adminCookie: string;
let template: Buffer;

const MB = 1024 * 1024;

async function upload(path: string, cookie: string, fileName: string, file: Buffer) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ fileName, contentBase64: file.toString('base64') }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

/** Runs `work` while sampling the RSS and timing /healthz every 100 ms; the peak growth and slowest answer. */
async function watch<T>(work: () => Promise<T>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let slowest = 0;
  let healthChecks = 0;
  let running = true;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const health = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - t);
      healthChecks++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await work();
    return { result, growthMb: (peak - before) / MB, slowestMs: slowest, healthChecks };
  } finally {
    running = false;
    clearInterval(sampler);
    await health;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
  app = await buildTestApp(db);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  unitCookie = (await loginAs(app, 't01', DEMO_PASSWORDS.unit)).cookie!;
  adminCookie = (await loginAs(app, 'admin', DEMO_PASSWORDS.admin)).cookie!;
  const res = await fetch(`${base}/api/template?unit=T01&period=2011Q4`, { headers: { cookie: unitCookie } });
  expect(res.status).toBe(200);
  template = Buffer.from(await res.arrayBuffer());
  // A server that has read uploads before: the reader thread is up (its start is not the bomb's doing). The
  // honest template is read through and reaches the quarter's rules (the demo's 2011Q4 is verified).
  const honest = await upload('/api/import/template', unitCookie, 'T01-2011Q4.xlsx', template);
  expect(honest.body.error).toMatch(/is verified/);
}, 240_000);

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`decompression bombs on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('a template whose sheet inflates to 1.5 GB but declares 23 KB: 413, RSS +<100 MB, /healthz within 1 s', async () => {
    const bomb = await workbookBomb(template, { megabytes: 1536 });
    expect(bomb.length).toBeLessThan(2 * MB);
    const before = await db.prisma.auditLog.count();
    const { result, growthMb, slowestMs, healthChecks } = await watch(() =>
      upload('/api/import/template', unitCookie, 'T01-2011Q4.xlsx', bomb),
    );
    expect(result.status).toBe(413);
    expect(result.body.error).toMatch(/expands to more than 16\.0 MB/);
    expect(growthMb).toBeLessThan(100);
    expect(healthChecks).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(1000);
    expect(await db.prisma.auditLog.count()).toBe(before);
  });

  it("an administrator's bulk import whose sheet inflates to 1.5 GB: refused the same way past 400 MB", async () => {
    const bomb = await workbookBomb(template, { megabytes: 1536 });
    const { result, growthMb, slowestMs } = await watch(() =>
      upload('/api/import/values', adminCookie, 'values.xlsx', bomb),
    );
    expect(result.status).toBe(413);
    expect(result.body.error).toMatch(/expands to more than 400\.0 MB/);
    expect(growthMb).toBeLessThan(100);
    expect(slowestMs).toBeLessThan(1000);
  });
});
