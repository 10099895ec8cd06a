/**
 * The command line killed (SIGKILL) in the middle of re-scoring, then the database opened again and the
 * real server started on it: the scheme and the scores are the old ones or the new ones, never a mix, and
 * they equal a full recomputation.
 *
 * The kills land at a known point of the work, not after a guessed delay: the child runs with
 * DEBUG=prisma:driver-adapter:*, so the driver adapter (PGlite's or pg's) writes every statement to stderr
 * (synchronously: stderr is a pipe) before sending it. The test kills the child as soon as the statement it
 * waits for (the first score upsert, the third re-ranking …) shows up, and knows whether the transaction's
 * COMMIT had been issued by then: it must not have been (the work left after that statement takes far longer
 * than a signal does to arrive), so the kill landed inside the transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db';
import { todayOf } from '../../server/domain/periods';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';
import type { Scheme } from '../../server/domain/scoring/scheme';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { type Exit, exitOf, freePort, processes, waitHealthy } from '../helpers/processes';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-rescore-kill-'));
const dataDir = path.join(tmp, 'data');
let pgDb: TestDatabase | null = null;
const { run, withDb } = processes(() => (pgDb?.url ? { databaseUrl: pgDb.url } : { dataDir }));

/** Synthetic units added to the demo's 94 so that re-scoring 2011 takes a while (5 periods × 1,094 units). */
const EXTRA_UNITS = 1000;

// ---------------------------------------------------------------------------------------------
// Child processes

/** Runs `cli …args` to the end. */
async function cli(...args: string[]): Promise<Exit> {
  return exitOf(run(['server/cli/main.ts', ...args]));
}

