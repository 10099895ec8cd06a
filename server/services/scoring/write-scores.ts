import type { Tx } from '../../db';
import { afterCommit, execute, preparedWhenFew, queryRows } from '../../db';
import { parsePeriod } from '../../domain/periods';
import { evaluateUnit, type UnitInput, type UnitScore } from '../../domain/scoring/evaluate';
import type { Scheme } from '../../domain/scoring/scheme';
import { sql } from '../../sql';
import { basisOf } from './explanation-basis';
import { loadScoreInputsFor, type SchemeHead } from './load-score-inputs';
import { type SchemeInForce, schemeForYear } from './scheme-for-year';
import { MOVE_DELETIONS_STAMP, NEXT_CHANGE, pruneShifts } from './score-versions';

/** Units that are no longer active (or gone) keep no score in a full recomputation. */
export async function deleteInactive(tx: Tx, period: string): Promise<void> {
  // The only deletion of Score rows: it moves the deletions stamp, which tells cached views that reading
  // the changed rows is not enough (services/scores/find-scores.ts).
  await execute(
    tx,
    sql`WITH gone AS (
       DELETE FROM "Score" s USING "Unit" u WHERE s."periodCode" = ${period} AND u.id = s."unitId" AND NOT u.active RETURNING 1
     )
     ${MOVE_DELETIONS_STAMP}`,
  );
}

export type Computed = {
  period: string;
  list: UnitScore[];
  inputs: UnitInput[];
  scheme: Scheme;
  today: string;
  schemeYear: number;
  schemeVersion: number;
};

/**
 * Evaluates units of some periods (null: every active unit). With `openOnly`, periods that are locked or do
 * not exist are left out (locked quarters are frozen: their scores stay as approved), as read with the inputs.
 */
export async function computeScores(
  tx: Tx,
  periods: string[],
  unitIds: number[] | null,
  today: string,
  openOnly = false,
): Promise<Computed[]> {
  const schemes = new Map<number, SchemeInForce>();
  const heads = new Map<number, SchemeHead>();
  const open = new Set<string>();
  const inputs = await loadScoreInputsFor(tx, periods, unitIds, heads, open);
  const out: Computed[] = [];
  for (const period of periods) {
    if (openOnly && !open.has(period)) continue;
    const p = parsePeriod(period);
    if (!p) throw new Error(`invalid period ${period}`);
    let inForce = schemes.get(p.year);
    if (!inForce) {
      inForce = await schemeForYear(tx, p.year, heads.get(p.year));
      schemes.set(p.year, inForce);
    }
    const scheme = inForce.scheme;
    const units = inputs.get(period)!;
    const list = units.map((u) => evaluateUnit(scheme, u, { period, today }));
    out.push({ period, list, inputs: units, scheme, today, schemeYear: inForce.year, schemeVersion: inForce.version });
  }
  return out;
}

/** A score row that changed: its figures before (null for a new row) and after. */
export type ChangedScore = {
  unitId: number;
  group: string;
  score: string;
  oldGroup: string | null;
  oldScore: string | null;
  oldRank: number | null;
};

// Explanations are stored as their basis (explanation-basis.ts): ~200 bytes a unit instead of ~1.8 KB.
// JSON never holds a raw control character (JSON.stringify escapes them), so one text parameter
// can carry every basis separated by U+001E, split again by string_to_table: no escaping and no
// JSON parsing in the database.
const RS = '\u001e';
/** Sizes of bulk writes; tests make them small to run the bulk paths on small data. */
export const writeTuning = { chunk: 5000, bulkRows: 1000, vacuumRows: 5000 };

/**
 * A bulk re-score rewrites thousands of rows and leaves as many dead ones: the table is vacuumed once the
 * transaction commits, so that `Score` does not carry them until autovacuum comes (PGlite has no autovacuum
 * at all). A role that does not own the tables gets a warning from PostgreSQL, not an error.
 */
async function vacuumAfterCommit(tx: Tx): Promise<void> {
  await flushStatsAtCommit(tx);
  afterCommit(tx, 'vacuum scores', (db) => execute(db, sql`VACUUM (ANALYZE) "Score", "ScoreExplanation"`));
}

