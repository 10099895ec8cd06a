import type { Tx } from '../../db';
import type { RankGroup } from '../../domain/catalogue';
import { COUNTED_STATUSES } from '../../domain/names';
import { parsePeriod, periodBounds, quartersOfPeriod } from '../../domain/periods';
import { defaultSubmissionDeadline, type PublicationFacts, type PublishedFinding } from '../../domain/publication';
import { AppError } from '../../errors';

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
/** A timestamp's day in China time (no daylight saving). */
const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const FINDING_SELECT = {
  id: true,
  periodCode: true,
  severity: true,
  deduction: true,
  description: true,
  deadline: true,
  rectifiedAt: true,
  rectificationStatus: true,
  unit: { select: { code: true, name: true, group: true } },
} as const;

type FindingRow = {
  id: number;
  periodCode: string;
  severity: string;
  deduction: unknown;
  description: string;
  deadline: Date | null;
  rectifiedAt: Date | null;
  rectificationStatus: string;
  unit: { code: string; name: string; group: RankGroup };
};

function publishedFinding(f: FindingRow, asOf: string): PublishedFinding {
  const deadline = iso(f.deadline);
  const rectifiedAt = iso(f.rectifiedAt);
  const overdue = deadline !== null && deadline < asOf && !(rectifiedAt !== null && rectifiedAt <= deadline);
  const end = rectifiedAt ?? asOf;
  const daysOverdue = overdue && deadline ? Math.round((Date.parse(end) - Date.parse(deadline)) / 86_400_000) : 0;
  return {
    id: f.id,
    unit: f.unit.code,
    name: f.unit.name,
    group: f.unit.group,
    period: f.periodCode,
    severity: f.severity as PublishedFinding['severity'],
    deduction: Number(f.deduction),
    description: f.description,
    deadline,
    rectifiedAt,
    status: f.rectificationStatus,
    overdue,
    daysOverdue,
  };
}

/**
 * What the bulletin states about a period besides its ranking, as of `asOf` (the publication day):
 * units, submissions on time, findings, overdue items, commendations, the rectification rate.
 */
export async function collectFacts(tx: Tx, period: string, asOf: string): Promise<PublicationFacts> {
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  const quarters = quartersOfPeriod(p);
  const { start, end } = periodBounds(period);
  const units = await tx.unit.findMany({ where: { active: true }, select: { id: true, group: true } });
  const activeIds = new Set(units.map((u) => u.id));
  const grassroots = units.filter((u) => u.group === 'grassroots').length;

  const submissions = await tx.submission.findMany({
    where: { periodCode: { in: quarters }, status: { in: [...COUNTED_STATUSES] } },
    select: { unitId: true, periodCode: true, submittedAt: true, onTime: true },
  });
  // The stamp each submission got against its quarter's deadline (the administrator's, or the default).
  let submitted = 0;
  let onTime = 0;
  for (const s of submissions) {
    if (!activeIds.has(s.unitId)) continue;
    submitted += 1;
    const stamped =
      s.onTime ?? (s.submittedAt ? dayOf(s.submittedAt) <= defaultSubmissionDeadline(s.periodCode) : false);
    if (stamped) onTime += 1;
  }

  const findings = (
    await tx.finding.findMany({
      where: { periodCode: { in: quarters }, unit: { active: true } },
      select: FINDING_SELECT,
      orderBy: [{ periodCode: 'asc' }, { id: 'asc' }],
    })
  ).map((f) => publishedFinding(f, asOf));
  const overdueItems = (
    await tx.finding.findMany({
      where: {
        unit: { active: true },
        rectifiedAt: null,
        deadline: { not: null, lte: new Date(`${end}T00:00:00Z`), lt: new Date(`${asOf}T00:00:00Z`) },
      },
      select: FINDING_SELECT,
      orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
    })
  ).map((f) => publishedFinding(f, asOf));
  const commendations = await tx.commendation.findMany({
    where: { periodCode: { in: quarters }, unit: { active: true } },
    select: { points: true, reason: true, unit: { select: { code: true, name: true, group: true } } },
    orderBy: [{ periodCode: 'asc' }, { id: 'asc' }],
  });
  // scoring.md's rectification rate: findings whose deadline falls in the period and has passed.
  const due = await tx.finding.findMany({
    where: {
      unit: { active: true },
      deadline: { gte: new Date(`${start}T00:00:00Z`), lte: new Date(`${end}T00:00:00Z`) },
    },
    select: { deadline: true, rectifiedAt: true },
  });
  const rectification = { done: 0, total: 0 };
  for (const f of due) {
    const deadline = iso(f.deadline)!;
    if (deadline >= asOf) continue;
    rectification.total += 1;
    const r = iso(f.rectifiedAt);
    if (r !== null && r <= deadline) rectification.done += 1;
  }
  const expected = units.length * quarters.length;
  return {
    asOf,
    units: { total: units.length, grassroots, organs: units.length - grassroots },
    submissions: {
      submitted,
      onTime,
      late: submitted - onTime,
      missing: Math.max(0, expected - submitted),
      deadline: p.kind === 'quarter' ? defaultSubmissionDeadline(end) : null,
    },
    findings,
    overdueItems,
    commendations: commendations.map((c) => ({
      unit: c.unit.code,
      name: c.unit.name,
      group: c.unit.group,
      points: Number(c.points),
      reason: c.reason,
    })),
    rectification,
  };
}
