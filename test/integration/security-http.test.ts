/**
 * CSRF and security headers: a state-changing request must be a POST with a JSON content type and, when
 * the browser names an origin, ours; every answer carries CSP (frame-ancestors 'none'), nosniff and a
 * referrer policy.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { verifyPassword } from '../../server/services/auth/passwords';
import { buildTestApp, getWith, loginAs, makeUser, postJson, sessionCookieOf, trpcQuery } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const HOST = 'dukao.example.gov.cn';
const PASSWORD = 'Csrf-test-password1';
const NEW_PASSWORD = 'Changed-by-csrf2';

let db: TestDatabase;
let app: FastifyInstance;
let cookie: string;

const changeBody = JSON.stringify({ current: PASSWORD, next: NEW_PASSWORD });

async function passwordUnchanged(): Promise<boolean> {
  const u = await db.prisma.user.findUniqueOrThrow({ where: { username: 'victim' }, select: { passwordHash: true } });
  return verifyPassword(u.passwordHash, PASSWORD);
}

async function stillSignedIn(): Promise<boolean> {
  return (await trpcQuery(app, 'meta.periods', undefined, cookie)).status === 200;
}

function expectSecurityHeaders(res: LightMyRequestResponse, what: string) {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'], what).toContain(
    res.headers['referrer-policy'],
  );
  expect(res.headers['x-frame-options'], what).toBe('DENY');
}

beforeAll(async () => {
  db = await createTestDatabase();
  await makeUser(db, { username: 'victim', password: PASSWORD, role: 'admin' });
  app = await buildTestApp(db);
  const login = await loginAs(app, 'victim', PASSWORD, { headers: { host: HOST, origin: `https://${HOST}` } });
  expect(login.res.statusCode).toBe(200);
  cookie = login.cookie!;
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`CSRF defences on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  const simpleTypes = [
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/javascript',
  ];

  it('refuses a POST without a JSON content type (what a cross-site form or a simple request sends) with 415', async () => {
    for (const type of [...simpleTypes, undefined]) {
      const headers: Record<string, string> = { cookie, host: HOST };
      if (type) headers['content-type'] = type;
      const body = type?.startsWith('application/x-www-form') ? `current=${PASSWORD}&next=${NEW_PASSWORD}` : changeBody;
      const res = await app.inject({ method: 'POST', url: '/trpc/auth.changePassword', headers, payload: body });
      expect([type, res.statusCode]).toEqual([type, 415]);
      const login = await app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { ...headers, cookie: '' },
        payload: JSON.stringify({ username: 'victim', password: PASSWORD }),
      });
      expect([type, login.statusCode, sessionCookieOf(login)]).toEqual([type, 415, null]);
      const logout = await app.inject({ method: 'POST', url: '/auth/logout', headers, payload: '{}' });
      expect([type, logout.statusCode]).toEqual([type, 415]);
    }
    expect(await passwordUnchanged()).toBe(true);
    expect(await stillSignedIn()).toBe(true);
  });

  it('refuses a POST from a foreign origin with 403, even with a JSON content type', async () => {
    for (const origin of [
      'https://evil.example',
      `https://${HOST}.evil.example`,
      'null',
      'not a url',
      `https://evil.example/${HOST}`,
    ]) {
      const headers = { origin, host: HOST };
      const change = await postJson(
        app,
        '/trpc/auth.changePassword',
        { current: PASSWORD, next: NEW_PASSWORD },
        { cookie, headers },
      );
      expect([origin, change.statusCode]).toEqual([origin, 403]);
      const logout = await postJson(app, '/auth/logout', {}, { cookie, headers });
      expect([origin, logout.statusCode]).toEqual([origin, 403]);
      const login = await postJson(app, '/auth/login', { username: 'victim', password: PASSWORD }, { headers });
      expect([origin, login.statusCode, sessionCookieOf(login)]).toEqual([origin, 403, null]);
      const upload = await postJson(
        app,
        '/api/import/units',
        { fileName: 'u.csv', contentBase64: '' },
        { cookie, headers },
      );
      expect([origin, upload.statusCode]).toEqual([origin, 403]);
    }
    expect(await passwordUnchanged()).toBe(true);
    expect(await stillSignedIn()).toBe(true);
  });

  it('accepts the same origin (and clients that send no Origin)', async () => {
    const same = await postJson(
      app,
      '/trpc/auth.changePassword',
      { current: PASSWORD, next: NEW_PASSWORD },
      { cookie, headers: { origin: `https://${HOST}`, host: HOST } },
    );
    expect(same.statusCode, same.body).toBe(200);
    const script = await postJson(
      app,
      '/trpc/auth.changePassword',
      { current: NEW_PASSWORD, next: PASSWORD },
      { cookie, headers: { host: HOST } },
    );
    expect(script.statusCode).toBe(200);
    expect(await stillSignedIn()).toBe(true);
  });

  it('refuses a mutation sent as GET, and GET on the sign-in routes changes nothing', async () => {
    const input = encodeURIComponent(changeBody);
    for (const path of ['auth.changePassword', 'admin.updateUser', 'admin.periodState', 'entry.save']) {
      const res = await getWith(app, `/trpc/${path}?input=${input}`, cookie);
      expect([path, res.statusCode, res.json<{ error: { data: { code: string } } }>().error.data.code]).toEqual([
        path,
        405,
        'METHOD_NOT_SUPPORTED',
      ]);
    }
    expect((await getWith(app, '/auth/logout', cookie)).statusCode).toBe(404);
    const login = await getWith(app, `/auth/login?username=victim&password=${PASSWORD}`);
    expect([login.statusCode, sessionCookieOf(login)]).toEqual([404, null]);
    expect(await passwordUnchanged()).toBe(true);
    expect(await stillSignedIn()).toBe(true);
  });

  it('does not run a mutation hidden in a batched GET', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: { current: PASSWORD, next: NEW_PASSWORD } }));
    const res = await getWith(app, `/trpc/meta.periods,auth.changePassword?batch=1&input=${input}`, cookie);
    expect(res.statusCode).not.toBe(200);
    expect(await passwordUnchanged()).toBe(true);
    expect(await stillSignedIn()).toBe(true);
  });

  it('refuses other methods with 405', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
      for (const url of ['/trpc/auth.changePassword', '/auth/logout', '/api/export/scores']) {
        const res = await app.inject({
          method,
          url,
          headers: { cookie, 'content-type': 'application/json' },
          payload: changeBody,
        });
        expect([method, url, res.statusCode]).toEqual([method, url, 405]);
      }
    }
    expect(await passwordUnchanged()).toBe(true);
    expect(await stillSignedIn()).toBe(true);
  });
});

describe('security headers', () => {
  it('come with every answer: pages, API, tRPC, errors and refusals', async () => {
    const answers: [string, LightMyRequestResponse][] = [
      ['GET /', await getWith(app, '/')],
      ['GET /healthz', await getWith(app, '/healthz')],
      ['GET /nope', await getWith(app, '/nope/at/all')],
      ['GET /api/nope', await getWith(app, '/api/nope')],
      ['tRPC query anonymous', (await trpcQuery(app, 'auth.me', undefined)).res],
      ['tRPC query signed in', (await trpcQuery(app, 'meta.periods', undefined, cookie)).res],
      ['tRPC unknown procedure', (await trpcQuery(app, 'no.such', undefined, cookie)).res],
      ['tRPC unauthorized', (await trpcQuery(app, 'meta.periods', undefined)).res],
      ['export 401', await getWith(app, '/api/export/scores?period=2011Q1')],
      ['export 400', await getWith(app, '/api/export/scores?period=bad', cookie)],
      ['export 200', await getWith(app, '/api/export/scores?period=2011Q1', cookie)],
      ['report 200 html', await getWith(app, '/api/reports/annual?year=2011&format=html', cookie)],
      ['login 200', (await loginAs(app, 'victim', PASSWORD)).res],
      ['login 401', (await loginAs(app, 'victim', 'wrong', { remoteAddress: '10.9.9.9' })).res],
      ['login 400', await postJson(app, '/auth/login', {})],
      [
        '415',
        await app.inject({
          method: 'POST',
          url: '/auth/login',
          headers: { 'content-type': 'text/plain' },
          payload: 'x',
        }),
      ],
      ['403', await postJson(app, '/auth/logout', {}, { headers: { origin: 'https://evil.example' } })],
      ['405', await app.inject({ method: 'DELETE', url: '/auth/logout' })],
      [
        'malformed JSON',
        await app.inject({
          method: 'POST',
          url: '/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{',
        }),
      ],
    ];
    for (const [what, res] of answers) expectSecurityHeaders(res, what);
    for (const [what, res] of answers.filter(([w]) => /tRPC|export|login|report|40[35]|415/.test(w))) {
      expect(res.headers['cache-control'], what).toBe('no-store');
    }
  });
});

describe('unexpected errors', () => {
  it('answer "Internal error." without the database message', async () => {
    // A database without its tables: every query fails inside Prisma with a message naming tables and SQL.
    const bare = await openDatabase({ dataDir: 'memory://' });
    const broken = await buildTestApp(bare);
    try {
      const res = await trpcQuery(broken, 'meta.info', undefined);
      expect([res.status, res.code]).toEqual([500, 'INTERNAL_SERVER_ERROR']);
      expect(res.body.error?.message).toBe('Internal error.');
      expect(res.res.body).not.toMatch(/Setting|relation|prisma|invocation|SELECT|stack/i);
      const api = await postJson(broken, '/auth/login', { username: 'x', password: 'y' });
      expect(api.statusCode).toBe(500);
      expect(api.json()).toEqual({ error: 'Internal error.', messageKey: 'common.internal', params: {} });
    } finally {
      await broken.close();
      await bare.close();
    }
  });
});
