import { execute, inTransaction, queryRows } from '../../server/db';
import { sql } from '../../server/sql';
/**
 * `npm run bench` — Dukao at province scale, measured against the database's own floor (issue 8).
 *
 *   npm run bench                       # full: 10,000 units × 8 quarters × 41 indicators (~3.3 M values)
 *   npm run bench -- --scale small      # quick: 1,000 units, short load tests
 *   npm run bench -- --units 20000 --duration 60 --skip client,pglite
 *
 * Settings (flag or environment): --scale small|full (BENCH_SCALE), --units N (BENCH_UNITS),
 * --pglite-units N, --duration SECONDS (load tests), --connections N, --import-rows N, --seed N,
 * --skip LIST (postgres,pglite,rescore,one,http,load,proxy,supervision,import,client), --keep (keep the database),
 * --out NAME (write bench/results/NAME.{json,md} instead of <scale>.*; the database is then dukao_bench_NAME),
 * --database-url URL (BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test;
 * a database `dukao_bench_<scale>` is created next to it and dropped at the end).
 *
 * Writes bench/results/<scale>.json and bench/results/<scale>.md. Timings never go into tests.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db';
import { DEFAULT_CATALOGUE } from '../../server/domain/catalogue';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';
import { readEnv } from '../../server/env';
import { appRouter } from '../../server/routers/app-router';
import { setScheme } from '../../server/services/admin/schemes';
import { SYSTEM_ACTOR } from '../../server/services/audit/record-audit';
import { hashPassword } from '../../server/services/auth/passwords';
import type { SessionUser } from '../../server/services/auth/sessions';
import { readTable } from '../../server/services/imports/read-table';
import { runImport } from '../../server/services/imports/run-import';
import { rerankPeriod, rescoreAffected, scorePeriod } from '../../server/services/scoring/rescore';
import type { AppContext } from '../../server/trpc/context';
import { createCallerFactory } from '../../server/trpc/init';
import { childPids, startCompiledServer } from '../helpers/processes';
import { measureBehindProxy } from './lib/behind-proxy';
import { type BenchDatabase, freshPglite, freshPostgres } from './lib/databases';
import { type LoadedDataset, loadDataset, quarterValues, rng, unitCode } from './lib/dataset';
import { measureEmbeddedMemory } from './lib/embedded';
import { cliStartSeconds, cpuMeter, deadRows, floorLoad, settle } from './lib/floors';
import {
  bodyLoad,
  type LoadResult,
  login,
  request,
  rssMb,
  sampleRss,
  startServer,
  trpcBatchUrl,
  trpcUrl,
} from './lib/http';
import { type Summary, summarize, timeOnce, timeRuns } from './lib/stats';
import { measureDailyJob, measureUpload } from './lib/supervision';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

// ───────────────────────────── settings ─────────────────────────────

type Options = {
  scale: 'small' | 'full';
  units: number;
  pgliteUnits: number;
  years: number[];
  seed: number;
  duration: number;
  connections: number;
  importRows: number;
  skip: Set<string>;
  keep: boolean;
  /** Base name of the results files (and of the database): the scale unless --out is given. */
  out: string;
  databaseUrl: string;
};

function outName(v: string): string {
  if (!/^[a-z0-9-]{1,40}$/.test(v))
    throw new Error(`--out is a short name of lowercase letters, digits and dashes, not ${v}`);
  return v;
}

