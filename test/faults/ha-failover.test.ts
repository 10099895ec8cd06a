/**
 * Dukao on the HA stack of deploy/ha (etcd, two Patroni-managed PostgreSQL 15 nodes with synchronous
 * replication, HAProxy, two Dukao servers): clients save quarters and record findings through both app
 * servers at a steady rate while (1) the primary's postmaster is killed with SIGKILL and Patroni promotes
 * the standby, then (2) a planned `patronictl switchover` moves the primary back. After each: every write
 * the app acknowledged (HTTP 200) is in the database, none is there twice, every refusal was a clean 503
 * with Retry-After (never a 500, a dropped connection or a hang), `cli rescore` finds 0 differences and the
 * app servers were never restarted. Prints the time without a writable primary and the requests refused.
 *
 * It starts and stops the whole stack (deploy/ha/up, deploy/ha/down — also when it fails), so it runs
 * alone: `.ci/run` sets DUKAO_HA_TEST=1 for one vitest run of this file.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lagTolerantReader, openDatabase, writePosition } from '../../server/db';
import { DEMO_PASSWORDS } from '../helpers/http';

const enabled = process.env.DUKAO_HA_TEST === '1';
const ROOT = path.resolve(__dirname, '../..');
const HA_DIR = process.env.DUKAO_HA_DIR ?? '/tmp/dukao-ha';
const run = promisify(execFile);

type Stack = { APP_URL: string; DATABASE_URL: string; DATABASE_READ_URL: string };
type Session = { base: string; cookie: string };
/** One request's outcome: an HTTP status, or 'dropped' (no HTTP answer) or 'hung' (none within 20 s). */
type Outcome = {
  status: number | 'dropped' | 'hung';
  retryAfter: string | null;
  code: string | null;
  message?: string;
  at: number;
};

let stack: Stack;
const pidOf = (name: string) => Number(fs.readFileSync(path.join(HA_DIR, 'run', `${name}.pid`), 'utf8').trim());
const appBase = (n: 1 | 2) =>
  `http://127.0.0.1:${n === 1 ? (process.env.DUKAO_HA_APP1_PORT ?? 23001) : (process.env.DUKAO_HA_APP2_PORT ?? 23002)}`;
const restPort = (node: 'pg1' | 'pg2') =>
  node === 'pg1' ? Number(process.env.DUKAO_HA_REST1_PORT ?? 28008) : Number(process.env.DUKAO_HA_REST2_PORT ?? 28009);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function request(s: Session, pathname: string, body?: unknown): Promise<Outcome & { data?: unknown }> {
  const at = Date.now();
  try {
    const res = await fetch(s.base + pathname, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: s.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(20_000),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('dukao_lsn='));
    if (set)
      s.cookie = `${s.cookie
        .split('; ')
        .filter((c) => !c.startsWith('dukao_lsn='))
        .join('; ')}; ${set.split(';')[0]}`;
    const json = (await res.json().catch(() => null)) as {
      result?: { data: unknown };
      error?: { message?: string; data?: { code?: string } };
    } | null;
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      code: json?.error?.data?.code ?? null,
      ...(json?.error?.message ? { message: json.error.message } : {}),
      data: json?.result?.data,
      at,
    };
  } catch (err) {
    const hung = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { status: hung ? 'hung' : 'dropped', retryAfter: null, code: null, message: String(err), at };
  }
}

async function login(base: string, username: string, password: string): Promise<Session> {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status === 200)
      return {
        base,
        cookie: res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      };
    await sleep(500);
  }
  throw new Error(`${username} could not sign in on ${base}`);
}

