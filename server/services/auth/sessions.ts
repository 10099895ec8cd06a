import crypto from 'node:crypto';
import { type Db, rawQuery } from '../../db';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { recordAudit } from '../audit/record-audit';
import { VERSION_SNAPSHOT_SQL, type VersionSnapshot } from '../scores/view-cache';
import { dummyHash, verifyPassword } from './passwords';

export type Role = 'leadership' | 'inspector' | 'unit' | 'admin';
export type SessionUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitCode: string | null;
};

export const SESSION_COOKIE = 'dukao_session';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Throttling: failures per username and per address inside a window block further attempts. */
export const THROTTLE = { window: 15 * 60_000, maxPerUser: 5, maxPerAddress: 20, block: 15 * 60_000 };

type Tx = Prisma.TransactionClient;

async function blockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: keys }, blockedUntil: { gt: now } },
    select: { blockedUntil: true },
  });
  const times = rows.map((r) => r.blockedUntil!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

/**
 * Counts an attempt against a key before the password is checked, in one atomic statement, so that
 * concurrent attempts cannot all pass a check made before any of them failed. Returns the attempts
 * (in flight or failed) in the current window, including this one.
 */
async function reserveAttempt(db: Db, key: string, now: Date): Promise<{ failures: number; windowStart: Date }> {
  const rows = await db.$queryRawUnsafe<{ failures: number; windowStart: Date | string }[]>(
    `INSERT INTO "LoginThrottle" (key, failures, "windowStart") VALUES ($1, 1, $2::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN "LoginThrottle"."windowStart" <= $3::timestamptz THEN 1 ELSE "LoginThrottle".failures + 1 END,
       "windowStart" = CASE WHEN "LoginThrottle"."windowStart" <= $3::timestamptz THEN $2::timestamptz ELSE "LoginThrottle"."windowStart" END
     RETURNING failures, "windowStart"`,
    key,
    now.toISOString(),
    new Date(now.getTime() - THROTTLE.window).toISOString(),
  );
  const row = rows[0]!;
  return { failures: Number(row.failures), windowStart: new Date(row.windowStart) };
}

/** Gives back an attempt that was not a failure (a success, or an attempt refused before checking). */
async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE "LoginThrottle" SET failures = GREATEST(failures - 1, 0) WHERE key = $1`, key);
}

/** After a failure: a key that reached its maximum is blocked for THROTTLE.block. */
async function blockIfExhausted(db: Db, key: string, max: number, now: Date): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "LoginThrottle" SET "blockedUntil" = $3::timestamptz WHERE key = $1 AND failures >= $2`,
    key,
    max,
    new Date(now.getTime() + THROTTLE.block).toISOString(),
  );
}

const tooMany = (until: Date, now: Date, message = 'Too many failed sign-ins; try again later.') =>
  new AppError('TOO_MANY_REQUESTS', message, {
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });

/**
 * A password check outside sign-in (the current password of a password change, a second factor) under
 * the same throttle as sign-in: at most `max` failures per key in THROTTLE.window, then a block of
 * THROTTLE.block (429 with Retry-After). The attempt is counted before `check` runs, so concurrent guesses
 * cannot all pass. Returns whether the check passed; a pass clears the key's failures.
 */
export async function throttledCheck(
  db: Db,
  input: { key: string; max: number; now: Date; message: string },
  check: () => Promise<boolean>,
): Promise<boolean> {
  const until = await blockedUntil(db, [input.key], input.now);
  if (until) throw tooMany(until, input.now, input.message);
  const reserved = await reserveAttempt(db, input.key, input.now);
  if (reserved.failures > input.max) {
    await releaseAttempt(db, input.key);
    throw tooMany(new Date(reserved.windowStart.getTime() + THROTTLE.window), input.now, input.message);
  }
  const ok = await check();
  if (ok) await db.loginThrottle.deleteMany({ where: { key: input.key } });
  else await blockIfExhausted(db, input.key, input.max, input.now);
  return ok;
}

export type LoginResult = { token: string; user: SessionUser; expiresAt: Date };

