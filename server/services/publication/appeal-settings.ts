import { type Tx, transactional } from '../../db';
import { AppError } from '../../errors';
import { type Actor, recordAudit } from '../audit/record-audit';

const KEY = 'appeal.windowDays';
/** Days after a publication during which a unit may appeal (an administrator setting). */
export const DEFAULT_APPEAL_WINDOW_DAYS = 7;

export async function appealWindowDays(tx: Tx): Promise<number> {
  const row = await tx.setting.findUnique({ where: { key: KEY }, select: { value: true } });
  return typeof row?.value === 'number' ? row.value : DEFAULT_APPEAL_WINDOW_DAYS;
}

/** Sets the appeal window (0–90 days), audited. */
export const setAppealWindowDays = transactional(async function setAppealWindowDays(
  tx: Tx,
  actor: Actor,
  days: number,
): Promise<{ appealWindowDays: number }> {
  if (!Number.isInteger(days) || days < 0 || days > 90)
    throw new AppError('BAD_REQUEST', 'appealSettings.badWindow', { days });
  const before = await appealWindowDays(tx);
  await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: days }, update: { value: days } });
  await recordAudit(tx, actor, {
    action: 'setting.update',
    entity: 'setting',
    entityId: KEY,
    before: { value: before },
    after: { value: days },
  });
  return { appealWindowDays: days };
});
