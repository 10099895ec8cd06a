import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROW_ERRORS_IN_ANSWER } from '../../server/http/edge';
import { MAX_IMPORT_BYTES } from '../../server/services/imports/read-table';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, loginAs, postJson } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The administrators' bulk imports over HTTP (POST /api/import/units|values|findings|commendations, JSON with
// the file in base64): the same check + import + re-score as the command line, in one transaction.
let db: TestDatabase;
let app: FastifyInstance;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
  app = await buildTestApp(db);
  for (const [name, password] of [
    ['admin', DEMO_PASSWORDS.admin],
    ['leader', DEMO_PASSWORDS.leader],
    ['inspector', DEMO_PASSWORDS.inspector],
    ['t01', DEMO_PASSWORDS.unit],
  ] as const) {
    cookies[name] = (await loginAs(app, name, password)).cookie!;
  }
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const send = (kind: string, file: Buffer | string, who: string | null = 'admin', fileName = `${kind}.csv`) =>
  postJson(
    app,
    `/api/import/${kind}`,
    { fileName, contentBase64: Buffer.from(file).toString('base64') },
    { cookie: who ? cookies[who] : null },
  );

async function snapshot() {
  const p = db.prisma;
  return {
    units: await p.unit.count(),
    values: await p.value.count(),
    valueSum: (await p.value.aggregate({ _sum: { value: true } }))._sum.value,
    submissions: (await p.submission.aggregate({ _sum: { version: true } }))._sum.version,
    findings: await p.finding.count(),
    commendations: await p.commendation.count(),
    scoreSum: Number((await p.score.aggregate({ _sum: { score: true } }))._sum.score),
    // Refusals are audited (auth.forbidden, asserted below); nothing else may be written.
    audit: await p.auditLog.count({ where: { action: { not: 'auth.forbidden' } } }),
  };
}