/**
 * The writing connection sends its table statistics (the dead rows it left) right after its commit, not up to a
 * second later (PostgreSQL's flush interval): otherwise they could arrive after the VACUUM's own report and count
 * as dead rows the VACUUM had already removed.
 */
async function flushStatsAtCommit(tx: Tx): Promise<void> {
  await execute(tx, sql`SELECT pg_stat_force_next_flush()`);
}

/** Score rows rewritten by small re-scores (one unit's change) in this process since the table was last vacuumed. */
let smallWrites = 0;

/**
 * Small re-scores rewrite a few hundred rows each (the units whose rank shifts, in a quarter, its year and the
 * periods after), faster than autovacuum comes round when many follow each other: every writeTuning.vacuumRows
 * rows this process rewrote so, the table is vacuumed once the transaction commits, in the background (the
 * request does not wait for it). Only for transactions opened by inTransaction (afterCommit).
 */
export async function noteSmallWrites(tx: Tx, rows: number): Promise<void> {
  smallWrites += rows;
  if (smallWrites < writeTuning.vacuumRows) return;
  smallWrites = 0;
  await pruneShifts(tx);
  await flushStatsAtCommit(tx);
  afterCommit(tx, 'vacuum scores after small writes', async (db) => {
    void execute(db, sql`VACUUM "Score", "ScoreExplanation"`).catch((err: unknown) =>
      console.warn('after commit (vacuum scores after small writes):', err instanceof Error ? err.message : err),
    );
  });
}

/**
 * Upserts score rows and their explanations, one statement per chunk of rows. A row whose figures
 * did not change is not rewritten (a recomputation that changes nothing writes nothing), nor is an
 * unchanged explanation. With `report`, returns per period the rows that changed, with their figures
 * before, so that ranks can follow incrementally.
 */
