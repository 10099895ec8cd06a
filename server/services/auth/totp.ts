import crypto from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Db, Tx } from '../../db';
import { execute } from '../../db';
import { ROLE_GROUPS, roleIn } from '../../domain/names';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { type Actor, recordAudit } from '../audit/record-audit';
import { type Pending, pendingStep, STANDING_SELECT, sessionIdOf, THROTTLE, throttledCheck } from './sessions';

/**
 * The second factor (等保 2.0 8.1.4.1 d, 两种或两种以上组合的鉴别技术): TOTP after RFC 6238 (30-second steps,
 * six digits, SHA-1, as every authenticator app reads an otpauth:// URI), through otplib, with ten one-time
 * recovery codes kept as SHA-256 hashes. Required of the separated administrators, optional for the others.
 */
export const TOTP_ISSUER = 'Dukao 督考';
export const RECOVERY_CODE_COUNT = 10;
/** One step either side of the current one is accepted (a phone's clock a little off). */
const TOLERANCE_SECONDS = 30;
/** RFC 6238's time step (otplib's default). */
const TOTP_STEP_SECONDS = 30;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** A recovery code as typed: case, spaces and dashes do not matter. */
const normaliseRecovery = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

/** 16 characters of Crockford-like base32 (80 bits), written XXXX-XXXX-XXXX-XXXX. */
function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Whether `code` is the TOTP of `secret` at `now` (± one step). */
export async function totpMatches(secret: string, code: string, now: Date): Promise<boolean> {
  return (await totpStepOf(secret, code, now)) !== null;
}

/** The 30-second time step whose TOTP of `secret` is `code` (± one step around `now`), or null. */
async function totpStepOf(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: TOLERANCE_SECONDS });
  return result.valid ? Math.floor(epoch / TOTP_STEP_SECONDS) + result.delta : null;
}

/**
 * Uses up the time step of an accepted code, in the statement that checks no code of that step or a later
 * one was accepted before (RFC 6238 §5.2: a code is accepted once, even by two sign-ins at the same moment).
 * Returns false for a replay.
 */
async function claimTotpStep(db: Tx, userId: number, step: number): Promise<boolean> {
  const used = await execute(
    db,
    sql`UPDATE "User" SET "totpLastStep" = ${step} WHERE id = ${userId} AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`,
  );
  return used === 1;
}

/** Starts enrolment: a new secret (not yet in force) and the otpauth:// URI an authenticator app reads. */
export async function startTotpEnrolment(db: Db, actor: Actor): Promise<{ secret: string; uri: string }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id! }, select: { totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'totp.alreadyEnrolledReset');
  const secret = generateSecret();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id! }, data: { totpSecret: secret } });
    await recordAudit(tx, actor, {
      action: 'auth.totp_enrol_start',
      entity: 'user',
      entityId: actor.username,
      after: { result: 'secret issued' },
    });
  });
  return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: actor.username, secret }) };
}

/**
 * Ends enrolment with a first code from the app: the second factor is in force from now on, and the ten
 * recovery codes are shown this once. A session that was held back for enrolment goes on.
 */
export async function confirmTotpEnrolment(
  db: Db,
  actor: Actor,
  input: { code: string; now: Date; token?: string | undefined },
): Promise<{ recoveryCodes: string[]; pending: Pending | null }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id! },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'totp.alreadyEnrolled');
  if (!user.totpSecret) throw new AppError('BAD_REQUEST', 'totp.startEnrolmentFirst');
  const secret = user.totpSecret;
  let step: number | null = null;
  const right = await throttledCheck(
    db,
    { key: `totp:${actor.id}`, max: THROTTLE.maxPerUser, now: input.now, message: 'auth.tooManyCodes' },
    async () => {
      step = await totpStepOf(secret, input.code.trim(), input.now);
      return step !== null;
    },
  );
  if (!right || step === null) throw new AppError('BAD_REQUEST', 'totp.codeWrong');
  const enrolStep: number = step;
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return db.$transaction(async (tx) => {
    if (!(await claimTotpStep(tx, actor.id!, enrolStep))) throw new AppError('BAD_REQUEST', 'totp.replayed');
    const standing = await tx.user.update({
      where: { id: actor.id! },
      data: { totpEnabledAt: input.now, totpRecovery: recoveryCodes.map((c) => sha256(normaliseRecovery(c))) },
      select: STANDING_SELECT,
    });
    let pending: Pending | null = null;
    if (input.token) {
      pending = await pendingStep(tx, standing, input.now, { totp: true });
      await tx.session.updateMany({
        where: { id: sessionIdOf(input.token), revokedAt: null, pending: 'totp-enrol' },
        data: { pending },
      });
    }
    await recordAudit(tx, actor, {
      action: 'auth.totp_enrol',
      entity: 'user',
      entityId: actor.username,
      after: { result: 'success', recoveryCodes: RECOVERY_CODE_COUNT },
    });
    return { recoveryCodes, pending };
  });
}