describe('bulk import over HTTP', () => {
  it('is for administrators only: 401 anonymous, 403 for every other role, nothing written', async () => {
    const before = await snapshot();
    const file = 'unit,period,indicator,value\nT01,2011Q4,consult.online,9\n';
    expect((await send('values', file, null)).statusCode).toBe(401);
    for (const who of ['leader', 'inspector', 't01']) {
      const res = await send('values', file, who);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        error: 'This needs the role admin.',
        messageKey: 'common.needsRole',
        params: { roles: 'admin' },
      });
    }
    expect(await snapshot()).toEqual(before);
    const refusals = await db.prisma.auditLog.findMany({
      where: { action: 'auth.forbidden', entityId: 'POST /api/import/values' },
      select: { actorName: true },
    });
    expect(refusals.map((r) => r.actorName).sort()).toEqual(['inspector', 'leader', 't01']);
  });

  it('imports each kind and answers the summary; the same file again changes nothing', async () => {
    const units = await send('units', 'code,name,type,parent\nH01,新设街道,street,\n');
    expect(units.statusCode).toBe(200);
    expect(units.json()).toMatchObject({
      kind: 'units',
      rows: 1,
      created: 1,
      message: '1 rows: 1 created, 0 updated, 0 unchanged.',
    });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('values');
    ws.addRow(['unit', 'period', 'indicator', 'value']);
    ws.addRow(['H01', '2011Q4', 'pub.news', 20]);
    ws.addRow(['H01', '2011Q4', 'pub.electronic', 20]);
    ws.addRow(['H01', '2011Q4', 'approval.deployed', 1]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const values = await send('values', xlsx, 'admin', 'values.xlsx');
    expect(values.statusCode).toBe(200);
    expect(values.json()).toMatchObject({ kind: 'values', rows: 3, changed: 3, unitPeriods: 1, warnings: [] });
    const score = await db.prisma.score.findFirstOrThrow({ where: { unit: { code: 'H01' }, periodCode: '2011Q4' } });
    expect(score.submitted).toBe(true);
    expect(Number(score.score)).toBeGreaterThan(50);

    const findings = await send(
      'findings',
      'unit,period,severity,deduction,description,deadline,rectified_at\nH01,2011Q4,minor,2,栏目更新不及时,,\n',
    );
    expect(findings.json()).toMatchObject({ kind: 'findings', created: 1 });
    const commendations = await send('commendations', 'unit,period,points,reason\nH01,2011Q4,1,整改及时\n');
    expect(commendations.json()).toMatchObject({ kind: 'commendations', created: 1 });
    const after = await db.prisma.score.findFirstOrThrow({ where: { unit: { code: 'H01' }, periodCode: '2011Q4' } });
    expect(Number(after.score)).toBeCloseTo(Number(score.score) - 2 + 1, 10);

    const snap = await snapshot();
    expect((await send('values', xlsx, 'admin', 'values.xlsx')).json()).toMatchObject({ changed: 0 });
    expect(
      (
        await send(
          'findings',
          'unit,period,severity,deduction,description,deadline,rectified_at\nH01,2011Q4,minor,2,栏目更新不及时,,\n',
        )
      ).json(),
    ).toMatchObject({ created: 0, unchanged: 1 });
    expect(await snapshot()).toEqual(snap);
  });

  it('answers 400 with every `row N: …` problem, writing nothing', async () => {
    const before = await snapshot();
    const res = await send(
      'values',
      'unit,period,indicator,value\nH01,2011Q4,pub.news,3\nH01,2011Q4,pub.finance,-1\nQQ,2011Q4,pub.news,1\n',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'The values file has 3 problems; nothing was imported.',
      messageKey: 'imports.fileHasProblems',
      params: { what: 'values', count: 3 },
      details: {
        rowErrors: [
          'row 2: H01 2011Q4: pub.electronic = 20 is above the sum of pub.overview, pub.plans, ' +
            'pub.regulations, pub.news, pub.personnel, pub.finance, pub.services, pub.annual_reports, ' +
            'pub.other = 3',
          'row 3: H01 2011Q4: pub.finance = -1 is negative',
          'row 4: unknown unit "QQ" (QQ 2011Q4: pub.news = 1)',
        ],
        rowMessages: [
          expect.objectContaining({ row: 2, key: 'values.aboveSum' }),
          {
            row: 3,
            key: 'rows.negative',
            params: { unit: 'H01', period: '2011Q4', indicator: 'pub.finance', indicatorZh: '财政信息', got: '-1' },
          },
          expect.objectContaining({ row: 4, key: 'rows.unknownUnitValue' }),
        ],
      },
    });
    expect(await snapshot()).toEqual(before);
  });

  it(`caps the problems in one answer at ${MAX_ROW_ERRORS_IN_ANSWER} and says how many more there are`, async () => {
    const rows = Array.from({ length: MAX_ROW_ERRORS_IN_ANSWER + 5 }, (_, i) => `T01,2011Q4,pub.news,-${i + 1}`);
    const res = await send('values', `unit,period,indicator,value\n${rows.join('\n')}\n`);
    expect(res.statusCode).toBe(400);
    const body = res.json<{ details: { rowErrors: string[]; omittedRowErrors: number } }>();
    expect(body.details.rowErrors).toHaveLength(MAX_ROW_ERRORS_IN_ANSWER);
    expect(body.details.omittedRowErrors).toBe(5);
  });

  it('refuses malformed uploads with a clear error: bad JSON, bad base64, empty, malformed CSV, wrong header, unknown kind', async () => {
    const before = await snapshot();
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/import/values',
      headers: { 'content-type': 'application/json', cookie: cookies.admin! },
      payload: '{"fileName": "x.csv", "contentBase64": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toEqual({
      error: 'The request body is not valid JSON: send {"fileName": "…", "contentBase64": "…"}.',
      messageKey: 'http.badJsonBody',
      params: {},
    });
    const noFile = await postJson(app, '/api/import/values', { fileName: 'x.csv' }, { cookie: cookies.admin! });
    expect(noFile.json()).toMatchObject({
      error: 'Send JSON {"fileName": "…", "contentBase64": "…"} with the file in base64.',
      messageKey: 'http.sendFileJson',
    });
    const badBase64 = await postJson(
      app,
      '/api/import/values',
      { fileName: 'x.csv', contentBase64: 'not base64!' },
      { cookie: cookies.admin! },
    );
    expect(badBase64.json()).toMatchObject({
      error: 'contentBase64 is not valid base64.',
      messageKey: 'http.badBase64',
    });
    expect((await send('values', '')).json()).toMatchObject({
      error: 'The file is empty: a header row is needed.',
      messageKey: 'imports.emptyFile',
    });
    expect(
      (await send('values', 'unit,period,indicator,value\nT01,"2011Q4,pub.news,1\n')).json<{ error: string }>().error,
    ).toMatch(/^The CSV file cannot be read/);
    expect((await send('values', 'unit,quarter,indicator,value\nT01,2011Q4,pub.news,1\n')).json()).toEqual({
      error: 'The header row is not the one expected; nothing was imported.',
      messageKey: 'imports.badHeader',
      params: {},
      details: {
        rowErrors: ['row 1: missing column "period"; unknown column "quarter" (expected unit,period,indicator,value)'],
        rowMessages: [
          {
            row: 1,
            key: 'rows.badHeader',
            params: {
              problems: 'missing column "period"; unknown column "quarter"',
              problemsZh: '缺少列“period”；无法识别的列“quarter”',
              expected: 'unit,period,indicator,value',
            },
          },
        ],
      },
    });
    const unknown = await send('budgets', 'a\n1\n');
    expect(unknown.statusCode).toBe(404);
    const raw = await app.inject({
      method: 'POST',
      url: '/api/import/values',
      headers: { 'content-type': 'text/csv', cookie: cookies.admin! },
      payload: 'unit,period,indicator,value\n',
    });
    expect(raw.statusCode).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file over 50 MB with 413 and a clear message before decoding it', async () => {
    const before = await snapshot();
    const contentBase64 = 'A'.repeat(Math.ceil(((MAX_IMPORT_BYTES + 1) * 4) / 3 / 4) * 4);
    const res = await postJson(
      app,
      '/api/import/values',
      { fileName: 'big.csv', contentBase64 },
      { cookie: cookies.admin! },
    );
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'The file is 50.0 MB; at most 50 MB can be uploaded. Split it into smaller files.',
      messageKey: 'http.uploadTooLarge',
      params: { size: '50.0', max: 50 },
    });
    expect(await snapshot()).toEqual(before);
  });
});
