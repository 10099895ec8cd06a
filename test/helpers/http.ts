import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db';
import type { Role } from '../../server/domain/names';
import { readEnv } from '../../server/env';
import { hashPassword } from '../../server/services/auth/passwords';
import { SESSION_COOKIE } from '../../server/services/auth/sessions';
import { FIXED_NOW } from './callers';

/** A settable clock for an app under test: `clock.now()` is what the server sees. */
export type TestClock = { now: () => Date; set(d: Date): void; advance(ms: number): void };

export function testClock(start: Date = FIXED_NOW): TestClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set(d) {
      t = d.getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
}

/** The demo users' passwords (server/demo/leiyang-2011.ts). */
export const DEMO_PASSWORDS = {
  admin: 'admin123',
  security: 'security123',
  auditor: 'audit123',
  leader: 'leader123',
  inspector: 'inspector123',
  unit: 'unit123',
} as const;

/** Creates a user straight in the database (no demo needed); a unit operator gets unit `unit`, created when missing. */
export async function makeUser(
  database: Database,
  overrides: { username: string; password: string; role?: Role; unit?: string; disabled?: boolean; totp?: boolean },
): Promise<{ id: number; username: string; password: string }> {
  const role = overrides.role ?? 'inspector';
  let unitId: number | null = null;
  if (role === 'unit') {
    const code = overrides.unit ?? 'T01';
    const unit = await database.prisma.unit.upsert({
      where: { code },
      create: { code, name: `测试单位 ${code}`, type: 'township', group: 'grassroots' },
      update: {},
      select: { id: true },
    });
    unitId = unit.id;
  }
  const u = await database.prisma.user.create({
    data: {
      username: overrides.username,
      displayName: overrides.username,
      role,
      unitId,
      disabled: overrides.disabled ?? false,
      passwordHash: await hashPassword(overrides.password),
      // The separated administrators must have a second factor: enrolled with TEST_TOTP_SECRET (loginAs gives the code).
      ...((overrides.totp ?? ['admin', 'security', 'audit'].includes(role))
        ? { totpSecret: TEST_TOTP_SECRET, totpEnabledAt: FIXED_NOW }
        : {}),
    },
    select: { id: true },
  });
  return { id: u.id, username: overrides.username, password: overrides.password };
}

/** The Fastify app of server/app.ts over a test database, with an injected clock and optional extra settings. */
export async function buildTestApp(
  database: Database,
  opts: { clock?: TestClock; env?: Record<string, string>; logger?: boolean | object } = {},
): Promise<FastifyInstance> {
  const clock = opts.clock ?? testClock();
  const app = await buildApp({
    database,
    env: readEnv({ DATA_DIR: 'memory://', ...opts.env }),
    now: clock.now,
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  });
  await app.ready();
  databaseOfApp.set(app, database);
  return app;
}

/** The database of each test app (loginAs needs it for the second factor's replay guard). */
const databaseOfApp = new WeakMap<FastifyInstance, Database>();

/** The `name=value` pair of the session cookie a response sets, or null. */
export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const line = list.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) return null;
  const pair = line.split(';')[0]!;
  return pair === `${SESSION_COOKIE}=` ? null : pair;
}

/** The raw Set-Cookie line of the session cookie (attributes included). */
export function sessionCookieLine(res: LightMyRequestResponse): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
}

/** A JSON POST as the browser client sends it (same-origin, JSON content type). */
export function postJson(
  app: FastifyInstance,
  url: string,
  body: unknown,
  opts: { cookie?: string | null; headers?: Record<string, string>; remoteAddress?: string } = {},
) {
  const req: InjectOptions = {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
    payload: JSON.stringify(body),
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  };
  return app.inject(req);
}

/** The TOTP secret settleDemoAccounts enrols for the demo's administrators. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/**
 * The demo's accounts as after their owners' first sign-in: passwords changed (the flag cleared) and the
 * administrators' second factor enrolled with TEST_TOTP_SECRET, so tests that add other users still sign
 * in as them (loginAs gives the code).
 */
export async function settleDemoAccounts(database: Database, now: Date = FIXED_NOW): Promise<void> {
  await database.prisma.user.updateMany({ where: { demo: true }, data: { mustChangePassword: false } });
  await database.prisma.user.updateMany({
    where: { demo: true, role: { in: ['admin', 'security', 'audit'] } },
    data: { totpSecret: TEST_TOTP_SECRET, totpEnabledAt: now },
  });
}

/**
 * POST /auth/login; `cookie` is the session cookie pair on success. A login that asks for a TOTP code is
 * completed with TEST_TOTP_SECRET's code at `totpAt` (the test app's clock; FIXED_NOW by default).
 */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  password: string,
  opts: { remoteAddress?: string; headers?: Record<string, string>; totpAt?: Date } = {},
) {
  const res = await postJson(app, '/auth/login', { username, password }, opts);
  const cookie = sessionCookieOf(res);
  if (res.statusCode === 200 && cookie && res.json<{ totpRequired?: boolean }>().totpRequired) {
    // A code is accepted once (RFC 6238 §5.2) and a test's clock stands still: each sign-in of a test is taken
    // as one in a new 30-second step. The guard itself is tested in auth-identity.test.ts, without this helper.
    await databaseOfApp.get(app)?.prisma.user.updateMany({ where: { username }, data: { totpLastStep: null } });
    const code = await generate({
      secret: TEST_TOTP_SECRET,
      epoch: Math.floor((opts.totpAt ?? FIXED_NOW).getTime() / 1000),
    });
    const step = await postJson(
      app,
      '/auth/totp',
      { code },
      { cookie, ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}) },
    );
    if (step.statusCode !== 200) throw new Error(`TOTP step failed: ${step.body}`);
  }
  return { res, cookie };
}

/** A GET with the session cookie (if any). */
export function getWith(
  app: FastifyInstance,
  url: string,
  cookie?: string | null,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'GET', url, headers: { ...(cookie ? { cookie } : {}), ...headers } });
}

type TrpcEnvelope = {
  result?: { data: unknown };
  error?: { message: string; code: number; data: { code: string; httpStatus: number } };
};

/** A tRPC query over HTTP (GET /trpc/path?input=…): the HTTP status, the data or the tRPC error code. */
export async function trpcQuery(app: FastifyInstance, path: string, input: unknown, cookie?: string | null) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await getWith(app, `/trpc/${path}${qs}`, cookie);
  return trpcResult(res);
}

/** A tRPC mutation over HTTP (POST /trpc/path with a JSON body). */
export async function trpcMutation(app: FastifyInstance, path: string, input: unknown, cookie?: string | null) {
  const res = await postJson(app, `/trpc/${path}`, input ?? {}, { cookie: cookie ?? null });
  return trpcResult(res);
}

function trpcResult(res: LightMyRequestResponse) {
  const body = res.json<TrpcEnvelope>();
  return { status: res.statusCode, data: body.result?.data, code: body.error?.data.code ?? null, body, res };
}
