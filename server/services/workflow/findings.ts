import { queryRows, type Tx, transactional } from '../../db';
import type { CreateRoundInput, RectifyInput, ReviewRectificationInput } from '../../domain/inputs/inspection';
import { CITY_SCOPE, type Scope, scopedUnitId } from '../../domain/names';
import { cityDayOf, isIsoDate, isQuarterCode, periodBounds, quarterOfDate } from '../../domain/periods';
import { type OpenItemFacts, openItemOf, type WarningLevel } from '../../domain/supervision';
import { hundredthsOf } from '../../domain/validation/decimals';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { type Actor, recordAudit } from '../audit/record-audit';
import { unitInScope } from '../scores/find-scores';
import { rescoreAffected } from '../scoring/rescore';
import { loadSupervisionSettings, type SupervisionSettings } from '../supervision/settings';
import { openPeriods } from './open-periods';
import { assertQuarterOpen } from './quarter-entry';

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const asDate = (s: string | null | undefined) => (s ? new Date(`${s}T00:00:00Z`) : null);

export type FindingInput = {
  unitCode: string;
  period: string;
  severity: 'minor' | 'major' | 'veto';
  deduction: number;
  description: string;
  deadline: string | null;
  evidence?: string;
  roundId?: number | null;
};

function checkFinding(input: FindingInput): void {
  if (!isQuarterCode(input.period)) throw new AppError('BAD_REQUEST', 'findings.quarterOnly', { period: input.period });
  if (
    !Number.isFinite(input.deduction) ||
    input.deduction < 0 ||
    input.deduction > 100 ||
    hundredthsOf(input.deduction) === null
  ) {
    throw new AppError('BAD_REQUEST', 'findings.badDeduction', { deduction: input.deduction });
  }
  if (input.deadline !== null) {
    if (!isIsoDate(input.deadline))
      throw new AppError('BAD_REQUEST', 'findings.deadlineNotDate', { deadline: input.deadline });
    const start = periodBounds(input.period).start;
    if (input.deadline < start)
      throw new AppError('BAD_REQUEST', 'findings.deadlineBeforeQuarter', {
        deadline: input.deadline,
        period: input.period,
        start,
      });
  }
  if (!input.description.trim()) throw new AppError('BAD_REQUEST', 'findings.needsDescription');
}

export function findingView(
  f: {
    id: number;
    periodCode: string;
    severity: string;
    deduction: unknown;
    description: string;
    evidence: string;
    deadline: Date | null;
    rectifiedAt: Date | null;
    rectificationNote: string | null;
    rectificationStatus: string;
    rejectionReason: string | null;
    version: number;
    roundId: number | null;
    createdAt: Date;
    unit: { code: string; name: string };
    claims?: {
      id: number;
      rectifiedAt: Date;
      note: string;
      status: string;
      claimedById: number | null;
      claimedAt: Date;
      reviewedAt: Date | null;
      reviewReason: string | null;
    }[];
  },
  today: string,
) {
  const c = f.claims?.[0];
  const deadline = iso(f.deadline);
  const rectifiedAt = iso(f.rectifiedAt);
  const overdue = deadline !== null && deadline < today && !(rectifiedAt !== null && rectifiedAt <= deadline);
  const end = rectifiedAt ?? today;
  const daysOverdue = overdue && deadline ? Math.round((Date.parse(end) - Date.parse(deadline)) / 86_400_000) : 0;
  return {
    id: f.id,
    unit: f.unit.code,
    unitName: f.unit.name,
    period: f.periodCode,
    severity: f.severity,
    deduction: Number(f.deduction),
    description: f.description,
    evidence: f.evidence,
    deadline,
    rectifiedAt,
    rectificationNote: f.rectificationNote,
    rectificationStatus: f.rectificationStatus,
    rejectionReason: f.rejectionReason,
    version: f.version,
    roundId: f.roundId,
    recordedOn: cityDayOf(f.createdAt),
    overdue,
    daysOverdue,
    /** The latest rectification claim: a claim counts only once confirmed (then rectifiedAt above is set). */
    claim: c
      ? {
          id: c.id,
          rectifiedAt: iso(c.rectifiedAt)!,
          note: c.note,
          status: c.status,
          claimedById: c.claimedById,
          claimedAt: c.claimedAt.toISOString(),
          reviewedAt: c.reviewedAt?.toISOString() ?? null,
          reviewReason: c.reviewReason,
        }
      : null,
  };
}

