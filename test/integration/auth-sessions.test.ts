/**
 * Sign-in over HTTP: the session cookie, the one 401 for every bad sign-in, throttling (per username,
 * per address, and under concurrency), expiry, server-side revocation (logout, own password change,
 * admin reset, disabling, role change).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../../server/services/auth/sessions';
import {
  buildTestApp,
  getWith,
  loginAs,
  makeUser,
  postJson,
  sessionCookieLine,
  type TestClock,
  testClock,
  trpcMutation,
  trpcQuery,
} from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const TTL_HOURS = 2;
const PASSWORD = 'correct horse 1';

let db: TestDatabase;
let app: FastifyInstance;
let clock: TestClock;
let admin: { username: string; password: string };
let n = 0;

/** A new inspector with its own name, so tests never share throttling or sessions. */
async function freshUser(role: 'inspector' | 'unit' | 'leadership' | 'audit' = 'inspector') {
  return makeUser(db, { username: `user${++n}`, password: PASSWORD, role });
}

/** Whether a session cookie still signs in: a plain HTTP endpoint and tRPC agree. */
async function isSignedIn(cookie: string | null): Promise<boolean> {
  const api = await getWith(app, '/api/export/values?period=2011Q1', cookie);
  const trpc = await trpcQuery(app, 'meta.periods', undefined, cookie);
  const me = await trpcQuery(app, 'auth.me', undefined, cookie);
  if (api.statusCode === 401) {
    expect([trpc.status, trpc.code, me.data]).toEqual([401, 'UNAUTHORIZED', null]);
    return false;
  }
  // The security and audit administrators are signed in, and refused the assessment's data (least privilege).
  const separated = ['security', 'audit'].includes((me.data as { role?: string } | null)?.role ?? '');
  expect([api.statusCode, trpc.status]).toEqual(separated ? [403, 403] : [200, 200]);
  return true;
}

