import { parsePeriod, periodBounds, quartersOfYear } from '../../domain/periods';
import type { CommendationInput, FindingInput, UnitInput } from '../../domain/scoring/evaluate';
import type { RankGroup } from '../../domain/catalogue';
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/** The quarters a period covers. */
export function quartersOf(period: string): string[] {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  return p.kind === 'year' ? quartersOfYear(p.year) : [p.code];
}

/**
 * Everything the engine needs for a period, loaded set-based: values aggregated in SQL
 * (flows summed, stocks from the last quarter that has one), counting only submitted and verified values.
 */
export async function loadScoreInputs(tx: Tx, period: string, unitIds: number[] | null): Promise<UnitInput[]> {
  const quarters = quartersOf(period);
  const { start, end } = periodBounds(period);
  const unitFilter = unitIds ? `AND u.id = ANY($2::int[])` : '';
  const params: unknown[] = unitIds ? [quarters, unitIds] : [quarters];
  const units = await tx.$queryRawUnsafe<{ id: number; code: string; group: RankGroup; submitted: boolean; vals: Record<string, number> | null }[]>(
    `WITH agg AS (
       SELECT v."unitId", v."indicatorCode",
              CASE WHEN i.kind = 'stock' THEN (array_agg(v.value ORDER BY v."periodCode" DESC))[1] ELSE sum(v.value) END AS value
         FROM "Value" v
         JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ('submitted', 'verified')
         LEFT JOIN "Indicator" i ON i.code = v."indicatorCode"
        WHERE v."periodCode" = ANY($1::text[]) ${unitIds ? `AND v."unitId" = ANY($2::int[])` : ''}
        GROUP BY v."unitId", v."indicatorCode", i.kind
     )
     SELECT u.id, u.code, u."group"::text AS "group",
            EXISTS (SELECT 1 FROM "Submission" s WHERE s."unitId" = u.id AND s."periodCode" = ANY($1::text[]) AND s.status IN ('submitted', 'verified')) AS submitted,
            (SELECT jsonb_object_agg(a."indicatorCode", a.value) FROM agg a WHERE a."unitId" = u.id) AS vals
       FROM "Unit" u
      WHERE u.active ${unitFilter}
      ORDER BY u.code`,
    ...params,
  );
  const findings = await tx.$queryRawUnsafe<
    { id: number; unitId: number; periodCode: string; severity: FindingInput['severity']; deduction: string; description: string; deadline: string | null; rectifiedAt: string | null }[]
  >(
    `SELECT f.id, f."unitId", f."periodCode", f.severity::text AS severity, f.deduction::text AS deduction, f.description,
            to_char(f.deadline, 'YYYY-MM-DD') AS deadline, to_char(f."rectifiedAt", 'YYYY-MM-DD') AS "rectifiedAt"
       FROM "Finding" f
      WHERE (f."periodCode" = ANY($1::text[]) OR (f.deadline BETWEEN $2::date AND $3::date))
        ${unitIds ? `AND f."unitId" = ANY($4::int[])` : ''}`,
    ...(unitIds ? [quarters, start, end, unitIds] : [quarters, start, end]),
  );
  const commendations = await tx.$queryRawUnsafe<{ id: number; unitId: number; periodCode: string; points: string; reason: string }[]>(
    `SELECT c.id, c."unitId", c."periodCode", c.points::text AS points, c.reason
       FROM "Commendation" c
      WHERE c."periodCode" = ANY($1::text[]) ${unitIds ? `AND c."unitId" = ANY($2::int[])` : ''}`,
    ...params,
  );
  const fByUnit = new Map<number, FindingInput[]>();
  for (const f of findings) {
    const list = fByUnit.get(f.unitId) ?? [];
    list.push({ id: f.id, quarter: f.periodCode, severity: f.severity, deduction: Number(f.deduction), description: f.description, deadline: f.deadline, rectifiedAt: f.rectifiedAt });
    fByUnit.set(f.unitId, list);
  }
  const cByUnit = new Map<number, CommendationInput[]>();
  for (const c of commendations) {
    const list = cByUnit.get(c.unitId) ?? [];
    list.push({ id: c.id, quarter: c.periodCode, points: Number(c.points), reason: c.reason });
    cByUnit.set(c.unitId, list);
  }
  return units.map((u) => ({
    unitId: u.id,
    unitCode: u.code,
    group: u.group,
    submitted: u.submitted,
    values: Object.fromEntries(Object.entries(u.vals ?? {}).map(([k, v]) => [k, Number(v)])),
    findings: fByUnit.get(u.id) ?? [],
    commendations: cByUnit.get(u.id) ?? [],
  }));
}