const FINDING_SELECT = {
  id: true,
  periodCode: true,
  severity: true,
  deduction: true,
  description: true,
  evidence: true,
  deadline: true,
  rectifiedAt: true,
  rectificationNote: true,
  rectificationStatus: true,
  rejectionReason: true,
  version: true,
  roundId: true,
  unitId: true,
  createdAt: true,
  unit: { select: { code: true, name: true, active: true } },
  claims: {
    orderBy: { id: 'desc' },
    take: 1,
    select: {
      id: true,
      rectifiedAt: true,
      note: true,
      status: true,
      claimedById: true,
      claimedAt: true,
      reviewedAt: true,
      reviewReason: true,
    },
  },
} as const;

type FindingRow = Parameters<typeof findingView>[0] & { unitId: number; unit: { active: boolean } };

/**
 * A finding's warning colour as the open items give it (supervision.openItems): the finding's own while it
 * waits for rectification, its pending claim's (review deadline) while inspectors owe a decision, none once
 * rectified, for an inactive unit, or far from its deadline.
 */
function warningOf(
  r: FindingRow,
  rules: SupervisionSettings,
  today: string,
): { level: WarningLevel; daysLeft: number | null; dueOn: string | null } | null {
  if (r.rectifiedAt !== null || !r.unit.active) return null;
  const c = r.claims?.[0];
  const common = {
    unitId: r.unitId,
    period: r.periodCode,
    findingId: r.id,
    severity: r.severity,
    description: r.description,
  };
  const facts: OpenItemFacts =
    c?.status === 'pending'
      ? { kind: 'claim', ...common, claimId: c.id, claimedOn: cityDayOf(c.claimedAt), findingDeadline: iso(r.deadline) }
      : { kind: 'finding', ...common, deadline: iso(r.deadline), recordedOn: cityDayOf(r.createdAt) };
  const item = openItemOf(facts, today, rules);
  return item.level ? { level: item.level, daysLeft: item.daysLeft, dueOn: item.dueOn } : null;
}

/** Findings in scope, each with its warning colour (so a list needs no second query for the colours). */
export async function listFindings(
  tx: Tx,
  input: { period?: string; unitCode?: string; overdueOnly?: boolean; scope: Scope; today: string },
) {
  const unit = input.unitCode ? await unitInScope(tx, input.unitCode, input.scope) : null;
  const rows = await tx.finding.findMany({
    where: {
      ...(input.period ? { periodCode: input.period.length === 4 ? { startsWith: input.period } : input.period } : {}),
      ...(unit ? { unitId: unit.id } : input.scope.kind === 'unit' ? { unitId: input.scope.unitId } : {}),
      ...(input.overdueOnly ? { deadline: { lt: asDate(input.today)! } } : {}),
    },
    select: FINDING_SELECT,
    orderBy: [{ periodCode: 'desc' }, { id: 'asc' }],
    take: 2000,
  });
  const rules = await loadSupervisionSettings(tx);
  const list = rows.map((r) => ({ ...findingView(r, input.today), warning: warningOf(r, rules, input.today) }));
  return input.overdueOnly ? list.filter((f) => f.overdue && f.rectifiedAt === null) : list;
}

export const createFinding = transactional(async function createFinding(
  tx: Tx,
  actor: Actor,
  input: FindingInput & { today: string; now?: Date },
) {
  checkFinding(input);
  const unit = await unitInScope(tx, input.unitCode, CITY_SCOPE);
  await assertQuarterOpen(tx, input.period);
  const newPeriods = await openPeriods(tx, [input.period]);
  if (input.roundId) {
    const round = await tx.inspectionRound.findUnique({ where: { id: input.roundId }, select: { periodCode: true } });
    if (!round || round.periodCode !== input.period)
      throw new AppError('BAD_REQUEST', 'findings.roundNotOfPeriod', { roundId: input.roundId, period: input.period });
  }
  const f = await tx.finding.create({
    data: {
      unitId: unit.id,
      periodCode: input.period,
      severity: input.severity,
      deduction: input.deduction,
      description: input.description.trim(),
      evidence: input.evidence?.trim() ?? '',
      deadline: asDate(input.deadline),
      roundId: input.roundId ?? null,
      createdById: actor.id,
      ...(input.now ? { createdAt: input.now } : {}),
    },
    select: FINDING_SELECT,
  });
  await recordAudit(tx, actor, {
    action: 'finding.create',
    entity: 'finding',
    entityId: f.id,
    after: { ...input, today: undefined, now: undefined },
  });
  await rescoreAffected(
    tx,
    { findingDates: [{ unitId: unit.id, periodCode: input.period, deadline: input.deadline }], periods: newPeriods },
    input.today,
  );
  return findingView(f, input.today);
});