function options(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (v !== undefined) flags.set(k, v);
    else if (argv[i + 1] && !argv[i + 1]!.startsWith('--')) flags.set(k, argv[++i]!);
    else flags.set(k, 'true');
  }
  const scale = (flags.get('scale') ?? process.env.BENCH_SCALE ?? 'full') as Options['scale'];
  if (scale !== 'small' && scale !== 'full') throw new Error(`--scale is small or full, not ${scale}`);
  const small = scale === 'small';
  const num = (flag: string, env: string | undefined, fallback: number) => {
    const v = Number(flags.get(flag) ?? env ?? fallback);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${flag} must be a positive number`);
    return v;
  };
  return {
    scale,
    units: num('units', process.env.BENCH_UNITS, small ? 1000 : 10_000),
    pgliteUnits: num('pglite-units', undefined, small ? 300 : 1000),
    years: [2023, 2024],
    seed: num('seed', process.env.BENCH_SEED, 20261125),
    duration: num('duration', undefined, small ? 5 : 30),
    connections: num('connections', undefined, 50),
    importRows: num('import-rows', undefined, small ? 10_000 : 100_000),
    skip: new Set((flags.get('skip') ?? '').split(',').filter(Boolean)),
    keep: flags.get('keep') === 'true',
    out: outName(flags.get('out') ?? scale),
    databaseUrl:
      flags.get('database-url') ??
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/test',
  };
}

const TODAY = '2025-03-01';
const NOW = new Date('2025-03-01T04:00:00Z');
const PASSWORD = 'bench-password-1';
const LAST_QUARTER = '2024Q4';
const YEAR = '2024';
const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// ───────────────────────────── data set ─────────────────────────────

async function createUsers(db: Database): Promise<Record<'admin' | 'leader' | 'inspector', SessionUser>> {
  const hash = await hashPassword(PASSWORD);
  const data = [
    { username: 'bench-admin', role: 'admin' as const },
    { username: 'bench-leader', role: 'leadership' as const },
    { username: 'bench-inspector', role: 'inspector' as const },
  ];
  await db.prisma.user.createMany({ data: data.map((d) => ({ ...d, displayName: d.username, passwordHash: hash })) });
  const users = await db.prisma.user.findMany({ select: { id: true, username: true, displayName: true, role: true } });
  const of = (name: string): SessionUser => {
    const u = users.find((x) => x.username === name)!;
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: null, unitCode: null };
  };
  return { admin: of('bench-admin'), leader: of('bench-leader'), inspector: of('bench-inspector') };
}

/** Scores every period from scratch (quarters in order, each year after its quarters), as a fresh install would. */
async function scoreEverything(db: Database, periods: string[]): Promise<number> {
  const t = performance.now();
  for (const period of periods) {
    await db.prisma.$transaction(
      async (tx) => {
        await scorePeriod(tx, period, null, TODAY);
        await rerankPeriod(tx, period);
      },
      { timeout: 900_000, maxWait: 60_000 },
    );
  }
  await db.sql.exec('VACUUM ANALYZE "Score"');
  await db.sql.exec('VACUUM ANALYZE "ScoreExplanation"');
  await db.prisma.setting.upsert({
    where: { key: 'scores.day' },
    create: { key: 'scores.day', value: TODAY },
    update: { value: TODAY },
  });
  return (performance.now() - t) / 1000;
}

function periodsOf(years: number[]): string[] {
  return years.flatMap((y) => [`${y}Q1`, `${y}Q2`, `${y}Q3`, `${y}Q4`, String(y)]);
}

class Rollback extends Error {}

/** Runs fn in a transaction that is rolled back afterwards; returns fn's time (ms) inside the transaction. */
async function inRolledBackTx(
  db: Database,
  fn: (tx: Parameters<Parameters<Database['prisma']['$transaction']>[0]>[0]) => Promise<void>,
): Promise<number> {
  let ms = NaN;
  try {
    await db.prisma.$transaction(
      async (tx) => {
        const t = performance.now();
        await fn(tx);
        ms = performance.now() - t;
        throw new Rollback();
      },
      { timeout: 900_000, maxWait: 60_000 },
    );
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return ms;
}

/** A scheme whose targets differ from the default's: every unit's score changes under it. */
function otherScheme() {
  const s = JSON.parse(JSON.stringify(DEFAULT_SCHEME)) as typeof DEFAULT_SCHEME;
  s.targets['pub.total'] = { grassroots: 200, organs: 260 };
  s.targets['training.attendees'] = { grassroots: 5, organs: 6 };
  return s;
}

// ───────────────────────────── 1 & 2: re-scoring ─────────────────────────────

async function measureRescoring(db: Database, runs: number) {
  const out: Record<string, unknown> = {};
  for (const period of [LAST_QUARTER, YEAR]) {
    const unchanged: number[] = [];
    const changed: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Nothing changed since the last scoring: every row is recomputed, compared and left alone.
      const t = performance.now();
      await db.prisma.$transaction(
        async (tx) => {
          await scorePeriod(tx, period, null, TODAY);
          await rerankPeriod(tx, period);
        },
        { timeout: 900_000, maxWait: 60_000 },
      );
      unchanged.push(performance.now() - t);
      // Every score changes (another scheme version for the year, rolled back afterwards).
      changed.push(
        await inRolledBackTx(db, async (tx) => {
          const max = await tx.scheme.aggregate({ where: { year: 2024 }, _max: { version: true } });
          await tx.scheme.create({
            data: {
              year: 2024,
              version: (max._max.version ?? 0) + 1,
              definition: otherScheme() as never,
              note: 'bench',
            },
          });
          await scorePeriod(tx, period, null, TODAY);
          await rerankPeriod(tx, period);
        }),
      );
    }
    out[period === YEAR ? 'year' : 'quarter'] = {
      period,
      nothingChanged: summarize(unchanged),
      everyScoreChanged: summarize(changed),
    };
    log(
      `re-score ${period}: unchanged p50 ${summarize(unchanged).p50} ms, all changed p50 ${summarize(changed).p50} ms`,
    );
  }
  // A scheme change through the real service: the year and its four quarters, every score changing.
  const schemeChange = await inRolledBackTx(db, async (tx) => {
    await setScheme(tx, SYSTEM_ACTOR, { year: 2024, scheme: otherScheme(), note: 'bench', today: TODAY });
  });
  out.schemeChangeWholeYear = { ms: round(schemeChange), periods: 5 };
  log(`scheme change (2024 and its quarters): ${round(schemeChange)} ms`);
  return out;
}

async function measureOneUnit(db: Database, data: LoadedDataset, users: Record<string, SessionUser>, runs: number) {
  const r = rng(7);
  const service: number[] = [];
  const transaction: number[] = [];
  for (let i = -5; i < runs; i++) {
    const unit = 1 + Math.floor(r() * data.units);
    const code = unitCode(unit - 1);
    const t0 = performance.now();
    let ms = 0;
    // A transaction as the services open it (inTransaction: its limits, after-commit work, its driver connection).
    await inTransaction(db.prisma, async (tx) => {
      const [u] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM "Unit" WHERE code = ${code}`);
      const delta = r() < 0.5 ? 3 : -1;
      await execute(
        tx,
        sql`UPDATE "Value" SET value = value + ${delta}
             WHERE "unitId" = ${u!.id} AND "periodCode" = ${LAST_QUARTER} AND "indicatorCode" = 'pub.news'`,
      );
      const t = performance.now();
      await rescoreAffected(tx, { unitQuarters: [{ unitId: u!.id, periodCode: LAST_QUARTER }] }, TODAY);
      ms = performance.now() - t;
    });
    if (i >= 0) {
      service.push(ms);
      transaction.push(performance.now() - t0);
    }
  }
  // The whole entry.save path: a returned quarter corrected and resubmitted by an inspector (tRPC caller).
  const createCaller = createCallerFactory(appRouter);
  const ctx: AppContext = {
    db: db.prisma,
    database: db,
    env: readEnv({ DATA_DIR: 'memory://' }),
    now: () => NOW,
    user: users.inspector!,
    sessionToken: undefined,
    requestId: 'bench',
    ip: '127.0.0.1',
  };
  const caller = createCaller(ctx);
  const saves: number[] = [];
  for (const unit of data.returnedInLastQuarter.slice(0, runs + 3)) {
    const form = await caller.entry.get({ unit: unit.code, period: LAST_QUARTER });
    const values = { ...form.values, 'pub.news': (form.values['pub.news'] ?? 0) + 2 };
    const t = performance.now();
    await caller.entry.save({ unit: unit.code, period: LAST_QUARTER, version: form.version, values, submit: true });
    saves.push(performance.now() - t);
  }
  const res = {
    rescoreAffected: summarize(service),
    wholeTransaction: summarize(transaction),
    entrySave: summarize(saves.length > 6 ? saves.slice(3) : saves), // the first few warm the code paths
  };
  log(
    `one unit: rescoreAffected p50 ${res.rescoreAffected.p50} ms p95 ${res.rescoreAffected.p95}; entry.save p50 ${res.entrySave.p50} ms`,
  );
  return res;
}

// ───────────────────────────── 3 & 4: reads over HTTP vs SQL floor ─────────────────────────────

const RANKING_SQL = `SELECT u.code AS unit, u.name, s."group"::text AS "group", s.submitted, s.rules, s.base, s.deductions, s.bonus,
       s.score, s.grade::text AS grade, s.veto, s.rank, s."rankChange" AS rank_change
  FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
 WHERE s."periodCode" = $1 AND s."group" = $2::"RankGroup"
 ORDER BY s.rank, u.code`;
/** The first page of the rankings page (50 rows, rank order): the rows the browser asks for. */
const PAGE_SIZE = 50;
const RANKING_PAGE_SQL = `${RANKING_SQL} LIMIT ${PAGE_SIZE}`;
/**
 * The same page through the (periodCode, group, score) index: rank order is score order (a unit's rank is 1 + the
 * units of its group with a higher score), ties by code. The bench checks it returns the very rows of the above.
 */
const RANKING_PAGE_INDEXED_SQL = RANKING_SQL.replace(
  /ORDER BY s.rank, u.code$/,
  `ORDER BY s.score DESC, u.code LIMIT ${PAGE_SIZE}`,
);
const RANKING_JSON_SQL =
  `SELECT coalesce(json_agg(x ORDER BY x.rank, x.unit), '[]')::text AS body FROM ` +
  `(${RANKING_SQL.replace(/ORDER BY s.rank, u.code$/, '')}) x`;
const EXPORT_SQL = `SELECT u.code AS unit, u.name, s."group"::text AS "group", s.submitted, s.rules, s.base, s.deductions, s.bonus,
       s.score, s.grade::text AS grade, s.veto, s.rank, s."rankChange" AS rank_change
  FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
 WHERE s."periodCode" = $1
 ORDER BY s."group", s.rank, u.code`;

async function sqlFloor(pool: pg.Pool, sql: string, params: unknown[], n: number): Promise<Summary> {
  return timeRuns(n, () => pool.query(sql, params), Math.min(20, n));
}

