import { queryRows, type Tx, transactional } from '../../db';
import { type AppealOutcome, deductionAfterDecision, insideAppealWindow } from '../../domain/appeals';
import type { DecideAppealInput, FileAppealInput } from '../../domain/inputs/appeals';
import type { Scope } from '../../domain/names';
import { isQuarterCode } from '../../domain/periods';
import { appealClosingDay, parsePublication } from '../../domain/publication';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { sql } from '../../sql';
import { changePeriodState } from '../admin/periods';
import { type Actor, recordAudit } from '../audit/record-audit';
import { updateFinding } from '../workflow/findings';
import { appealWindowDays } from './appeal-settings';

/** A timestamp's day in China time (no daylight saving). */
const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const APPEAL_SELECT = {
  id: true,
  unitId: true,
  periodCode: true,
  findingId: true,
  indicatorCode: true,
  reason: true,
  status: true,
  filedById: true,
  filedAt: true,
  decidedById: true,
  decidedAt: true,
  decisionReason: true,
  newDeduction: true,
  version: true,
  unit: { select: { code: true, name: true } },
  publication: { select: { version: true, publishedAt: true } },
  finding: { select: { id: true, severity: true, deduction: true, description: true } },
} as const;

type AppealRow = Prisma.AppealGetPayload<{ select: typeof APPEAL_SELECT }>;

/** The latest published version of a quarter and the last day it can be appealed; null before the first. */
export async function findAppealWindow(tx: Tx, period: string) {
  const latest = await tx.publication.findFirst({
    where: { periodCode: period },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, publishedAt: true },
  });
  if (!latest) return null;
  const windowDays = await appealWindowDays(tx);
  return {
    period,
    publicationId: latest.id,
    version: latest.version,
    publishedOn: dayOf(latest.publishedAt),
    windowDays,
    closesOn: appealClosingDay(dayOf(latest.publishedAt), windowDays),
  };
}

/** What the procedures return: the appeal, its target and, once decided, the outcome. */
function appealView(a: AppealRow) {
  return {
    id: a.id,
    unit: a.unit.code,
    unitName: a.unit.name,
    period: a.periodCode,
    target: a.findingId !== null ? ('finding' as const) : ('figure' as const),
    findingId: a.findingId,
    finding: a.finding
      ? {
          id: a.finding.id,
          severity: a.finding.severity,
          deduction: Number(a.finding.deduction),
          description: a.finding.description,
        }
      : null,
    indicatorCode: a.indicatorCode,
    reason: a.reason,
    status: a.status as 'open' | AppealOutcome,
    filedAt: a.filedAt.toISOString(),
    appealedVersion: a.publication.version,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decisionReason: a.decisionReason,
    newDeduction: a.newDeduction === null ? null : Number(a.newDeduction),
    version: a.version,
  };
}

type Standing = { version: number; score: number; grade: string; rank: number | null };

/** The unit's published standing in the appealed version and, when there is a later one, in the latest. */
async function standingsOf(tx: Tx, appeals: AppealRow[]) {
  const periods = [...new Set(appeals.map((a) => a.periodCode))];
  const pubs = await tx.publication.findMany({
    where: { periodCode: { in: periods } },
    select: { periodCode: true, version: true, body: true },
  });
  const rowsOf = new Map<string, Map<string, Standing>>();
  const deductionOf = new Map<string, number>();
  const latestOf = new Map<string, number>();
  for (const p of pubs) {
    const rows = new Map<string, Standing>();
    const body = parsePublication(p.body);
    for (const r of body.rows) rows.set(r.unit, { version: p.version, score: r.score, grade: r.grade, rank: r.rank });
    for (const f of body.facts?.findings ?? []) deductionOf.set(`${p.periodCode}#${p.version}#${f.id}`, f.deduction);
    rowsOf.set(`${p.periodCode}#${p.version}`, rows);
    latestOf.set(p.periodCode, Math.max(latestOf.get(p.periodCode) ?? 0, p.version));
  }
  return (a: AppealRow) => {
    const latest = latestOf.get(a.periodCode) ?? a.publication.version;
    return {
      /** The finding's deduction as the appealed version published it. */
      publishedDeduction:
        a.findingId === null
          ? null
          : (deductionOf.get(`${a.periodCode}#${a.publication.version}#${a.findingId}`) ?? null),
      appealed: rowsOf.get(`${a.periodCode}#${a.publication.version}`)?.get(a.unit.code) ?? null,
      latest:
        latest > a.publication.version ? (rowsOf.get(`${a.periodCode}#${latest}`)?.get(a.unit.code) ?? null) : null,
    };
  };
}

