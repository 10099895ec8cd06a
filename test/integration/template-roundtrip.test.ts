import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../server/domain/catalogue';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs, postJson } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The per-unit, per-quarter Excel template over HTTP: download (pre-filled), fill in with exceljs, upload back
// (POST /api/import/template, JSON with the file in base64), with row-level errors and nothing written on any.
let db: TestDatabase;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof withDemo>>;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  app = await buildTestApp(db);
  for (const [name, password] of [
    ['t01', DEMO_PASSWORDS.unit],
    ['t02', DEMO_PASSWORDS.unit],
    ['inspector', DEMO_PASSWORDS.inspector],
    ['leader', DEMO_PASSWORDS.leader],
    ['admin', DEMO_PASSWORDS.admin],
  ] as const) {
    const { cookie } = await loginAs(app, name, password);
    cookies[name] = cookie!;
  }
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

type Sheet = { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet; rowOf: Map<string, number> };

async function download(unit: string, period: string, who: string): Promise<LightMyRequestResponse> {
  return getWith(app, `/api/template?unit=${unit}&period=${period}`, cookies[who]);
}

/** Loads a downloaded template; `rowOf` maps each indicator key (hidden column A) to its row. */
async function open(res: LightMyRequestResponse): Promise<Sheet> {
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('数据填报')!;
  const rowOf = new Map<string, number>();
  ws.eachRow((row) => {
    const key = String(row.getCell(1).value ?? '');
    if (key.includes('.')) rowOf.set(key, row.number);
  });
  return { wb, ws, rowOf };
}

function fill(sheet: Sheet, values: Record<string, number | string | null>) {
  for (const [code, v] of Object.entries(values)) sheet.ws.getRow(sheet.rowOf.get(code)!).getCell(5).value = v;
}

async function upload(sheet: Sheet | Buffer, who: string, opts: { submit?: boolean; fileName?: string } = {}) {
  const buffer = Buffer.isBuffer(sheet) ? sheet : Buffer.from(await sheet.wb.xlsx.writeBuffer());
  return postJson(
    app,
    '/api/import/template',
    {
      fileName: opts.fileName ?? 'template.xlsx',
      contentBase64: buffer.toString('base64'),
      ...(opts.submit !== undefined ? { submit: opts.submit } : {}),
    },
    { cookie: cookies[who] ?? null },
  );
}

async function storedValues(unit: string, period: string) {
  const rows = await db.prisma.value.findMany({
    where: { unit: { code: unit }, periodCode: period },
    select: { indicatorCode: true, value: true },
  });
  return Object.fromEntries(rows.map((r) => [r.indicatorCode, r.value]));
}

async function state(unit: string, period: string) {
  return {
    values: await storedValues(unit, period),
    submission: await db.prisma.submission.findFirst({
      where: { unit: { code: unit }, periodCode: period },
      select: { status: true, version: true },
    }),
    // A refusal (403) is audited as auth.forbidden: the log of the change itself is what must not grow.
    audit: await db.prisma.auditLog.count({ where: { action: { not: 'auth.forbidden' } } }),
    score: await db.prisma.score.findFirst({
      where: { unit: { code: unit }, periodCode: period },
      select: { score: true, submitted: true },
    }),
  };
}

