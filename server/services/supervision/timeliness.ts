/** Submission timeliness (按时报送): per unit and quarter, on time, late, missing or not yet due. */
import { COUNTED_SQL, queryRows, type Tx } from '../../db';
import { parsePeriod, quartersOfPeriod } from '../../domain/periods';
import { defaultSubmissionDeadline, type Timeliness, timelinessOf } from '../../domain/supervision';
import { AppError } from '../../errors';
import { sql } from '../../sql';

export type UnitTimeliness = {
  unit: string;
  /** For a quarter: its state; for a year: the worst of its quarters (missing, late, on time, not due). */
  status: Timeliness;
  onTime: number;
  late: number;
  missing: number;
  /** A quarter's submission day (city time), null when not submitted or for a year. */
  submittedOn: string | null;
};

const WORST: Timeliness[] = ['missing', 'late', 'onTime', 'notDue'];

/** Every active unit's timeliness for a quarter or a year, with the totals the overview shows. */
export async function loadTimeliness(tx: Tx, input: { period: string; today: string; scopeUnitId: number | null }) {
  const p = parsePeriod(input.period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.notQuarterOrYear', { period: input.period });
  const quarters = quartersOfPeriod(p);
  const periods = await tx.period.findMany({
    where: { code: { in: quarters } },
    select: { code: true, submissionDeadline: true },
  });
  // Quarters that do not exist yet are not counted (nobody could submit them).
  const deadlines = new Map(
    periods.map((r) => [
      r.code,
      r.submissionDeadline ? r.submissionDeadline.toISOString().slice(0, 10) : defaultSubmissionDeadline(r.code),
    ]),
  );
  const rows = await queryRows<{
    code: string;
    period: string;
    submittedOn: string | null;
    onTime: boolean | null;
    status: string | null;
  }>(
    tx,
    sql`SELECT u.code, q.code AS period, s."onTime", s.status::text AS status,
            CASE WHEN s.status IN ${COUNTED_SQL}
                 THEN to_char((s."submittedAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') END AS "submittedOn"
       FROM "Unit" u CROSS JOIN unnest(${[...deadlines.keys()]}::text[]) AS q(code)
       LEFT JOIN "Submission" s ON s."unitId" = u.id AND s."periodCode" = q.code
      WHERE u.active ${input.scopeUnitId !== null ? sql`AND u.id = ${input.scopeUnitId}` : sql.empty}
      ORDER BY u.code, q.code`,
  );
  const byUnit = new Map<string, UnitTimeliness>();
  for (const r of rows) {
    const status = timelinessOf({
      submittedOn: r.submittedOn,
      onTime: r.onTime,
      deadline: deadlines.get(r.period)!,
      today: input.today,
    });
    const u = byUnit.get(r.code) ?? {
      unit: r.code,
      status: 'notDue',
      onTime: 0,
      late: 0,
      missing: 0,
      submittedOn: null,
    };
    if (status === 'onTime') u.onTime++;
    if (status === 'late') u.late++;
    if (status === 'missing') u.missing++;
    if (WORST.indexOf(status) < WORST.indexOf(u.status)) u.status = status;
    if (p.kind === 'quarter') u.submittedOn = r.submittedOn;
    byUnit.set(r.code, u);
  }
  const units = [...byUnit.values()];
  return {
    period: input.period,
    deadline: p.kind === 'quarter' ? (deadlines.get(p.code) ?? defaultSubmissionDeadline(p.code)) : null,
    totals: {
      units: units.length,
      onTime: units.filter((u) => u.status === 'onTime').length,
      late: units.filter((u) => u.status === 'late').length,
      missing: units.filter((u) => u.status === 'missing').length,
      notDue: units.filter((u) => u.status === 'notDue').length,
    },
    units,
  };
}
