/**
 * The floor the app is measured against (issue 17): the same rows straight from PostgreSQL under the same
 * concurrency, the CPU each request costs (the app's process and PostgreSQL's, from /proc), dead rows in
 * the score tables, and the command line's start-up.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TICK_MS = 1000 / 100; // USER_HZ: Linux reports CPU time in hundredths of a second

function cpuTicksOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): utime is the 14th field, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of each PostgreSQL process on the machine (backends, walwriter …), by pid. */
function postgresTicks(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    out.set(Number(name), cpuTicksOf(Number(name)));
  }
  return out;
}

/**
 * PostgreSQL's CPU since `before`, process by process: a backend that started since counts whole, one that
 * ended since is not seen (its last ticks are lost: the figure is a floor, never negative).
 */
function postgresTicksSince(before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of postgresTicks()) sum += Math.max(0, ticks - (before.get(pid) ?? 0));
  return sum;
}

export type CpuMeter = { stop(requests: number): { appMsPerRequest: number | null; postgresMsPerRequest: number } };

/** Starts counting CPU: the app's processes (`appPids`, if any) and all PostgreSQL processes. */
export function cpuMeter(appPids: number | number[] | null): CpuMeter {
  const apps = appPids === null ? [] : Array.isArray(appPids) ? appPids : [appPids];
  const appTicks = () => apps.reduce((sum, p) => sum + cpuTicksOf(p), 0);
  const app0 = appTicks();
  const pg0 = postgresTicks();
  return {
    stop(requests) {
      const per = (ticks: number) => Math.round(((ticks * TICK_MS) / Math.max(1, requests)) * 1000) / 1000;
      return {
        appMsPerRequest: apps.length ? per(appTicks() - app0) : null,
        postgresMsPerRequest: per(postgresTicksSince(pg0)),
      };
    },
  };
}

export type FloorLoad = {
  connections: number;
  seconds: number;
  queriesPerSecond: number;
  p50: number;
  p99: number;
  postgresCpuMsPerQuery: number;
  /** The client's own CPU per query (this process), for reading the figures. */
  clientCpuMsPerQuery: number;
};

/**
 * The floor under load: `connections` clients each running `sql` back to back for `seconds` (what
 * `pgbench -c N -T S` with one custom query does), from this process.
 */
export async function floorLoad(
  url: string,
  text: string,
  params: unknown[],
  connections: number,
  seconds: number,
): Promise<FloorLoad> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  try {
    // Prepared once per connection, as pgbench -M prepared would.
    const query = { name: 'floor', text, values: params };
    await Promise.all(clients.map((c) => c.query(query)));
    const latencies: number[] = [];
    const meter = cpuMeter(null);
    const client0 = process.cpuUsage();
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < until) {
          const t = performance.now();
          await c.query(query);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const cpu = meter.stop(latencies.length);
    const client = process.cpuUsage(client0);
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 100) / 100;
    return {
      connections,
      seconds,
      queriesPerSecond: Math.round(latencies.length / seconds),
      p50: at(0.5),
      p99: at(0.99),
      postgresCpuMsPerQuery: cpu.postgresMsPerRequest,
      clientCpuMsPerQuery: Math.round(((client.user + client.system) / 1000 / latencies.length) * 1000) / 1000,
    };
  } finally {
    for (const c of clients) c.release();
    await pool.end();
  }
}

export type DeadRows = { table: string; live: number; dead: number; deadPercent: number };

/** Exact live and dead tuples of the score tables (pgstattuple scans them; the statistics views lag). */
/**
 * Waits (up to `maxSeconds`) until no VACUUM runs on the database: the one-unit phase's small writes end in
 * background VACUUMs (write-scores.ts, noteSmallWrites) and autovacuum, which would otherwise run beside the
 * one-request-at-a-time reads that follow. Returns the seconds waited.
 */
export async function settle(url: string, maxSeconds = 60): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t = performance.now();
  try {
    while ((performance.now() - t) / 1000 < maxSeconds) {
      const r = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_progress_vacuum WHERE datname = current_database()`,
      );
      if (r.rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return Math.round((performance.now() - t) / 100) / 10;
  } finally {
    await client.end();
  }
}

export async function deadRows(url: string): Promise<DeadRows[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
    const out: DeadRows[] = [];
    for (const table of ['Score', 'ScoreExplanation']) {
      const r = await client.query<{ tuple_count: string; dead_tuple_count: string }>(
        `SELECT tuple_count, dead_tuple_count FROM pgstattuple('"${table}"')`,
      );
      const live = Number(r.rows[0]!.tuple_count);
      const dead = Number(r.rows[0]!.dead_tuple_count);
      out.push({ table, live, dead, deadPercent: Math.round((dead / Math.max(1, live + dead)) * 1000) / 10 });
    }
    return out;
  } finally {
    await client.end();
  }
}

/** Seconds from spawning `npm run cli`'s compiled entry with `args` to its exit, over `runs` runs. */
export function cliStartSeconds(args: string[], runs: number): { p50: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/cli.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push((performance.now() - t) / 1000); // the first builds what is stale
  }
  times.sort((a, b) => a - b);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r3(times[Math.floor(times.length / 2)]!), max: r3(times[times.length - 1]!) };
}
