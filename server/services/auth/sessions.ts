import crypto from 'node:crypto';
import type { Db } from '../../db';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/record-audit';
import { dummyHash, verifyPassword } from './passwords';

export type Role = 'leadership' | 'inspector' | 'unit' | 'admin';
export type SessionUser = { id: number; username: string; displayName: string; role: Role; unitId: number | null; unitCode: string | null };

export const SESSION_COOKIE = 'dukao_session';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Throttling: failures per username and per address inside a window block further attempts. */
export const THROTTLE = { window: 15 * 60_000, maxPerUser: 5, maxPerAddress: 20, block: 15 * 60_000 };

type Tx = Prisma.TransactionClient;

async function blockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, blockedUntil: { gt: now } }, select: { blockedUntil: true } });
  const times = rows.map((r) => r.blockedUntil!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

async function noteFailure(tx: Tx, key: string, max: number, now: Date): Promise<void> {
  const row = await tx.loginThrottle.findUnique({ where: { key } });
  const fresh = !row || now.getTime() - row.windowStart.getTime() > THROTTLE.window;
  const failures = fresh ? 1 : row.failures + 1;
  const blocked = failures >= max ? new Date(now.getTime() + THROTTLE.block) : (fresh ? null : row.blockedUntil);
  await tx.loginThrottle.upsert({
    where: { key },
    create: { key, failures, windowStart: now, blockedUntil: blocked },
    update: { failures, windowStart: fresh ? now : row.windowStart, blockedUntil: blocked },
  });
}

export type LoginResult = { token: string; user: SessionUser; expiresAt: Date };

/** Password login with throttling; the same error for an unknown user and a wrong password. */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; now: Date; ttlHours: number },
): Promise<LoginResult> {
  const userKey = `user:${input.username.toLowerCase()}`;
  const ipKey = `ip:${input.ip}`;
  const until = await blockedUntil(db, [userKey, ipKey], input.now);
  if (until) {
    throw new AppError('TOO_MANY_REQUESTS', 'Too many failed sign-ins; try again later.', {
      retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - input.now.getTime()) / 1000)),
    });
  }
  const user = await db.user.findUnique({
    where: { username: input.username },
    select: { id: true, username: true, displayName: true, role: true, unitId: true, passwordHash: true, disabled: true, unit: { select: { code: true } } },
  });
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !ok || user.disabled) {
    await db.$transaction(async (tx) => {
      await noteFailure(tx, userKey, THROTTLE.maxPerUser, input.now);
      await noteFailure(tx, ipKey, THROTTLE.maxPerAddress, input.now);
    });
    throw new AppError('UNAUTHORIZED', 'Wrong username or password.');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600_000);
  await db.$transaction(async (tx) => {
    await tx.session.create({ data: { id: sha256(token), userId: user.id, expiresAt, ip: input.ip.slice(0, 64) } });
    await tx.loginThrottle.deleteMany({ where: { key: userKey } });
    await recordAudit(tx, { id: user.id, username: user.username, role: user.role, unitId: user.unitId }, {
      action: 'auth.login',
      entity: 'user',
      entityId: user.username,
      after: { ip: input.ip },
    });
  });
  return {
    token,
    expiresAt,
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, unitCode: user.unit?.code ?? null },
  };
}

/** The signed-in user of a session token, or null when absent, expired, revoked or disabled. */
export async function userOfSession(db: Db, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const s = await db.session.findUnique({
    where: { id: sha256(token) },
    select: {
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, username: true, displayName: true, role: true, unitId: true, disabled: true, unit: { select: { code: true } } } },
    },
  });
  if (!s || s.revokedAt || s.expiresAt <= now || s.user.disabled) return null;
  const u = s.user;
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, unitCode: u.unit?.code ?? null };
}

export async function logout(db: Db, token: string | undefined, now: Date): Promise<void> {
  if (!token) return;
  await db.session.updateMany({ where: { id: sha256(token), revokedAt: null }, data: { revokedAt: now } });
}

/** Revokes every session of a user (password change, reset, disabling). */
export async function revokeUserSessions(tx: Tx, userId: number, now: Date, exceptToken?: string): Promise<void> {
  await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptToken ? { id: { not: sha256(exceptToken) } } : {}) },
    data: { revokedAt: now },
  });
}