async function httpRuns(
  base: string,
  url: string,
  cookie: string,
  n: number,
  warmup: number,
): Promise<{ summary: Summary; bytes: number; status: number }> {
  let bytes = 0;
  let status = 0;
  const summary = await timeRuns(
    n,
    async () => {
      const res = await request(base, url, { headers: { cookie } });
      bytes = res.bytes;
      status = res.status;
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 200)}`);
    },
    warmup,
  );
  return { summary, bytes, status };
}

/** A write that re-scores one unit: every cached view of the year goes stale. */
async function touchOneUnit(db: Database, unitId: number) {
  await db.prisma.$transaction(async (tx) => {
    await execute(
      tx,
      sql`UPDATE "Value" SET value = value + 1 WHERE "unitId" = ${unitId} AND "periodCode" = ${LAST_QUARTER} AND "indicatorCode" = 'pub.other'`,
    );
    await rescoreAffected(tx, { unitQuarters: [{ unitId, periodCode: LAST_QUARTER }] }, TODAY);
  });
}

async function measureReads(db: Database, url: string, base: string, cookie: string, n: number) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const rankingsUrl = trpcUrl('scores.rankings', { period: LAST_QUARTER, group: 'grassroots' });
  const exportUrl = `/api/export/scores?period=${LAST_QUARTER}&format=json`;
  const overviewUrl = trpcUrl('scores.overview', { period: LAST_QUARTER });
  const rows = (await pool.query(RANKING_SQL, [LAST_QUARTER, 'grassroots'])).rowCount ?? 0;

  const rankings = await httpRuns(base, rankingsUrl, cookie, n, 20);
  const pageUrl = trpcUrl('scores.rankings', {
    period: LAST_QUARTER,
    group: 'grassroots',
    offset: 0,
    limit: PAGE_SIZE,
  });
  const pageHttp = await httpRuns(base, pageUrl, cookie, n, 20);
  const pageFloorRank = await sqlFloor(pool, RANKING_PAGE_SQL, [LAST_QUARTER, 'grassroots'], n);
  const pageFloorIndexed = await sqlFloor(pool, RANKING_PAGE_INDEXED_SQL, [LAST_QUARTER, 'grassroots'], n);
  const sameRows =
    JSON.stringify((await pool.query(RANKING_PAGE_SQL, [LAST_QUARTER, 'grassroots'])).rows) ===
    JSON.stringify((await pool.query(RANKING_PAGE_INDEXED_SQL, [LAST_QUARTER, 'grassroots'])).rows);
  if (!sameRows) throw new Error('the indexed floor of the rankings page returns other rows than rank order');
  const pageFloor =
    pageFloorIndexed.p50 <= pageFloorRank.p50
      ? { variant: 'indexed', sql: RANKING_PAGE_INDEXED_SQL, ...pageFloorIndexed }
      : { variant: 'rank', sql: RANKING_PAGE_SQL, ...pageFloorRank };
  const floorRows = await sqlFloor(pool, RANKING_SQL, [LAST_QUARTER, 'grassroots'], n);
  const floorJson = await sqlFloor(pool, RANKING_JSON_SQL, [LAST_QUARTER, 'grassroots'], n);
  const floor =
    floorRows.p50 <= floorJson.p50
      ? { variant: 'rows', sql: RANKING_SQL, ...floorRows }
      : { variant: 'json_agg', sql: RANKING_JSON_SQL, ...floorJson };
  const exp = await httpRuns(base, exportUrl, cookie, Math.max(10, Math.round(n / 4)), 5);
  const expFloor = await sqlFloor(pool, EXPORT_SQL, [LAST_QUARTER], Math.max(10, Math.round(n / 4)));
  // Cold: the first request after a write (the cached view is stale and recomputed).
  // The rankings page as the browser asks it (50 rows), the whole group (2 MB, informative), the overview.
  const coldRankings: number[] = [];
  const coldPage: number[] = [];
  const coldOverview: number[] = [];
  // Each read once first: the cold path is the first read after a write, not the first computation in a new process.
  for (const url of [overviewUrl, pageUrl, rankingsUrl]) await request(base, url, { headers: { cookie } });
  const touch = await db.prisma.unit.findMany({ select: { id: true }, take: 60, orderBy: { id: 'asc' } });
  for (const [i, u] of touch.entries()) {
    await touchOneUnit(db, u.id);
    const [url, into] = (
      [
        [overviewUrl, coldOverview],
        [pageUrl, coldPage],
        [rankingsUrl, coldRankings],
      ] as const
    )[i % 3]!;
    const t = performance.now();
    const res = await request(base, url, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`cold read ${res.status}`);
    into.push(performance.now() - t);
  }
  const overview = await httpRuns(base, overviewUrl, cookie, n, 10);
  const overviewYear = await httpRuns(base, trpcUrl('scores.overview', { period: YEAR }), cookie, Math.round(n / 2), 5);
  // Everything the overview page asks for, in the order the client asks it (auth.me and the periods, then the overview).
  const page = await timeRuns(
    Math.round(n / 2),
    async () => {
      const a = await request(base, trpcBatchUrl(['auth.me', 'meta.periods'], [undefined, undefined]), {
        headers: { cookie },
      });
      const b = await request(base, trpcBatchUrl(['scores.overview'], [{ period: LAST_QUARTER }]), {
        headers: { cookie },
      });
      if (a.status !== 200 || b.status !== 200)
        throw new Error(`overview page data: ${a.status} ${b.status} ${a.body.slice(0, 200)}`);
    },
    5,
  );
  await pool.end();
  const res = {
    rankings: {
      rows,
      bytes: rankings.bytes,
      http: rankings.summary,
      coldAfterWrite: summarize(coldRankings),
      sqlFloor: floor,
      sqlFloorRows: floorRows,
      sqlFloorJsonAgg: floorJson,
      ratioP50: round(rankings.summary.p50 / floor.p50, 2),
      ratioP95: round(rankings.summary.p95 / floor.p95, 2),
    },
    rankingsPage: {
      rows: PAGE_SIZE,
      bytes: pageHttp.bytes,
      http: pageHttp.summary,
      coldAfterWrite: summarize(coldPage),
      sqlFloor: pageFloor,
      sqlFloorRankOrder: pageFloorRank,
      ratioP50: round(pageHttp.summary.p50 / pageFloor.p50, 2),
      ratioP95: round(pageHttp.summary.p95 / pageFloor.p95, 2),
    },
    exportScores: {
      bytes: exp.bytes,
      http: exp.summary,
      sqlFloor: { sql: EXPORT_SQL, ...expFloor },
      ratioP50: round(exp.summary.p50 / expFloor.p50, 2),
    },
    overview: {
      bytes: overview.bytes,
      http: overview.summary,
      coldAfterWrite: summarize(coldOverview),
      year: overviewYear.summary,
      pageData: page,
    },
  };
  log(
    `rankings p50 ${res.rankings.http.p50} p95 ${res.rankings.http.p95} (floor ${floor.p50}/${floor.p95}, ` +
      `ratio ${res.rankings.ratioP50}); overview p50 ${res.overview.http.p50} p95 ${res.overview.http.p95}; ` +
      `cold overview p50 ${res.overview.coldAfterWrite.p50}`,
  );
  return res;
}

// ───────────────────────────── 5 & 8: load and memory ─────────────────────────────

type Autocannon = (opts: Record<string, unknown>) => Promise<LoadResult>;

/**
 * `connections` clients on `url` for `opts.duration` seconds: autocannon for the small answers of pages, or
 * with `bodies` node:http (bodyLoad: the client of large exports, which autocannon cannot read fast enough).
 */
async function loadTest(
  base: string,
  pid: number,
  url: string,
  cookie: string,
  opts: Options,
  headers: Record<string, string> = {},
  /** The processes that serve (a cluster's workers); `pid` alone by default. */
  servers: () => number[] = () => [pid],
  bodies = false,
) {
  const autocannon = require('autocannon') as Autocannon;
  const pids = servers();
  const rssBefore = pids.reduce((sum, p) => sum + rssMb(p), 0);
  const rss = sampleRss(pids);
  const cpu = cpuMeter(pids);
  const r = bodies
    ? await bodyLoad(base + url, {
        connections: opts.connections,
        seconds: opts.duration,
        headers: { cookie, ...headers },
      })
    : await autocannon({
        url: base + url,
        connections: opts.connections,
        duration: opts.duration,
        headers: { cookie, ...headers },
      });
  const peak = rss.stop();
  const perRequest = cpu.stop(r.requests.total);
  return {
    appCpuMsPerRequest: perRequest.appMsPerRequest,
    postgresCpuMsPerRequest: perRequest.postgresMsPerRequest,
    connections: opts.connections,
    seconds: opts.duration,
    requestsPerSecond: round(r.requests.average, 0),
    requests: r.requests.total,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    latencyMax: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
    mbPerSecond: round(r.throughput.average / 1e6, 1),
    serverRssPeakMb: peak,
    serverRssBeforeMb: rssBefore,
  };
}

// ───────────────────────────── 6: imports ─────────────────────────────

async function measureImports(db: Database, opts: Options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-bench-'));
  const r = rng(opts.seed + 6);
  const build = (quarter: string) => {
    const rows: string[][] = [];
    for (let i = 0; rows.length < opts.importRows && i < opts.units; i++) {
      const grassroots = r() < 0.6;
      const unit = unitCode(i);
      // The unit's real group decides whether approval.deployed may be entered; leave it out to stay valid for both.
      const vals = quarterValues(r, grassroots, 0.4 + r(), r() < 0.7);
      delete vals['approval.deployed'];
      for (const code of DEFAULT_CATALOGUE.map((d) => d.code)) {
        if (vals[code] === undefined || rows.length >= opts.importRows) continue;
        rows.push([unit, quarter, code, String(vals[code])]);
      }
    }
    return rows;
  };
  const csvRows = build('2025Q1');
  const csvFile = path.join(dir, 'values.csv');
  fs.writeFileSync(csvFile, `${['unit,period,indicator,value', ...csvRows.map((x) => x.join(','))].join('\n')}\n`);
  const xlsxRows = build('2025Q2');
  const xlsxFile = path.join(dir, 'values.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('values');
  ws.addRow(['unit', 'period', 'indicator', 'value']);
  for (const x of xlsxRows) ws.addRow([x[0], x[1], x[2], Number(x[3])]);
  await wb.xlsx.writeFile(xlsxFile);
  const out: Record<string, unknown> = {};
  for (const [name, file] of [
    ['csv', csvFile],
    ['xlsx', xlsxFile],
  ] as const) {
    const t = performance.now();
    const read = await timeOnce(async () => readTable(fs.readFileSync(file), file));
    const imported = await timeOnce(() =>
      runImport(db.prisma, { ...SYSTEM_ACTOR, username: 'bench' }, 'values', read.value, TODAY),
    );
    const total = performance.now() - t;
    out[name] = {
      rows: read.value.rows.length,
      fileMb: round(fs.statSync(file).size / 1e6, 2),
      readMs: read.ms,
      checkWriteRescoreMs: imported.ms,
      totalSeconds: round(total / 1000, 2),
      message: imported.value.message,
    };
    log(`import ${name}: ${read.value.rows.length} rows in ${round(total / 1000, 2)} s (${imported.value.message})`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

// ───────────────────────────── 7: the client ─────────────────────────────

function gz(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

async function measureClient(base: string, cookie: string) {
  const dist = path.join(ROOT, 'dist/client');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    log('dist/client is missing: building the client (npx vite build)');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const entryGzip = entry.reduce((s, f) => s + gz(path.join(dist, f)), 0);
  const out: Record<string, unknown> = { entryFiles: entry, entryGzipKb: round(entryGzip / 1024, 1) };
  const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!chromiumPath) {
    out.firstChart = 'chromium not installed (apt-get install -y chromium)';
    return out;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
    const host = new URL(base).hostname;
    const runs: number[] = [];
    const jsFiles = new Set<string>();
    let note = '';
    for (let i = 0; i < 6; i++) {
      const context = await browser.newContext();
      await context.addCookies([{ name, value, domain: host, path: '/' }]);
      const page = await context.newPage();
      page.on('response', (res) => {
        const u = new URL(res.url());
        if (u.pathname.endsWith('.js')) jsFiles.add(u.pathname);
      });
      await page.goto(`${base}/overview?period=${LAST_QUARTER}`, { waitUntil: 'commit' });
      try {
        await page.waitForSelector('[_echarts_instance_] canvas, [_echarts_instance_] svg', { timeout: 20_000 });
        const ms = await page.evaluate(() => performance.now());
        if (i > 0) runs.push(ms); // the first run warms the server's caches, as any earlier visitor would
      } catch {
        note = 'no chart appeared within 20 s';
      }
      await context.close();
    }
    // The JavaScript the browser actually fetched for sign-in and the overview, gzipped as a server would send it.
    const fetched = [...jsFiles].map((p) => path.join(dist, p)).filter((f) => fs.existsSync(f));
    out.firstPageFiles = fetched.map((f) => path.relative(dist, f));
    out.firstPageGzipKb = round(fetched.reduce((s, f) => s + gz(f), 0) / 1024, 1);
    out.firstChartMs = runs.length ? summarize(runs) : note || 'no chart';
    if (note) out.note = note;
  } finally {
    await browser.close();
  }
  return out;
}

// ───────────────────────────── PGlite ─────────────────────────────

async function measurePglite(opts: Options) {
  log(`PGlite: loading ${opts.pgliteUnits} units …`);
  const bench = await freshPglite();
  const db = bench.database;
  try {
    const load = await timeOnce(() =>
      loadDataset(db.sql, { units: opts.pgliteUnits, years: opts.years, seed: opts.seed }),
    );
    const users = await createUsers(db);
    const scoring = await scoreEverything(db, periodsOf(opts.years));
    const rescore = await measureRescoring(db, 3);
    const one = await measureOneUnit(db, load.value, users, 30);
    const app = await buildApp({
      database: db,
      env: readEnv({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }),
      logger: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const cookie = await login(base, 'bench-leader', PASSWORD);
    const rankings = await httpRuns(
      base,
      trpcUrl('scores.rankings', { period: LAST_QUARTER, group: 'grassroots' }),
      cookie,
      100,
      10,
    );
    const floor = await timeRuns(100, () => db.sql.query(RANKING_SQL, [LAST_QUARTER, 'grassroots']), 10);
    const overview = await httpRuns(base, trpcUrl('scores.overview', { period: LAST_QUARTER }), cookie, 50, 5);
    await app.close();
    const res = {
      units: opts.pgliteUnits,
      values: load.value.values,
      loadSeconds: round(load.ms / 1000, 1),
      initialScoringSeconds: round(scoring, 1),
      rescore,
      oneUnit: one,
      rankings: { http: rankings.summary, sqlFloor: floor, ratioP50: round(rankings.summary.p50 / floor.p50, 2) },
      overview: overview.summary,
    };
    log(
      `PGlite: rankings p50 ${rankings.summary.p50} ms (floor ${floor.p50}), overview p50 ${overview.summary.p50} ms`,
    );
    return res;
  } finally {
    await bench.drop();
  }
}

// ───────────────────────────── report ─────────────────────────────

type Row = { item: string; measure: string; result: string; goal?: string; met?: boolean | null };

/** The data line of the results page: the PostgreSQL dataset's size and how long it took to load and score. */
function dataLine(pg: Record<string, any> | undefined): string {
  const d = pg?.data;
  if (!pg || !d) return 'PostgreSQL skipped';
  const n = (x: number) => x.toLocaleString('en');
  return (
    `${d.units} units (${d.grassroots} grassroots, ${d.organs} organs) × ${d.quarters.length} quarters, ` +
    `${n(d.values)} values, ${n(d.findings)} findings, ${n(d.commendations)} commendations; ` +
    `loaded in ${pg.loadSeconds} s, scored from scratch in ${pg.initialScoringSeconds} s`
  );
}

function markdown(results: Record<string, any>, rows: Row[]): string {
  const m = results.machine;
  const lines = [
    `# Dukao benchmark — ${results.scale} scale${results.out && results.out !== results.scale ? ` (${results.out})` : ''}`,
    '',
    `${results.finishedAt} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGb} GB RAM · Node ${m.node} · ` +
      `${m.postgres} · load average before/after ${m.loadBefore.join(' ')} / ${m.loadAfter.join(' ')}`,
    '',
    `Data: ${dataLine(results.postgres)}.`,
    '',
    '| # | measure | result | goal | met |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.item} | ${r.measure} | ${r.result} | ${r.goal ?? ''} | ${r.met === undefined || r.met === null ? '' : r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    ...floorQueries(results),
    `Reproduce: \`${results.command}\`. Full numbers: \`bench/results/${results.out ?? results.scale}.json\`.`,
    '',
  ];
  return lines.join('\n');
}