/** Password login with throttling; the same error for an unknown user and a wrong password. */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; now: Date; ttlHours: number; requestId?: string },
): Promise<LoginResult> {
  const userKey = `user:${input.username.toLowerCase()}`;
  const ipKey = `ip:${input.ip}`;
  const until = await blockedUntil(db, [userKey, ipKey], input.now);
  if (until) throw tooMany(until, input.now);
  const forUser = await reserveAttempt(db, userKey, input.now);
  const forIp = await reserveAttempt(db, ipKey, input.now);
  if (forUser.failures > THROTTLE.maxPerUser || forIp.failures > THROTTLE.maxPerAddress) {
    // Concurrent attempts have used up the window: refuse this one without checking the password.
    await releaseAttempt(db, userKey);
    await releaseAttempt(db, ipKey);
    const windowEnd = Math.max(forUser.windowStart.getTime(), forIp.windowStart.getTime()) + THROTTLE.window;
    throw tooMany(new Date(windowEnd), input.now);
  }
  const user = await db.user.findUnique({
    where: { username: input.username },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      unitId: true,
      passwordHash: true,
      disabled: true,
      unit: { select: { code: true } },
    },
  });
  // An unknown name still costs one hash check, so timing does not tell which names exist.
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await refuseAfterDummyCheck(input.password);
  if (!user || !ok || user.disabled) {
    await blockIfExhausted(db, userKey, THROTTLE.maxPerUser, input.now);
    await blockIfExhausted(db, ipKey, THROTTLE.maxPerAddress, input.now);
    throw new AppError('UNAUTHORIZED', 'Wrong username or password.');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600_000);
  await db.$transaction(async (tx) => {
    await tx.session.create({ data: { id: sha256(token), userId: user.id, expiresAt, ip: input.ip.slice(0, 64) } });
    await recordAudit(
      tx,
      {
        id: user.id,
        username: user.username,
        role: user.role,
        unitId: user.unitId,
        ...(input.requestId ? { requestId: input.requestId } : {}),
      },
      {
        action: 'auth.login',
        entity: 'user',
        entityId: user.username,
        after: { ip: input.ip },
      },
    );
  });
  // A success clears the username's failures and does not count against the address.
  await db.loginThrottle.deleteMany({ where: { key: userKey } });
  await releaseAttempt(db, ipKey);
  return {
    token,
    expiresAt,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      unitId: user.unitId,
      unitCode: user.unit?.code ?? null,
    },
  };
}

/** The signed-in user of a session token, or null when absent, expired, revoked or disabled (one statement: every request asks). */
export async function userOfSession(db: Db, token: string | undefined, now: Date): Promise<SessionUser | null> {
  return (await sessionLookup(db, token, now, false)).user;
}

/**
 * The signed-in user and, in the same statement, the data versions every cached view checks
 * (view-cache.ts, VERSION_SNAPSHOT_SQL): a read-only request served from cached views then costs one
 * round trip. No versions without a valid session.
 */
export async function userAndVersionsOfSession(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<{ user: SessionUser | null; versions: VersionSnapshot | null }> {
  return sessionLookup(db, token, now, true);
}

async function sessionLookup(db: Db, token: string | undefined, now: Date, withVersions: boolean) {
  if (!token || token.length > 200) return { user: null, versions: null };
  const [u] = await rawQuery<SessionUser & { versions?: VersionSnapshot | string }>(
    db,
    `SELECT u.id, u.username, u."displayName", u.role::text AS role, u."unitId", un.code AS "unitCode"
            ${withVersions ? `, ${VERSION_SNAPSHOT_SQL}::text AS versions` : ''}
       FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Unit" un ON un.id = u."unitId"
      WHERE s.id = $1 AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamptz AND NOT u.disabled`,
    [sha256(token), now.toISOString()],
  );
  if (!u) return { user: null, versions: null };
  const user: SessionUser = {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    unitCode: u.unitCode,
  };
  // Sent as text: the same parse on both drivers (PGlite and pg type json differently through Prisma).
  return { user, versions: typeof u.versions === 'string' ? (JSON.parse(u.versions) as VersionSnapshot) : null };
}

/** Revokes the session of a token (server-side: the cookie stops working even if kept), audited. */
export async function logout(db: Db, token: string | undefined, now: Date, requestId?: string): Promise<void> {
  if (!token || token.length > 200) return;
  const id = sha256(token);
  await db.$transaction(async (tx) => {
    const revoked = await tx.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    if (revoked.count === 0) return;
    const s = await tx.session.findUniqueOrThrow({
      where: { id },
      select: { user: { select: { id: true, username: true, role: true, unitId: true } } },
    });
    await recordAudit(
      tx,
      { id: s.user.id, username: s.user.username, role: s.user.role, unitId: s.user.unitId },
      { action: 'auth.logout', entity: 'user', entityId: s.user.username },
      requestId,
    );
  });
}

/** Revokes every session of a user (password change, reset, disabling). */
export async function revokeUserSessions(tx: Tx, userId: number, now: Date, exceptToken?: string): Promise<void> {
  await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptToken ? { id: { not: sha256(exceptToken) } } : {}) },
    data: { revokedAt: now },
  });
}

async function refuseAfterDummyCheck(password: string): Promise<false> {
  await verifyPassword(await dummyHash(), password);
  return false;
}
