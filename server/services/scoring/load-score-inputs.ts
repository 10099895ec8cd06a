import type { Tx } from '../../db';
import { COUNTED_SQL, preparedWhenFew, queryRows } from '../../db';
import type { RankGroup } from '../../domain/catalogue';
import { parsePeriod, periodBounds, quartersOfPeriod } from '../../domain/periods';
import type { CommendationInput, FindingInput, UnitInput } from '../../domain/scoring/evaluate';
import { sql } from '../../sql';

/** The quarters a period covers. */
export function quartersOf(period: string): string[] {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  return quartersOfPeriod(p);
}

/** Everything the engine needs for a period (see loadScoreInputsFor). */
export async function loadScoreInputs(tx: Tx, period: string, unitIds: number[] | null): Promise<UnitInput[]> {
  return (await loadScoreInputsFor(tx, [period], unitIds)).get(period)!;
}

/** The latest stored version of a year's scheme (its row id and version), or null: the default is in force. */
export type SchemeHead = { id: number; version: number } | null;

type SideRow = {
  k: 'f' | 'c' | 's' | 'h' | 'p' | 'u' | 'v';
  id: number | null;
  unitId: number | null;
  periodCode: string | null;
  severity: string | null;
  amount: string | null;
  text: string | null;
  deadline: string | null;
  rectifiedAt: string | null;
};

/**
 * Everything the engine needs for some periods (typically a year and its quarters), counting only
 * submitted and verified values, loaded set-based in one pass over their quarters: three statements for
 * whole periods, whatever the number of units, and one for a few units (one unit's change). A year's values
 * are aggregated here from its quarters (flows summed, stocks from the last quarter that has one).
 *
 * Values travel as one text per unit-quarter (`code␟value␞code␟value…`): 10,000 rows a quarter
 * rather than 400,000, and no JSON to build in the database nor to parse here
 * (docs/decisions/003-performance-and-scale.md). Units are in code order; each unit's findings and
 * commendations may include other periods' (the engine picks the ones that belong to the period).
 * `heads` holds, per year of the periods, the scheme head in force (schemeForYear takes it and does not ask again);
 * `open` the periods that exist and are not locked, read in the same snapshot.
 */
