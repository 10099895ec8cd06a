import { type Db, inTransaction, type Tx, transactional } from '../../db';
import type { Role } from '../../domain/names';
import { passwordRefusal } from '../../domain/validation/password-policy';
import { AppError } from '../../errors';
import { type Actor, recordAudit } from '../audit/record-audit';
import { hashPassword, verifyPassword } from '../auth/passwords';
import {
  type Pending,
  pendingStep,
  revokeUserSessions,
  STANDING_SELECT,
  setSessionPending,
  THROTTLE,
  throttledCheck,
} from '../auth/sessions';

const USERNAME_RE = /^[A-Za-z0-9_.-]{2,64}$/;

function checkPassword(password: string, username: string) {
  const problem = passwordRefusal(password, username);
  if (problem) throw AppError.of('BAD_REQUEST', problem);
}

export async function listUsers(tx: Tx) {
  const rows = await tx.user.findMany({
    orderBy: { username: 'asc' },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      disabled: true,
      createdAt: true,
      mustChangePassword: true,
      totpEnabledAt: true,
      unit: { select: { code: true, name: true } },
    },
  });
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    unit: u.unit?.code ?? null,
    unitName: u.unit?.name ?? null,
    createdAt: u.createdAt.toISOString(),
    mustChangePassword: u.mustChangePassword,
    totp: u.totpEnabledAt !== null,
  }));
}

/** Creates a user; a unit operator must be bound to one unit, other roles to none. Hash the password first. */
export const createUser = transactional(async function createUser(
  tx: Tx,
  actor: Actor,
  input: { username: string; displayName?: string; role: Role; unitCode?: string | null; passwordHash: string },
) {
  if (!USERNAME_RE.test(input.username))
    throw new AppError('BAD_REQUEST', 'users.badUsername', { username: input.username });
  if (input.role === 'unit' && !input.unitCode) throw new AppError('BAD_REQUEST', 'users.unitOperatorNeedsUnitCli');
  if (input.role !== 'unit' && input.unitCode)
    throw new AppError('BAD_REQUEST', 'users.onlyUnitOperatorsBound', { role: input.role });
  let unitId: number | null = null;
  if (input.unitCode) {
    const unit = await tx.unit.findUnique({ where: { code: input.unitCode }, select: { id: true } });
    if (!unit) throw new AppError('BAD_REQUEST', 'common.unknownUnit', { unitCode: input.unitCode });
    unitId = unit.id;
  }
  if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } }))
    throw new AppError('CONFLICT', 'users.alreadyExists', { username: input.username });
  const u = await tx.user.create({
    data: {
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: input.role,
      unitId,
      passwordHash: input.passwordHash,
      // Someone else chose this password: the user must change it at first sign-in.
      mustChangePassword: true,
    },
    select: { id: true },
  });
  await recordAudit(tx, actor, {
    action: 'user.create',
    entity: 'user',
    entityId: input.username,
    after: { role: input.role, unit: input.unitCode ?? null },
  });
  return { id: u.id, username: input.username };
});

/** Checks a new password against the policy for `username` and hashes it. */
export async function preparePassword(password: string, username: string): Promise<string> {
  checkPassword(password, username);
  return hashPassword(password);
}

