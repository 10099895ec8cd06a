import crypto from 'node:crypto';
import type { Tx } from '../../db';
import { type Db, execute, inTransaction, queryRows, rawQuery } from '../../db';
import { ROLE_GROUPS, type Role, roleIn } from '../../domain/names';
import type { ServerMessageKey } from '../../domain/server-messages';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { recordAudit } from '../audit/record-audit';
import { VERSION_SNAPSHOT_SQL, type VersionSnapshot } from '../scores/view-cache';
import { dummyHash, verifyPassword } from './passwords';

/**
 * What a signed-in session must do before anything else: give its TOTP code, change its password (first
 * sign-in of an account someone else made, or an expired password), or enrol a second factor (a privileged
 * role without one). Until then every other call answers 403.
 */
export type Pending = 'totp' | 'password' | 'totp-enrol';

export type SessionUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitCode: string | null;
  /** Set while the session is held back (see Pending); absent or null: the session may do what its role may. */
  pending?: Pending | null;
};

/** Idle time-out when the settings give none (SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_MINUTES = 30;
/** lastSeenAt is written at most this often per session, so most requests cost no write. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export const SESSION_COOKIE = 'dukao_session';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Throttling: failures per username and per address inside a window block further attempts. */
export const THROTTLE = { window: 15 * 60_000, maxPerUser: 5, maxPerAddress: 20, block: 15 * 60_000 };

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
  const at = now.toISOString();
  const windowOpened = new Date(now.getTime() - THROTTLE.window).toISOString();
  const rows = await queryRows<{ failures: number; windowStart: Date | string }>(
    db,
    sql`INSERT INTO "LoginThrottle" (key, failures, "windowStart") VALUES (${key}, 1, ${at}::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN "LoginThrottle"."windowStart" <= ${windowOpened}::timestamptz
                       THEN 1 ELSE "LoginThrottle".failures + 1 END,
       "windowStart" = CASE WHEN "LoginThrottle"."windowStart" <= ${windowOpened}::timestamptz
                            THEN ${at}::timestamptz ELSE "LoginThrottle"."windowStart" END
     RETURNING failures, "windowStart"`,
  );
  const row = rows[0]!;
  return { failures: Number(row.failures), windowStart: new Date(row.windowStart) };
}

/** Gives back an attempt that was not a failure (a success, or an attempt refused before checking). */
async function releaseAttempt(db: Db, key: string): Promise<void> {
  await execute(db, sql`UPDATE "LoginThrottle" SET failures = GREATEST(failures - 1, 0) WHERE key = ${key}`);
}

/** After a failure: a key that reached its maximum is blocked for THROTTLE.block. */
async function blockIfExhausted(db: Db, key: string, max: number, now: Date): Promise<void> {
  const until = new Date(now.getTime() + THROTTLE.block).toISOString();
  await execute(
    db,
    sql`UPDATE "LoginThrottle" SET "blockedUntil" = ${until}::timestamptz WHERE key = ${key} AND failures >= ${max}`,
  );
}