async function lockFinding(tx: Tx, id: number, scope: Scope) {
  const scopeUnitId = scopedUnitId(scope);
  const [row] = await queryRows<{ id: number }>(
    tx,
    sql`SELECT id FROM "Finding" WHERE id = ${id} ${scopeUnitId !== null ? sql`AND "unitId" = ${scopeUnitId}` : sql.empty} FOR UPDATE`,
  );
  if (!row) throw new AppError('NOT_FOUND', 'common.noSuchFinding', { id });
  return tx.finding.findUniqueOrThrow({ where: { id }, select: FINDING_SELECT });
}

function checkVersion(f: { version: number; id: number }, version: number) {
  if (f.version !== version)
    throw new AppError(
      'CONFLICT',
      'findings.changedMeanwhile',
      { id: f.id, version: f.version, yours: version },
      { version: f.version },
    );
}

export const updateFinding = transactional(async function updateFinding(
  tx: Tx,
  actor: Actor,
  input: { id: number; version: number; today: string } & Omit<FindingInput, 'unitCode' | 'period'>,
) {
  const prior = await lockFinding(tx, input.id, CITY_SCOPE);
  checkVersion(prior, input.version);
  checkFinding({ ...input, unitCode: prior.unit.code, period: prior.periodCode });
  await assertQuarterOpen(tx, prior.periodCode);
  const f = await tx.finding.update({
    where: { id: input.id },
    data: {
      severity: input.severity,
      deduction: input.deduction,
      description: input.description.trim(),
      evidence: input.evidence?.trim() ?? prior.evidence,
      deadline: asDate(input.deadline),
      version: prior.version + 1,
    },
    select: FINDING_SELECT,
  });
  await recordAudit(tx, actor, {
    action: 'finding.update',
    entity: 'finding',
    entityId: f.id,
    before: findingView(prior, input.today),
    after: findingView(f, input.today),
  });
  await rescoreAffected(
    tx,
    {
      findingDates: [
        { unitId: prior.unitId, periodCode: prior.periodCode, deadline: iso(prior.deadline) },
        { unitId: prior.unitId, periodCode: prior.periodCode, deadline: input.deadline },
      ],
    },
    input.today,
  );
  return findingView(f, input.today);
});

export const deleteFinding = transactional(async function deleteFinding(
  tx: Tx,
  actor: Actor,
  input: { id: number; version: number; today: string },
) {
  const prior = await lockFinding(tx, input.id, CITY_SCOPE);
  checkVersion(prior, input.version);
  await assertQuarterOpen(tx, prior.periodCode);
  const appealed = await tx.appeal.count({ where: { findingId: input.id } });
  if (appealed > 0) throw new AppError('BAD_REQUEST', 'findings.appealedKeep', { id: input.id, appealed });
  await tx.finding.delete({ where: { id: input.id } });
  await recordAudit(tx, actor, {
    action: 'finding.delete',
    entity: 'finding',
    entityId: input.id,
    before: findingView(prior, input.today),
  });
  await rescoreAffected(
    tx,
    { findingDates: [{ unitId: prior.unitId, periodCode: prior.periodCode, deadline: iso(prior.deadline) }] },
    input.today,
  );
});

/** The day a finding was recorded, in the city's time zone: no rectification is dated before it. */
function recordedDay(createdAt: Date): string {
  return cityDayOf(createdAt);
}

/**
 * The unit claims it rectified the finding (date, note; evidence files are attached to the claim afterwards).
 * A claim is not a fact: it changes no score, whatever the lock state; only an inspector's confirmation does.
 */
