import type { Tx } from '../../db';
import { execute, queryRows } from '../../db';
import { parsePeriod, previousPeriod } from '../../domain/periods';
import { type Sql, sql } from '../../sql';
import { NEXT_CHANGE } from './score-versions';
import type { ChangedScore } from './write-scores';

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
export async function rerank(tx: Tx, period: string, changed: ChangedScore[] | null): Promise<void> {
  await rerankPeriods(tx, [{ period, changed }], null);
}

/** A period to re-rank and the scores that changed in it (null: every unit is checked). */
export type Rerank = { period: string; changed: ChangedScore[] | null };

/**
 * Re-ranks the periods in order, then runs `after` (the view stamps). When each period has one changed unit
 * that stayed in its group, and no period is another's next (so no row is written twice and none reads
 * another's new ranks), every shift and `after` go in one statement: one round trip for one unit's change
 * (a quarter and its year) instead of three. Returns about how many score rows were rewritten (shifted units
 * and their next period's rows; for a whole period, the next period's rows that changed).
 */
export async function rerankPeriods(tx: Tx, list: Rerank[], after: Sql | null): Promise<number> {
  const shifts = list.map((r) => ({ r, one: shiftable(r.changed) }));
  const periods = new Set(list.map((r) => r.period));
  const independent = periods.size === list.length && list.every((r) => !periods.has(nextPeriod(r.period)));
  if (independent && shifts.every((x) => x.one))
    return shiftAll(
      tx,
      shifts.map((x) => ({ period: x.r.period, one: x.one! })),
      after,
    );
  let rows = 0;
  for (const { r, one } of shifts)
    rows += one ? await shiftAll(tx, [{ period: r.period, one }], null) : await rankWhole(tx, r.period, r.changed);
  if (after) await execute(tx, after);
  return rows;
}

/**
 * The in-place shifts of these periods, and `after`, in one statement; about how many rows they rewrote (each
 * moved unit here and in the next period, and the changed unit's two rows). A same score moves no rank.
 */
async function shiftAll(tx: Tx, list: { period: string; one: ChangedScore }[], after: Sql | null): Promise<number> {
  const moving = list.filter((x) => Number(x.one.oldScore) !== Number(x.one.score));
  const ctes = moving.map((x, i) => shiftCtes(`s${i}_`, x.period, x.one));
  const moved = moving.map((_, i) => sql`(SELECT count(*) FROM ${sql.raw(`s${i}_moved`)})`);
  if (after) ctes.push(sql`versions AS (${after})`);
  if (!ctes.length) return 0;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`WITH ${sql.join(ctes, ', ')} SELECT (${moved.length ? sql.join(moved, ' + ') : sql`0`})::int AS n`,
    { prepared: 'rescore' },
  );
  return 2 * (row?.n ?? 0) + 2 * moving.length;
}

/** The one changed unit whose ranks can be shifted in place (it stayed in its group), or null. */
function shiftable(changed: ChangedScore[] | null): ChangedScore | null {
  const one = changed?.length === 1 ? changed[0]! : null;
  return one && one.oldScore !== null && one.oldRank !== null && one.oldGroup === one.group ? one : null;
}

/**
 * One changed unit's shift as CTEs named with `prefix`: only the units whose score lies between its old and
 * new score move by one place, and the rank changes of the period after follow. The moved rows keep their
 * change number: rank and rank change are in no index, so each is a HOT update (no new index entries); the
 * moved units are logged once per period in "ScoreShift" instead, numbered from the same sequence, for cached
 * views (services/scores/find-scores.ts). The changed unit's own rows take a new change number as before.
 */
