import { isQuarterCode } from '../../domain/periods';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { type Actor, recordAudit } from '../audit/record-audit';
import { rescoreAffected } from '../scoring/rescore';

type Tx = Prisma.TransactionClient;

export async function listPeriods(tx: Tx) {
  const rows = await tx.period.findMany({
    orderBy: { code: 'asc' },
    select: { code: true, year: true, quarter: true, lockedAt: true, publishedAt: true },
  });
  return rows.map((r) => ({
    code: r.code,
    year: r.year,
    quarter: r.quarter,
    locked: !!r.lockedAt,
    published: !!r.publishedAt,
    lockedAt: r.lockedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
  }));
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
    data = { lockedAt: null, lockedById: null, publishedAt: null, publishedById: null };
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
