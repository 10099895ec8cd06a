import { isIsoDate, isQuarterCode, periodBounds } from '../../domain/periods';
import { defaultSubmissionDeadline } from '../../domain/supervision';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { type Actor, recordAudit } from '../audit/record-audit';
import { ensurePeriods } from '../periods/ensure-periods';
import { rescoreAffected } from '../scoring/rescore';

type Tx = Prisma.TransactionClient;

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * The periods with their lock state, submission deadline and, for a locked quarter, how many confirmed
 * changes wait for a reopening (rectifications confirmed while it was locked).
 */
export async function listPeriods(tx: Tx) {
  const rows = await tx.period.findMany({
    orderBy: { code: 'asc' },
    select: {
      code: true,
      year: true,
      quarter: true,
      lockedAt: true,
      publishedAt: true,
      submissionDeadline: true,
      waitingChanges: true,
    },
  });
  return rows.map((r) => ({
    code: r.code,
    year: r.year,
    quarter: r.quarter,
    locked: !!r.lockedAt,
    published: !!r.publishedAt,
    lockedAt: r.lockedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    submissionDeadline: r.quarter ? (iso(r.submissionDeadline) ?? defaultSubmissionDeadline(r.code)) : null,
    /** Confirmed rectifications that change this locked quarter's scores once it is reopened. */
    waitingChanges: r.waitingChanges,
  }));
}

/** Sets a quarter's submission deadline (null: back to the default, the 10th day after the quarter ends). */
export async function setSubmissionDeadline(
  tx: Tx,
  actor: Actor,
  input: { period: string; deadline: string | null; today: string },
) {
  if (!isQuarterCode(input.period))
    throw new AppError('BAD_REQUEST', `Submission deadlines are set per quarter, not for ${input.period}.`);
  if (input.deadline !== null) {
    if (!isIsoDate(input.deadline))
      throw new AppError('BAD_REQUEST', `Deadline ${input.deadline} is not a date (write 2011-10-10).`);
    if (input.deadline < periodBounds(input.period).end)
      throw new AppError(
        'BAD_REQUEST',
        `Deadline ${input.deadline} is before ${input.period} ends (${periodBounds(input.period).end}).`,
      );
  }
  await ensurePeriods(tx, [input.period]);
  const before = await tx.period.findUniqueOrThrow({
    where: { code: input.period },
    select: { submissionDeadline: true },
  });
  await tx.period.update({
    where: { code: input.period },
    data: { submissionDeadline: input.deadline ? new Date(`${input.deadline}T00:00:00Z`) : null },
  });
  await recordAudit(tx, actor, {
    action: 'period.deadline',
    entity: 'period',
    entityId: input.period,
    before: { submissionDeadline: iso(before.submissionDeadline) },
    after: { submissionDeadline: input.deadline },
  });
  return { period: input.period, submissionDeadline: input.deadline ?? defaultSubmissionDeadline(input.period) };
}

/** Lock (freeze), publish (lock and show the ranking to every unit) or reopen a quarter (with a reason). */
export async function changePeriodState(
  tx: Tx,
  actor: Actor,
  input: { period: string; action: 'lock' | 'publish' | 'reopen'; reason?: string; today: string },
) {
  if (!isQuarterCode(input.period))
    throw new AppError('BAD_REQUEST', `Only quarters are locked and published, not ${input.period}.`);
  const [row] = await tx.$queryRawUnsafe<{ code: string; lockedAt: Date | null; publishedAt: Date | null }[]>(
    `SELECT code, "lockedAt", "publishedAt" FROM "Period" WHERE code = $1 FOR UPDATE`,
    input.period,
  );
  if (!row) throw new AppError('NOT_FOUND', `No data for ${input.period} yet.`);
  const now = new Date();
  let data: {
    lockedAt?: Date | null;
    lockedById?: number | null;
    publishedAt?: Date | null;
    publishedById?: number | null;
    waitingChanges?: number;
  };
  if (input.action === 'lock') {
    if (row.lockedAt) throw new AppError('BAD_REQUEST', `${input.period} is already locked.`);
    data = { lockedAt: now, lockedById: actor.id };
  } else if (input.action === 'publish') {
    if (row.publishedAt) throw new AppError('BAD_REQUEST', `${input.period} is already published.`);
    data = { lockedAt: row.lockedAt ?? now, lockedById: actor.id, publishedAt: now, publishedById: actor.id };
  } else {
    if (!row.lockedAt) throw new AppError('BAD_REQUEST', `${input.period} is not locked.`);
    if (!input.reason?.trim()) throw new AppError('BAD_REQUEST', 'Reopening a quarter needs a reason.');
    data = { lockedAt: null, lockedById: null, publishedAt: null, publishedById: null, waitingChanges: 0 };
  }
  await tx.period.update({ where: { code: input.period }, data });
  await tx.periodLockEvent.create({
    data: { periodCode: input.period, action: input.action, reason: input.reason?.trim() || null, actorId: actor.id },
  });
  await recordAudit(tx, actor, {
    action: `period.${input.action}`,
    entity: 'period',
    entityId: input.period,
    before: { locked: !!row.lockedAt, published: !!row.publishedAt },
    after: {
      locked: input.action !== 'reopen',
      published: input.action === 'publish' ? true : input.action === 'reopen' ? false : !!row.publishedAt,
      reason: input.reason ?? null,
    },
  });
  // While locked the quarter's scores stayed frozen (findings falling due, units added); reopening brings them up to date.
  if (input.action === 'reopen') await rescoreAffected(tx, { periods: [input.period] }, input.today);
  return { period: input.period, action: input.action };
}