function shiftCtes(prefix: string, period: string, one: ChangedScore): Sql {
  const prev = previousPeriod(period);
  const next = nextPeriod(period);
  const d = Number(one.score) > Number(one.oldScore) ? 1 : -1;
  const n = (name: string) => sql.raw(`${prefix}${name}`);
  return sql`${n('moved')} AS (
         UPDATE "Score" SET rank = rank + ${d}, "rankChange" = "rankChange" - ${d}
          WHERE "periodCode" = ${period} AND "group" = ${one.group}::"RankGroup" AND "unitId" <> ${one.unitId}
            AND score >= least(${one.oldScore}::numeric, ${one.score}::numeric) AND score < greatest(${one.oldScore}::numeric, ${one.score}::numeric)
         RETURNING "unitId"
       ), ${n('me')} AS (
         -- rank = 1 + the others scoring more: the old rank, less (up) or plus (down) the others scoring
         -- above the lower of the two scores and at most the higher: a short range of the index, not all above.
         SELECT ${one.oldRank}::int - ${d} * count(*)::int AS rk FROM "Score"
          WHERE "periodCode" = ${period} AND "group" = ${one.group}::"RankGroup" AND "unitId" <> ${one.unitId}
            AND score > least(${one.oldScore}::numeric, ${one.score}::numeric) AND score <= greatest(${one.oldScore}::numeric, ${one.score}::numeric)
       ), ${n('mine')} AS (
         UPDATE "Score" s SET rank = me.rk, "changeSeq" = ${NEXT_CHANGE},
                "rankChange" = (SELECT p.rank FROM "Score" p
                                 WHERE p."periodCode" = ${prev} AND p."unitId" = ${one.unitId}
                                   AND p."group" = ${one.group}::"RankGroup") - me.rk
           FROM ${n('me')} me WHERE s."periodCode" = ${period} AND s."unitId" = ${one.unitId}
         RETURNING s.rank
       ), ${n('after')} AS (
         UPDATE "Score" n SET "rankChange" = n."rankChange" + ${d}
           FROM ${n('moved')} moved WHERE n."periodCode" = ${next} AND n."unitId" = moved."unitId" AND n."rankChange" IS NOT NULL
       ), ${n('logged')} AS (
         INSERT INTO "ScoreShift" (seq, "periodCode", "unitIds")
         SELECT ${NEXT_CHANGE}, v.p, m.u FROM (VALUES (${period}::text), (${next}::text)) v(p)
          CROSS JOIN (SELECT array_agg("unitId") AS u FROM ${n('moved')}) m WHERE m.u IS NOT NULL
       ), ${n('next')} AS (
         UPDATE "Score" n SET "rankChange" = CASE WHEN n."group" = ${one.group}::"RankGroup" THEN mine.rank - n.rank END,
                "changeSeq" = ${NEXT_CHANGE}
           FROM ${n('mine')} mine WHERE n."periodCode" = ${next} AND n."unitId" = ${one.unitId}
       )`;
}

/** Ranks recomputed with rank() over the period; rank changes checked for the units that changed or moved. */
async function rankWhole(tx: Tx, period: string, changed: ChangedScore[] | null): Promise<number> {
  const prev = previousPeriod(period);
  const next = nextPeriod(period);
  return execute(
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
       UPDATE "Score" s SET rank = ch.rk, "rankChange" = ch.chg, "changeSeq" = ${NEXT_CHANGE} FROM ch
        WHERE s."periodCode" = ${period} AND s."unitId" = ch."unitId"
          AND (ch.old_rank IS DISTINCT FROM ch.rk OR ch.old_change IS DISTINCT FROM ch.chg)
     )
     UPDATE "Score" n SET "rankChange" = CASE WHEN n."group" = ch."group" THEN ch.rk - n.rank END,
            "changeSeq" = ${NEXT_CHANGE}
       FROM ch
      WHERE n."periodCode" = ${next} AND n."unitId" = ch."unitId"
        AND n."rankChange" IS DISTINCT FROM (CASE WHEN n."group" = ch."group" THEN ch.rk - n.rank END)`,
  );
}

/** The period after `period`: the next quarter, or the next year. */
export function nextPeriod(period: string): string {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  if (p.kind === 'year') return String(p.year + 1);
  return p.quarter === 4 ? `${p.year + 1}Q1` : `${p.year}Q${p.quarter + 1}`;
}
