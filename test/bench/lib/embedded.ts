/**
 * The embedded install's memory (issue 17): `npm start`'s compiled server on a fresh PGlite data directory
 * with the demo data, driven through a browser-test's worth of use over HTTP (every role's pages, every
 * period, every unit's scorecard, the exports and reports, drafts saved), then left alone. Reports the
 * server process's RSS after start, its peak under the workload, and at rest afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCompiledServer } from '../../helpers/processes';
import { login, request, rssMb, sampleRss, trpcBatchUrl, trpcUrl } from './http';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function get(base: string, cookie: string, url: string): Promise<string> {
  const res = await request(base, url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 200)}`);
  return res.body;
}

async function mutate(base: string, cookie: string, procedure: string, input: unknown): Promise<unknown> {
  const res = await request(base, `/trpc/${procedure}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-dukao-csrf': '1' },
    body: JSON.stringify(input),
  });
  if (res.status !== 200) throw new Error(`${procedure}: ${res.status} ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { result: { data: unknown } }).result.data;
}

function dataOf<T>(body: string): T {
  return (JSON.parse(body) as { result: { data: T } }).result.data;
}

/** One round of what the browser tests do, by role. Returns the number of requests made. */
async function round(base: string, cookies: Record<'leader' | 'inspector' | 'unit', string>, draft: number) {
  let n = 0;
  const { leader, inspector, unit } = cookies;
  const periods = dataOf<{ code: string }[]>(await get(base, leader, trpcUrl('meta.periods', undefined)));
  const units = dataOf<{ code: string }[]>(await get(base, leader, trpcUrl('meta.units', undefined)));
  const withData = periods.map((p) => p.code).filter((c) => c.startsWith('2011'));
  n += 2;
  for (const period of withData) {
    await get(
      base,
      leader,
      trpcBatchUrl(['auth.me', 'meta.periods', 'scores.overview'], [undefined, undefined, { period }]),
    );
    for (const group of ['grassroots', 'organs'])
      await get(base, leader, trpcUrl('scores.rankings', { period, group, offset: 0, limit: 50 }));
    await get(base, leader, `/api/export/ranking?period=${period}&format=xlsx`);
    await get(base, leader, `/api/export/scores?period=${period}&format=csv`);
    await get(base, inspector, trpcUrl('inspection.findings', { period }));
    await get(base, inspector, trpcUrl('supervision.board', { period }));
    n += 7;
  }
  for (const u of units) {
    await get(base, leader, trpcUrl('scores.scorecard', { unit: u.code, period: '2011' }));
    await get(base, leader, trpcUrl('scores.movement', { unit: u.code, period: '2011Q4' }));
    n += 2;
  }
  await get(base, leader, '/api/reports/annual?year=2011&format=docx');
  const published = dataOf<unknown[]>(await get(base, leader, trpcUrl('scores.publications', { period: '2011Q4' })));
  if (published.length === 0) {
    // Publish the last quarter once (公示), as the leadership test does, for the bulletin.
    await mutate(base, leader, 'admin.periodState', { period: '2011Q4', action: 'publish', reason: '季度公示' });
    n += 1;
  }
  await get(base, leader, '/api/reports/bulletin?period=2011Q4&format=docx');
  await get(base, inspector, trpcUrl('supervision.openItems', {}));
  await get(base, inspector, trpcUrl('entry.pending', {}));
  n += 4;
  // The unit operator's pages, and drafts saved in the open quarter.
  await get(
    base,
    unit,
    trpcBatchUrl(['auth.me', 'supervision.openItems', 'notifications.unreadCount'], [undefined, {}, undefined]),
  );
  const open = periods.find((p) => !p.code.startsWith('2011') && /Q\d$/.test(p.code))?.code;
  if (open) {
    for (let i = 0; i < 5; i++) {
      const form = dataOf<{ version: number }>(
        await get(base, unit, trpcUrl('entry.get', { unit: 'T01', period: open })),
      );
      await mutate(base, unit, 'entry.save', {
        unit: 'T01',
        period: open,
        version: form.version,
        values: { 'pub.other': draft * 10 + i },
        submit: false,
      });
      n += 2;
    }
  }
  return n + 1;
}

export type EmbeddedMemory = {
  afterStartMb: number;
  peakMb: number;
  atRestMb: number;
  /** RSS every 10 s after the last request. */
  restMb: number[];
  rounds: number;
  requests: number;
  seconds: number;
};

/** Runs the embedded install through `rounds` rounds of use and reports its RSS. */
export async function measureEmbeddedMemory(opts: {
  rounds: number;
  restSeconds: number;
  /** A folder to reuse (a restart); a new one by default, removed afterwards. */
  dataDir?: string;
}): Promise<EmbeddedMemory> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-bench-embedded-'));
  const server = await startCompiledServer({ DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  try {
    await sleep(3000);
    const pid = server.pid;
    const afterStartMb = rssMb(pid);
    const cookies = {
      leader: await login(server.base, 'leader', 'leader123'),
      inspector: await login(server.base, 'inspector', 'inspector123'),
      unit: await login(server.base, 't01', 'unit123'),
    };
    const rss = sampleRss(pid);
    const t = performance.now();
    let requests = 0;
    for (let r = 0; r < opts.rounds; r++) requests += await round(server.base, cookies, r);
    const seconds = Math.round((performance.now() - t) / 100) / 10;
    const peakMb = rss.stop();
    // At rest: V8 gives its heap's slack back some 30-40 s after the last request (its memory reducer).
    const restMb: number[] = [];
    for (let t = 0; t < opts.restSeconds; t += 10) {
      await sleep(10_000);
      restMb.push(rssMb(pid));
    }
    return {
      afterStartMb,
      peakMb,
      atRestMb: restMb.at(-1) ?? rssMb(pid),
      restMb,
      rounds: opts.rounds,
      requests,
      seconds,
    };
  } finally {
    await server.stop();
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