/**
 * A user changes their own password: the new one must meet the policy, the current one must be right, and
 * wrong guesses of the current one are throttled like sign-in (5 per 15 minutes, then 429). The other
 * sessions of the user end; this one goes on (past a first-sign-in change: to what it still owes, if any).
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: { current: string; next: string; keepToken?: string; now: Date },
): Promise<{ pending: Pending | null }> {
  checkPassword(input.next, actor.username);
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id! }, select: { passwordHash: true } });
  const right = await throttledCheck(
    db,
    {
      key: `password-change:${actor.id}`,
      max: THROTTLE.maxPerUser,
      now: input.now,
      message: 'auth.tooManyPasswords',
    },
    () => verifyPassword(user.passwordHash, input.current),
  );
  if (!right) throw new AppError('BAD_REQUEST', 'users.currentPasswordWrong');
  if (await verifyPassword(user.passwordHash, input.next)) throw new AppError('BAD_REQUEST', 'users.newPasswordSame');
  const passwordHash = await hashPassword(input.next);
  return inTransaction(db, async (tx) => {
    const standing = await tx.user.update({
      where: { id: actor.id! },
      data: { passwordHash, passwordChangedAt: input.now, mustChangePassword: false },
      select: STANDING_SELECT,
    });
    await revokeUserSessions(tx, actor.id!, input.now, input.keepToken);
    // This session gave its second factor (if any) before it could change the password.
    const pending = await pendingStep(tx, standing, input.now, { totp: true });
    if (input.keepToken) await setSessionPending(tx, input.keepToken, pending);
    await recordAudit(tx, actor, {
      action: 'user.change_password',
      entity: 'user',
      entityId: actor.username,
      after: { result: 'success', ...(pending ? { pending } : {}) },
    });
    return { pending };
  });
}

export const adminUpdateUser = transactional(async function adminUpdateUser(
  tx: Tx,
  actor: Actor,
  input: {
    username: string;
    passwordHash?: string;
    disabled?: boolean;
    role?: Role;
    unitCode?: string | null;
    now: Date;
  },
) {
  const user = await tx.user.findUnique({
    where: { username: input.username },
    select: { id: true, role: true, disabled: true, unitId: true },
  });
  if (!user) throw new AppError('NOT_FOUND', 'users.noSuchUser', { username: input.username });
  if (user.id === actor.id && (input.disabled || (input.role && input.role !== user.role)))
    throw new AppError('BAD_REQUEST', 'users.notYourself');
  const role = input.role ?? user.role;
  let unitId = user.unitId;
  if (input.unitCode !== undefined) {
    unitId = null;
    if (input.unitCode) {
      const unit = await tx.unit.findUnique({ where: { code: input.unitCode }, select: { id: true } });
      if (!unit) throw new AppError('BAD_REQUEST', 'common.unknownUnit', { unitCode: input.unitCode });
      unitId = unit.id;
    }
  }
  if (role === 'unit' && unitId === null) throw new AppError('BAD_REQUEST', 'users.unitOperatorNeedsUnit');
  if (role !== 'unit') unitId = null;
  await tx.user.update({
    where: { id: user.id },
    data: {
      role,
      unitId,
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      // A reset password was chosen by someone else: it must be changed at the next sign-in.
      ...(input.passwordHash
        ? { passwordHash: input.passwordHash, passwordChangedAt: input.now, mustChangePassword: true }
        : {}),
    },
  });
  if (input.passwordHash || input.disabled || role !== user.role || unitId !== user.unitId)
    await revokeUserSessions(tx, user.id, input.now);
  await recordAudit(tx, actor, {
    action: input.passwordHash ? 'user.reset_password' : 'user.update',
    entity: 'user',
    entityId: input.username,
    before: { role: user.role, disabled: user.disabled, unitId: user.unitId },
    after: { role, disabled: input.disabled ?? user.disabled, unitId },
  });
});

/** The security administrator unlocks an account that repeated failed sign-ins have blocked. */
export const unlockUser = transactional(async function unlockUser(tx: Tx, actor: Actor, username: string) {
  const user = await tx.user.findUnique({ where: { username }, select: { id: true } });
  if (!user) throw new AppError('NOT_FOUND', 'users.noSuchUser', { username });
  const cleared = await tx.loginThrottle.deleteMany({
    where: { key: { in: [`user:${username.toLowerCase()}`, `password-change:${user.id}`, `totp:${user.id}`] } },
  });
  await recordAudit(tx, actor, {
    action: 'user.unlock',
    entity: 'user',
    entityId: username,
    after: { result: 'success', clearedCounters: cleared.count },
  });
  return { ok: true, cleared: cleared.count };
});

/** The security administrator removes a user's second factor (a lost phone): the user enrols again. */
export const resetTotp = transactional(async function resetTotp(
  tx: Tx,
  actor: Actor,
  input: { username: string; now: Date },
) {
  const user = await tx.user.findUnique({
    where: { username: input.username },
    select: { id: true, totpEnabledAt: true },
  });
  if (!user) throw new AppError('NOT_FOUND', 'users.noSuchUser', { username: input.username });
  await tx.user.update({
    where: { id: user.id },
    data: { totpSecret: null, totpEnabledAt: null, totpRecovery: [] },
  });
  await revokeUserSessions(tx, user.id, input.now);
  await recordAudit(tx, actor, {
    action: 'user.reset_totp',
    entity: 'user',
    entityId: input.username,
    before: { totp: user.totpEnabledAt !== null },
    after: { totp: false },
  });
  return { ok: true };
});
