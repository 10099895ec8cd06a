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

const COUNTED = `('submitted', 'verified')`;

/** Everything the engine needs for a period (see loadScoreInputsFor). */
export async function loadScoreInputs(tx: Tx, period: string, unitIds: number[] | null): Promise<UnitInput[]> {
  return (await loadScoreInputsFor(tx, [period], unitIds)).get(period)!;
}

/**
 * Everything the engine needs for some periods (typically a year and its quarters), counting only
 * submitted and verified values, loaded set-based in one pass over their quarters: four statements
 * whatever the number of units and periods. A year's values are aggregated here from its quarters
 * (flows summed, stocks from the last quarter that has one).
 *
 * Values travel as one text per unit-quarter (`code␟value␞code␟value…`): 10,000 rows a quarter
 * rather than 400,000, and no JSON to build in the database nor to parse here
 * (docs/decisions/003-performance-and-scale.md). Units are in code order; each unit's findings and
 * commendations may include other periods' (the engine picks the ones that belong to the period).
 */
export async function loadScoreInputsFor(tx: Tx, periods: string[], unitIds: number[] | null): Promise<Map<string, UnitInput[]>> {
  const out = new Map<string, UnitInput[]>();
  if (periods.length === 0) return out;
  const quarters = [...new Set(periods.flatMap(quartersOf))].sort();
  const bounds = periods.map(periodBounds);
  const start = bounds.map((b) => b.start).sort()[0]!;
  const end = bounds.map((b) => b.end).sort().at(-1)!;
  // Codes missing from the catalogue count as flows.
  const stock = new Set(
    (await tx.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM "Indicator" WHERE kind = 'stock'`)).map((i) => i.code),
  );
  // Per unit, the quarters with a counted submission. A few units: one index probe each; all: one pass.
  const units = await tx.$queryRawUnsafe<{ id: number; code: string; group: RankGroup; qs: string[] | null }[]>(
    unitIds
      ? `SELECT u.id, u.code, u."group"::text AS "group",
                (SELECT array_agg(s."periodCode"::text) FROM "Submission" s
                  WHERE s."unitId" = u.id AND s."periodCode" = ANY($1::text[]) AND s.status IN ${COUNTED}) AS qs
           FROM "Unit" u WHERE u.active AND u.id = ANY($2::int[]) ORDER BY u.code`
      : `SELECT u.id, u.code, u."group"::text AS "group", c.qs
           FROM "Unit" u
           LEFT JOIN (SELECT s."unitId", array_agg(s."periodCode"::text) AS qs FROM "Submission" s
                       WHERE s."periodCode" = ANY($1::text[]) AND s.status IN ${COUNTED} GROUP BY s."unitId") c ON c."unitId" = u.id
          WHERE u.active ORDER BY u.code`,
    ...(unitIds ? [quarters, unitIds] : [quarters]),
  );
  const valueRows = await tx.$queryRawUnsafe<{ u: number; p: string; t: string }[]>(
    `SELECT v."unitId" AS u, v."periodCode" AS p, string_agg(v."indicatorCode" || chr(31) || v.value, chr(30)) AS t
       FROM "Value" v
       JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED} AND s."periodCode" = ANY($1::text[])
      WHERE v."periodCode" = ANY($1::text[]) ${unitIds ? `AND v."unitId" = ANY($2::int[])` : ''}
      GROUP BY v."periodCode", v."unitId"`,
    ...(unitIds ? [quarters, unitIds] : [quarters]),
  );
  const findings = await tx.$queryRawUnsafe<
    { id: number; unitId: number; periodCode: string; severity: FindingInput['severity']; deduction: string; description: string; deadline: string | null; rectifiedAt: string | null }[]
  >(
    `SELECT f.id, f."unitId", f."periodCode", f.severity::text AS severity, f.deduction::text AS deduction, f.description,
            to_char(f.deadline, 'YYYY-MM-DD') AS deadline, to_char(f."rectifiedAt", 'YYYY-MM-DD') AS "rectifiedAt"
       FROM "Finding" f
      WHERE (f."periodCode" = ANY($1::text[]) OR (f.deadline BETWEEN $2::date AND $3::date))
        ${unitIds ? `AND f."unitId" = ANY($4::int[])` : ''}
      ORDER BY f.id`,
    ...(unitIds ? [quarters, start, end, unitIds] : [quarters, start, end]),
  );
  const commendations = await tx.$queryRawUnsafe<{ id: number; unitId: number; periodCode: string; points: string; reason: string }[]>(
    `SELECT c.id, c."unitId", c."periodCode", c.points::text AS points, c.reason
       FROM "Commendation" c
      WHERE c."periodCode" = ANY($1::text[]) ${unitIds ? `AND c."unitId" = ANY($2::int[])` : ''}
      ORDER BY c.id`,
    ...(unitIds ? [quarters, unitIds] : [quarters]),
  );

  // unit → quarter → values, decoded once and shared by every period that covers the quarter.
  const quarterValues = new Map<number, Map<string, Record<string, number>>>();
  for (const row of valueRows) {
    let byQuarter = quarterValues.get(row.u);
    if (!byQuarter) {
      byQuarter = new Map();
      quarterValues.set(row.u, byQuarter);
    }
    const values: Record<string, number> = {};
    for (const pair of row.t.split('\u001e')) {
      const sep = pair.lastIndexOf('\u001f');
      values[pair.slice(0, sep)] = Number(pair.slice(sep + 1));
    }
    byQuarter.set(row.p, values);
  }
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
  for (const period of periods) {
    const qs = quartersOf(period); // in order: a stock keeps the value of the last quarter that has one
    out.set(
      period,
      units.map((u) => {
        const byQuarter = quarterValues.get(u.id);
        let values: Record<string, number> = {};
        if (byQuarter && qs.length === 1) values = byQuarter.get(qs[0]!) ?? {};
        else if (byQuarter) {
          for (const q of qs) {
            const v = byQuarter.get(q);
            if (!v) continue;
            for (const code in v) values[code] = stock.has(code) ? v[code]! : (values[code] ?? 0) + v[code]!;
          }
        }
        return {
          unitId: u.id,
          unitCode: u.code,
          group: u.group,
          submitted: !!u.qs && u.qs.some((q) => qs.includes(q)),
          values,
          findings: fByUnit.get(u.id) ?? [],
          commendations: cByUnit.get(u.id) ?? [],
        };
      }),
    );
  }
  return out;
}
