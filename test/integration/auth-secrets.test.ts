/**
 * No password, password hash or session token in any API answer or any log line: the app runs with a
 * pino logger at trace level writing into a captured stream while users sign in, change and reset
 * passwords, read their profile, the user list and the audit log, fail to sign in and sign out.
 */
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/services/auth/sessions';
import { buildTestApp, getWith, loginAs, makeUser, postJson, trpcMutation, trpcQuery } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const ADMIN_PASSWORD = 'Adm1n-s3cret-pass';
const USER_PASSWORD = 'Us3r-s3cret-pass';
const CHANGED_PASSWORD = 'Ch4nged-s3cret-pass';
const RESET_PASSWORD = 'R3set-s3cret-pass';
const CREATED_PASSWORD = 'Cr3ated-s3cret-pass';
const WRONG_PASSWORD = 'Wr0ng-s3cret-guess';

let db: TestDatabase;
let app: FastifyInstance;
const logLines: string[] = [];
/** Every answer the tests saw, with the one header that legitimately carries the token (Set-Cookie at login) removed. */
const answers: { what: string; text: string }[] = [];

function keep(what: string, res: LightMyRequestResponse) {
  const headers = { ...res.headers };
  delete headers['set-cookie'];
  answers.push({ what, text: `${JSON.stringify(headers)}\n${res.body}` });
  return res;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await makeUser(db, { username: 'keeper', password: ADMIN_PASSWORD, role: 'security' });
  await makeUser(db, { username: 'reader', password: ADMIN_PASSWORD, role: 'audit' });
  await makeUser(db, { username: 'leaky', password: USER_PASSWORD, role: 'leadership' });
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  app = await buildTestApp(db, { logger: { level: 'trace', stream } });
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`secrets stay out of answers and logs on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  const tokens: string[] = [];

  it('runs a session of sign-ins, password changes, reads and sign-outs', async () => {
    const admin = await loginAs(app, 'keeper', ADMIN_PASSWORD);
    keep('login admin', admin.res);
    const user = await loginAs(app, 'leaky', USER_PASSWORD);
    keep('login user', user.res);
    const second = await loginAs(app, 'leaky', USER_PASSWORD);
    for (const c of [admin.cookie, user.cookie, second.cookie]) tokens.push(c!.slice(SESSION_COOKIE.length + 1));
    keep('wrong password', (await loginAs(app, 'leaky', WRONG_PASSWORD)).res);
    keep('unknown user', (await loginAs(app, 'nobody', WRONG_PASSWORD)).res);
    keep('malformed login', await postJson(app, '/auth/login', { username: 'leaky', password: 42 }));

    keep('me', (await trpcQuery(app, 'auth.me', undefined, user.cookie)).res);
    keep('me (admin)', (await trpcQuery(app, 'auth.me', undefined, admin.cookie)).res);
    keep(
      'change password (wrong current)',
      (await trpcMutation(app, 'auth.changePassword', { current: WRONG_PASSWORD, next: CHANGED_PASSWORD }, user.cookie))
        .res,
    );
    keep(
      'change password (too short)',
      (await trpcMutation(app, 'auth.changePassword', { current: USER_PASSWORD, next: 'abc' }, user.cookie)).res,
    );
    keep(
      'change password',
      (await trpcMutation(app, 'auth.changePassword', { current: USER_PASSWORD, next: CHANGED_PASSWORD }, user.cookie))
        .res,
    );
    keep('revoked session', (await trpcQuery(app, 'auth.me', undefined, second.cookie)).res);
    keep(
      'create user',
      (
        await trpcMutation(
          app,
          'admin.createUser',
          { username: 'fresh', role: 'inspector', password: CREATED_PASSWORD },
          admin.cookie,
        )
      ).res,
    );
    keep(
      'create user (duplicate)',
      (
        await trpcMutation(
          app,
          'admin.createUser',
          { username: 'fresh', role: 'inspector', password: CREATED_PASSWORD },
          admin.cookie,
        )
      ).res,
    );
    keep(
      'reset password',
      (await trpcMutation(app, 'admin.updateUser', { username: 'leaky', password: RESET_PASSWORD }, admin.cookie)).res,
    );
    const after = await loginAs(app, 'leaky', RESET_PASSWORD);
    keep('login after reset', after.res);
    tokens.push(after.cookie!.slice(SESSION_COOKIE.length + 1));
    // A reset password is changed at the next sign-in (POST /auth/password).
    keep('held back', await getWith(app, '/api/export/scores?period=2011Q1', after.cookie));
    keep(
      'first-sign-in change',
      await postJson(
        app,
        '/auth/password',
        { current: RESET_PASSWORD, next: CHANGED_PASSWORD },
        { cookie: after.cookie },
      ),
    );
    keep('users', (await trpcQuery(app, 'admin.users', undefined, admin.cookie)).res);
    const auditor = await loginAs(app, 'reader', ADMIN_PASSWORD);
    tokens.push(auditor.cookie!.slice(SESSION_COOKIE.length + 1));
    keep('audit', (await trpcQuery(app, 'admin.audit', { limit: 500 }, auditor.cookie)).res);
    keep('audit export', await getWith(app, '/api/audit/export?format=csv', auditor.cookie));
    keep('audit (as leadership)', (await trpcQuery(app, 'admin.audit', { limit: 500 }, after.cookie)).res);
    keep('export', await getWith(app, '/api/export/scores?period=2011Q1', after.cookie));
    keep('logout', await postJson(app, '/auth/logout', {}, { cookie: after.cookie }));
    keep('after logout', (await trpcQuery(app, 'auth.me', undefined, after.cookie)).res);

    const users = JSON.parse(
      answers
        .find((a) => a.what === 'users')!
        .text.split('\n')
        .slice(1)
        .join('\n'),
    ) as { result: { data: unknown[] } };
    expect(users.result.data.length).toBe(4);
    const audit = JSON.parse(
      answers
        .find((a) => a.what === 'audit')!
        .text.split('\n')
        .slice(1)
        .join('\n'),
    ) as { result: { data: { entries: { action: string }[] } } };
    expect(audit.result.data.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.login', 'user.change_password', 'user.create', 'user.reset_password']),
    );
    expect(tokens).toHaveLength(5);
  });

  it('never answers a password, a password hash or a session token', async () => {
    const hashes = (await db.prisma.user.findMany({ select: { passwordHash: true } })).map((u) => u.passwordHash);
    const sessionIds = (await db.prisma.session.findMany({ select: { id: true } })).map((s) => s.id);
    const secrets = [
      ADMIN_PASSWORD,
      USER_PASSWORD,
      CHANGED_PASSWORD,
      RESET_PASSWORD,
      CREATED_PASSWORD,
      WRONG_PASSWORD,
      ...tokens,
      ...hashes,
      ...sessionIds,
      '$argon2',
    ];
    expect(sessionIds).toEqual(
      expect.arrayContaining(tokens.map((t) => crypto.createHash('sha256').update(t).digest('hex'))),
    );
    expect(answers.length).toBeGreaterThan(20);
    for (const { what, text } of answers) {
      for (const s of secrets) expect(text.includes(s), `${what} contains ${s.slice(0, 12)}…`).toBe(false);
      expect(text, what).not.toMatch(/passwordHash|password_hash/i);
    }
  });

  it('never writes a password, a password hash or a session token to the log', async () => {
    const hashes = (await db.prisma.user.findMany({ select: { passwordHash: true } })).map((u) => u.passwordHash);
    const sessionIds = (await db.prisma.session.findMany({ select: { id: true } })).map((s) => s.id);
    const secrets = [
      ADMIN_PASSWORD,
      USER_PASSWORD,
      CHANGED_PASSWORD,
      RESET_PASSWORD,
      CREATED_PASSWORD,
      WRONG_PASSWORD,
      ...tokens,
      ...hashes,
      ...sessionIds,
      '$argon2',
    ];
    // The logger did run: every request is logged.
    expect(logLines.length).toBeGreaterThan(40);
    expect(logLines.some((l) => l.includes('/auth/login'))).toBe(true);
    expect(logLines.some((l) => l.includes('auth.changePassword'))).toBe(true);
    for (const line of logLines) {
      for (const s of secrets)
        expect(line.includes(s), `log line contains ${s.slice(0, 12)}…: ${line.slice(0, 200)}`).toBe(false);
      expect(line).not.toMatch(/dukao_session|"cookie"|"authorization"/i);
    }
  });
});