/** Appeals in scope (a unit operator: its own unit's), newest first; filtered by period and status. */
export async function listAppeals(
  tx: Tx,
  input: { scope: Scope; period?: string | undefined; status?: 'open' | 'decided' | undefined },
) {
  const rows = await tx.appeal.findMany({
    where: {
      ...(input.scope.kind === 'unit' ? { unitId: input.scope.unitId } : {}),
      ...(input.period ? { periodCode: input.period.length === 4 ? { startsWith: input.period } : input.period } : {}),
      ...(input.status === 'open' ? { status: 'open' } : input.status === 'decided' ? { status: { not: 'open' } } : {}),
    },
    select: APPEAL_SELECT,
    orderBy: { id: 'desc' },
    take: 1000,
  });
  const standing = await standingsOf(tx, rows);
  return rows.map((a) => ({ ...appealView(a), standing: standing(a) }));
}

/** One appeal; another unit's is NOT_FOUND, exactly like a missing one. */
export async function findAppeal(tx: Tx, input: { id: number; scope: Scope }) {
  const a = await tx.appeal.findFirst({
    where: { id: input.id, ...(input.scope.kind === 'unit' ? { unitId: input.scope.unitId } : {}) },
    select: APPEAL_SELECT,
  });
  if (!a) throw new AppError('NOT_FOUND', 'appeals.noSuchAppeal', { id: input.id });
  const standing = await standingsOf(tx, [a]);
  return { ...appealView(a), standing: standing(a) };
}

/**
 * A unit operator appeals a finding's deduction (findingId) or the treatment of one of its figures
 * (period + indicator) in the latest published version, inside the appeal window; one open appeal per
 * finding (and per figure). Evidence files are attached afterwards (ownerKind "appeal").
 */
export const fileAppeal = transactional(async function fileAppeal(
  tx: Tx,
  actor: Actor,
  input: FileAppealInput & { today: string; now: Date },
) {
  if (actor.role !== 'unit' || actor.unitId === null) throw new AppError('FORBIDDEN', 'appeals.unitOperatorsOnly');
  const unitId = actor.unitId;
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_REQUEST', 'appeals.needsReason');
  if ((input.findingId === undefined) === (input.indicator === undefined))
    throw new AppError('BAD_REQUEST', 'appeals.findingOrFigure');
  let period: string;
  let label: string;
  if (input.findingId !== undefined) {
    const [f] = await queryRows<{ id: number; periodCode: string }>(
      tx,
      sql`SELECT id, "periodCode" FROM "Finding" WHERE id = ${input.findingId} AND "unitId" = ${unitId} FOR UPDATE`,
    );
    if (!f) throw new AppError('NOT_FOUND', 'common.noSuchFinding', { id: input.findingId });
    period = f.periodCode;
    label = `finding ${f.id}`;
    const open = await tx.appeal.findFirst({
      where: { findingId: f.id, status: 'open' },
      select: { id: true },
    });
    if (open)
      throw new AppError(
        'CONFLICT',
        'appeals.findingAlreadyAppealed',
        { id: f.id, appealId: open.id },
        { appealId: open.id },
      );
  } else {
    if (!input.period || !isQuarterCode(input.period))
      throw new AppError('BAD_REQUEST', 'appeals.figureNeedsQuarter', { period: input.period ?? '—' });
    period = input.period;
    const indicator = await tx.indicator.findUnique({ where: { code: input.indicator! }, select: { code: true } });
    if (!indicator) throw new AppError('BAD_REQUEST', 'appeals.unknownIndicator', { indicator: input.indicator! });
    label = `figure ${indicator.code} of ${period}`;
    // Serializes appeals of the same unit: the open-figure check below then holds.
    await queryRows(tx, sql`SELECT id FROM "Unit" WHERE id = ${unitId} FOR UPDATE`);
    const open = await tx.appeal.findFirst({
      where: { unitId, periodCode: period, indicatorCode: indicator.code, status: 'open' },
      select: { id: true },
    });
    if (open)
      throw new AppError('CONFLICT', 'appeals.figureAlreadyAppealed', { label, id: open.id }, { appealId: open.id });
  }
  const window = await findAppealWindow(tx, period);
  if (!window) throw new AppError('BAD_REQUEST', 'appeals.notPublished', { period });
  if (!insideAppealWindow(input.today, window.closesOn))
    throw new AppError(
      'BAD_REQUEST',
      'appeals.windowClosed',
      {
        period,
        closesOn: window.closesOn,
        windowDays: window.windowDays,
        version: window.version,
        publishedOn: window.publishedOn,
      },
      { closesOn: window.closesOn },
    );
  const created = await tx.appeal.create({
    data: {
      unitId,
      periodCode: period,
      findingId: input.findingId ?? null,
      indicatorCode: input.indicator ?? null,
      publicationId: window.publicationId,
      reason,
      filedById: actor.id,
      filedAt: input.now,
    },
    select: APPEAL_SELECT,
  });
  const view = appealView(created);
  await recordAudit(tx, actor, { action: 'appeal.file', entity: 'appeal', entityId: created.id, after: view });
  return { ...view, closesOn: window.closesOn };
});

