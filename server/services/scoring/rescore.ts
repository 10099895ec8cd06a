import type { Tx } from '../../db';
import { ADVISORY_LOCKS, execute, queryRows } from '../../db';
import {
  isQuarterCode,
  parsePeriod,
  previousPeriod,
  quarterOfDate,
  quartersOfYear,
  yearOf,
} from '../../domain/periods';
import { evaluateUnit, type UnitInput, type UnitScore } from '../../domain/scoring/evaluate';
import type { Scheme } from '../../domain/scoring/scheme';
import { sql } from '../../sql';
import { basisOf } from './explanation-basis';
import { loadScoreInputsFor } from './load-score-inputs';
import { type SchemeInForce, schemeForYear } from './scheme-for-year';

/** What changed: unit-quarters (values, commendations), findings (their quarter and deadline), or whole periods. */
export type ScoreChange = {
  unitQuarters?: { unitId: number; periodCode: string }[];
  findingDates?: { unitId: number; periodCode: string; deadline: string | null }[];
  /** Every unit in these periods (scheme change, unit moved between groups …). */
  periods?: string[];
  /** These units in every period that has scores (unit created, retyped, deactivated). */
  unitsEverywhere?: number[];
};

/**
 * Brings materialized scores up to date for exactly the affected unit-periods (each quarter
 * and its year), then re-ranks those periods and the rank change of the periods after them.
 * Runs in the caller's transaction.
 */
export async function rescoreAffected(
  tx: Tx,
  change: ScoreChange,
  today: string,
): Promise<{ periods: number; units: number }> {
  await lockScores(tx);
  // Locked quarters are frozen: their scores stay as approved.
  const known = new Set(
    (await tx.period.findMany({ where: { lockedAt: null }, select: { code: true } })).map((p) => p.code),
  );
  const perPeriod = new Map<string, Set<number> | 'all'>();
  const add = (period: string, unitId: number | 'all') => {
    if (!known.has(period)) return;
    const cur = perPeriod.get(period);
    if (cur === 'all') return;
    if (unitId === 'all') {
      perPeriod.set(period, 'all');
      return;
    }
    const set = cur ?? new Set<number>();
    set.add(unitId);
    perPeriod.set(period, set);
  };
  const addQuarter = (quarter: string, unitId: number | 'all') => {
    add(quarter, unitId);
    add(String(yearOf(quarter)), unitId);
  };
  for (const uq of change.unitQuarters ?? []) addQuarter(uq.periodCode, uq.unitId);
  for (const f of change.findingDates ?? []) {
    addQuarter(f.periodCode, f.unitId);
    if (f.deadline) addQuarter(quarterOfDate(f.deadline), f.unitId);
  }
  for (const p of change.periods ?? []) {
    if (isQuarterCode(p)) addQuarter(p, 'all');
    else add(p, 'all');
  }
  if (change.unitsEverywhere?.length) for (const p of known) for (const u of change.unitsEverywhere) add(p, u);
  // Cached views of every year the change names go stale, scored or not (a locked quarter's
  // findings, say, still count in its overview).
  const touched = new Set<number>();
  for (const uq of change.unitQuarters ?? []) touched.add(yearOf(uq.periodCode));
  for (const f of change.findingDates ?? []) {
    touched.add(yearOf(f.periodCode));
    if (f.deadline) touched.add(yearOf(quarterOfDate(f.deadline)));
  }
  for (const p of change.periods ?? []) touched.add(yearOf(p));
  // Quarters whose city totals may have changed (values or submission states): stamped for the
  // per-quarter totals cache (find-overview.ts). Generous on purpose: a needless stamp costs a recomputation.
  const quarters = new Set<string>();
  for (const uq of change.unitQuarters ?? []) quarters.add(uq.periodCode);
  for (const p of change.periods ?? [])
    for (const q of isQuarterCode(p) ? [p] : quartersOfYear(yearOf(p))) quarters.add(q);
  if (change.unitsEverywhere?.length) {
    for (const p of await tx.period.findMany({ where: { quarter: { not: null } }, select: { code: true } }))
      quarters.add(p.code);
  }
  if (perPeriod.size === 0) {
    if (touched.size || quarters.size) await bumpScoreVersions(tx, [...touched], [...quarters]);
    return { periods: 0, units: 0 };
  }
  const ordered = [...perPeriod].sort(([a], [b]) => comparePeriods(a, b));
  // Periods of one year with the same units share one load (a unit's quarter and its year: one pass).
  const batches = new Map<string, { periods: string[]; unitIds: number[] | null }>();
  for (const [period, set] of ordered) {
    const unitIds = set === 'all' ? null : [...set].sort((a, b) => a - b);
    const key = `${yearOf(period)}|${unitIds ? unitIds.join(',') : 'all'}`;
    const batch = batches.get(key) ?? { periods: [], unitIds };
    batch.periods.push(period);
    batches.set(key, batch);
  }
  let units = 0;
  const changed = new Map<string, ChangedScore[]>();
  for (const batch of batches.values()) {
    const computed = await computeScores(tx, batch.periods, batch.unitIds, today);
    const res = await writeScores(tx, computed, batch.unitIds !== null);
    for (const [period, list] of res) changed.set(period, list);
    if (batch.unitIds === null) for (const period of batch.periods) await deleteInactive(tx, period);
    units += computed.reduce((n, c) => n + c.list.length, 0);
  }
  for (const [period, set] of ordered) {
    const moved = set === 'all' ? null : (changed.get(period) ?? []);
    if (moved && moved.length === 0) continue; // no figure changed: ranks cannot have moved
    await rerank(tx, period, moved);
    touched.add(yearOf(period));
    touched.add(yearOf(nextPeriod(period)));
  }
  for (const [period] of ordered) touched.add(yearOf(period)); // unitsEverywhere: the years scored
  if (touched.size || quarters.size) await bumpScoreVersions(tx, [...touched], [...quarters]);
  return { periods: perPeriod.size, units };
}