export async function writeScores(tx: Tx, computed: Computed[], report: boolean): Promise<Map<string, ChangedScore[]>> {
  const rows = computed.flatMap((c) => c.list.map((s, i) => ({ c, s, input: c.inputs[i]! })));
  if (rows.length >= writeTuning.vacuumRows) await vacuumAfterCommit(tx);
  // Thousands of rows for a period that had few (a new quarter): the planner must learn of them before
  // re-ranking joins the period, or it plans for one row and loops over all of them for each (minutes).
  let grows = false;
  if (rows.length >= writeTuning.bulkRows) {
    const before = await queryRows<{ p: string; n: number }>(
      tx,
      sql`SELECT "periodCode" AS p, count(*)::int AS n FROM "Score" WHERE "periodCode" = ANY(${computed.map((c) => c.period)}::text[]) GROUP BY 1`,
    );
    const had = new Map(before.map((b) => [b.p, b.n]));
    grows = computed.some(
      (c) => c.list.length - (had.get(c.period) ?? 0) > Math.max(writeTuning.bulkRows / 2, c.list.length / 5),
    );
  }
  const changed = new Map<string, ChangedScore[]>(computed.map((c) => [c.period, []]));
  const bases = (slice: typeof rows) =>
    slice.map(({ c, s, input }) => JSON.stringify(basisOf(c.scheme, input, s, c.today))).join(RS);
  // Explanations are written in the same statement as their scores, except when the period grows by
  // thousands of rows: then after ANALYZE, so that the foreign-key check of each explanation row is
  // planned on the primary key rather than as a scan of the whole period (quadratic: minutes).
  for (let i = 0; i < rows.length; i += writeTuning.chunk) {
    const slice = rows.slice(i, i + writeTuning.chunk);
    const records = slice.map(({ c, s }) => ({
      periodCode: c.period,
      unitId: s.unitId,
      group: s.group,
      submitted: s.submitted,
      rules: s.rules,
      base: s.base,
      deductions: s.deductions,
      bonus: s.bonus,
      score: s.score,
      grade: s.grade,
      veto: s.veto,
      schemeYear: c.schemeYear,
      schemeVersion: c.schemeVersion,
    }));
    // When the period grows, the explanations are written after ANALYZE, below.
    const explanations = grows
      ? sql.empty
      : sql`, ex AS (${explanationsSql(
          slice.map(({ c }) => c.period),
          slice.map(({ s }) => s.unitId),
          bases(slice),
        )})`;
    const res = await queryRows<ChangedScore & { periodCode: string }>(
      tx,
      sql`WITH r AS (
         SELECT * FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r("periodCode" text, "unitId" int, "group" text, submitted boolean, rules jsonb,
                base numeric, deductions numeric, bonus numeric, score numeric, grade text, veto boolean, "schemeYear" int, "schemeVersion" int)
       ), old AS (
         SELECT s."periodCode", s."unitId", s."group"::text AS "group", s.score, s.rank
           FROM "Score" s JOIN r ON s."periodCode" = r."periodCode" AND s."unitId" = r."unitId"
          WHERE ${report}::boolean
       ), up AS (
         INSERT INTO "Score" ("periodCode", "unitId", "group", submitted, rules, base, deductions, bonus, score, grade, veto,
                              "schemeYear", "schemeVersion", "computedAt")
         SELECT r."periodCode", r."unitId", r."group"::"RankGroup", r.submitted, r.rules, r.base, r.deductions, r.bonus, r.score,
                r.grade::"Grade", r.veto, r."schemeYear", r."schemeVersion", now()
           FROM r
         ON CONFLICT ("periodCode", "unitId") DO UPDATE SET
           "group" = EXCLUDED."group", submitted = EXCLUDED.submitted, rules = EXCLUDED.rules, base = EXCLUDED.base,
           deductions = EXCLUDED.deductions, bonus = EXCLUDED.bonus, score = EXCLUDED.score, grade = EXCLUDED.grade,
           veto = EXCLUDED.veto, "schemeYear" = EXCLUDED."schemeYear", "schemeVersion" = EXCLUDED."schemeVersion",
           "computedAt" = EXCLUDED."computedAt", "changeSeq" = ${NEXT_CHANGE}
         WHERE ("Score"."group", "Score".submitted, "Score".rules, "Score".base, "Score".deductions, "Score".bonus, "Score".score,
                "Score".grade, "Score".veto, "Score"."schemeYear", "Score"."schemeVersion")
               IS DISTINCT FROM
               (EXCLUDED."group", EXCLUDED.submitted, EXCLUDED.rules, EXCLUDED.base, EXCLUDED.deductions, EXCLUDED.bonus, EXCLUDED.score,
                EXCLUDED.grade, EXCLUDED.veto, EXCLUDED."schemeYear", EXCLUDED."schemeVersion")
         RETURNING "periodCode", "unitId", "group"::text AS "group", score::text AS score
       )${explanations}
       SELECT up."periodCode", up."unitId", up."group", up.score, old."group" AS "oldGroup", old.score::text AS "oldScore", old.rank AS "oldRank"
         FROM up LEFT JOIN old ON old."periodCode" = up."periodCode" AND old."unitId" = up."unitId"
        WHERE ${report}::boolean`,
      preparedWhenFew(report ? slice.length : Number.POSITIVE_INFINITY, 'rescore'),
    );
    for (const r of res) changed.get(r.periodCode)!.push(r);
  }
  if (grows) {
    await execute(tx, sql`ANALYZE "Score" ("periodCode", "unitId", "group", score)`);
    for (let i = 0; i < rows.length; i += writeTuning.chunk) {
      const slice = rows.slice(i, i + writeTuning.chunk);
      await execute(
        tx,
        explanationsSql(
          slice.map(({ c }) => c.period),
          slice.map(({ s }) => s.unitId),
          bases(slice),
        ),
      );
    }
  }
  return changed;
}

/** Upserts explanation bases: period codes, unit ids, and the bases joined by U+001E. */
const explanationsSql = (periods: string[], unitIds: number[], bases: string) => sql`
  INSERT INTO "ScoreExplanation" ("periodCode", "unitId", body)
  SELECT x.p, x.u, x.b
    FROM ROWS FROM (unnest(${periods}::text[]), unnest(${unitIds}::int[]), string_to_table(${bases}::text, chr(30))) AS x(p, u, b)
  ON CONFLICT ("periodCode", "unitId") DO UPDATE SET body = EXCLUDED.body
  WHERE "ScoreExplanation".body IS DISTINCT FROM EXCLUDED.body`;