describe('the quarter template', () => {
  it('is pre-filled with the unit’s values, the catalogue’s Chinese names, measures and hints, with a hidden, locked key column', async () => {
    const res = await download('T01', '2011Q3', 't01');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="dukao-T01-2011Q3.xlsx"');
    const sheet = await open(res);
    const stored = await storedValues('T01', '2011Q3');
    expect(Object.keys(stored).length).toBeGreaterThan(20);
    // A township's form: the whole catalogue, in order.
    expect([...sheet.rowOf.keys()]).toEqual(DEFAULT_CATALOGUE.map((d) => d.code));
    for (const def of DEFAULT_CATALOGUE) {
      const row = sheet.ws.getRow(sheet.rowOf.get(def.code)!);
      expect(row.getCell(3).value).toBe(def.nameZh);
      expect(row.getCell(4).value).toBe(def.measure);
      expect(row.getCell(5).value ?? null).toBe(stored[def.code] ?? null);
      expect(row.getCell(5).protection?.locked).toBe(false);
    }
    expect(sheet.ws.getRow(sheet.rowOf.get('pub.electronic')!).getCell(6).value).toContain('不得大于概况信息、');
    expect(sheet.ws.getRow(sheet.rowOf.get('approval.deployed')!).getCell(6).value).toContain('填 0（否）或 1（是）');
    expect(sheet.ws.getRow(sheet.rowOf.get('approval.deployed')!).getCell(5).dataValidation).toMatchObject({
      type: 'whole',
      operator: 'between',
      formulae: [0, 1],
    });
    expect(sheet.ws.getColumn(1).hidden).toBe(true);
    expect((sheet.ws as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    expect(String(sheet.ws.getCell('B1').value)).toContain('T01');
    expect(String(sheet.ws.getCell('B1').value)).toContain('2011年第3季度');
    expect(sheet.wb.getWorksheet('_dukao')?.state).toBe('veryHidden');
    // A department's form has no grassroots-only indicator.
    const organ = await open(await download('D01', '2011Q3', 'admin'));
    expect(organ.rowOf.has('approval.deployed')).toBe(false);
  });

  it('is for unit operators (their own unit only), inspectors and administrators', async () => {
    expect((await download('T02', '2011Q3', 't01')).statusCode).toBe(404);
    expect((await download('T01', '2011Q3', 'leader')).statusCode).toBe(403);
    expect((await getWith(app, '/api/template?unit=T01&period=2011Q3')).statusCode).toBe(401);
    expect((await download('T01', '2011', 'admin')).json()).toEqual({
      error: 'period is required, written as a quarter such as 2011Q3.',
      messageKey: 'http.quarterRequired',
      params: {},
    });
    expect((await download('T02', '2011Q3', 'inspector')).statusCode).toBe(200);
    // Without a unit, a unit operator gets its own.
    const own = await getWith(app, '/api/template?period=2012Q1', cookies.t01);
    expect(own.headers['content-disposition']).toContain('dukao-T01-2012Q1.xlsx');
  });
});

describe('uploading a filled-in template', () => {
  const FILLED = {
    'pub.overview': 4,
    'pub.news': 15,
    'pub.electronic': 19,
    'req.in_person': 2,
    'reply.granted': 2,
    'approval.deployed': 1,
    'approval.cases': 30,
    'approval.cases_ontime': 30,
    'training.attendees': 1,
  };

  it('round-trips: download, fill, upload → the same values in the database and the score updated', async () => {
    const before = await state('T01', '2012Q1');
    expect(before.values).toEqual({});
    const sheet = await open(await download('T01', '2012Q1', 't01'));
    fill(sheet, FILLED);
    const res = await upload(sheet, 't01', { submit: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      unit: 'T01',
      period: '2012Q1',
      status: 'submitted',
      version: 1,
      values: 9,
      warnings: [],
      warningMessages: [],
    });
    expect(await storedValues('T01', '2012Q1')).toEqual(FILLED);
    const card = await callerFor(db, users.unitA).scores.scorecard({ unit: 'T01', period: '2012Q1' });
    expect(card.score).toMatchObject({
      submitted: true,
      rules: { approval_rollout: 25, request_reply_rate: 10, electronic_rate: 10, appeals: 15 },
    });
    expect(card.score!.score).toBeGreaterThan(60);
    const audit = await db.prisma.auditLog.findFirst({ where: { action: 'values.submit', entityId: 'T01|2012Q1' } });
    expect(audit).toMatchObject({ actorName: 't01', after: { values: FILLED } });
    // Downloading again shows exactly what was uploaded.
    const again = await open(await download('T01', '2012Q1', 't01'));
    for (const [code, v] of Object.entries(FILLED))
      expect(again.ws.getRow(again.rowOf.get(code)!).getCell(5).value).toBe(v);
  });

  it('reports every bad cell as `row N: …` (the row Excel shows), names unit, period and figures, and writes nothing', async () => {
    const sheet = await open(await download('T02', '2012Q1', 't02'));
    fill(sheet, { ...FILLED, 'pub.news': -2, 'req.fax': 1.5, 'consult.phone': '十二', 'approval.deployed': 3 });
    const before = await state('T02', '2012Q1');
    const res = await upload(sheet, 't02');
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: string; details: { rowErrors: string[] } }>();
    expect(body.error).toBe('The template file has 4 problems; nothing was imported.');
    const r = (code: string) => sheet.rowOf.get(code);
    expect(body.details.rowErrors).toEqual([
      `row ${r('pub.news')}: T02 2012Q1: pub.news (工作动态) = -2 is negative`,
      `row ${r('req.fax')}: T02 2012Q1: req.fax (传真申请数) must be a whole number, got 1.5`,
      `row ${r('consult.phone')}: T02 2012Q1: consult.phone (咨询电话接听数) must be a whole number, got "十二"`,
      `row ${r('approval.deployed')}: T02 2012Q1: approval.deployed = 3 is above the maximum 1`,
    ]);
    expect(await state('T02', '2012Q1')).toEqual(before);

    // A sub-count above its total is reported on its row, with both figures.
    const sums = await open(await download('T02', '2012Q1', 't02'));
    fill(sums, { ...FILLED, 'approval.cases_ontime': 31 });
    const sumRes = await upload(sums, 't02');
    expect(sumRes.json<{ details: { rowErrors: string[] } }>().details.rowErrors).toEqual([
      `row ${r('approval.cases_ontime')}: T02 2012Q1: approval.cases_ontime = 31 is above approval.cases = 30`,
    ]);
    expect(await state('T02', '2012Q1')).toEqual(before);
  });

  it('saves a draft by default; replies above requests are a warning; cleared cells remove values', async () => {
    const sheet = await open(await download('T02', '2012Q1', 't02'));
    fill(sheet, { ...FILLED, 'reply.partial': 1 });
    const res = await upload(sheet, 't02');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'draft',
      version: 1,
      warnings: [
        'T02 2012Q1: replies (3) exceed requests (2); only requests carried over from earlier can explain this',
      ],
    });
    expect((await state('T02', '2012Q1')).score).toMatchObject({ submitted: false });
    const next = await open(await download('T02', '2012Q1', 't02'));
    fill(next, { 'reply.partial': null, 'training.attendees': '' });
    expect((await upload(next, 't02')).json()).toMatchObject({ status: 'draft', version: 2, values: 8 });
    const { 'training.attendees': _t, ...rest } = FILLED;
    expect(await storedValues('T02', '2012Q1')).toEqual(rest);
  });

  it('refuses a template made from an older version with 409 and the current values, overwriting nothing', async () => {
    const stale = await open(await download('T02', '2012Q1', 't02'));
    await callerFor(db, users.unitB).entry.save({
      unit: 'T02',
      period: '2012Q1',
      version: 2,
      values: { 'pub.news': 7 },
      submit: false,
    });
    const before = await state('T02', '2012Q1');
    fill(stale, FILLED);
    const res = await upload(stale, 't02', { submit: true });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ details: { version: 3, status: 'draft', values: { 'pub.news': 7 } } });
    expect(await state('T02', '2012Q1')).toEqual(before);
  });

  it('refuses another unit’s template (404), a submitted or locked quarter, a wrong role, and files that are no template', async () => {
    const other = await open(await download('T02', '2012Q1', 'admin'));
    const before = await state('T02', '2012Q1');
    expect((await upload(other, 't01')).statusCode).toBe(404);
    expect((await upload(other, 'leader')).statusCode).toBe(403);
    expect((await upload(other, 'nobody')).statusCode).toBe(401);
    expect(await state('T02', '2012Q1')).toEqual(before);

    const submitted = await open(await download('T01', '2012Q1', 't01'));
    const sub = await upload(submitted, 't01');
    expect(sub.statusCode).toBe(400);
    expect(sub.json<{ error: string }>().error).toBe(
      'T01 2012Q1 is submitted; it can be changed only after an inspector returns it.',
    );

    await callerFor(db, users.leader).admin.periodState({ period: '2011Q3', action: 'lock' });
    const locked = await open(await download('T01', '2011Q3', 't01'));
    const lockedRes = await upload(locked, 't01');
    expect(lockedRes.statusCode).toBe(423);
    expect(lockedRes.json<{ error: string }>().error).toBe(
      '2011Q3 is locked: its values, findings and scores are frozen. Reopen it first.',
    );
    await callerFor(db, users.admin).admin.periodState({ period: '2011Q3', action: 'reopen', reason: 'test' });

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('x').addRow(['unit', 'period', 'indicator', 'value']);
    const notTemplate = await upload(Buffer.from(await plain.xlsx.writeBuffer()), 't01');
    expect(notTemplate.statusCode).toBe(400);
    expect(notTemplate.json<{ error: string }>().error).toMatch(/^This is not a Dukao quarter template/);
    const csv = await upload(Buffer.from('unit,period,indicator,value\n'), 't01', { fileName: 'x.csv' });
    expect(csv.statusCode).toBe(400);
    expect(csv.json<{ error: string }>().error).toMatch(/cannot be read as an Excel workbook/);
    // The server takes JSON only (CSRF): a raw file upload is refused before anything is read.
    const raw = await app.inject({
      method: 'POST',
      url: '/api/import/template',
      headers: { 'content-type': 'application/octet-stream', cookie: cookies.t01! },
      payload: Buffer.from('x'),
    });
    expect(raw.statusCode).toBe(415);
  });

  it('lets an inspector fill in any unit’s template', async () => {
    const sheet = await open(await download('D01', '2012Q1', 'inspector'));
    fill(sheet, { 'pub.news': 3, 'pub.electronic': 3, 'approval.cases': 5, 'approval.cases_ontime': 4 });
    const res = await upload(sheet, 'inspector', { submit: true });
    expect(res.json()).toMatchObject({ unit: 'D01', status: 'submitted' });
    expect(await storedValues('D01', '2012Q1')).toEqual({
      'pub.news': 3,
      'pub.electronic': 3,
      'approval.cases': 5,
      'approval.cases_ontime': 4,
    });
  });
});
