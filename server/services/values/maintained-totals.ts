import type { Tx } from '../../db';
import { COUNTED_SQL, execute, preparedWhenFew, queryRows, rawQuery } from '../../db';
import { isQuarterCode, quartersOfYear, yearOf } from '../../domain/periods';
import { sql } from '../../sql';

/**
 * A quarter's city totals, kept up to date by every write instead of summed over the quarter's values
 * (~400,000 at 10,000 units) on the first overview after it (issue 17, the cold path).
 *
 * "UnitQuarterTotal" holds each unit's contribution to a quarter: its counted values (submitted or
 * verified) summed per indicator, and `#deployed` = 1 when it is an active grassroots unit whose counted
 * `approval.deployed` is at least 1. "QuarterTotal" holds, per quarter and key, the sum of the
 * contributions and how many units contribute; a key no unit contributes to is removed, so a quarter's
 * keys are exactly those a recomputation (aggregateTotals) finds. `#built` marks a quarter as maintained:
 * until then (after the migration, after a change of whole periods) readers recompute, and the first write
 * that touches the quarter builds it.
 *
 * Every write of values, submission states and units re-scores through rescoreAffected (scoring/rescore.ts),
 * which calls maintainTotals under the scores lock: contributions change one transaction at a time, and
 * each sees the values committed before it. test/integration/maintained-totals.test.ts compares them with
 * a recomputation after random writes.
 */
const BUILT = '#built';
const DEPLOYED = '#deployed';

/** Each (p, u) of the CTE `pairs`: its contribution as (p, u, key, value) rows. */
const CONTRIBUTIONS = sql`SELECT pr.p, pr.u, k.key, k.value FROM pairs pr CROSS JOIN LATERAL (
    SELECT v."indicatorCode"::text AS key, sum(v.value)::numeric AS value
      FROM "Value" v JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL} AND s."periodCode" = pr.p
     WHERE v."periodCode" = pr.p AND v."unitId" = pr.u
     GROUP BY v."indicatorCode"
    UNION ALL
    SELECT ${DEPLOYED}::text, 1::numeric FROM "Unit" un
     WHERE un.id = pr.u AND un.active AND un."group" = 'grassroots'
       AND EXISTS (SELECT 1 FROM "Value" v JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL} AND s."periodCode" = pr.p
                    WHERE v."periodCode" = pr.p AND v."unitId" = pr.u AND v."indicatorCode" = 'approval.deployed' AND v.value >= 1)
  ) k`;

/** What a change of scores tells the totals (the ScoreChange of scoring/change-expansion.ts). */
export type TotalsChange = {
  unitQuarters?: { unitId: number; periodCode: string }[];
  periods?: string[];
  unitsEverywhere?: number[];
};

/**
 * Brings the maintained totals up to date after `change` (in the caller's transaction, under the scores
 * lock): whole periods are no longer maintained (recomputed by readers until the next write builds them);
 * each unit-quarter's contribution is recomputed and the difference added to its quarter's totals.
 */