/** Statements as the driver adapters' debug output shows them (the SQL is JSON-quoted there). */
const SQL = {
  /** writeScores in rescore.ts: one upsert of a chunk of score rows. */
  scoreUpsert: /jsonb_to_recordset\(\$1::jsonb\) AS r\(\\+"periodCode\\+" text/g,
  /** rerank in rescore.ts: ranks of a whole period. */
  rerank: /rank\(\) OVER \(PARTITION BY/g,
  /** A commit: pg sends COMMIT, PGlite's adapter logs [js::commit] just before committing. */
  commit: /"sql": "COMMIT"|\[js::commit\]/,
};

type Killed = Exit & { killedAt: number; commitIssued: boolean };

/**
 * Runs `cli …args` and SIGKILLs it when the `nth` statement matching `at` is sent. `commitIssued`: whether a
 * COMMIT was sent after that statement and before the process died (if not, its transaction cannot have
 * committed).
 */
async function cliKilledAt(args: string[], at: RegExp, nth: number): Promise<Killed> {
  const child = run(['server/cli/main.ts', ...args], { DEBUG: 'prisma:driver-adapter:*' });
  let killedAt = -1;
  const exit = await exitOf(child, (all) => {
    if (killedAt >= 0) return;
    const hits = [...all.matchAll(at)];
    if (hits.length >= nth) {
      child.kill('SIGKILL');
      killedAt = hits[nth - 1]!.index;
    }
  });
  return { ...exit, killedAt, commitIssued: killedAt >= 0 && SQL.commit.test(exit.stderr.slice(killedAt)) };
}

/** Killed, not finished: the signal, no success message (`done`), and no COMMIT sent before it died. */
function expectKilledInsideTransaction(run: Killed, done: RegExp): void {
  expect(run.killedAt, run.stderr.slice(-2000)).toBeGreaterThanOrEqual(0);
  expect(run.signal).toBe('SIGKILL');
  expect(run.stderr).not.toMatch(done);
  expect(run.commitIssued).toBe(false);
}

type ScoreRow = {
  period: string;
  unit: string;
  score: string;
  grade: string;
  rank: number | null;
  rankChange: number | null;
  schemeVersion: number;
};
type State = { schemeVersion: number; schemeSets: number; scores: ScoreRow[]; explanations: string };

/** Everything a re-score of 2011 writes: the scheme in force, the score rows, their explanations, and the audit of scheme changes. */
async function stateOf(db: Database): Promise<State> {
  const [scheme] = await db.sql.query<{ v: number }>(
    `SELECT coalesce(max(version), 0)::int AS v FROM "Scheme" WHERE year = 2011`,
  );
  const [audit] = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'scheme.set'`,
  );
  const scores = await db.sql.query<ScoreRow>(
    `SELECT s."periodCode" AS period, u.code AS unit, s.score::text AS score, s.grade::text AS grade, s.rank, s."rankChange", s."schemeVersion"
       FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
      WHERE s."periodCode" LIKE '2011%' ORDER BY 1, 2`,
  );
  const [ex] = await db.sql.query<{ h: string }>(
    `SELECT md5(coalesce(string_agg("periodCode" || '|' || "unitId" || '|' || body::text, chr(10) ORDER BY "periodCode", "unitId"), '')) AS h
       FROM "ScoreExplanation" WHERE "periodCode" LIKE '2011%'`,
  );
  return { schemeVersion: scheme!.v, schemeSets: audit!.n, scores, explanations: ex!.h };
}

const today = () => todayOf(new Date()); // what the command line uses

/** A full recomputation in one transaction (it also repairs what differs): the differences it reports. */
function recompute(db: Database) {
  return db.prisma.$transaction((tx) => rescoreAll(tx, today()), { timeout: 300_000 });
}

/**
 * The default scheme plus a rule worth `points` that no unit meets (no unit trains a billion people). Scores are
 * scaled to 100 points available (evaluate.ts), so the other rules weigh less: every score above 0 changes.
 */
function schemeWithBar(points: number): Scheme {
  const s = structuredClone(DEFAULT_SCHEME) as Scheme;
  s.rules.push({
    code: 'unmet_bar',
    nameZh: '测试门槛',
    nameEn: 'A bar nobody meets',
    points,
    groups: ['grassroots', 'organs'],
    kind: 'threshold',
    indicator: 'training.attendees',
    min: 1e9,
  });
  return s;
}

const SCHEME_V1 = path.join(tmp, 'scheme-v1.json');
const SCHEME_V2 = path.join(tmp, 'scheme-v2.json');
let original: State; // after the demo and the extra units: the default scheme
let withV1: State; // after scheme version 1 was stored in full

beforeAll(async () => {
  if (ON_POSTGRES) {
    pgDb = await createTestDatabase();
    await pgDb.close();
  }
  fs.writeFileSync(SCHEME_V1, JSON.stringify(schemeWithBar(10)));
  fs.writeFileSync(SCHEME_V2, JSON.stringify(schemeWithBar(20)));
}, 60_000);
afterAll(async () => {
  if (pgDb) await pgDb.dispose().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Spawns command lines and a server and kills them: slow on two cores, so it runs when DUKAO_PROCESS_TESTS=1 (.ci/run sets it).
describe.runIf(process.env.DUKAO_PROCESS_TESTS === '1')(
  'processes: SIGKILL in the middle of a re-score',
  { timeout: 180_000 },
  () => {
    it('loads the demo and 1,000 more units with their 2011 values through the command line', async () => {
      const demo = await cli('demo');
      expect(demo.code, demo.stderr).toBe(0);
      const units = [
        'code,name,type',
        ...Array.from(
          { length: EXTRA_UNITS },
          (_, i) => `K${i},Synthetic unit ${i},${i % 2 ? 'department' : 'township'}`,
        ),
      ];
      fs.writeFileSync(path.join(tmp, 'units.csv'), units.join('\n'));
      const unitsRun = await cli('import', 'units', path.join(tmp, 'units.csv'));
      expect(unitsRun.code, unitsRun.stderr).toBe(0);
      const codes = [
        'pub.overview',
        'pub.plans',
        'pub.news',
        'pub.other',
        'pub.electronic',
        'chan.portal',
        'consult.online',
        'approval.cases',
        'approval.cases_ontime',
        'training.attendees',
      ];
      const lines = ['unit,period,indicator,value'];
      for (let i = 0; i < EXTRA_UNITS; i++) {
        for (const q of ['2011Q1', '2011Q2', '2011Q3', '2011Q4'])
          for (const c of codes)
            lines.push(`K${i},${q},${c},${c === 'approval.cases' ? 20 : ((i * 7 + c.length) % 13) + 1}`);
      }
      fs.writeFileSync(path.join(tmp, 'values.csv'), lines.join('\n'));
      const valuesRun = await cli('import', 'values', path.join(tmp, 'values.csv'));
      expect(valuesRun.code, valuesRun.stderr).toBe(0);

      original = await withDb(async (db) => {
        expect((await recompute(db)).differences).toEqual([]);
        return stateOf(db);
      });
      expect(original.schemeVersion).toBe(0);
      expect(original.scores.length).toBe(5 * (94 + EXTRA_UNITS));
    });

    it('a SIGKILL while `scheme set` re-scores the year (first score upsert) leaves the old scheme and the old scores', async () => {
      const run = await cliKilledAt(['scheme', 'set', '--year', '2011', SCHEME_V1], SQL.scoreUpsert, 1);
      expectKilledInsideTransaction(run, /Stored the 2011 scheme/);

      await withDb(async (db) => {
        const after = await stateOf(db);
        expect(after).toEqual(original);
        expect((await recompute(db)).differences).toEqual([]);
      });
    });

    it('the same scheme stored without a kill changes every 2011 score, and the scores equal a full recomputation', async () => {
      const run = await cli('scheme', 'set', '--year', '2011', SCHEME_V1);
      expect(run.code, run.stderr).toBe(0);
      withV1 = await withDb(async (db) => {
        expect((await recompute(db)).differences).toEqual([]);
        return stateOf(db);
      });
      expect(withV1.schemeVersion).toBe(1);
      expect(withV1.schemeSets).toBe(original.schemeSets + 1);
      expect(new Set(withV1.scores.map((s) => s.schemeVersion))).toEqual(new Set([1]));
      const before = new Map(original.scores.map((s) => [`${s.period}|${s.unit}`, s.score]));
      const unchanged = withV1.scores.filter((s) => Number(before.get(`${s.period}|${s.unit}`)) === Number(s.score));
      // Only a score of 0 (nothing submitted, or deductions above the base) stays as it was.
      expect(unchanged.filter((s) => Number(s.score) !== 0)).toEqual([]);
      expect(unchanged.length).toBeLessThan(withV1.scores.length / 100);
    });

    it('a SIGKILL while `scheme set` re-ranks (third period) leaves the previous version in full', async () => {
      const run = await cliKilledAt(['scheme', 'set', '--year', '2011', SCHEME_V2], SQL.rerank, 3);
      expectKilledInsideTransaction(run, /Stored the 2011 scheme/);
      // The scores of version 2 had been written (all periods in one pass) before the re-ranking: all gone.
      expect(run.stderr.slice(0, run.killedAt).match(SQL.scoreUpsert)?.length).toBeGreaterThanOrEqual(1);

      await withDb(async (db) => {
        expect(await stateOf(db)).toEqual(withV1);
        expect((await recompute(db)).differences).toEqual([]);
      });
    });

    it('a SIGKILL in the middle of `rescore` repairing every 2011 score leaves all of them as they were', async () => {
      // Stale materialized scores (every 2011 score one point too high: ranks unchanged) for `rescore` to repair.
      const stale = await withDb(async (db) => {
        await db.sql.exec(`UPDATE "Score" SET score = score + 1 WHERE "periodCode" LIKE '2011%'`);
        return stateOf(db);
      });
      // rescoreAll writes period by period: killed at the third period's upsert, two are repaired in its transaction.
      const run = await cliKilledAt(['rescore'], SQL.scoreUpsert, 3);
      expectKilledInsideTransaction(run, /Re-scored/);

      await withDb(async (db) => {
        expect(await stateOf(db)).toEqual(stale);
        // The recomputation finds exactly the stale scores (and nothing else), and repairs them.
        const rep = await recompute(db);
        expect(rep.differences.length).toBe(stale.scores.length);
        for (const d of rep.differences) {
          expect(d.field).toBe('score');
          expect(Number(d.stored)).toBeCloseTo(Number(d.computed) + 1, 6);
        }
        expect(await stateOf(db)).toEqual(withV1);
        expect((await recompute(db)).differences).toEqual([]);
      });
    });

    it('the server starts on the data the kills left behind: /healthz, a sign-in, and the stored ranking', async () => {
      const port = await freePort();
      const server = run(['server/start.ts'], { PORT: String(port) });
      const done = exitOf(server);
      try {
        await waitHealthy(port);
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(await health.json()).toEqual({ ok: true });
        const base = `http://127.0.0.1:${port}`;
        const login = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ username: 'inspector', password: 'inspector123' }),
        });
        expect(login.status).toBe(200);
        const cookie = login.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const res = await fetch(
          `${base}/trpc/scores.rankings?input=${encodeURIComponent(JSON.stringify({ period: '2011Q4' }))}`,
          { headers: { cookie } },
        );
        expect(res.status).toBe(200);
        const rows = (
          (await res.json()) as { result: { data: { rows: { unit: string; score: string; rank: number | null }[] } } }
        ).result.data.rows;
        const stored = withV1.scores.filter((s) => s.period === '2011Q4');
        expect(rows.length).toBe(stored.length);
        const byUnit = new Map(stored.map((s) => [s.unit, s]));
        for (const r of rows) {
          expect(Number(r.score)).toBeCloseTo(Number(byUnit.get(r.unit)!.score), 6);
          expect(r.rank).toBe(byUnit.get(r.unit)!.rank);
        }
      } finally {
        server.kill('SIGTERM');
      }
      const exit = await done;
      expect(exit.code, exit.stderr).toBe(0);
    });
  },
);
