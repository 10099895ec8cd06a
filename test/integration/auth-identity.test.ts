/**
 * Issue 16 (等保 2.0 level 3, 身份鉴别 and 安全审计): the first-sign-in password change, password expiry,
 * the idle time-out (fake clock), the TOTP second factor (fixed clock) with recovery codes, the separated
 * administrators, and the audit of sign-ins, refusals, time-outs and exports with the audit log's export.
 */

import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/routers/app-router';
import { hashPassword } from '../../server/services/auth/passwords';
import { callerFor, FIXED_NOW } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import {
  buildTestApp,
  DEMO_PASSWORDS,
  getWith,
  loginAs,
  makeUser,
  postJson,
  type TestClock,
  testClock,
  trpcMutation,
  trpcQuery,
} from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let demo: Awaited<ReturnType<typeof withDemo>>;
let clock: TestClock;
let app: FastifyInstance;

const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
const auditActions = async (actorName: string) =>
  (await db.prisma.auditLog.findMany({ where: { actorName }, orderBy: { id: 'asc' } })).map((e) => e.action);

beforeAll(async () => {
  db = await createTestDatabase();
  demo = await withDemo(db);
  clock = testClock();
  app = await buildTestApp(db, { clock });
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`identity and audit on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('exempts the demo accounts while the database holds only the demo', async () => {
    const { res } = await loginAs(app, 'leader', DEMO_PASSWORDS.leader);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: false, totpRequired: false, totpEnrolRequired: false });
    const admin = await loginAs(app, 'admin', DEMO_PASSWORDS.admin);
    expect(admin.res.json()).toMatchObject({ mustChangePassword: false, totpEnrolRequired: false });
  });

  it('the audit administrator exports the audit log as CSV (BOM, Chinese headings, neutralised cells) and XLSX', async () => {
    // A refused sign-in under a name that is a formula: audited with the address, neutralised in the CSV.
    const bad = await loginAs(app, '=HYPERLINK("x")', 'wrong-password', { remoteAddress: '10.1.2.3' });
    expect(bad.res.statusCode).toBe(401);
    const { cookie } = await loginAs(app, 'auditor', DEMO_PASSWORDS.auditor);
    const csv = await getWith(app, '/api/audit/export?format=csv', cookie);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.startsWith('\uFEFF序号,时间（北京时间）,用户')).toBe(true);
    const failed = csv.body.split('\n').find((l) => l.includes('auth.login_failed'))!;
    expect(failed).toContain('10.1.2.3');
    expect(failed).toContain(`"'=HYPERLINK(""x"")"`);
    expect(failed).toContain('refused');
    const xlsx = await getWith(app, '/api/audit/export?format=xlsx&from=2000-01-01', cookie);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('序号');
    expect(ws.getRow(1).getCell(9).value).toBe('结果');
    expect(ws.rowCount).toBeGreaterThan(2);
    // The exports are audited too.
    expect(await auditActions('auditor')).toEqual(expect.arrayContaining(['auth.login', 'export']));
    const exportEntry = await db.prisma.auditLog.findFirst({ where: { action: 'export', actorName: 'auditor' } });
    expect(exportEntry?.ip).toBeTruthy();
  });

  it('refuses the audit log to the system administrator and audits the refusal', async () => {
    const { cookie } = await loginAs(app, 'admin', DEMO_PASSWORDS.admin);
    expect((await getWith(app, '/api/audit/export?format=csv', cookie)).statusCode).toBe(403);
    expect((await trpcQuery(app, 'admin.audit', { limit: 5 }, cookie)).code).toBe('FORBIDDEN');
    expect((await trpcQuery(app, 'admin.users', undefined, cookie)).code).toBe('FORBIDDEN');
    const refusals = await db.prisma.auditLog.findMany({ where: { actorName: 'admin', action: 'auth.forbidden' } });
    expect(refusals.map((r) => r.entityId).sort()).toEqual(['GET /api/audit/export', 'admin.audit', 'admin.users']);
    expect(refusals.every((r) => r.ip)).toBe(true);
    // The security and audit administrators see no assessment data.
    const sec = await loginAs(app, 'security', DEMO_PASSWORDS.security);
    expect((await getWith(app, '/api/export/scores?period=2011Q1', sec.cookie)).statusCode).toBe(403);
    expect((await trpcQuery(app, 'scores.rankings', { period: '2011Q1' }, sec.cookie)).code).toBe('FORBIDDEN');
  });

  it('makes a user the security administrator created change the password first; the demo loses its exemption', async () => {
    const security = callerFor(db, demo.security);
    await security.admin.createUser({ username: 'newbie', role: 'inspector', password: 'Initial-pass1' });
    const { res, cookie } = await loginAs(app, 'newbie', 'Initial-pass1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: true, user: { username: 'newbie' } });
    // Every other call answers 403 with the sentence saying what to do.
    const held = await getWith(app, '/api/export/scores?period=2011Q1', cookie);
    expect(held.statusCode).toBe(403);
    expect(held.json().error).toMatch(/Change your password first/);
    expect((await trpcQuery(app, 'scores.rankings', { period: '2011Q1' }, cookie)).code).toBe('FORBIDDEN');
    expect((await trpcQuery(app, 'auth.me', undefined, cookie)).data).toMatchObject({ pending: 'password' });
    // A new password below the policy is refused; the right change lets the session go on.
    expect(
      (await postJson(app, '/auth/password', { current: 'Initial-pass1', next: 'short' }, { cookie })).statusCode,
    ).toBe(400);
    const changed = await postJson(
      app,
      '/auth/password',
      { current: 'Initial-pass1', next: 'Own-choice-42' },
      { cookie },
    );
    expect(changed.statusCode).toBe(200);
    expect((await getWith(app, '/api/export/scores?period=2011Q1', cookie)).statusCode).toBe(200);
    expect((await trpcQuery(app, 'auth.me', undefined, cookie)).data).toMatchObject({ pending: null });
    // Next time no change is asked.
    expect((await loginAs(app, 'newbie', 'Own-choice-42')).res.json().mustChangePassword).toBe(false);
    // Someone else has an account now: the demo's printed passwords must be changed too.
    expect((await loginAs(app, 'leader', DEMO_PASSWORDS.leader)).res.json().mustChangePassword).toBe(true);
    // A reset by the security administrator makes the user change it again.
    await security.admin.updateUser({ username: 'newbie', password: 'Reset-by-sec9' });
    expect((await loginAs(app, 'newbie', 'Reset-by-sec9')).res.json().mustChangePassword).toBe(true);
  });

  it('asks for a change of a password older than PASSWORD_MAX_AGE_DAYS', async () => {
    const aged = await buildTestApp(db, { clock, env: { PASSWORD_MAX_AGE_DAYS: '90' } });
    try {
      await makeUser(db, { username: 'old-timer', password: 'Long-ago-pass1' });
      await db.prisma.user.update({
        where: { username: 'old-timer' },
        data: { passwordChangedAt: new Date(clock.now().getTime() - 91 * 86_400_000) },
      });
      expect((await loginAs(aged, 'old-timer', 'Long-ago-pass1')).res.json().mustChangePassword).toBe(true);
      await db.prisma.user.update({
        where: { username: 'old-timer' },
        data: { passwordChangedAt: new Date(clock.now().getTime() - 89 * 86_400_000) },
      });
      expect((await loginAs(aged, 'old-timer', 'Long-ago-pass1')).res.json().mustChangePassword).toBe(false);
    } finally {
      await aged.close();
    }
  });

  it('ends a session idle longer than SESSION_IDLE_MINUTES (fake clock), audited as a time-out', async () => {
    const idleClock = testClock(FIXED_NOW);
    const idle = await buildTestApp(db, { clock: idleClock, env: { SESSION_IDLE_MINUTES: '30' } });
    try {
      await makeUser(db, { username: 'idler', password: 'Idle-pass-77' });
      await db.prisma.user.update({ where: { username: 'idler' }, data: { mustChangePassword: false } });
      const { cookie } = await loginAs(idle, 'idler', 'Idle-pass-77');
      const sessionRow = () => db.prisma.session.findFirstOrThrow({ where: { user: { username: 'idler' } } });
      // Within a minute of the last write: no write (lastSeenAt unchanged).
      idleClock.advance(30_000);
      expect((await getWith(idle, '/api/export/scores?period=2011Q1', cookie)).statusCode).toBe(200);
      expect((await sessionRow()).lastSeenAt.getTime()).toBe(FIXED_NOW.getTime());
      // 29 minutes later it is used again (lastSeenAt moves), 29 more: still within the limit.
      idleClock.advance(29 * 60_000);
      expect((await getWith(idle, '/api/export/scores?period=2011Q1', cookie)).statusCode).toBe(200);
      expect((await sessionRow()).lastSeenAt.getTime()).toBe(idleClock.now().getTime());
      idleClock.advance(29 * 60_000);
      expect((await trpcQuery(idle, 'meta.periods', undefined, cookie)).status).toBe(200);
      // 31 idle minutes: refused (401) and ended.
      idleClock.advance(31 * 60_000);
      expect((await getWith(idle, '/api/export/scores?period=2011Q1', cookie)).statusCode).toBe(401);
      expect((await sessionRow()).revokedAt).not.toBeNull();
      idleClock.advance(-60 * 60_000);
      expect((await getWith(idle, '/api/export/scores?period=2011Q1', cookie)).statusCode).toBe(401);
      const timeout = await db.prisma.auditLog.findFirst({ where: { actorName: 'idler', action: 'auth.timeout' } });
      expect(timeout?.after).toMatchObject({ limitMinutes: 30, idleMinutes: 31 });
    } finally {
      await idle.close();
    }
  });

  it('requires TOTP of a privileged role (fixed clock): enrolment, codes at sign-in, one-time recovery codes', async () => {
    await db.prisma.user.create({
      data: {
        username: 'sysadm',
        displayName: 'sysadm',
        role: 'admin',
        passwordHash: await hashPassword('Sys-admin-pass1'),
      },
    });
    const first = await loginAs(app, 'sysadm', 'Sys-admin-pass1');
    expect(first.res.json()).toMatchObject({ totpEnrolRequired: true, totpRequired: false });
    const cookie = first.cookie;
    expect((await trpcQuery(app, 'admin.settings', undefined, cookie)).code).toBe('FORBIDDEN');
    const enrol = await trpcMutation(app, 'auth.enrolTotp', undefined, cookie);
    const { secret, uri } = enrol.data as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect((await trpcMutation(app, 'auth.confirmTotp', { code: '000000' }, cookie)).code).toBe('BAD_REQUEST');
    const confirmed = await trpcMutation(app, 'auth.confirmTotp', { code: await codeAt(secret, clock.now()) }, cookie);
    const { recoveryCodes } = confirmed.data as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { username: 'sysadm' } });
    expect(stored.totpRecovery).toHaveLength(10);
    expect(stored.totpRecovery.some((h) => recoveryCodes.some((c) => h.includes(c)))).toBe(false);
    expect((await trpcQuery(app, 'admin.settings', undefined, cookie)).status).toBe(200);

    // Next sign-in: the code is asked for; a code of another time (5 minutes off) is wrong.
    const second = await postJson(app, '/auth/login', { username: 'sysadm', password: 'Sys-admin-pass1' });
    expect(second.json()).toMatchObject({ totpRequired: true });
    const c2 = second.headers['set-cookie']!.toString().split(';')[0]!;
    expect((await trpcQuery(app, 'admin.settings', undefined, c2)).code).toBe('FORBIDDEN');
    const stale = await codeAt(secret, new Date(clock.now().getTime() - 5 * 60_000));
    expect((await postJson(app, '/auth/totp', { code: stale }, { cookie: c2 })).statusCode).toBe(401);
    // The enrolment's own code is used up (RFC 6238 §5.2): the next 30-second step's code signs in.
    const enrolCode = await codeAt(secret, clock.now());
    const replayedEnrol = await postJson(app, '/auth/totp', { code: enrolCode }, { cookie: c2 });
    expect(replayedEnrol.statusCode).toBe(401);
    expect(replayedEnrol.json().error).toMatch(/used already/);
    clock.advance(30_000);
    const signInCode = await codeAt(secret, clock.now());
    expect((await postJson(app, '/auth/totp', { code: signInCode }, { cookie: c2 })).statusCode).toBe(200);
    expect((await trpcQuery(app, 'admin.settings', undefined, c2)).status).toBe(200);

    // A code that signed in once does not sign in again, not even a second later from another session.
    clock.advance(1_000);
    const third = await postJson(app, '/auth/login', { username: 'sysadm', password: 'Sys-admin-pass1' });
    const c3 = third.headers['set-cookie']!.toString().split(';')[0]!;
    const replay = await postJson(app, '/auth/totp', { code: signInCode }, { cookie: c3 });
    expect(replay.statusCode).toBe(401);
    expect((await trpcQuery(app, 'admin.settings', undefined, c3)).code).toBe('FORBIDDEN');
    // Nor does the code of the step before (still inside the tolerance of one step).
    const earlier = await codeAt(secret, new Date(clock.now().getTime() - 30_000));
    expect((await postJson(app, '/auth/totp', { code: earlier }, { cookie: c3 })).statusCode).toBe(401);
    clock.advance(30_000);
    expect(
      (await postJson(app, '/auth/totp', { code: await codeAt(secret, clock.now()) }, { cookie: c3 })).statusCode,
    ).toBe(200);

    // A recovery code works once.
    const signInWithRecovery = async () => {
      const r = await postJson(app, '/auth/login', { username: 'sysadm', password: 'Sys-admin-pass1' });
      const c = r.headers['set-cookie']!.toString().split(';')[0]!;
      return postJson(app, '/auth/totp', { code: recoveryCodes[3]!.toLowerCase() }, { cookie: c });
    };
    const once = await signInWithRecovery();
    expect(once.statusCode).toBe(200);
    expect(once.json().recoveryCodesLeft).toBe(9);
    expect((await signInWithRecovery()).statusCode).toBe(401);
    expect(await auditActions('sysadm')).toEqual(
      expect.arrayContaining(['auth.totp_enrol', 'auth.totp', 'auth.totp_failed']),
    );

    // The security administrator resets a lost second factor: enrolment is asked again.
    await callerFor(db, demo.security).admin.resetTotp({ username: 'sysadm' });
    expect((await loginAs(app, 'sysadm', 'Sys-admin-pass1')).res.json()).toMatchObject({ totpEnrolRequired: true });
  });

  it('keeps users and roles with the security administrator only', async () => {
    for (const who of [demo.admin, demo.auditor, demo.leader]) {
      await expect(callerFor(db, who).admin.users()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(callerFor(db, who).admin.unlockUser({ username: 'newbie' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    await expect(callerFor(db, demo.security).admin.settings()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(db, demo.security).admin.audit({ limit: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(db, demo.security).admin.updateUser({ username: 'security', role: 'audit' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(Object.keys(appRouter._def.procedures)).toEqual(
      expect.arrayContaining(['admin.unlockUser', 'admin.resetTotp']),
    );
  });
});