const tooMany = (until: Date, now: Date, message: ServerMessageKey = 'auth.tooManySignIns') =>
  new AppError('TOO_MANY_REQUESTS', message, undefined, {
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
  input: { key: string; max: number; now: Date; message: ServerMessageKey },
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

export type LoginResult = {
  token: string;
  user: SessionUser;
  expiresAt: Date;
  /** The password must be changed (POST /auth/password) before anything else. */
  mustChangePassword: boolean;
  /** A TOTP code (or a recovery code) must be given (POST /auth/totp) before anything else. */
  totpRequired: boolean;
  /** A privileged role without a second factor: it must enrol one (auth.enrolTotp, auth.confirmTotp). */
  totpEnrolRequired: boolean;
};

type StandingOfUser = {
  id: number;
  role: Role;
  demo: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  totpEnabledAt: Date | null;
};

/**
 * The demo's printed accounts are exempt from the first-sign-in change and from the second factor only
 * while the database holds the demo's accounts and nothing else: once anyone else has an account, they too
 * must change their printed password and (administrators) enrol a second factor.
 */
async function demoExempt(db: Db | Tx, user: Pick<StandingOfUser, 'demo'>): Promise<boolean> {
  if (!user.demo) return false;
  return (await db.user.count({ where: { demo: false } })) === 0;
}

/** Whether the user's password must be changed now: set by someone else, or older than the maximum age. */
export async function passwordChangeDue(
  db: Db | Tx,
  user: StandingOfUser,
  now: Date,
  passwordMaxAgeDays?: number,
): Promise<boolean> {
  const expired =
    passwordMaxAgeDays !== undefined &&
    now.getTime() - user.passwordChangedAt.getTime() > passwordMaxAgeDays * 86_400_000;
  if (!user.mustChangePassword && !expired) return false;
  return !(await demoExempt(db, user));
}

/** Whether a privileged user without a second factor must enrol one before anything else. */
export async function totpEnrolDue(db: Db | Tx, user: StandingOfUser): Promise<boolean> {
  if (user.totpEnabledAt || !roleIn(ROLE_GROUPS.privileged, user.role)) return false;
  return !(await demoExempt(db, user));
}

/** The first step a session of `user` still owes, after the steps in `done`. */
export async function pendingStep(
  db: Db | Tx,
  user: StandingOfUser,
  now: Date,
  done: { totp: boolean },
  passwordMaxAgeDays?: number,
): Promise<Pending | null> {
  if (user.totpEnabledAt && !done.totp) return 'totp';
  if (await passwordChangeDue(db, user, now, passwordMaxAgeDays)) return 'password';
  if (await totpEnrolDue(db, user)) return 'totp-enrol';
  return null;
}

export const STANDING_SELECT = {
  id: true,
  role: true,
  demo: true,
  mustChangePassword: true,
  passwordChangedAt: true,
  totpEnabledAt: true,
} as const;

/** Sets what a session still owes (after a step is done); audited by the caller. */
export async function setSessionPending(db: Db | Tx, token: string, pending: Pending | null): Promise<void> {
  await db.session.updateMany({ where: { id: sha256(token), revokedAt: null }, data: { pending } });
}

/** The session row of a token (for the steps of a held-back session). */
export function sessionIdOf(token: string): string {
  return sha256(token);
}

/** Password login with throttling; the same error for an unknown user and a wrong password. */
export async function login(
  db: Db,
  input: {
    username: string;
    password: string;
    ip: string;
    now: Date;
    ttlHours: number;
    requestId?: string;
    passwordMaxAgeDays?: number | undefined;
  },
): Promise<LoginResult> {
  const attempt = { username: input.username, ip: input.ip, now: input.now, requestId: input.requestId };
  const userKey = `user:${input.username.toLowerCase()}`;
  const ipKey = `ip:${input.ip}`;
  const until = await blockedUntil(db, [userKey, ipKey], input.now);
  if (until) {
    await auditFailedSignIn(db, attempt, 'throttled');
    throw tooMany(until, input.now);
  }
  const forUser = await reserveAttempt(db, userKey, input.now);
  const forIp = await reserveAttempt(db, ipKey, input.now);
  if (forUser.failures > THROTTLE.maxPerUser || forIp.failures > THROTTLE.maxPerAddress) {
    // Concurrent attempts have used up the window: refuse this one without checking the password.
    await releaseAttempt(db, userKey);
    await releaseAttempt(db, ipKey);
    const windowEnd = Math.max(forUser.windowStart.getTime(), forIp.windowStart.getTime()) + THROTTLE.window;
    await auditFailedSignIn(db, attempt, 'throttled');
    throw tooMany(new Date(windowEnd), input.now);
  }
  const user = await db.user.findUnique({
    where: { username: input.username },
    select: {
      username: true,
      displayName: true,
      unitId: true,
      passwordHash: true,
      disabled: true,
      unit: { select: { code: true } },
      ...STANDING_SELECT,
    },
  });
  // An unknown name still costs one hash check, so timing does not tell which names exist.
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await refuseAfterDummyCheck(input.password);
  if (!user || !ok || user.disabled) {
    await blockIfExhausted(db, userKey, THROTTLE.maxPerUser, input.now);
    await blockIfExhausted(db, ipKey, THROTTLE.maxPerAddress, input.now);
    await auditFailedSignIn(db, attempt, !user ? 'unknown user' : !ok ? 'wrong password' : 'disabled');
    throw new AppError('UNAUTHORIZED', 'sessions.wrongCredentials');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600_000);
  const pending = await pendingStep(db, user, input.now, { totp: false }, input.passwordMaxAgeDays);
  const mustChangePassword = await passwordChangeDue(db, user, input.now, input.passwordMaxAgeDays);
  await inTransaction(db, async (tx) => {
    await tx.session.create({
      data: {
        id: sha256(token),
        userId: user.id,
        expiresAt,
        lastSeenAt: input.now,
        ip: input.ip.slice(0, 64),
        pending,
      },
    });
    await recordAudit(
      tx,
      {
        id: user.id,
        username: user.username,
        role: user.role,
        unitId: user.unitId,
        ip: input.ip,
        ...(input.requestId ? { requestId: input.requestId } : {}),
      },
      {
        action: 'auth.login',
        entity: 'user',
        entityId: user.username,
        after: { result: 'success', ip: input.ip, ...(pending ? { pending } : {}) },
      },
    );
  });
  // A success clears the username's failures and does not count against the address.
  await db.loginThrottle.deleteMany({ where: { key: userKey } });
  await releaseAttempt(db, ipKey);
  return {
    token,
    expiresAt,
    mustChangePassword,
    totpRequired: pending === 'totp',
    totpEnrolRequired: pending === 'totp-enrol',
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      unitId: user.unitId,
      unitCode: user.unit?.code ?? null,
      pending,
    },
  };
}

/** A refused sign-in, audited with the name tried, the address and why (the client is told only "wrong"). */
async function auditFailedSignIn(
  db: Db,
  attempt: { username: string; ip: string; now: Date; requestId?: string | undefined },
  reason: 'unknown user' | 'wrong password' | 'disabled' | 'throttled',
): Promise<void> {
  const name = attempt.username.slice(0, 64);
  await recordAudit(
    db,
    { id: null, username: name, role: 'system', unitId: null, ip: attempt.ip },
    {
      action: 'auth.login_failed',
      entity: 'user',
      entityId: name,
      after: { result: 'refused', reason, ip: attempt.ip },
    },
    attempt.requestId,
  );
}

/** The signed-in user of a session token, or null when absent, expired, revoked or disabled (one statement: every request asks). */
export async function userOfSession(
  db: Db,
  token: string | undefined,
  now: Date,
  idleMinutes: number = DEFAULT_IDLE_MINUTES,
): Promise<SessionUser | null> {
  return (await sessionLookup(db, token, now, false, idleMinutes)).user;
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
  idleMinutes: number = DEFAULT_IDLE_MINUTES,
): Promise<{ user: SessionUser | null; versions: VersionSnapshot | null }> {
  return sessionLookup(db, token, now, true, idleMinutes);
}

async function sessionLookup(
  db: Db,
  token: string | undefined,
  now: Date,
  withVersions: boolean,
  idleMinutes: number,
): Promise<{ user: SessionUser | null; versions: VersionSnapshot | null }> {
  if (!token || token.length > 200) return { user: null, versions: null };
  const id = sha256(token);
  const [u] = await rawQuery<
    SessionUser & { versions?: VersionSnapshot | string; lastSeenAt: Date | string; ip: string | null }
  >(
    db,
    sql`SELECT u.id, u.username, u."displayName", u.role::text AS role, u."unitId", un.code AS "unitCode",
            s.pending, s."lastSeenAt", s.ip
            ${withVersions ? sql`, ${VERSION_SNAPSHOT_SQL}::text AS versions` : sql.empty}
       FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Unit" un ON un.id = u."unitId"
      WHERE s.id = ${id} AND s."revokedAt" IS NULL AND s."expiresAt" > ${now.toISOString()}::timestamptz AND NOT u.disabled`,
    // Every request runs it: prepared once per connection, it costs PostgreSQL its execution only (planning
    // the version snapshot took 2.4 ms against 0.4 ms of execution; issue 17).
    { prepared: 'session' },
  );
  if (!u) return { user: null, versions: null };
  const idleMs = now.getTime() - new Date(u.lastSeenAt).getTime();
  if (idleMs > idleMinutes * 60_000) {
    // Idle too long (等保 会话超时): the session ends, audited as a time-out.
    await db.$transaction(async (tx) => {
      const ended = await tx.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
      if (ended.count === 0) return;
      await recordAudit(
        tx,
        { id: u.id, username: u.username, role: u.role, unitId: u.unitId, ip: u.ip ?? undefined },
        {
          action: 'auth.timeout',
          entity: 'user',
          entityId: u.username,
          after: { result: 'session ended', idleMinutes: Math.floor(idleMs / 60_000), limitMinutes: idleMinutes },
        },
      );
    });
    return { user: null, versions: null };
  }
  // At most one write a minute per session: a busy session costs no write per request.
  if (idleMs >= LAST_SEEN_RESOLUTION_MS)
    await db.session.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: now } });
  const user: SessionUser = {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    unitCode: u.unitCode,
    pending: (u.pending as Pending | null) ?? null,
  };
  // Sent as text: the same parse on both drivers (PGlite and pg type json differently through Prisma).
  return { user, versions: typeof u.versions === 'string' ? (JSON.parse(u.versions) as VersionSnapshot) : null };
}

/** Revokes the session of a token (server-side: the cookie stops working even if kept), audited. */
export async function logout(
  db: Db,
  token: string | undefined,
  now: Date,
  requestId?: string,
  ip?: string,
): Promise<void> {
  if (!token || token.length > 200) return;
  const id = sha256(token);
  await inTransaction(db, async (tx) => {
    const revoked = await tx.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    if (revoked.count === 0) return;
    const s = await tx.session.findUniqueOrThrow({
      where: { id },
      select: { user: { select: { id: true, username: true, role: true, unitId: true } } },
    });
    await recordAudit(
      tx,
      { id: s.user.id, username: s.user.username, role: s.user.role, unitId: s.user.unitId, ...(ip ? { ip } : {}) },
      { action: 'auth.logout', entity: 'user', entityId: s.user.username, after: { result: 'success' } },
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