export const recordRectification = transactional(async function recordRectification(
  tx: Tx,
  actor: Actor,
  input: RectifyInput & { scope: Scope; today: string; now: Date },
) {
  const prior = await lockFinding(tx, input.id, input.scope);
  checkVersion(prior, input.version);
  if (!isIsoDate(input.rectifiedAt))
    throw new AppError('BAD_REQUEST', 'findings.rectifiedNotDate', { rectifiedAt: input.rectifiedAt });
  if (input.rectifiedAt > input.today)
    throw new AppError('BAD_REQUEST', 'findings.rectifiedInFuture', {
      rectifiedAt: input.rectifiedAt,
      today: input.today,
    });
  const recorded = recordedDay(prior.createdAt);
  if (input.rectifiedAt < recorded)
    throw new AppError('BAD_REQUEST', 'findings.rectifiedBeforeRecorded', { rectifiedAt: input.rectifiedAt, recorded });
  if (!input.note.trim()) throw new AppError('BAD_REQUEST', 'findings.describeRectification');
  if (prior.rectificationStatus === 'confirmed')
    throw new AppError('BAD_REQUEST', 'findings.alreadyConfirmed', { id: input.id });
  if (prior.rectificationStatus === 'pending')
    throw new AppError('BAD_REQUEST', 'findings.claimWaiting', { id: input.id });
  const claim = await tx.rectificationClaim.create({
    data: {
      findingId: prior.id,
      unitId: prior.unitId,
      rectifiedAt: asDate(input.rectifiedAt)!,
      note: input.note.trim(),
      claimedById: actor.id,
      claimedAt: input.now,
    },
    select: { id: true },
  });
  const f = await tx.finding.update({
    where: { id: input.id },
    data: {
      rectificationNote: input.note.trim(),
      rectificationStatus: 'pending',
      rejectionReason: null,
      version: prior.version + 1,
    },
    select: FINDING_SELECT,
  });
  await recordAudit(tx, actor, {
    action: 'finding.rectify',
    entity: 'finding',
    entityId: f.id,
    before: findingView(prior, input.today),
    after: { ...findingView(f, input.today), claimId: claim.id },
  });
  return findingView(f, input.today);
});

/**
 * An inspector confirms or rejects the waiting claim, whatever the lock state. Confirming sets the
 * finding's rectification date (what scoring reads): open quarters are re-scored at once, a locked or
 * published quarter keeps its stored scores and shows the change as waiting until it is reopened.
 */
export const reviewRectification = transactional(async function reviewRectification(
  tx: Tx,
  actor: Actor,
  input: ReviewRectificationInput & { today: string; now: Date },
) {
  const prior = await lockFinding(tx, input.id, CITY_SCOPE);
  checkVersion(prior, input.version);
  const claim = prior.claims[0];
  if (prior.rectificationStatus !== 'pending' || !claim || claim.status !== 'pending')
    throw new AppError('BAD_REQUEST', 'findings.noClaimWaiting', { id: input.id });
  if (!input.confirm && !input.reason?.trim()) throw new AppError('BAD_REQUEST', 'findings.rejectNeedsReason');
  if (input.confirm && claim.claimedById !== null && claim.claimedById === actor.id) {
    const settings = await loadSupervisionSettings(tx);
    if (settings.fourEyes) throw new AppError('FORBIDDEN', 'findings.fourEyes');
  }
  await tx.rectificationClaim.update({
    where: { id: claim.id },
    data: {
      status: input.confirm ? 'confirmed' : 'rejected',
      reviewedById: actor.id,
      reviewedAt: input.now,
      reviewReason: input.reason?.trim() || null,
    },
  });
  const f = await tx.finding.update({
    where: { id: input.id },
    data: input.confirm
      ? {
          rectifiedAt: claim.rectifiedAt,
          rectificationStatus: 'confirmed',
          confirmedAt: input.now,
          confirmedById: actor.id,
          rejectionReason: null,
          version: prior.version + 1,
        }
      : {
          rectificationStatus: 'rejected',
          rejectionReason: input.reason!.trim(),
          version: prior.version + 1,
        },
    select: FINDING_SELECT,
  });
  // Confirmed: the overdue point of the deadline's quarter may go. Locked quarters are skipped by the
  // re-scoring (their scores stay as approved) and listed here so the audit says what waits for a reopening.
  const waiting: string[] = [];
  if (input.confirm) {
    const deadline = iso(prior.deadline);
    for (const q of new Set([prior.periodCode, ...(deadline ? [quarterOfDate(deadline)] : [])])) {
      const p = await tx.period.findUnique({ where: { code: q }, select: { lockedAt: true } });
      if (!p?.lockedAt) continue;
      waiting.push(q);
      await tx.period.update({ where: { code: q }, data: { waitingChanges: { increment: 1 } } });
    }
    await rescoreAffected(
      tx,
      { findingDates: [{ unitId: prior.unitId, periodCode: prior.periodCode, deadline }] },
      input.today,
    );
  }
  await recordAudit(tx, actor, {
    action: input.confirm ? 'finding.confirm' : 'finding.reject',
    entity: 'finding',
    entityId: f.id,
    before: findingView(prior, input.today),
    after: { ...findingView(f, input.today), claimId: claim.id, waitsForReopening: waiting },
  });
  return { ...findingView(f, input.today), waitsForReopening: waiting };
});