/**
 * Leadership decides an open appeal with a written reason. Upheld or partly upheld, a finding's deduction
 * changes through the audited reopen path: its quarter, locked by publication, is reopened (period.reopen,
 * with the decision as the reason) and the finding edited (finding.update), so the live scores move and
 * show as differences waiting for the next published version; every published version stays as it is.
 * An upheld figure appeal reopens the quarter so the figure can be corrected through the entry.
 */
export const decideAppeal = transactional(async function decideAppeal(
  tx: Tx,
  actor: Actor,
  input: DecideAppealInput & { today: string; now: Date },
) {
  const [locked] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM "Appeal" WHERE id = ${input.id} FOR UPDATE`);
  if (!locked) throw new AppError('NOT_FOUND', 'appeals.noSuchAppeal', { id: input.id });
  const prior = await tx.appeal.findUniqueOrThrow({ where: { id: input.id }, select: APPEAL_SELECT });
  if (prior.version !== input.version)
    throw new AppError(
      'CONFLICT',
      'appeals.changedMeanwhile',
      { id: prior.id, version: prior.version, yours: input.version },
      { version: prior.version },
    );
  if (prior.status !== 'open')
    throw new AppError('BAD_REQUEST', 'appeals.alreadyDecided', { id: prior.id, status: prior.status });
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_REQUEST', 'appeals.decisionNeedsReason');
  const asked = input.newDeduction ?? null;
  let newDeduction: number | null = null;
  const finding = prior.findingId
    ? await tx.finding.findUniqueOrThrow({
        where: { id: prior.findingId },
        select: {
          id: true,
          version: true,
          severity: true,
          deduction: true,
          description: true,
          evidence: true,
          deadline: true,
        },
      })
    : null;
  if (finding) {
    const d = deductionAfterDecision(input.outcome, Number(finding.deduction), asked);
    if (!d.ok) throw AppError.of('BAD_REQUEST', d.problem);
    if (input.outcome !== 'rejected') newDeduction = d.deduction;
  } else if (asked !== null) {
    throw new AppError('BAD_REQUEST', 'appeals.figureNoDeduction');
  }
  let reopened = false;
  if (input.outcome !== 'rejected') {
    const period = await tx.period.findUnique({ where: { code: prior.periodCode }, select: { lockedAt: true } });
    if (period?.lockedAt) {
      await changePeriodState(tx, actor, {
        period: prior.periodCode,
        action: 'reopen',
        reason: `申诉复核 #${prior.id}：${reason}`,
        today: input.today,
        now: input.now,
      });
      reopened = true;
    }
    if (finding && newDeduction !== null) {
      await updateFinding(tx, actor, {
        id: finding.id,
        version: finding.version,
        // An upheld appeal against a veto withdraws the veto with the deduction.
        severity:
          input.outcome === 'upheld' && finding.severity === 'veto'
            ? 'minor'
            : (finding.severity as 'minor' | 'major' | 'veto'),
        deduction: newDeduction,
        description: finding.description,
        evidence: finding.evidence,
        deadline: finding.deadline ? finding.deadline.toISOString().slice(0, 10) : null,
        today: input.today,
      });
    }
  }
  const decided = await tx.appeal.update({
    where: { id: prior.id },
    data: {
      status: input.outcome,
      decidedById: actor.id,
      decidedAt: input.now,
      decisionReason: reason,
      newDeduction,
      version: prior.version + 1,
    },
    select: APPEAL_SELECT,
  });
  const view = appealView(decided);
  await recordAudit(tx, actor, {
    action: 'appeal.decide',
    entity: 'appeal',
    entityId: prior.id,
    before: appealView(prior),
    after: { ...view, reopened },
  });
  return { ...view, reopened };
});
