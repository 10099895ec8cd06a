import { type Tx, transactional } from '../../db';
import type { SupervisionSettingsInput } from '../../domain/inputs/admin';
import { AppError } from '../../errors';
import { type Actor, recordAudit } from '../audit/record-audit';

/** Administrator settings of the supervision loop (stored in Setting under `supervision`). */
export type SupervisionSettings = {
  /** Four eyes: the inspector who confirms a rectification claim must be another person than its claimant. */
  fourEyes: boolean;
  /** Warning colours: blue within this many days of a deadline … */
  blueDays: number;
  /** … yellow within this many (red once overdue). */
  yellowDays: number;
  /** Days an inspector has to confirm or reject a rectification claim. */
  reviewDays: number;
  /** Days a unit has to submit again after a return that came after (or near) the quarter's deadline. */
  resubmitDays: number;
};

export const DEFAULT_SUPERVISION: SupervisionSettings = {
  fourEyes: true,
  blueDays: 7,
  yellowDays: 3,
  reviewDays: 5,
  resubmitDays: 5,
};
const KEY = 'supervision';

export async function loadSupervisionSettings(tx: Tx): Promise<SupervisionSettings> {
  const row = await tx.setting.findUnique({ where: { key: KEY }, select: { value: true } });
  const v = (row?.value ?? {}) as Partial<SupervisionSettings>;
  const num = (k: 'blueDays' | 'yellowDays' | 'reviewDays' | 'resubmitDays') =>
    typeof v[k] === 'number' ? v[k] : DEFAULT_SUPERVISION[k];
  return {
    fourEyes: typeof v.fourEyes === 'boolean' ? v.fourEyes : DEFAULT_SUPERVISION.fourEyes,
    blueDays: num('blueDays'),
    yellowDays: num('yellowDays'),
    reviewDays: num('reviewDays'),
    resubmitDays: num('resubmitDays'),
  };
}

export const saveSupervisionSettings = transactional(async function saveSupervisionSettings(
  tx: Tx,
  actor: Actor,
  changes: SupervisionSettingsInput,
) {
  const before = await loadSupervisionSettings(tx);
  const input: SupervisionSettings = { ...before, ...changes };
  for (const k of ['blueDays', 'yellowDays', 'reviewDays', 'resubmitDays'] as const)
    if (!Number.isInteger(input[k]) || input[k] < 0 || input[k] > 365)
      throw new AppError('BAD_REQUEST', 'settings.badDays', { field: k, value: input[k] });
  if (input.yellowDays > input.blueDays)
    throw new AppError('BAD_REQUEST', 'settings.yellowOverBlue', {
      yellowDays: input.yellowDays,
      blueDays: input.blueDays,
    });
  await tx.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: input },
    update: { value: input },
  });
  await recordAudit(tx, actor, {
    action: 'settings.supervision',
    entity: 'setting',
    entityId: KEY,
    before,
    after: input,
  });
  return input;
});