export async function maintainTotals(tx: Tx, change: TotalsChange): Promise<void> {
  const dropped = [
    ...new Set((change.periods ?? []).flatMap((p) => (isQuarterCode(p) ? [p] : quartersOfYear(yearOf(p))))),
  ];
  if (dropped.length) {
    await execute(tx, sql`DELETE FROM "UnitQuarterTotal" WHERE "periodCode" = ANY(${dropped}::text[])`);
    await execute(tx, sql`DELETE FROM "QuarterTotal" WHERE "periodCode" = ANY(${dropped}::text[])`);
  }
  const pairs = new Map<string, { unitId: number; periodCode: string }>();
  for (const uq of change.unitQuarters ?? [])
    if (isQuarterCode(uq.periodCode)) pairs.set(`${uq.periodCode}|${uq.unitId}`, uq);
  if (change.unitsEverywhere?.length) {
    // These units in every maintained quarter (their group or state may have changed their deployed flag).
    const built = await queryRows<{ p: string }>(
      tx,
      sql`SELECT "periodCode" AS p FROM "QuarterTotal" WHERE key = ${BUILT}`,
    );
    for (const unitId of change.unitsEverywhere)
      for (const { p } of built) pairs.set(`${p}|${unitId}`, { unitId, periodCode: p });
  }
  if (pairs.size === 0) return;
  const list = [...pairs.values()];
  // One statement: the pairs of maintained quarters get their new contribution and its difference; the
  // quarters not maintained yet are named, to be built; so is whether a key lost its last unit.
  const [res] = await queryRows<{ unbuilt: string[]; emptied: boolean }>(
    tx,
    sql`WITH input AS (
       SELECT DISTINCT x.p, x.u FROM unnest(${list.map((k) => k.periodCode)}::text[], ${list.map((k) => k.unitId)}::int[]) AS x(p, u)
     ), pairs AS (
       SELECT i.p, i.u FROM input i
        WHERE EXISTS (SELECT 1 FROM "QuarterTotal" b WHERE b."periodCode" = i.p AND b.key = ${BUILT})
     ), fresh AS (${CONTRIBUTIONS}
     ), old AS (
       SELECT o."periodCode" AS p, o."unitId" AS u, e.key, e.value::numeric AS value
         FROM "UnitQuarterTotal" o JOIN pairs pr ON o."periodCode" = pr.p AND o."unitId" = pr.u
        CROSS JOIN LATERAL jsonb_each_text(o.totals) e
     ), diff AS (
       SELECT p, key, sum(value) AS d, sum(c)::int AS dn
         FROM (SELECT p, key, value, 1 AS c FROM fresh UNION ALL SELECT p, key, -value, -1 FROM old) z
        GROUP BY p, key HAVING sum(value) <> 0 OR sum(c) <> 0
     ), totals AS (
       INSERT INTO "QuarterTotal" ("periodCode", key, value, units) SELECT p, key, d, dn FROM diff
       ON CONFLICT ("periodCode", key) DO UPDATE SET value = "QuarterTotal".value + EXCLUDED.value, units = "QuarterTotal".units + EXCLUDED.units
       RETURNING units
     ), gone AS (
       DELETE FROM "UnitQuarterTotal" o USING pairs pr
        WHERE o."periodCode" = pr.p AND o."unitId" = pr.u AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.p = pr.p AND f.u = pr.u)
     ), kept AS (
       INSERT INTO "UnitQuarterTotal" ("periodCode", "unitId", totals)
       SELECT p, u, jsonb_object_agg(key, value) FROM fresh GROUP BY p, u
       ON CONFLICT ("periodCode", "unitId") DO UPDATE SET totals = EXCLUDED.totals
       WHERE "UnitQuarterTotal".totals IS DISTINCT FROM EXCLUDED.totals
     )
     SELECT (SELECT coalesce(array_agg(DISTINCT i.p), '{}') FROM input i WHERE NOT EXISTS (SELECT 1 FROM pairs pr WHERE pr.p = i.p))::text[] AS unbuilt,
            EXISTS (SELECT 1 FROM totals WHERE units = 0) AS emptied`,
    preparedWhenFew(list.length, 'totals'),
  );
  // A key no unit contributes to any more goes, as a recomputation would not find it.
  if (res?.emptied)
    await execute(
      tx,
      sql`DELETE FROM "QuarterTotal" WHERE "periodCode" = ANY(${[...new Set(list.map((k) => k.periodCode))]}::text[])
           AND units = 0 AND key <> ${BUILT}`,
    );
  if (res?.unbuilt.length) await buildTotals(tx, res.unbuilt);
}

/** Computes the contributions and totals of whole quarters afresh, and marks them maintained. */
export async function buildTotals(tx: Tx, quarters: string[]): Promise<void> {
  await execute(tx, sql`DELETE FROM "UnitQuarterTotal" WHERE "periodCode" = ANY(${quarters}::text[])`);
  await execute(tx, sql`DELETE FROM "QuarterTotal" WHERE "periodCode" = ANY(${quarters}::text[])`);
  await execute(
    tx,
    sql`WITH pairs AS (
       SELECT DISTINCT "periodCode" AS p, "unitId" AS u FROM "Submission"
        WHERE "periodCode" = ANY(${quarters}::text[]) AND status IN ${COUNTED_SQL}
     ), fresh AS (${CONTRIBUTIONS}
     ), units AS (
       INSERT INTO "UnitQuarterTotal" ("periodCode", "unitId", totals)
       SELECT p, u, jsonb_object_agg(key, value) FROM fresh GROUP BY p, u
     )
     INSERT INTO "QuarterTotal" ("periodCode", key, value, units)
     SELECT p, key, sum(value), count(*)::int FROM fresh GROUP BY p, key
     UNION ALL
     SELECT q, ${BUILT}, 0, 1 FROM unnest(${quarters}::text[]) AS q`,
  );
}

/**
 * A quarter's maintained city totals (indicator code → total) and how many units count as having deployed
 * online approval; null while the quarter is not maintained. One small indexed read.
 */
export async function maintainedQuarterTotals(
  tx: Tx,
  quarter: string,
): Promise<{ totals: Record<string, number>; deployed: number } | null> {
  const rows = await rawQuery<{ key: string; value: string }>(
    tx,
    sql`SELECT key, value::text AS value FROM "QuarterTotal" WHERE "periodCode" = ${quarter} ORDER BY key COLLATE "C"`,
  );
  if (!rows.some((r) => r.key === BUILT)) return null;
  const totals: Record<string, number> = {};
  let deployed = 0;
  for (const r of rows) {
    if (r.key === DEPLOYED) deployed = Number(r.value);
    else if (!r.key.startsWith('#')) totals[r.key] = Number(r.value);
  }
  return { totals, deployed };
}