/** The write port answers as a primary (a fresh connection each time, as a new pool connection would). */
async function writable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: stack.DATABASE_URL, connectionTimeoutMillis: 1000 });
  // A backend terminated by the failover reports on the client as an event: not an unhandled error.
  c.on('error', () => undefined);
  try {
    await c.connect();
    const r = await c.query<{ w: boolean }>('SELECT NOT pg_is_in_recovery() AS w');
    return r.rows[0]?.w === true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function restStatus(node: 'pg1' | 'pg2', what: string): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${restPort(node)}/${what}`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await fn()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

type Finding = { token: string; outcome: Outcome };
type Save = { unit: string; value: number; outcome: Outcome; version?: number };

/** Writers at a steady rate until stop(): findings with a unique description, quarter saves with a growing counter. */
function startLoad(finders: Session[], savers: { s: Session; unit: string }[], label: string) {
  const findings: Finding[] = [];
  const saves: Save[] = [];
  let stopped = false;
  let seq = 0;
  const finderLoops = finders.map(async (s, i) => {
    while (!stopped) {
      const token = `ha-${label}-${i}-${seq++}`;
      const outcome = await request(s, '/trpc/inspection.createFinding', {
        unit: units[i % units.length]!,
        period: FINDING_PERIOD,
        severity: 'minor',
        deduction: 0.1,
        description: token,
        deadline: null,
      });
      findings.push({ token, outcome });
      await sleep(outcome.status === 200 ? 150 : 250);
    }
  });
  const saverLoops = savers.map(async ({ s, unit }) => {
    let version: number | null = null;
    let value = counterStart.get(unit) ?? 0;
    while (!stopped) {
      if (version === null) {
        const got = await request(
          s,
          `/trpc/entry.get?input=${encodeURIComponent(JSON.stringify({ unit, period: SAVE_PERIOD }))}`,
        );
        if (got.status === 200) version = (got.data as { version: number }).version;
        else {
          await sleep(250);
          continue;
        }
      }
      value += 1;
      const outcome = await request(s, '/trpc/entry.save', {
        unit,
        period: SAVE_PERIOD,
        version,
        values: { [COUNTER]: value },
        submit: false,
      });
      const saved = outcome.status === 200 ? (outcome as { data?: { version: number } }).data?.version : undefined;
      saves.push({ unit, value, outcome, ...(saved !== undefined ? { version: saved } : {}) });
      // After anything but success, read the version again (a refused save may still have committed).
      version = saved ?? null;
      await sleep(outcome.status === 200 ? 150 : 250);
    }
  });
  return {
    findings,
    saves,
    async stop() {
      stopped = true;
      await Promise.all([...finderLoops, ...saverLoops]);
    },
  };
}

const FINDING_PERIOD = '2011Q4';
/** A quarter with no data in the demo: the savers' drafts (2011's are verified, so closed to saving). */
const SAVE_PERIOD = '2012Q1';
const COUNTER = 'training.attendees';
let units: string[] = [];
const counterStart = new Map<string, number>();
let db: pg.Pool;
let appPids: number[] = [];

/** The checks after each fault: acknowledged writes present exactly once, clean refusals, scores recomputed equal, same app processes. */
async function checkAfter(load: ReturnType<typeof startLoad>, label: string) {
  const all = [...load.findings.map((f) => f.outcome), ...load.saves.map((s) => s.outcome)];
  const bad = all.filter((o) => !(o.status === 200 || o.status === 503 || o.status === 409));
  expect(bad, `${label}: every answer was 200, 503 or (a save after a refused one) 409`).toEqual([]);
  for (const o of all.filter((x) => x.status === 503)) {
    expect(o.retryAfter, `${label}: a 503 carries Retry-After`).toMatch(/^\d+$/);
  }
  const trpc503 = all.filter((o) => o.status === 503 && o.code !== null);
  for (const o of trpc503) expect(o.code).toBe('SERVICE_UNAVAILABLE');
  expect(
    load.saves.filter((s) => s.outcome.status === 409).length,
    `${label}: a 409 only follows a refused save`,
  ).toBeLessThanOrEqual(load.saves.filter((s) => s.outcome.status === 503).length);

  // Findings: each acknowledged one exactly once; a refused one at most once (it may have committed before its answer was lost).
  const tokens = load.findings.map((f) => f.token);
  const { rows } = await db.query<{ description: string; n: number }>(
    `SELECT description, count(*)::int AS n FROM "Finding" WHERE description = ANY($1::text[]) GROUP BY description`,
    [tokens],
  );
  const count = new Map(rows.map((r) => [r.description, r.n]));
  const acked = load.findings.filter((f) => f.outcome.status === 200);
  expect(acked.length, `${label}: findings were acknowledged`).toBeGreaterThan(10);
  expect(
    acked.filter((f) => count.get(f.token) !== 1).map((f) => f.token),
    `${label}: acknowledged findings stored once`,
  ).toEqual([]);
  expect(
    [...count.values()].filter((n) => n > 1),
    `${label}: no finding twice`,
  ).toEqual([]);

  // Saves: the stored counter is the last acknowledged value or a later attempt; the version moved once per committed save.
  for (const unit of new Set(load.saves.map((s) => s.unit))) {
    const mine = load.saves.filter((s) => s.unit === unit);
    const lastAcked = mine.filter((s) => s.outcome.status === 200).at(-1);
    expect(lastAcked, `${label}: saves of ${unit} were acknowledged`).toBeDefined();
    const { rows: r } = await db.query<{ value: number; version: number }>(
      `SELECT v.value::float8 AS value, s.version FROM "Value" v JOIN "Submission" s ON s.id = v."submissionId"
        JOIN "Unit" u ON u.id = v."unitId" WHERE u.code = $1 AND v."periodCode" = $2 AND v."indicatorCode" = $3`,
      [unit, SAVE_PERIOD, COUNTER],
    );
    const stored = r[0]!;
    const possible = mine.filter((s) => s.value >= lastAcked!.value && s.outcome.status !== 409).map((s) => s.value);
    expect(possible, `${label}: ${unit}'s stored value is its last acknowledged save or a later attempt`).toContain(
      stored.value,
    );
    expect(stored.version).toBeGreaterThanOrEqual(lastAcked!.version!);
    counterStart.set(unit, Math.max(...mine.map((s) => s.value)));
  }

  // Scores equal a full recomputation.
  const { stderr } = await run('npm', ['run', '--silent', 'cli', '--', 'rescore'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: stack.DATABASE_URL, TZ: 'Asia/Shanghai', NODE_OPTIONS: '' },
    timeout: 300_000,
  });
  expect(stderr, `${label}: npm run cli -- rescore`).toMatch(/; 0 differences from the stored scores\./);

  // The same two app server processes served throughout.
  expect([pidOf('app1'), pidOf('app2')]).toEqual(appPids);
  for (const p of appPids) expect(() => process.kill(p, 0)).not.toThrow();
  return {
    requests: all.length,
    refused: all.filter((o) => o.status === 503).length,
    findingsAcked: acked.length,
    savesAcked: load.saves.filter((s) => s.outcome.status === 200).length,
  };
}