export const createCommendation = transactional(async function createCommendation(
  tx: Tx,
  actor: Actor,
  input: { unitCode: string; period: string; points: number; reason: string; today: string },
) {
  if (!isQuarterCode(input.period))
    throw new AppError('BAD_REQUEST', 'findings.commendationQuarterOnly', { period: input.period });
  if (!(input.points > 0 && input.points <= 100) || hundredthsOf(input.points) === null)
    throw new AppError('BAD_REQUEST', 'findings.badPoints', { points: input.points });
  if (!input.reason.trim()) throw new AppError('BAD_REQUEST', 'findings.commendationNeedsReason');
  const unit = await unitInScope(tx, input.unitCode, CITY_SCOPE);
  await assertQuarterOpen(tx, input.period);
  const newPeriods = await openPeriods(tx, [input.period]);
  const c = await tx.commendation.create({
    data: {
      unitId: unit.id,
      periodCode: input.period,
      points: input.points,
      reason: input.reason.trim(),
      createdById: actor.id,
    },
  });
  await recordAudit(tx, actor, {
    action: 'commendation.create',
    entity: 'commendation',
    entityId: c.id,
    after: { unit: unit.code, period: input.period, points: input.points, reason: input.reason },
  });
  await rescoreAffected(
    tx,
    { unitQuarters: [{ unitId: unit.id, periodCode: input.period }], periods: newPeriods },
    input.today,
  );
  return { id: c.id };
});

export const createRound = transactional(async function createRound(
  tx: Tx,
  actor: Actor,
  input: CreateRoundInput & { today: string },
) {
  if (!isQuarterCode(input.period))
    throw new AppError('BAD_REQUEST', 'findings.roundQuarterOnly', { period: input.period });
  if (!isIsoDate(input.date)) throw new AppError('BAD_REQUEST', 'findings.roundDateNotDate', { date: input.date });
  await assertQuarterOpen(tx, input.period);
  const newPeriods = await openPeriods(tx, [input.period]);
  const r = await tx.inspectionRound.create({
    data: {
      periodCode: input.period,
      date: asDate(input.date)!,
      offices: input.offices,
      note: input.note,
      createdById: actor.id,
    },
  });
  await recordAudit(tx, actor, {
    action: 'round.create',
    entity: 'round',
    entityId: r.id,
    after: { ...input, today: undefined },
  });
  // A round may be the first record of its quarter: the new period is scored for every unit.
  if (newPeriods.length) await rescoreAffected(tx, { periods: newPeriods }, input.today);
  return { id: r.id };
});

export async function listRounds(tx: Tx, period?: string) {
  const rows = await tx.inspectionRound.findMany({
    where: period ? { periodCode: period.length === 4 ? { startsWith: period } : period } : {},
    orderBy: { date: 'asc' },
    select: {
      id: true,
      periodCode: true,
      date: true,
      offices: true,
      note: true,
      _count: { select: { findings: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    period: r.periodCode,
    date: iso(r.date),
    offices: r.offices,
    note: r.note,
    findings: r._count.findings,
  }));
}