export async function loadScoreInputsFor(
  tx: Tx,
  periods: string[],
  unitIds: number[] | null,
  heads?: Map<number, SchemeHead>,
  open?: Set<string>,
): Promise<Map<string, UnitInput[]>> {
  const out = new Map<string, UnitInput[]>();
  if (periods.length === 0) return out;
  const quarters = [...new Set(periods.flatMap(quartersOf))].sort();
  const years = [...new Set(periods.map((p) => parsePeriod(p)!.year))];
  const bounds = periods.map(periodBounds);
  const start = bounds.map((b) => b.start).sort()[0]!;
  const end = bounds
    .map((b) => b.end)
    .sort()
    .at(-1)!;
  // Findings, commendations, the stock indicators and the schemes in force, as rows of one shape.
  const sideRows = sql`SELECT 'f' AS k, f.id, f."unitId", f."periodCode", f.severity::text AS severity, f.deduction::text AS amount, f.description AS text,
            to_char(f.deadline, 'YYYY-MM-DD') AS deadline, to_char(f."rectifiedAt", 'YYYY-MM-DD') AS "rectifiedAt"
       FROM "Finding" f
      WHERE (f."periodCode" = ANY(${quarters}::text[]) OR (f.deadline BETWEEN ${start}::date AND ${end}::date))
        ${unitIds ? sql`AND f."unitId" = ANY(${unitIds}::int[])` : sql.empty}
     UNION ALL
     SELECT 'c', c.id, c."unitId", c."periodCode", NULL, c.points::text, c.reason, NULL, NULL
       FROM "Commendation" c
      WHERE c."periodCode" = ANY(${quarters}::text[]) ${unitIds ? sql`AND c."unitId" = ANY(${unitIds}::int[])` : sql.empty}
     UNION ALL
     SELECT 's', NULL, NULL, NULL, NULL, NULL, i.code, NULL, NULL FROM "Indicator" i WHERE i.kind = 'stock'
     UNION ALL
     SELECT 'h', h.id, NULL, h.year::text, NULL, h.version::text, NULL, NULL, NULL
       FROM (SELECT DISTINCT ON (year) id, year, version FROM "Scheme" WHERE year = ANY(${years}::int[]) ORDER BY year, version DESC) h
     UNION ALL
     SELECT 'p', NULL, NULL, p.code, NULL, NULL, NULL, NULL, NULL FROM "Period" p WHERE p.code = ANY(${periods}::text[]) AND p."lockedAt" IS NULL`;
  let units: { id: number; code: string; group: RankGroup; qs: string[] | null }[];
  let valueRows: { u: number; p: string; t: string }[];
  let side: SideRow[];
  if (unitIds) {
    // A few units (one unit's change): everything in one statement, one index probe per unit and table.
    // Each quarter with a counted submission is listed once, with a `+` in front when it was submitted by
    // its deadline (timeliness rules).
    const rows = await queryRows<SideRow>(
      tx,
      sql`SELECT * FROM (
         SELECT 'u' AS k, u.id, NULL::int AS "unitId", NULL::text AS "periodCode", u."group"::text AS severity,
                (SELECT string_agg(CASE WHEN s."onTime" THEN '+' ELSE '' END || s."periodCode", ',') FROM "Submission" s
                  WHERE s."unitId" = u.id AND s."periodCode" = ANY(${quarters}::text[]) AND s.status IN ${COUNTED_SQL}) AS amount,
                u.code AS text, NULL::text AS deadline, NULL::text AS "rectifiedAt"
           FROM "Unit" u WHERE u.active AND u.id = ANY(${unitIds}::int[])
         UNION ALL
         SELECT 'v', NULL, v."unitId", v."periodCode", NULL, NULL, string_agg(v."indicatorCode" || chr(31) || v.value, chr(30)), NULL, NULL
           FROM "Value" v
           JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL} AND s."periodCode" = ANY(${quarters}::text[])
          WHERE v."periodCode" = ANY(${quarters}::text[]) AND v."unitId" = ANY(${unitIds}::int[])
          GROUP BY v."unitId", v."periodCode"
         UNION ALL
         ${sideRows}
       ) x ORDER BY k, CASE WHEN k = 'u' THEN text END, id`,
      preparedWhenFew(unitIds.length * periods.length, 'rescore'),
    );
    units = [];
    valueRows = [];
    side = [];
    for (const r of rows) {
      if (r.k === 'u')
        units.push({
          id: r.id!,
          code: r.text!,
          group: r.severity as RankGroup,
          qs: r.amount ? r.amount.split(',') : null,
        });
      else if (r.k === 'v') valueRows.push({ u: r.unitId!, p: r.periodCode!, t: r.text! });
      else side.push(r);
    }
  } else {
    // Per unit, the quarters with a counted submission: one pass.
    units = await queryRows<{ id: number; code: string; group: RankGroup; qs: string[] | null }>(
      tx,
      sql`SELECT u.id, u.code, u."group"::text AS "group", c.qs
           FROM "Unit" u
           LEFT JOIN (SELECT s."unitId", array_agg(CASE WHEN s."onTime" THEN '+' ELSE '' END || s."periodCode") AS qs
                        FROM "Submission" s
                       WHERE s."periodCode" = ANY(${quarters}::text[]) AND s.status IN ${COUNTED_SQL} GROUP BY s."unitId") c ON c."unitId" = u.id
          WHERE u.active ORDER BY u.code`,
    );
    // A whole period sorts ~400,000 value rows per quarter by unit: in memory, not in temporary files
    // (for the rest of the caller's transaction only).
    await queryRows(tx, sql`SELECT set_config('work_mem', '64MB', true)`);
    valueRows = await queryRows<{ u: number; p: string; t: string }>(
      tx,
      sql`SELECT v."unitId" AS u, v."periodCode" AS p, string_agg(v."indicatorCode" || chr(31) || v.value, chr(30)) AS t
         FROM "Value" v
         JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL} AND s."periodCode" = ANY(${quarters}::text[])
        WHERE v."periodCode" = ANY(${quarters}::text[])
        GROUP BY v."unitId", v."periodCode"`, // integer first: cheaper to sort than text under a locale
    );
    side = await queryRows<SideRow>(tx, sql`${sideRows} ORDER BY 1, 2`);
  }
  if (heads) {
    for (const year of years) heads.set(year, null);
    for (const r of side) if (r.k === 'h') heads.set(Number(r.periodCode), { id: r.id!, version: Number(r.amount) });
  }
  if (open) for (const r of side) if (r.k === 'p') open.add(r.periodCode!);
  // Codes missing from the catalogue count as flows.
  const stock = new Set(side.filter((r) => r.k === 's').map((r) => r.text!));
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
  const cByUnit = new Map<number, CommendationInput[]>();
  for (const r of side) {
    if (r.k === 'f') {
      const list = fByUnit.get(r.unitId!) ?? [];
      list.push({
        id: r.id!,
        quarter: r.periodCode!,
        severity: r.severity as FindingInput['severity'],
        deduction: Number(r.amount),
        description: r.text!,
        deadline: r.deadline,
        rectifiedAt: r.rectifiedAt,
      });
      fByUnit.set(r.unitId!, list);
    } else if (r.k === 'c') {
      const list = cByUnit.get(r.unitId!) ?? [];
      list.push({ id: r.id!, quarter: r.periodCode!, points: Number(r.amount), reason: r.text! });
      cByUnit.set(r.unitId!, list);
    }
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
        let submittedAny = false;
        let onTime = 0;
        for (const entry of u.qs ?? []) {
          const punctual = entry.startsWith('+');
          if (!qs.includes(punctual ? entry.slice(1) : entry)) continue;
          submittedAny = true;
          if (punctual) onTime++;
        }
        return {
          unitId: u.id,
          unitCode: u.code,
          group: u.group,
          submitted: submittedAny,
          timeliness: { onTime, due: qs.length },
          values,
          findings: fByUnit.get(u.id) ?? [],
          commendations: cByUnit.get(u.id) ?? [],
        };
      }),
    );
  }
  return out;
}