beforeAll(async () => {
  db = await createTestDatabase();
  clock = testClock(new Date('2012-03-01T04:00:00Z'));
  // The idle time-out (auth-identity.test.ts) is set past the TTL here, so the absolute TTL is what ends sessions.
  app = await buildTestApp(db, {
    clock,
    env: { SESSION_TTL_HOURS: String(TTL_HOURS), SESSION_IDLE_MINUTES: String(TTL_HOURS * 60 + 60) },
  });
  admin = await makeUser(db, { username: 'root', password: 'root-password', role: 'security' });
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`sign-in and sessions on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('answers 200 and an HttpOnly, SameSite=Strict, Path=/ session cookie that expires with the session', async () => {
    const u = await freshUser();
    const { res, cookie } = await loginAs(app, u.username, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: {
        id: u.id,
        username: u.username,
        displayName: u.username,
        role: 'inspector',
        unitId: null,
        unitCode: null,
        pending: null,
      },
      mustChangePassword: false,
      totpRequired: false,
      totpEnrolRequired: false,
    });
    const line = sessionCookieLine(res)!;
    const attrs = line
      .split(/;\s*/)
      .slice(1)
      .map((a) => a.toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    expect(attrs).not.toContain('secure');
    const expires = attrs.find((a) => a.startsWith('expires='))!;
    expect(new Date(expires.slice('expires='.length)).getTime()).toBe(clock.now().getTime() + TTL_HOURS * 3600_000);
    expect(cookie!.split('=')[1]!.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it('marks the cookie Secure when COOKIE_SECURE=true', async () => {
    const secureApp = await buildTestApp(db, { clock, env: { COOKIE_SECURE: 'true' } });
    try {
      const u = await freshUser();
      const { res } = await loginAs(secureApp, u.username, PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(
        sessionCookieLine(res)!
          .split(/;\s*/)
          .map((a) => a.toLowerCase()),
      ).toContain('secure');
      // Behind TLS, browsers are also told to stay on HTTPS; without the setting they are not.
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      expect((await getWith(secureApp, '/healthz')).headers['strict-transport-security']).toBe('max-age=31536000');
      expect((await getWith(app, '/healthz')).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await secureApp.close();
    }
  });

  it('answers the same 401 for a wrong password, an unknown user and a disabled user', async () => {
    const u = await freshUser();
    const off = await makeUser(db, { username: `off${++n}`, password: PASSWORD, disabled: true });
    const answers = await Promise.all([
      loginAs(app, u.username, 'wrong password', { remoteAddress: '10.1.0.1' }),
      loginAs(app, `ghost${n}`, PASSWORD, { remoteAddress: '10.1.0.2' }),
      loginAs(app, off.username, PASSWORD, { remoteAddress: '10.1.0.3' }),
      loginAs(app, u.username.toUpperCase(), PASSWORD, { remoteAddress: '10.1.0.4' }),
    ]);
    const shapes = answers.map(({ res, cookie }) => ({
      status: res.statusCode,
      body: res.body,
      type: res.headers['content-type'],
      cookie,
    }));
    expect(shapes[0]).toEqual({
      status: 401,
      body: JSON.stringify({
        error: 'Wrong username or password.',
        messageKey: 'sessions.wrongCredentials',
        params: {},
      }),
      type: 'application/json; charset=utf-8',
      cookie: null,
    });
    for (const s of shapes) expect(s).toEqual(shapes[0]);
  });

  it('refuses malformed sign-in bodies with 400 and no cookie', async () => {
    for (const body of [
      {},
      { username: 'x' },
      { username: '', password: 'x' },
      { username: 'x', password: 'y'.repeat(201) },
      ['x', 'y'],
    ]) {
      const res = await postJson(app, '/auth/login', body, { remoteAddress: '10.1.1.1' });
      expect(res.statusCode).toBe(400);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it(`throttles a username after ${THROTTLE.maxPerUser} failures: 429 with Retry-After, even for the right password, until the block ends`, async () => {
    const u = await freshUser();
    for (let i = 0; i < THROTTLE.maxPerUser; i++) {
      const { res } = await loginAs(app, u.username, `wrong ${i}`, { remoteAddress: `10.2.0.${i + 1}` });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.2.1.1' });
    expect(blocked.res.statusCode).toBe(429);
    expect(Number(blocked.res.headers['retry-after'])).toBe(THROTTLE.block / 1000);
    expect(blocked.cookie).toBeNull();
    // The username is blocked whatever its spelling; other users are not.
    expect((await loginAs(app, u.username.toUpperCase(), PASSWORD, { remoteAddress: '10.2.1.2' })).res.statusCode).toBe(
      429,
    );
    const other = await freshUser();
    expect((await loginAs(app, other.username, PASSWORD, { remoteAddress: '10.2.1.3' })).res.statusCode).toBe(200);

    clock.advance(THROTTLE.block - 60_000);
    const later = await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.2.1.4' });
    expect(later.res.statusCode).toBe(429);
    expect(Number(later.res.headers['retry-after'])).toBe(60);
    clock.advance(60_001);
    expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.2.1.5' })).res.statusCode).toBe(200);
  });

  it('forgets failures after a successful sign-in', async () => {
    const u = await freshUser();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < THROTTLE.maxPerUser - 1; i++)
        expect((await loginAs(app, u.username, 'nope', { remoteAddress: '10.3.0.1' })).res.statusCode).toBe(401);
      expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.3.0.1' })).res.statusCode).toBe(200);
    }
  });

  it(`throttles an address after ${THROTTLE.maxPerAddress} failures, whatever the usernames`, async () => {
    const address = '10.4.0.1';
    for (let i = 0; i < THROTTLE.maxPerAddress; i++) {
      expect((await loginAs(app, `nobody${i}`, 'guess', { remoteAddress: address })).res.statusCode).toBe(401);
    }
    const u = await freshUser();
    const blocked = await loginAs(app, u.username, PASSWORD, { remoteAddress: address });
    expect(blocked.res.statusCode).toBe(429);
    expect(Number(blocked.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.res.json()).toEqual({
      error: 'Too many failed sign-ins; try again later.',
      messageKey: 'auth.tooManySignIns',
      params: {},
    });
    expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.4.0.2' })).res.statusCode).toBe(200);
  });

  it('does not let concurrent attempts exceed the budget', async () => {
    const u = await freshUser();
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        loginAs(app, u.username, `parallel ${i}`, { remoteAddress: `10.5.0.${i + 1}` }),
      ),
    );
    const statuses = results.map((r) => r.res.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(THROTTLE.maxPerUser);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.5.1.1' })).res.statusCode).toBe(429);
  });

  it(`ends a session after SESSION_TTL_HOURS (${TTL_HOURS} h)`, async () => {
    const u = await freshUser();
    const { cookie } = await loginAs(app, u.username, PASSWORD);
    clock.advance(TTL_HOURS * 3600_000 - 1000);
    expect(await isSignedIn(cookie)).toBe(true);
    clock.advance(1000);
    expect(await isSignedIn(cookie)).toBe(false);
    // A new sign-in works.
    expect(await isSignedIn((await loginAs(app, u.username, PASSWORD)).cookie)).toBe(true);
  });

  it('revokes the session on the server at logout (a kept cookie no longer works)', async () => {
    const u = await freshUser();
    const first = (await loginAs(app, u.username, PASSWORD)).cookie;
    const second = (await loginAs(app, u.username, PASSWORD)).cookie;
    const out = await postJson(app, '/auth/logout', {}, { cookie: first });
    expect(out.statusCode).toBe(200);
    expect(sessionCookieLine(out)).toMatch(/^dukao_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await isSignedIn(first)).toBe(false);
    expect(await isSignedIn(second)).toBe(true);
    // Logging out again, or with no or a forged cookie, is harmless.
    expect((await postJson(app, '/auth/logout', {}, { cookie: first })).statusCode).toBe(200);
    expect((await postJson(app, '/auth/logout', {})).statusCode).toBe(200);
    expect((await postJson(app, '/auth/logout', {}, { cookie: 'dukao_session=forged' })).statusCode).toBe(200);
    expect(await isSignedIn(second)).toBe(true);
    expect(await isSignedIn('dukao_session=forged')).toBe(false);
  });

  it("changing one's own password keeps this session, ends the others and retires the old password", async () => {
    const u = await freshUser();
    const here = (await loginAs(app, u.username, PASSWORD)).cookie;
    const elsewhere = (await loginAs(app, u.username, PASSWORD)).cookie;

    const wrong = await trpcMutation(app, 'auth.changePassword', { current: 'not it', next: 'brand new 1' }, here);
    expect([wrong.status, wrong.code]).toEqual([400, 'BAD_REQUEST']);
    const short = await trpcMutation(app, 'auth.changePassword', { current: PASSWORD, next: 'abc' }, here);
    expect([short.status, short.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await isSignedIn(elsewhere)).toBe(true);
    expect((await trpcMutation(app, 'auth.changePassword', { current: PASSWORD, next: 'brand new 1' })).code).toBe(
      'UNAUTHORIZED',
    );

    const changed = await trpcMutation(app, 'auth.changePassword', { current: PASSWORD, next: 'brand new 1' }, here);
    expect(changed.status).toBe(200);
    expect(await isSignedIn(here)).toBe(true);
    expect(await isSignedIn(elsewhere)).toBe(false);
    expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.6.0.1' })).res.statusCode).toBe(401);
    expect((await loginAs(app, u.username, 'brand new 1', { remoteAddress: '10.6.0.1' })).res.statusCode).toBe(200);
  });

  it("an administrator's password reset ends every session of the user", async () => {
    const u = await freshUser();
    const adminCookie = (await loginAs(app, admin.username, admin.password, { totpAt: clock.now() })).cookie;
    const sessions = [
      (await loginAs(app, u.username, PASSWORD)).cookie,
      (await loginAs(app, u.username, PASSWORD)).cookie,
    ];
    const reset = await trpcMutation(
      app,
      'admin.updateUser',
      { username: u.username, password: 'Reset by admin 1' },
      adminCookie,
    );
    expect(reset.status).toBe(200);
    for (const c of sessions) expect(await isSignedIn(c)).toBe(false);
    expect(await isSignedIn(adminCookie)).toBe(true);
    expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.7.0.1' })).res.statusCode).toBe(401);
    expect((await loginAs(app, u.username, 'Reset by admin 1', { remoteAddress: '10.7.0.1' })).res.statusCode).toBe(
      200,
    );
  });

  it('disabling a user ends its sessions and refuses sign-in until re-enabled', async () => {
    const u = await freshUser();
    const adminCookie = (await loginAs(app, admin.username, admin.password, { totpAt: clock.now() })).cookie;
    const session = (await loginAs(app, u.username, PASSWORD)).cookie;
    expect(
      (await trpcMutation(app, 'admin.updateUser', { username: u.username, disabled: true }, adminCookie)).status,
    ).toBe(200);
    expect(await isSignedIn(session)).toBe(false);
    const refused = await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.8.0.1' });
    expect([refused.res.statusCode, refused.res.json()]).toEqual([
      401,
      { error: 'Wrong username or password.', messageKey: 'sessions.wrongCredentials', params: {} },
    ]);
    expect(
      (await trpcMutation(app, 'admin.updateUser', { username: u.username, disabled: false }, adminCookie)).status,
    ).toBe(200);
    expect(await isSignedIn(session)).toBe(false);
    expect((await loginAs(app, u.username, PASSWORD, { remoteAddress: '10.8.0.1' })).res.statusCode).toBe(200);
    // The security administrator cannot disable itself or change its own role (no lock-out by mistake).
    expect(
      (await trpcMutation(app, 'admin.updateUser', { username: admin.username, disabled: true }, adminCookie)).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await trpcMutation(
          app,
          'admin.updateUser',
          { username: admin.username, role: 'unit', unit: 'T01' },
          adminCookie,
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('a role change ends the sessions that carried the old role', async () => {
    const u = await freshUser('audit');
    const adminCookie = (await loginAs(app, admin.username, admin.password, { totpAt: clock.now() })).cookie;
    const session = (await loginAs(app, u.username, PASSWORD, { totpAt: clock.now() })).cookie;
    expect((await trpcQuery(app, 'admin.audit', { limit: 1 }, session)).status).toBe(200);
    expect(
      (await trpcMutation(app, 'admin.updateUser', { username: u.username, role: 'inspector' }, adminCookie)).status,
    ).toBe(200);
    expect(await isSignedIn(session)).toBe(false);
    const again = (await loginAs(app, u.username, PASSWORD, { totpAt: clock.now() })).cookie;
    expect((await trpcQuery(app, 'admin.audit', { limit: 1 }, again)).code).toBe('FORBIDDEN');
  });
});
