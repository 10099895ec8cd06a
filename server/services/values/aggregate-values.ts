import type { Tx } from '../../db';
import { COUNTED_SQL, queryRows, rawQuery } from '../../db';
import { type Scope, scopedUnitId } from '../../domain/names';
import { sql } from '../../sql';
import { quartersOf } from '../scoring/load-score-inputs';

export type ValueExportRow = { unit: string; period: string; indicator: string; value: number };

const COUNTED = sql`JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL}`;

/**
 * Values of a period per unit and indicator, counting submitted and verified values only; a year holds
 * its quarters' aggregate (flows summed, stocks from the last quarter that has one).
 */
export async function exportValueRows(tx: Tx, period: string, scope: Scope): Promise<ValueExportRow[]> {
  const quarters = quartersOf(period);
  const scopeUnitId = scopedUnitId(scope);
  const rows = await queryRows<{ unit: string; indicator: string; value: string }>(
    tx,
    sql`SELECT u.code AS unit, v."indicatorCode" AS indicator,
            (CASE WHEN i.kind = 'stock' THEN (array_agg(v.value ORDER BY v."periodCode" DESC))[1]
                  ELSE sum(v.value) END)::text AS value
       FROM "Value" v ${COUNTED}
       JOIN "Unit" u ON u.id = v."unitId"
       LEFT JOIN "Indicator" i ON i.code = v."indicatorCode"
      WHERE v."periodCode" = ANY(${quarters}::text[]) ${scopeUnitId !== null ? sql`AND v."unitId" = ${scopeUnitId}` : sql.empty}
      GROUP BY u.code, v."indicatorCode", i.kind, i."sortOrder"
      ORDER BY u.code, i."sortOrder", v."indicatorCode"`,
  );
  return rows.map((r) => ({ unit: r.unit, period, indicator: r.indicator, value: Number(r.value) }));
}

/**
 * The city's (or one unit's) totals for a period: per-unit aggregates summed over units. A flow's
 * total is simply the sum of its counted values (the sum over units of per-unit sums), so only
 * stock indicators need the per-unit step (the value of the last quarter that has one): for a
 * quarter that is one value per unit anyway, for a year one DISTINCT ON over the stock rows. Codes
 * missing from the catalogue count as flows.
 */
export async function aggregateTotals(tx: Tx, period: string, scope: Scope): Promise<Record<string, number>> {
  const quarters = quartersOf(period);
  const scopeUnitId = scopedUnitId(scope);
  const scoped = scopeUnitId !== null ? sql`AND v."unitId" = ${scopeUnitId}` : sql.empty;
  const COUNTED_IN = sql`JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL}
                          AND s."periodCode" = ANY(${quarters}::text[])`;
  const rows =
    quarters.length === 1
      ? await rawQuery<{ indicator: string; value: string }>(
          tx,
          sql`SELECT v."indicatorCode" AS indicator, sum(v.value)::text AS value
             FROM "Value" v ${COUNTED_IN}
            WHERE v."periodCode" = ANY(${quarters}::text[]) ${scoped}
            GROUP BY v."indicatorCode"`,
        )
      : await rawQuery<{ indicator: string; value: string }>(
          tx,
          sql`WITH stock AS (SELECT code FROM "Indicator" WHERE kind = 'stock'),
           flows AS (
             SELECT v."indicatorCode" AS indicator, sum(v.value) AS value
               FROM "Value" v ${COUNTED_IN}
              WHERE v."periodCode" = ANY(${quarters}::text[]) ${scoped} AND v."indicatorCode" NOT IN (SELECT code FROM stock)
              GROUP BY v."indicatorCode"
           ), last AS (
             SELECT DISTINCT ON (v."unitId", v."indicatorCode") v."indicatorCode" AS indicator, v.value
               FROM "Value" v ${COUNTED_IN}
              WHERE v."periodCode" = ANY(${quarters}::text[]) ${scoped} AND v."indicatorCode" IN (SELECT code FROM stock)
              ORDER BY v."unitId", v."indicatorCode", v."periodCode" DESC
           )
           SELECT indicator, value::text FROM flows
           UNION ALL
           SELECT indicator, sum(value)::text FROM last GROUP BY indicator`,
        );
  return Object.fromEntries(rows.map((r) => [r.indicator, Number(r.value)]));
}