/**
 * The second step of a sign-in: a six-digit code, or one of the recovery codes (used up by it). Wrong codes
 * are throttled like passwords (5 per 15 minutes, then 429) and audited; a right one lets the session go on
 * to what it still owes (a password change) or to work.
 */
export async function verifySecondFactor(
  db: Db,
  actor: Actor,
  input: { code: string; token: string; now: Date; passwordMaxAgeDays?: number | undefined },
): Promise<{ pending: Pending | null; recoveryCodesLeft: number }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id! },
    select: { totpSecret: true, totpEnabledAt: true, totpRecovery: true },
  });
  if (!user.totpEnabledAt || !user.totpSecret) throw new AppError('BAD_REQUEST', 'totp.nothingToVerify');
  const secret = user.totpSecret;
  const code = input.code.trim();
  let usedRecovery: string | null = null;
  let step: number | null = null;
  const right = await throttledCheck(
    db,
    { key: `totp:${actor.id}`, max: THROTTLE.maxPerUser, now: input.now, message: 'auth.tooManyCodes' },
    async () => {
      step = await totpStepOf(secret, code, input.now);
      if (step !== null) return true;
      const hashed = sha256(normaliseRecovery(code));
      if (!user.totpRecovery.includes(hashed)) return false;
      usedRecovery = hashed;
      return true;
    },
  );
  if (!right) {
    await recordAudit(db, actor, {
      action: 'auth.totp_failed',
      entity: 'user',
      entityId: actor.username,
      after: { result: 'refused' },
    });
    throw new AppError('UNAUTHORIZED', 'totp.codeWrongOrExpired');
  }
  const usedStep: number | null = step;
  return db.$transaction(async (tx) => {
    if (usedStep !== null && !(await claimTotpStep(tx, actor.id!, usedStep))) {
      // A code seen once (over a shoulder, in a proxy's log) does not sign anyone in again.
      throw new AppError('UNAUTHORIZED', 'totp.replayed');
    }
    let left = user.totpRecovery.length;
    if (usedRecovery) {
      // Used once: removed in the same statement that checks it is still there (two sign-ins cannot share it).
      const removed = await execute(
        tx,
        sql`UPDATE "User" SET "totpRecovery" = array_remove("totpRecovery", ${usedRecovery}) WHERE id = ${actor.id} AND ${usedRecovery} = ANY("totpRecovery")`,
      );
      if (removed === 0) throw new AppError('UNAUTHORIZED', 'totp.codeWrongOrExpired');
      left -= 1;
    }
    const standing = await tx.user.findUniqueOrThrow({ where: { id: actor.id! }, select: STANDING_SELECT });
    const pending = await pendingStep(tx, standing, input.now, { totp: true }, input.passwordMaxAgeDays);
    const moved = await tx.session.updateMany({
      where: { id: sessionIdOf(input.token), revokedAt: null, pending: 'totp' },
      data: { pending },
    });
    if (moved.count === 0) throw new AppError('BAD_REQUEST', 'common.notWaitingForCode');
    await recordAudit(tx, actor, {
      action: 'auth.totp',
      entity: 'user',
      entityId: actor.username,
      after: { result: 'success', method: usedRecovery ? 'recovery code' : 'totp', recoveryCodesLeft: left },
    });
    return { pending, recoveryCodesLeft: left };
  });
}

/** A role for which the second factor is optional may switch it off again, with a current code. */
export async function disableTotp(db: Db, actor: Actor, input: { code: string; now: Date }) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id! },
    select: { totpSecret: true, totpEnabledAt: true, role: true },
  });
  if (!user.totpEnabledAt || !user.totpSecret) throw new AppError('BAD_REQUEST', 'totp.noneEnrolled');
  if (roleIn(ROLE_GROUPS.privileged, user.role)) throw new AppError('FORBIDDEN', 'totp.adminsKeep');
  const secret = user.totpSecret;
  const right = await throttledCheck(
    db,
    { key: `totp:${actor.id}`, max: THROTTLE.maxPerUser, now: input.now, message: 'auth.tooManyCodes' },
    () => totpMatches(secret, input.code.trim(), input.now),
  );
  if (!right) throw new AppError('BAD_REQUEST', 'totp.codeWrong');
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id! },
      data: { totpSecret: null, totpEnabledAt: null, totpRecovery: [] },
    });
    await recordAudit(tx, actor, { action: 'auth.totp_disable', entity: 'user', entityId: actor.username });
  });
  return { ok: true };
}

/** Whether the signed-in user has a second factor, and how many recovery codes are left. */
export async function totpStatus(db: Db, actor: Actor) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id! },
    select: { totpEnabledAt: true, totpRecovery: true, role: true },
  });
  return {
    enrolled: user.totpEnabledAt !== null,
    required: roleIn(ROLE_GROUPS.privileged, user.role),
    recoveryCodesLeft: user.totpRecovery.length,
  };
}