const DAILY_JOB = 'supervision.daily';
type JobRunRow = { day: string; startedAt: Date; server: string; digests: number };

/** The daily job's runs of `day` and the digests written for it. */
async function dailyJobState(day: string): Promise<{ runs: JobRunRow[]; digests: number; users: number }> {
  const runs = await db.query<JobRunRow>(
    `SELECT day, "startedAt", server, (summary->>'digests')::int AS digests FROM "JobRun" WHERE name = $1 AND day = $2`,
    [DAILY_JOB, day],
  );
  const d = await db.query<{ n: number; users: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT "userId")::int AS users FROM "Notification" WHERE "dedupeKey" LIKE $1`,
    [`digest:${day}:%`],
  );
  return { runs: runs.rows, digests: d.rows[0]!.n, users: d.rows[0]!.users };
}

/**
 * As if the day's job had not run yet: its JobRun row and digests go, in one transaction, right before a fault;
 * the servers (which look every 2 s) then run it on the new primary.
 */
async function undoDailyJob(day: string): Promise<void> {
  const before = await dailyJobState(day);
  expect(before.runs, "the day's job ran once before the fault").toHaveLength(1);
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query(`DELETE FROM "Notification" WHERE "dedupeKey" LIKE $1`, [`digest:${day}:%`]);
    await c.query(`DELETE FROM "JobRun" WHERE name = $1 AND day = $2`, [DAILY_JOB, day]);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

/** After a fault: the day's job ran again exactly once, with every digest once; when and where. */
async function dailyJobResumed(day: string, faultAt: number, label: string) {
  await waitFor(`${label}: the daily job to run again`, async () => (await dailyJobState(day)).runs.length > 0, 90_000);
  // Let any second server's attempt finish: it must find the day done and write nothing.
  await sleep(4000);
  const after = await dailyJobState(day);
  expect(after.runs, `${label}: one run of the day's job`).toHaveLength(1);
  // The load records findings meanwhile, so the day's open items (and who gets a digest) may differ from the
  // first run; what must hold is one run, and as many digests as it wrote, one per user.
  expect(after.digests, `${label}: the digests the run wrote, each once`).toBe(after.runs[0]!.digests);
  expect(after.users, `${label}: one digest per user`).toBe(after.digests);
  expect(after.digests, `${label}: the run wrote digests`).toBeGreaterThan(0);
  const run = after.runs[0]!;
  const ms = new Date(run.startedAt).getTime() - faultAt;
  const where = run.server.endsWith(`:${appPids[0]}`)
    ? 'app1'
    : run.server.endsWith(`:${appPids[1]}`)
      ? 'app2'
      : run.server;
  return `the daily job ran again ${Math.abs(ms)} ms ${ms >= 0 ? 'after' : 'before'} the fault, on ${where}: 1 run, ${after.digests} digests, none twice`;
}