/** Years before their quarters is not needed for correctness; a stable order keeps locks predictable. */
function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evaluates units of one period (null = all) and upserts their score rows. Returns how many were scored. */
export async function scorePeriod(tx: Tx, period: string, unitIds: number[] | null, today: string): Promise<number> {
  if (unitIds !== null && unitIds.length === 0) return 0;
  await lockScores(tx);
  const computed = await computeScores(tx, [period], unitIds, today);
  await writeScores(tx, computed, false);
  if (unitIds === null) await deleteInactive(tx, period);
  await bumpScoreVersions(tx, [yearOf(period)], isQuarterCode(period) ? [period] : quartersOfYear(yearOf(period)));
  return computed[0]!.list.length;
}

/** Units that are no longer active (or gone) keep no score in a full recomputation. */
async function deleteInactive(tx: Tx, period: string): Promise<void> {
  await execute(
    tx,
    sql`DELETE FROM "Score" s USING "Unit" u WHERE s."periodCode" = ${period} AND u.id = s."unitId" AND NOT u.active`,
  );
}

type Computed = {
  period: string;
  list: UnitScore[];
  inputs: UnitInput[];
  scheme: Scheme;
  today: string;
  schemeYear: number;
  schemeVersion: number;
};

async function computeScores(tx: Tx, periods: string[], unitIds: number[] | null, today: string): Promise<Computed[]> {
  const schemes = new Map<number, SchemeInForce>();
  const inputs = await loadScoreInputsFor(tx, periods, unitIds);
  const out: Computed[] = [];
  for (const period of periods) {
    const p = parsePeriod(period);
    if (!p) throw new Error(`invalid period ${period}`);
    let inForce = schemes.get(p.year);
    if (!inForce) {
      inForce = await schemeForYear(tx, p.year);
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
type ChangedScore = {
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
export const writeTuning = { chunk: 5000, bulkRows: 1000 };

/**
 * Upserts score rows and their explanations, one statement per chunk of rows. A row whose figures
 * did not change is not rewritten (a recomputation that changes nothing writes nothing), nor is an
 * unchanged explanation. With `report`, returns per period the rows that changed, with their figures
 * before, so that ranks can follow incrementally.
 */
async function writeScores(tx: Tx, computed: Computed[], report: boolean): Promise<Map<string, ChangedScore[]>> {
  const rows = computed.flatMap((c) => c.list.map((s, i) => ({ c, s, input: c.inputs[i]! })));
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
           "computedAt" = EXCLUDED."computedAt"
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

/**
 * Competition ranks within each group (SQL rank() = 1, 2, 2, 4) and rank changes against the previous
 * period; the rank change of the next period follows. Only rows whose rank or rank change differs are
 * written.
 *
 * `changed` null: every unit of the period is checked. One changed unit that stayed in its group:
 * only the units whose score lies between its old and new score move by one place (rank(x) = 1 + the
 * number of units scoring more than x), so they are shifted in place and no window over the whole
 * period is needed; otherwise ranks are recomputed with rank() and rank changes checked for the units
 * that changed or moved.
 */
async function rerank(tx: Tx, period: string, changed: ChangedScore[] | null): Promise<void> {
  const prev = previousPeriod(period);
  const next = nextPeriod(period);
  const one = changed?.length === 1 ? changed[0]! : null;
  if (one && one.oldScore !== null && one.oldRank !== null && one.oldGroup === one.group) {
    if (Number(one.oldScore) === Number(one.score)) return; // same score: no rank moves
    const up = Number(one.score) > Number(one.oldScore);
    const d = up ? 1 : -1;
    await execute(
      tx,
      sql`WITH moved AS (
         UPDATE "Score" SET rank = rank + ${d}, "rankChange" = "rankChange" - ${d}
          WHERE "periodCode" = ${period} AND "group" = ${one.group}::"RankGroup" AND "unitId" <> ${one.unitId}
            AND score >= least(${one.oldScore}::numeric, ${one.score}::numeric) AND score < greatest(${one.oldScore}::numeric, ${one.score}::numeric)
         RETURNING "unitId"
       ), me AS (
         SELECT 1 + count(*)::int AS rk FROM "Score"
          WHERE "periodCode" = ${period} AND "group" = ${one.group}::"RankGroup" AND "unitId" <> ${one.unitId} AND score > ${one.score}::numeric
       ), mine AS (
         UPDATE "Score" s SET rank = me.rk,
                "rankChange" = (SELECT p.rank FROM "Score" p WHERE p."periodCode" = ${prev} AND p."unitId" = ${one.unitId} AND p."group" = ${one.group}::"RankGroup") - me.rk
           FROM me WHERE s."periodCode" = ${period} AND s."unitId" = ${one.unitId}
         RETURNING s.rank
       ), after AS (
         UPDATE "Score" n SET "rankChange" = n."rankChange" + ${d}
           FROM moved WHERE n."periodCode" = ${next} AND n."unitId" = moved."unitId" AND n."rankChange" IS NOT NULL
       )
       UPDATE "Score" n SET "rankChange" = CASE WHEN n."group" = ${one.group}::"RankGroup" THEN mine.rank - n.rank END
         FROM mine WHERE n."periodCode" = ${next} AND n."unitId" = ${one.unitId}`,
    );
    return;
  }
  await execute(
    tx,
    sql`WITH r AS (
       SELECT "unitId", "group", rank AS old_rank, "rankChange" AS old_change,
              rank() OVER (PARTITION BY "group" ORDER BY score DESC) AS rk
         FROM "Score" WHERE "periodCode" = ${period}
     ), ch AS (
       SELECT r."unitId", r."group", r.rk, p.rank - r.rk AS chg, r.old_rank, r.old_change
         FROM r LEFT JOIN "Score" p ON p."periodCode" = ${prev} AND p."unitId" = r."unitId" AND p."group" = r."group"
        WHERE ${changed === null}::boolean OR r.old_rank IS DISTINCT FROM r.rk OR r."unitId" = ANY(${changed?.map((c) => c.unitId) ?? []}::int[])
     ), cur AS (
       UPDATE "Score" s SET rank = ch.rk, "rankChange" = ch.chg FROM ch
        WHERE s."periodCode" = ${period} AND s."unitId" = ch."unitId"
          AND (ch.old_rank IS DISTINCT FROM ch.rk OR ch.old_change IS DISTINCT FROM ch.chg)
     )
     UPDATE "Score" n SET "rankChange" = CASE WHEN n."group" = ch."group" THEN ch.rk - n.rank END
       FROM ch
      WHERE n."periodCode" = ${next} AND n."unitId" = ch."unitId"
        AND n."rankChange" IS DISTINCT FROM (CASE WHEN n."group" = ch."group" THEN ch.rk - n.rank END)`,
  );
}

/** Re-ranks every unit of a period and the rank change of the period after it. */
export async function rerankPeriod(tx: Tx, period: string): Promise<void> {
  await lockScores(tx);
  await rerank(tx, period, null);
  await bumpScoreVersions(tx, [yearOf(period), yearOf(nextPeriod(period))]);
}

/**
 * Score-writing transactions run one at a time (until commit). Two at once would deadlock (each has
 * written its own unit's row and re-ranking needs the other's) or, worse, both commit ranks counted
 * without the other's new score — off by one and silently wrong (test/integration/concurrent-writes).
 * Writes of values and findings still run side by side; only the short re-scoring step queues.
 * The scoring calendar's catch-up takes its own lock (ADVISORY_LOCKS.catchUp) first, never after this one.
 */
async function lockScores(tx: Tx): Promise<void> {
  await execute(tx, sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.scores})`);
}

/**
 * Marks the score views of these years as changed: cached rankings and overviews (server/services/scores)
 * compare this per-year stamp before answering; and the city totals of these quarters (`totals.version:`).
 * The stamp is the writing transaction's id, so it is unique per committed change and a rolled-back write
 * leaves the previous stamp. Written under ADVISORY_LOCKS.scores, in key order.
 */
async function bumpScoreVersions(tx: Tx, years: number[], quarters: string[] = []): Promise<void> {
  const keys = [
    ...new Set([...years.map((y) => `scores.version:${y}`), ...quarters.map((q) => `totals.version:${q}`)]),
  ].sort();
  await execute(
    tx,
    sql`INSERT INTO "Setting" (key, value, "updatedAt")
     SELECT k, to_jsonb(pg_current_xact_id()::text), now() FROM unnest(${keys}::text[]) AS k ORDER BY 1
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = EXCLUDED."updatedAt"`,
  );
}

function nextPeriod(period: string): string {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  if (p.kind === 'year') return String(p.year + 1);
  return p.quarter === 4 ? `${p.year + 1}Q1` : `${p.year}Q${p.quarter + 1}`;
}

export type RescoreReport = {
  periods: string[];
  units: number;
  differences: { period: string; unit: string; field: string; stored: unknown; computed: unknown }[];
};

/**
 * Recomputes every stored period (or one year's) from scratch and reports what differed from the
 * materialized rows. Every period's rows are read before anything is recomputed: re-ranking a period
 * also corrects the rank changes of the next one, which must not hide a stale rank change there.
 */
export async function rescoreAll(tx: Tx, today: string, year?: number): Promise<RescoreReport> {
  await lockScores(tx);
  const periods = (
    await tx.period.findMany({
      where: { lockedAt: null, ...(year ? { year } : {}) },
      select: { code: true },
      orderBy: { code: 'asc' },
    })
  ).map((p) => p.code);
  const differences: RescoreReport['differences'] = [];
  const select = {
    unitId: true,
    score: true,
    grade: true,
    veto: true,
    submitted: true,
    rank: true,
    rankChange: true,
    unit: { select: { code: true } },
  } as const;
  const before = new Map<string, Awaited<ReturnType<typeof tx.score.findMany<{ select: typeof select }>>>>();
  for (const period of periods) before.set(period, await tx.score.findMany({ where: { periodCode: period }, select }));
  let units = 0;
  for (const period of periods) {
    units += await scorePeriod(tx, period, null, today);
    await rerankPeriod(tx, period);
  }
  for (const period of periods) {
    const after = await tx.score.findMany({ where: { periodCode: period }, select });
    const prior = new Map(before.get(period)!.map((b) => [b.unitId, b]));
    for (const a of after) {
      const b = prior.get(a.unitId);
      if (!b) {
        differences.push({ period, unit: a.unit.code, field: 'score', stored: null, computed: Number(a.score) });
        continue;
      }
      const pairs: [string, unknown, unknown][] = [
        ['score', Number(b.score), Number(a.score)],
        ['grade', b.grade, a.grade],
        ['veto', b.veto, a.veto],
        ['submitted', b.submitted, a.submitted],
        ['rank', b.rank, a.rank],
        ['rankChange', b.rankChange, a.rankChange],
      ];
      for (const [field, s, c] of pairs)
        if (s !== c) differences.push({ period, unit: a.unit.code, field, stored: s, computed: c });
    }
  }
  return { periods, units, differences };
}