/** The floors' query texts, beside their figures (the tables run VACUUM ANALYZE first). */
function floorQueries(results: Record<string, any>): string[] {
  const r = results.postgres?.reads;
  if (!r) return [];
  const q = (title: string, text: string | undefined) => (text ? [`${title}:`, '', '```sql', text, '```', ''] : []);
  return [
    '### The floors',
    '',
    'Each floor is timed from the same machine on a pool of its own, after `VACUUM ANALYZE` of the score tables;',
    "the overview has no floor here: it is an aggregate of the period's scores that the app computes once per data version.",
    '',
    ...q('The rankings page (50 rows), and under load (prepared)', r.rankingsPage?.sqlFloor?.sql),
    ...q("A whole group's ranking", r.rankings?.sqlFloor?.sql),
    ...q('The scores export', r.exportScores?.sqlFloor?.sql),
  ];
}

function summaryRows(res: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const p = res.postgres ?? {};
  const ms = (x: number) => `${x} ms`;
  if (p.rescore) {
    rows.push({
      item: '1',
      measure: `full re-score of a quarter (${p.data.units} units), nothing changed / every score changed`,
      result: `${ms(p.rescore.quarter.nothingChanged.p50)} / ${ms(p.rescore.quarter.everyScoreChanged.p50)}`,
      goal: '< 2 s',
      met: p.rescore.quarter.everyScoreChanged.p50 < 2000 && p.rescore.quarter.nothingChanged.p50 < 2000,
    });
    rows.push({
      item: '1',
      measure: 'full re-score of a year, nothing changed / every score changed',
      result: `${ms(p.rescore.year.nothingChanged.p50)} / ${ms(p.rescore.year.everyScoreChanged.p50)}`,
    });
    rows.push({
      item: '1',
      measure: 'scheme change: the year and its four quarters',
      result: ms(p.rescore.schemeChangeWholeYear.ms),
    });
  }
  if (p.oneUnit) {
    rows.push({
      item: '2',
      measure: "one unit's value change: rescoreAffected (quarter + year) p50 / p95",
      result: `${ms(p.oneUnit.rescoreAffected.p50)} / ${ms(p.oneUnit.rescoreAffected.p95)}`,
      goal: 'p95 < 15 ms',
      met: p.oneUnit.rescoreAffected.p95 < 15,
    });
    rows.push({
      item: '2',
      measure: 'entry.save (41 values, audit, re-score) p50 / p95',
      result: `${ms(p.oneUnit.entrySave.p50)} / ${ms(p.oneUnit.entrySave.p95)}`,
    });
  }
  if (p.reads) {
    const r = p.reads.rankings;
    rows.push({
      item: '3',
      measure: `rankings of one group over tRPC (${r.rows} rows, ${round(r.bytes / 1e6, 2)} MB) p50 / p95 / p99`,
      result: `${ms(r.http.p50)} / ${ms(r.http.p95)} / ${ms(r.http.p99)}`,
      goal: 'p95 < 50 ms',
      met: r.http.p95 < 50,
    });
    rows.push({
      item: '3',
      measure: `same rows, best hand-written SQL (${r.sqlFloor.variant}) p50 / p95 / p99; ratio p50, p95`,
      result: `${ms(r.sqlFloor.p50)} / ${ms(r.sqlFloor.p95)} / ${ms(r.sqlFloor.p99)}; ×${r.ratioP50}, ×${r.ratioP95}`,
      goal: '≤ 2×',
      met: r.ratioP95 <= 2,
    });
    const pg = p.reads.rankingsPage;
    if (pg) {
      rows.push({
        item: '3',
        measure: `rankings page as the browser asks it (${pg.rows} rows of ${r.rows}, ${round(pg.bytes / 1e3, 1)} KB) p50 / p95 / p99`,
        result: `${ms(pg.http.p50)} / ${ms(pg.http.p95)} / ${ms(pg.http.p99)}`,
        goal: 'p95 < 50 ms',
        met: pg.http.p95 < 50,
      });
      rows.push({
        item: '3',
        measure:
          `same page, fastest SQL (${pg.sqlFloor.variant === 'indexed' ? 'ORDER BY score DESC, code LIMIT 50 on the index' : 'ORDER BY rank LIMIT 50'}` +
          `${pg.sqlFloorRankOrder ? `; ORDER BY rank: p50 ${ms(pg.sqlFloorRankOrder.p50)}` : ''}) p50 / p95; ratio p50, p95`,
        result: `${ms(pg.sqlFloor.p50)} / ${ms(pg.sqlFloor.p95)}; ×${pg.ratioP50}, ×${pg.ratioP95}`,
        goal: '≤ 2×',
        met: pg.ratioP95 <= 2,
      });
    }
    if (pg?.coldAfterWrite)
      rows.push({
        item: '3',
        measure: `rankings page (${PAGE_SIZE} rows), first request after a one-value write (brought up to date) p50 / p95`,
        result: `${ms(pg.coldAfterWrite.p50)} / ${ms(pg.coldAfterWrite.p95)}`,
        goal: 'p95 < 50 ms',
        met: pg.coldAfterWrite.p95 < 50,
      });
    rows.push({
      item: '3',
      measure: `rankings of a whole group (${r.rows} rows), first request after a one-value write p50 / p95`,
      result: `${ms(r.coldAfterWrite.p50)} / ${ms(r.coldAfterWrite.p95)}`,
    });
    const e = p.reads.exportScores;
    rows.push({
      item: '3',
      measure: `GET /api/export/scores (all units, ${round(e.bytes / 1e6, 2)} MB) p50 / p95 / p99; SQL floor p50; ratio`,
      result: `${ms(e.http.p50)} / ${ms(e.http.p95)} / ${ms(e.http.p99)}; ${ms(e.sqlFloor.p50)}; ×${e.ratioP50}`,
    });
    const o = p.reads.overview;
    rows.push({
      item: '4',
      measure: `overview data (scores.overview, ${round(o.bytes / 1e6, 2)} MB) p50 / p95`,
      result: `${ms(o.http.p50)} / ${ms(o.http.p95)}`,
      goal: 'p95 < 100 ms',
      met: o.http.p95 < 100,
    });
    rows.push({
      item: '4',
      measure: 'overview, first request after a one-value write (brought up to date) p50 / p95',
      result: `${ms(o.coldAfterWrite.p50)} / ${ms(o.coldAfterWrite.p95)}`,
      goal: 'p95 < 50 ms',
      met: o.coldAfterWrite.p95 < 50,
    });
    rows.push({
      item: '4',
      measure: 'everything the overview page asks (auth.me + periods, then overview) p50 / p95',
      result: `${ms(o.pageData.p50)} / ${ms(o.pageData.p95)}`,
    });
    rows.push({
      item: '4',
      measure: 'overview of the year p50 / p95',
      result: `${ms(o.year.p50)} / ${ms(o.year.p95)}`,
    });
  }
  if (p.load) {
    const hot = new Set(['rankings', 'overview', 'rankingsTwoWorkers', 'overviewTwoWorkers']);
    const exports = new Set(['exportGzip', 'exportPlain']);
    const labels: Record<string, string> = {
      rankings: `rankings page (${PAGE_SIZE} rows)`,
      rankingsWholeGroup: 'rankings, a whole group at once',
      overview: 'overview',
      exportGzip: `GET /api/export/scores, ${p.data?.units ?? ''} units, gzip (node:http client)`,
      exportPlain: `GET /api/export/scores, ${p.data?.units ?? ''} units, uncompressed (node:http client)`,
      rankingsBehindProxy: 'rankings page through HAProxy, two app servers (vs one server direct above, same run)',
      rankingsTwoWorkers: `rankings page (${PAGE_SIZE} rows), WORKERS=2 (npm start, node:cluster)`,
      overviewTwoWorkers: 'overview, WORKERS=2 (npm start, node:cluster)',
    };
    for (const [name, l] of Object.entries<any>(p.load)) {
      if (!l?.requestsPerSecond) continue;
      const cpu =
        l.appCpuMsPerRequest != null
          ? `; CPU a request: app ${l.appCpuMsPerRequest} ms + PostgreSQL ${l.postgresCpuMsPerRequest} ms`
          : '';
      const goal = hot.has(name)
        ? '≥ 2,500 req/s, p99 < 50 ms, 0 errors'
        : exports.has(name)
          ? 'RSS < 400 MB, p99 < 2 s, 0 errors'
          : undefined;
      const met = hot.has(name)
        ? l.requestsPerSecond >= 2500 && l.latencyP99 < 50 && l.errors === 0
        : exports.has(name)
          ? l.serverRssPeakMb < 400 && l.latencyP99 < 2000 && l.errors === 0
          : undefined;
      rows.push({
        item: '5',
        measure: `${labels[name] ?? name}: ${l.connections} connections × ${l.seconds} s — req/s, p99, errors${exports.has(name) ? ', server RSS peak' : ''}`,
        result:
          `${l.requestsPerSecond} req/s, p99 ${l.latencyP99} ms, ${l.errors} errors (${l.mbPerSecond} MB/s)` +
          `${exports.has(name) ? `, RSS ${l.serverRssPeakMb} MB (${l.serverRssBeforeMb ?? '?'} MB before)` : ''}${cpu}`,
        goal,
        met,
      });
    }
    const floors = p.load.rankingsFloor;
    const app = p.load.rankings;
    if (floors && app) {
      for (const [c, f] of Object.entries<any>(floors)) {
        if (c === 'sql') continue;
        const same = Number(c) === app.connections;
        const appCpu = (app.appCpuMsPerRequest ?? 0) + app.postgresCpuMsPerRequest;
        const ratio = round(appCpu / Math.max(0.001, f.postgresCpuMsPerQuery), 2);
        rows.push({
          item: '5',
          measure:
            `floor: the rankings page's SQL (prepared, on the index) from ${c} connections × ${f.seconds} s — ` +
            `queries/s, p99; CPU a query${same ? '; app ÷ floor: CPU a request, req/s' : ''}`,
          result:
            `${f.queriesPerSecond} q/s, p99 ${f.p99} ms; PostgreSQL ${f.postgresCpuMsPerQuery} ms` +
            `${same ? `; ×${ratio} CPU, ×${round(app.requestsPerSecond / f.queriesPerSecond, 2)} throughput` : ''}`,
          goal: same ? 'app CPU a request ≤ 2× the floor' : undefined,
          met: same ? ratio <= 2 : undefined,
        });
      }
    }
  }
  if (p.deadRows) {
    const at = (k: string) => p.deadRows[k]?.find((d: any) => d.table === 'Score');
    const points: [string, string][] = [
      ['afterRolledBackRescores', "after the bench's rolled-back re-scores (autovacuum's to take)"],
      ['afterAppSchemeChange', "after a committed scheme change through the service (the app's bulk re-score)"],
      ['afterOneUnitChanges', "after 100 one-unit re-scores and entry.saves (autovacuum's)"],
      ['afterLoad', 'after the reads and load tests'],
    ];
    for (const [k, label] of points) {
      const d = at(k);
      if (!d) continue;
      rows.push({
        item: '9',
        measure: `dead rows in Score ${label}: dead / live`,
        result: `${d.deadPercent} % (${d.dead.toLocaleString('en')} / ${d.live.toLocaleString('en')})`,
        goal: k === 'afterRolledBackRescores' ? undefined : '< 20 %',
        met: k === 'afterRolledBackRescores' ? undefined : d.deadPercent < 20,
      });
    }
  }
  if (p.imports) {
    for (const [name, i] of Object.entries<any>(p.imports)) {
      rows.push({
        item: '6',
        measure: `import ${i.rows.toLocaleString('en')} value rows from ${name.toUpperCase()} (${i.fileMb} MB): read + check + write + re-score`,
        result: `${i.totalSeconds} s (read ${round(i.readMs / 1000, 2)} s)`,
        goal: '< 10 s',
        met: i.totalSeconds < 10,
      });
    }
  }
  if (p.dailyJob) {
    const d = p.dailyJob;
    rows.push({
      item: '13',
      measure:
        `daily supervision job: ${d.units.toLocaleString('en')} units, ${d.items.toLocaleString('en')} ` +
        `open items (${d.red.toLocaleString('en')} red), ${d.digests.toLocaleString('en')} digests written, ` +
        `p50 / max`,
      result: `${ms(d.ms.p50)} / ${ms(d.ms.max)}`,
      goal: '< 5 s',
      met: d.ms.max < 5000,
    });
  }
  if (p.evidenceUpload) {
    const e = p.evidenceUpload;
    rows.push({
      item: '13',
      measure:
        `evidence upload of ${e.mb} MB streamed into the database (×${e.status.length}, answers ` +
        `${[...new Set(e.status)].join(', ')}): server RSS growth, upload p50`,
      result: `+${e.growthMb} MB (${e.rssBeforeMb} → ${e.rssPeakMb} MB), ${ms(e.ms.p50)}`,
      goal: '< 50 MB',
      met: e.growthMb < 50 && e.status.every((x: number) => x === 200),
    });
  }
  const c = res.client;
  if (c) {
    rows.push({
      item: '7',
      measure: 'client JavaScript fetched for the overview (sign-in shell + overview chunks), gzipped',
      result:
        c.firstPageGzipKb !== undefined
          ? `${c.firstPageGzipKb} KB (entry ${c.entryGzipKb} KB)`
          : `entry ${c.entryGzipKb} KB`,
      goal: '≤ 350 KB',
      met: (c.firstPageGzipKb ?? c.entryGzipKb) <= 350,
    });
    rows.push({
      item: '7',
      measure: 'time to first chart in headless Chromium (signed in, /overview) p50 / max',
      result:
        typeof c.firstChartMs === 'object'
          ? `${ms(Math.round(c.firstChartMs.p50))} / ${ms(Math.round(c.firstChartMs.max))}`
          : String(c.firstChartMs),
      goal: '< 1.5 s',
      met: typeof c.firstChartMs === 'object' ? c.firstChartMs.p50 < 1500 : null,
    });
  }
  if (p.memory) {
    rows.push({
      item: '8',
      measure: 'server RSS at rest / peak under load',
      result: `${p.memory.atRestMb} MB / ${p.memory.underLoadPeakMb} MB`,
    });
  }
  const emb = res.embedded;
  if (emb) {
    rows.push({
      item: '10',
      measure:
        `embedded install (npm start, PGlite, demo data): RSS after start / peak / at rest after ${emb.rounds} ` +
        `rounds of use (${emb.requests} requests: every role's pages, exports, reports, drafts), 60 s after the last`,
      result: `${emb.afterStartMb} MB / ${emb.peakMb} MB / ${emb.atRestMb} MB (every 10 s: ${emb.restMb.join(', ')})`,
      goal: 'at rest < 300 MB',
      met: emb.atRestMb < 300,
    });
  }
  if (res.cli) {
    rows.push({
      item: '11',
      measure: '`npm run cli -- --help` (compiled): start to exit, p50 / max',
      result: `${res.cli.help.p50} s / ${res.cli.help.max} s`,
      goal: '< 0.5 s',
      met: res.cli.help.max < 0.5,
    });
  }
  const g = res.pglite;
  if (g) {
    rows.push({
      item: 'PGlite',
      measure: `${g.units} units: re-score a quarter / one unit's change p50 / rankings p50 (floor) / overview p50`,
      result:
        `${ms(g.rescore.quarter.everyScoreChanged.p50)} / ${ms(g.oneUnit.rescoreAffected.p50)} / ` +
        `${ms(g.rankings.http.p50)} (${ms(g.rankings.sqlFloor.p50)}) / ${ms(g.overview.p50)}`,
    });
  }
  return rows;
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const opts = options(process.argv.slice(2));
  const skip = (part: string) => opts.skip.has(part);
  const results: Record<string, any> = {
    scale: opts.scale,
    out: opts.out,
    command: process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench',
    startedAt: new Date().toISOString(),
    settings: { ...opts, skip: [...opts.skip], databaseUrl: opts.databaseUrl.replace(/\/\/[^@]*@/, '//…@') },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? '?',
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.versions.node,
      platform: `${os.platform()} ${os.release()}`,
      loadBefore: os.loadavg().map((x) => round(x, 2)),
    },
  };
  const started = performance.now();

  if (!skip('postgres')) {
    const name = `dukao_bench_${opts.out.replaceAll('-', '_')}`;
    log(`PostgreSQL: fresh database ${name}; loading ${opts.units} units × ${opts.years.length * 4} quarters …`);
    let bench: BenchDatabase | undefined;
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      bench = await freshPostgres(opts.databaseUrl, name);
      const db = bench.database;
      const [version] = await db.sql.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
      results.machine.postgres = `PostgreSQL ${version?.v}`;
      const load = await timeOnce(() =>
        loadDataset(db.sql, { units: opts.units, years: opts.years, seed: opts.seed }, log),
      );
      const users = await createUsers(db);
      const { returnedInLastQuarter, ...data } = load.value;
      results.postgres = {
        data: { ...data, returnedInLastQuarter: returnedInLastQuarter.length },
        loadSeconds: round(load.ms / 1000, 1),
      };
      log('scoring every period from scratch …');
      results.postgres.initialScoringSeconds = round(await scoreEverything(db, periodsOf(opts.years)), 1);
      log(`scored in ${results.postgres.initialScoringSeconds} s`);
      results.postgres.deadRows = { afterInitialScoring: await deadRows(bench.url!) };
      if (!skip('rescore')) {
        results.postgres.rescore = await measureRescoring(db, 3);
        // The bench's own rolled-back re-scores leave dead rows that only autovacuum can take.
        results.postgres.deadRows.afterRolledBackRescores = await deadRows(bench.url!);
        // A scheme change through the service as the app runs it (its own transaction, VACUUM after commit),
        // then back to the default scheme so that the reads below see the same scores.
        const t = performance.now();
        await setScheme(db.prisma, SYSTEM_ACTOR, { year: 2024, scheme: otherScheme(), note: 'bench', today: TODAY });
        results.postgres.rescore.schemeChangeCommitted = { ms: round(performance.now() - t) };
        results.postgres.deadRows.afterAppSchemeChange = await deadRows(bench.url!);
        await setScheme(db.prisma, SYSTEM_ACTOR, {
          year: 2024,
          scheme: DEFAULT_SCHEME,
          note: 'bench: back to the default',
          today: TODAY,
        });
        log(
          `scheme change committed: ${results.postgres.rescore.schemeChangeCommitted.ms} ms; dead rows in Score ` +
            `${results.postgres.deadRows.afterAppSchemeChange[0].deadPercent} %`,
        );
      }
      if (!skip('one')) {
        results.postgres.oneUnit = await measureOneUnit(db, load.value, users, opts.scale === 'small' ? 50 : 100);
        results.postgres.deadRows.afterOneUnitChanges = await deadRows(bench.url!);
      }
      if (!skip('http') || !skip('load') || !skip('client') || !skip('supervision')) {
        server = await startServer(bench.url!);
        const cookie = await login(server.base, 'bench-leader', PASSWORD);
        await request(server.base, '/healthz');
        await new Promise((r) => setTimeout(r, 1500));
        results.postgres.memory = { atRestMb: rssMb(server.pid) };
        // The one-unit phase's VACUUMs (the app's own, after small writes, and autovacuum's) end first.
        results.postgres.settledSeconds = await settle(bench.url!);
        log(`settled: no VACUUM running after ${results.postgres.settledSeconds} s`);
        if (!skip('http'))
          results.postgres.reads = await measureReads(
            db,
            bench.url!,
            server.base,
            cookie,
            opts.scale === 'small' ? 100 : 200,
          );
        results.postgres.memory.afterReadsMb = rssMb(server.pid);
        if (!skip('load')) {
          results.postgres.load = {};
          for (const [name, url] of [
            // What the rankings page asks for: one page of a group (the server sorts and pages).
            [
              'rankings',
              trpcUrl('scores.rankings', { period: LAST_QUARTER, group: 'grassroots', offset: 0, limit: PAGE_SIZE }),
            ],
            ['overview', trpcUrl('scores.overview', { period: LAST_QUARTER })],
          ] as const) {
            log(`load: ${name}, ${opts.connections} connections for ${opts.duration} s …`);
            results.postgres.load[name] = await loadTest(server.base, server.pid, url, cookie, opts);
            log(
              `load ${name}: ${results.postgres.load[name].requestsPerSecond} req/s, p99 ` +
                `${results.postgres.load[name].latencyP99} ms, ${results.postgres.load[name].errors} errors`,
            );
          }
          // The floor under the same load: the page's rows straight from PostgreSQL, prepared, from as many
          // connections as the load test (and from 8, as pgbench -c 8), for as long.
          const floorSeconds = Math.min(opts.duration, 15);
          results.postgres.load.rankingsFloor = {};
          for (const c of [...new Set([8, opts.connections])]) {
            log(`floor: the rankings page's SQL from ${c} connections for ${floorSeconds} s …`);
            results.postgres.load.rankingsFloor[c] = await floorLoad(
              bench.url!,
              RANKING_PAGE_INDEXED_SQL,
              [LAST_QUARTER, 'grassroots'],
              c,
              floorSeconds,
            );
          }
          results.postgres.load.rankingsFloor.sql = RANKING_PAGE_INDEXED_SQL;
          for (const [name, headers] of [
            ['exportGzip', { 'accept-encoding': 'gzip' }],
            ['exportPlain', {}],
          ] as const) {
            log(`load: ${name}, ${opts.connections} connections for ${floorSeconds} s …`);
            results.postgres.load[name] = await loadTest(
              server.base,
              server.pid,
              `/api/export/scores?period=${LAST_QUARTER}&format=json`,
              cookie,
              { ...opts, duration: floorSeconds },
              headers,
              undefined,
              true,
            );
          }
          // A whole group's ranking at once (2 MB answers, which the page never asks for) after the exports: the
          // heap it grows (~590 MB, kept by V8) would otherwise count as the exports' memory.
          log(`load: rankingsWholeGroup, ${opts.connections} connections for ${opts.duration} s …`);
          results.postgres.load.rankingsWholeGroup = await loadTest(
            server.base,
            server.pid,
            trpcUrl('scores.rankings', { period: LAST_QUARTER, group: 'grassroots' }),
            cookie,
            opts,
          );
          if (!skip('proxy')) {
            log(`load: rankings page through HAProxy with two app servers, ${opts.connections} connections …`);
            const rankingsPage = trpcUrl('scores.rankings', {
              period: LAST_QUARTER,
              group: 'grassroots',
              offset: 0,
              limit: PAGE_SIZE,
            });
            const proxied = await measureBehindProxy(bench.url!, server, (base) =>
              loadTest(base, server!.pid, rankingsPage, cookie, opts),
            );
            if (proxied) results.postgres.load.rankingsBehindProxy = proxied;
            else log('HAProxy is not installed: skipping the two-server line (apt-get install haproxy)');
          }
          if (!skip('workers')) {
            // WORKERS=2 (node:cluster): the same pages from two processes on one port, as `npm start` runs them.
            const cluster = await startCompiledServer(
              { DATABASE_URL: bench.url!, WORKERS: '2', LOG_LEVEL: 'silent', DAILY_JOB_HOUR: '23' },
              { ready: 'worker processes' },
            );
            try {
              const clusterCookie = await login(cluster.base, 'bench-leader', PASSWORD);
              for (const [name, url] of [
                [
                  'rankingsTwoWorkers',
                  trpcUrl('scores.rankings', {
                    period: LAST_QUARTER,
                    group: 'grassroots',
                    offset: 0,
                    limit: PAGE_SIZE,
                  }),
                ],
                ['overviewTwoWorkers', trpcUrl('scores.overview', { period: LAST_QUARTER })],
              ] as const) {
                log(`load: ${name}, ${opts.connections} connections for ${opts.duration} s …`);
                results.postgres.load[name] = await loadTest(
                  cluster.base,
                  cluster.pid,
                  url,
                  clusterCookie,
                  opts,
                  {},
                  () => childPids(cluster.pid),
                );
                log(`load ${name}: ${results.postgres.load[name].requestsPerSecond} req/s`);
              }
            } finally {
              await cluster.stop();
            }
          }
          results.postgres.memory.underLoadPeakMb = Math.max(
            ...Object.values<any>(results.postgres.load)
              .map((l) => l.serverRssPeakMb)
              .filter((x) => typeof x === 'number'),
          );
          results.postgres.deadRows.afterLoad = await deadRows(bench.url!);
        }
        if (!skip('supervision')) {
          log('supervision: a 20 MB evidence upload, streamed, while the server RSS is sampled …');
          results.postgres.evidenceUpload = await measureUpload(
            db,
            server,
            { username: 'bench-inspector', password: PASSWORD },
            3,
          );
          log(`evidence upload: RSS +${results.postgres.evidenceUpload.growthMb} MB`);
        }
        if (!skip('client')) {
          log('client: bundle and first chart in headless Chromium …');
          results.client = await measureClient(server.base, cookie);
        }
        await server.stop();
        server = undefined;
      }
      if (!skip('supervision')) {
        log('supervision: the daily job (warnings, digests) on every unit …');
        results.postgres.dailyJob = await measureDailyJob(db, TODAY, 3);
        log(`daily job: p50 ${results.postgres.dailyJob.ms.p50} ms, ${results.postgres.dailyJob.digests} digests`);
      }
      if (!skip('import')) results.postgres.imports = await measureImports(db, opts);
    } finally {
      await server?.stop();
      if (bench) {
        if (opts.keep) {
          await bench.database.close();
          log(`kept database ${name}`);
        } else await bench.drop();
      }
    }
  }
  if (!skip('embedded')) {
    log('embedded: npm start on a new data folder, a browser-test round of use, then at rest …');
    results.embedded = await measureEmbeddedMemory({ rounds: opts.scale === 'small' ? 1 : 3, restSeconds: 60 });
    log(`embedded: RSS at rest ${results.embedded.atRestMb} MB (peak ${results.embedded.peakMb} MB)`);
  }
  if (!skip('cli')) results.cli = { help: cliStartSeconds(['--help'], 5) };
  if (!skip('pglite')) results.pglite = await measurePglite(opts);

  results.finishedAt = new Date().toISOString();
  results.totalSeconds = round((performance.now() - started) / 1000, 0);
  results.machine.loadAfter = os.loadavg().map((x) => round(x, 2));
  results.machine.postgres ??= 'PostgreSQL (skipped)';
  const rows = summaryRows(results);
  results.summary = rows;
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${opts.out}.json`), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${opts.out}.md`), markdown(results, rows));
  process.stdout.write(markdown(results, rows));
  log(`done in ${results.totalSeconds} s: bench/results/${opts.out}.json, bench/results/${opts.out}.md`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