/** Polls the write port every 100 ms from `from` until it has been writable again: the gap, in ms. */
function watchPrimary() {
  const samples: { at: number; ok: boolean }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push({ at: Date.now(), ok: await writable() });
      await sleep(100);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const firstDown = samples.findIndex((s) => !s.ok);
      if (firstDown < 0) return { gapMs: 0, downAt: null as number | null, upAt: null as number | null };
      const up = samples.slice(firstDown).find((s) => s.ok);
      const downAt = samples[firstDown]!.at;
      return { gapMs: (up?.at ?? Date.now()) - downAt, downAt, upAt: up?.at ?? null };
    },
  };
}

describe.runIf(enabled)(
  'Dukao on Patroni + HAProxy: failover and switchover under load',
  { timeout: 1_200_000 },
  () => {
    beforeAll(async () => {
      // From nothing (a stack left by an interrupted run is taken down first).
      execFileSync(path.join(ROOT, 'deploy/ha/down'), { stdio: 'inherit' });
      const out = execFileSync(path.join(ROOT, 'deploy/ha/up'), {
        // The daily supervision job is due from midnight and each server looks every 2 s (default: 10 min), so
        // the test sees it resume after a failover within seconds.
        env: { ...process.env, DUKAO_HA_NO_CLIENT: '1', DAILY_JOB_HOUR: '0', DAILY_JOB_CHECK_SECONDS: '2' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 600_000,
      });
      const lines = out.trim().split('\n');
      expect(lines.map((l) => l.split('=')[0])).toEqual(['APP_URL', 'DATABASE_URL', 'DATABASE_READ_URL']);
      stack = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) as Stack;
      db = new pg.Pool({ connectionString: stack.DATABASE_URL, max: 3 });
      db.on('error', () => undefined);
      units = (await db.query<{ code: string }>(`SELECT code FROM "Unit" WHERE active ORDER BY code LIMIT 4`)).rows.map(
        (r) => r.code,
      );
      appPids = [pidOf('app1'), pidOf('app2')];
    }, 660_000);

    afterAll(async () => {
      await db?.end().catch(() => undefined);
      // Always: no process or port left behind, whatever happened above.
      execFileSync(path.join(ROOT, 'deploy/ha/down'), { stdio: 'inherit' });
    }, 120_000);

    it('listens on loopback only', () => {
      const listening = execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => /patroni|etcd|haproxy|postgres|node/.test(l) && !l.includes(':5432 '));
      const ours = listening.filter(
        (l) => appPids.some((p) => l.includes(`pid=${p},`)) || /patroni|etcd|haproxy/.test(l),
      );
      expect(ours.length).toBeGreaterThan(5);
      for (const l of listening) expect(l.split(/\s+/)[3], l).toMatch(/^127\.0\.0\.1:/);
    });

    it('reads its own writes through DATABASE_READ_URL (and measures how often the replica was behind)', async () => {
      const database = await openDatabase({
        databaseUrl: stack.DATABASE_URL,
        readUrl: stack.DATABASE_READ_URL,
        dataDir: '',
      });
      try {
        let onReplica = 0;
        const n = 200;
        for (let i = 0; i < n; i++) {
          await database.sql.query(
            `INSERT INTO "Setting"(key, value, "updatedAt") VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
            ['ha.read-your-writes', JSON.stringify(i)],
          );
          const lsn = (await writePosition(database))!;
          const reader = await lagTolerantReader(database, lsn);
          if (reader === database.replica?.prisma) onReplica++;
          const row = await reader.setting.findUnique({ where: { key: 'ha.read-your-writes' } });
          expect(row?.value, 'the read after a write sees it').toBe(i);
        }
        console.log(
          `[ha] read-your-writes: ${onReplica}/${n} reads right after a write were served by the replica, ` +
            `${n - onReplica} by the primary (replica not yet replayed)`,
        );
        await database.sql.query(`DELETE FROM "Setting" WHERE key = 'ha.read-your-writes'`);
      } finally {
        await database.close();
      }
    });

    it('survives SIGKILL of the primary, then a planned switchover back, losing and doubling nothing', async () => {
      const viaProxy = stack.APP_URL;
      const finders = [
        await login(appBase(1), 'inspector', DEMO_PASSWORDS.inspector),
        await login(appBase(2), 'inspector', DEMO_PASSWORDS.inspector),
        await login(viaProxy, 'inspector', DEMO_PASSWORDS.inspector),
        await login(viaProxy, 'inspector', DEMO_PASSWORDS.inspector),
      ];
      const savers = [
        { s: await login(appBase(1), 'inspector', DEMO_PASSWORDS.inspector), unit: units[0]! },
        { s: await login(appBase(2), 'inspector', DEMO_PASSWORDS.inspector), unit: units[1]! },
        { s: await login(viaProxy, 'inspector', DEMO_PASSWORDS.inspector), unit: units[2]! },
        { s: await login(viaProxy, 'inspector', DEMO_PASSWORDS.inspector), unit: units[3]! },
      ];
      const report: string[] = [];

      // 1. Unplanned: SIGKILL the primary's postmaster mid-load.
      expect(await restStatus('pg1', 'primary')).toBe(200);
      // The servers ran today's job at start (DAILY_JOB_HOUR=0); its day is the city's date.
      await waitFor(
        'the daily job of today',
        async () => (await db.query(`SELECT 1 FROM "JobRun" WHERE name = $1`, [DAILY_JOB])).rowCount! > 0,
        60_000,
      );
      const jobDay = (
        await db.query<{ day: string }>(`SELECT max(day) AS day FROM "JobRun" WHERE name = $1`, [DAILY_JOB])
      ).rows[0]!.day;
      let load = startLoad(finders, savers, 'kill');
      let watch = watchPrimary();
      await sleep(5000);
      const postmaster = Number(fs.readFileSync(path.join(HA_DIR, 'pg1/data/postmaster.pid'), 'utf8').split('\n')[0]);
      await undoDailyJob(jobDay);
      const killedAt = Date.now();
      process.kill(postmaster, 'SIGKILL');
      await waitFor('pg2 to be promoted', async () => (await restStatus('pg2', 'primary')) === 200, 60_000);
      await waitFor('the write port to reach a primary', writable, 60_000);
      // Keep writing on the new primary.
      await sleep(5000);
      await load.stop();
      let gap = await watch.stop();
      let refusedMeanwhile = [...load.findings, ...load.saves].filter((w) => w.outcome.status === 503).length;
      const killChecks = await checkAfter(load, 'after SIGKILL');
      const killJob = await dailyJobResumed(jobDay, killedAt, 'after SIGKILL');
      report.push(
        `[ha] SIGKILL of the primary: ${gap.gapMs} ms without a writable primary (first failed probe ` +
          `${gap.downAt ? gap.downAt - killedAt : '-'} ms after the kill); ` +
          `${killChecks.requests} writes sent, ${refusedMeanwhile} refused with 503, ` +
          `${killChecks.findingsAcked} findings and ${killChecks.savesAcked} saves acknowledged, all ` +
          `present once; ${killJob}`,
      );

      // The old primary comes back as the synchronous standby (pg_rewind) by itself.
      await waitFor(
        'pg1 to rejoin as the synchronous standby',
        async () => (await restStatus('pg1', 'sync')) === 200,
        180_000,
      );

      // 2. Planned: switch over back to pg1 under load.
      load = startLoad(finders, savers, 'switchover');
      watch = watchPrimary();
      await sleep(5000);
      await undoDailyJob(jobDay);
      const startedAt = Date.now();
      await run(
        'patronictl',
        ['-c', path.join(HA_DIR, 'pg1/patroni.yml'), 'switchover', '--leader', 'pg2', '--candidate', 'pg1', '--force'],
        {
          timeout: 120_000,
        },
      );
      await waitFor('pg1 to be primary again', async () => (await restStatus('pg1', 'primary')) === 200, 60_000);
      await waitFor('the write port to reach a primary', writable, 60_000);
      await sleep(5000);
      await load.stop();
      gap = await watch.stop();
      refusedMeanwhile = [...load.findings, ...load.saves].filter((w) => w.outcome.status === 503).length;
      const switchChecks = await checkAfter(load, 'after switchover');
      const switchJob = await dailyJobResumed(jobDay, startedAt, 'after switchover');
      report.push(
        `[ha] switchover back to pg1: ${gap.gapMs} ms without a writable primary (first failed probe ` +
          `${gap.downAt ? gap.downAt - startedAt : '-'} ms after patronictl started); ` +
          `${switchChecks.requests} writes sent, ${refusedMeanwhile} refused with 503, ` +
          `${switchChecks.findingsAcked} findings and ${switchChecks.savesAcked} saves acknowledged, all ` +
          `present once; ${switchJob}`,
      );
      for (const line of report) console.log(line);
      fs.mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'test-artifacts/ha-failover.txt'), `${report.join('\n')}\n`);
    });
  },
);
