import { quartersOf } from '../scoring/load-score-inputs';
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

export type ValueExportRow = { unit: string; period: string; indicator: string; value: number };

const COUNTED = `JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ('submitted', 'verified')`;

/**
 * Values of a period per unit and indicator, counting submitted and verified values only; a year holds
 * its quarters' aggregate (flows summed, stocks from the last quarter that has one).
 */
export async function exportValueRows(tx: Tx, period: string, scopeUnitId: number | null): Promise<ValueExportRow[]> {
  const quarters = quartersOf(period);
  const rows = await tx.$queryRawUnsafe<{ unit: string; indicator: string; value: string }[]>(
    `SELECT u.code AS unit, v."indicatorCode" AS indicator,
            (CASE WHEN i.kind = 'stock' THEN (array_agg(v.value ORDER BY v."periodCode" DESC))[1] ELSE sum(v.value) END)::text AS value
       FROM "Value" v ${COUNTED}
       JOIN "Unit" u ON u.id = v."unitId"
       LEFT JOIN "Indicator" i ON i.code = v."indicatorCode"
      WHERE v."periodCode" = ANY($1::text[]) ${scopeUnitId !== null ? 'AND v."unitId" = $2' : ''}
      GROUP BY u.code, v."indicatorCode", i.kind, i."sortOrder"
      ORDER BY u.code, i."sortOrder", v."indicatorCode"`,
    ...(scopeUnitId !== null ? [quarters, scopeUnitId] : [quarters]),
  );
  return rows.map((r) => ({ unit: r.unit, period, indicator: r.indicator, value: Number(r.value) }));
}

/** The city's (or one unit's) totals for a period: per-unit aggregates summed over units. */
export async function aggregateTotals(tx: Tx, period: string, scopeUnitId: number | null): Promise<Record<string, number>> {
  const quarters = quartersOf(period);
  const rows = await tx.$queryRawUnsafe<{ indicator: string; value: string }[]>(
    `WITH per_unit AS (
       SELECT v."unitId", v."indicatorCode",
              CASE WHEN i.kind = 'stock' THEN (array_agg(v.value ORDER BY v."periodCode" DESC))[1] ELSE sum(v.value) END AS value
         FROM "Value" v ${COUNTED}
         LEFT JOIN "Indicator" i ON i.code = v."indicatorCode"
        WHERE v."periodCode" = ANY($1::text[]) ${scopeUnitId !== null ? 'AND v."unitId" = $2' : ''}
        GROUP BY v."unitId", v."indicatorCode", i.kind
     )
     SELECT "indicatorCode" AS indicator, sum(value)::text AS value FROM per_unit GROUP BY "indicatorCode"`,
    ...(scopeUnitId !== null ? [quarters, scopeUnitId] : [quarters]),
  );
  return Object.fromEntries(rows.map((r) => [r.indicator, Number(r.value)]));
}
