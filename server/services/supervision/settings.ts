import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { type Actor, recordAudit } from '../audit/record-audit';

type Tx = Prisma.TransactionClient;

/** Administrator settings of the supervision loop (stored in Setting under `supervision`). */
export type SupervisionSettings = {
  /** Four eyes: the inspector who confirms a rectification claim must be another person than its claimant. */
  fourEyes: boolean;
  /** Warning colours: blue within this many days of a deadline … */
  blueDays: number;
  /** … yellow within this many (red once overdue). */
  yellowDays: number;
};

export const DEFAULT_SUPERVISION: SupervisionSettings = { fourEyes: true, blueDays: 7, yellowDays: 3 };
const KEY = 'supervision';

export async function loadSupervisionSettings(tx: Tx): Promise<SupervisionSettings> {
  const row = await tx.setting.findUnique({ where: { key: KEY }, select: { value: true } });
  const v = (row?.value ?? {}) as Partial<SupervisionSettings>;
  return {
    fourEyes: typeof v.fourEyes === 'boolean' ? v.fourEyes : DEFAULT_SUPERVISION.fourEyes,
    blueDays: typeof v.blueDays === 'number' ? v.blueDays : DEFAULT_SUPERVISION.blueDays,
    yellowDays: typeof v.yellowDays === 'number' ? v.yellowDays : DEFAULT_SUPERVISION.yellowDays,
  };
}

export async function saveSupervisionSettings(tx: Tx, actor: Actor, input: SupervisionSettings) {
  if (!Number.isInteger(input.blueDays) || !Number.isInteger(input.yellowDays) || input.yellowDays < 0)
    throw new AppError('BAD_REQUEST', 'Warning thresholds are whole numbers of days, 0 or more.');
  if (input.yellowDays > input.blueDays)
    throw new AppError(
      'BAD_REQUEST',
      `The yellow threshold (${input.yellowDays} days) must not exceed the blue one (${input.blueDays} days).`,
    );
  const before = await loadSupervisionSettings(tx);
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
}
