import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors';
import type { Actor } from '../../server/services/audit/record-audit';
import {
  MAX_CELL_CHARS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  MAX_XLSX_EXPANDED_BYTES,
  readTable,
} from '../../server/services/imports/read-table';
import { type ImportKind, runImport } from '../../server/services/imports/run-import';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { workbookBomb } from '../helpers/zip-bomb';

// The import rules of interfaces.md, run exactly as `npm run cli -- import` and the admin upload run them
// (readTable → runImport): each kind from CSV and XLSX, all or nothing with `row N: …` problems, idempotent.
const TODAY = '2012-03-01';
const ACTOR: Actor = { id: null, username: 'import-test', role: 'system', unitId: null };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
});
afterAll(async () => db?.dispose());

type Cell = string | number | Date | null;

async function xlsx(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (text: string) => Buffer.from(text.replace(/^\n/, ''), 'utf8');

async function importFile(kind: ImportKind, buffer: Buffer, name: string) {
  return runImport(db.prisma, ACTOR, kind, await readTable(buffer, name), TODAY);
}

/** Everything an import could touch: row counts, the values' sum, the scores' sum and the last audit entry. */
async function snapshot() {
  const p = db.prisma;
  const [units, subs, values, findings, commendations, scores, audit, periods, valueSum, scoreSum, statuses] =
    await Promise.all([
      p.unit.count(),
      p.submission.count(),
      p.value.count(),
      p.finding.count(),
      p.commendation.count(),
      p.score.count(),
      p.auditLog.count(),
      p.period.count(),
      p.value.aggregate({ _sum: { value: true } }),
      p.score.aggregate({ _sum: { score: true } }),
      p.submission.groupBy({ by: ['status'], _count: true, _sum: { version: true }, orderBy: { status: 'asc' } }),
    ]);
  return {
    units,
    subs,
    values,
    findings,
    commendations,
    scores,
    audit,
    periods,
    valueSum: valueSum._sum.value,
    scoreSum: Number(scoreSum._sum.score),
    statuses,
  };
}

/** Runs an import that must fail; returns the error after checking that nothing changed. */
async function refused(run: () => Promise<unknown>): Promise<AppError> {
  const before = await snapshot();
  let error: unknown;
  try {
    await run();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(AppError);
  expect(await snapshot()).toEqual(before);
  return error as AppError;
}

const rowErrors = (e: AppError) => (e.details as { rowErrors: string[] }).rowErrors;

async function scoreOf(unit: string, period: string) {
  const s = await db.prisma.score.findFirst({ where: { periodCode: period, unit: { code: unit } } });
  return s
    ? { score: Number(s.score), submitted: s.submitted, deductions: Number(s.deductions), bonus: Number(s.bonus) }
    : null;
}

describe('import units', () => {
  it('creates units from CSV, scores them in every period, and changes nothing the second time', async () => {
    const file = csv(`
code,name,type,parent
N01,新城镇,township,
N02,新区管委会,department,
N03,新城镇社区服务中心,institution,N01
`);
    const res = await importFile('units', file, 'units.csv');
    expect(res).toMatchObject({ kind: 'units', rows: 3, created: 3, updated: 0, unchanged: 0 });
    expect(res.message).toBe('3 rows: 3 created, 0 updated, 0 unchanged.');
    const n03 = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'N03' }, include: { parent: true } });
    expect(n03).toMatchObject({ group: 'organs', parent: { code: 'N01' } });
    expect(await scoreOf('N01', '2011Q1')).toMatchObject({ submitted: false, score: 0 });
    const before = await snapshot();
    expect(await importFile('units', file, 'units.csv')).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
  });

  it('updates units from XLSX (columns in any order)', async () => {
    const file = await xlsx([
      ['type', 'code', 'name'],
      ['street', 'N01', '新城街道'],
    ]);
    expect(await importFile('units', file, 'units.xlsx')).toMatchObject({ updated: 1 });
    expect(await db.prisma.unit.findUniqueOrThrow({ where: { code: 'N01' } })).toMatchObject({
      name: '新城街道',
      type: 'street',
      group: 'grassroots',
    });
    expect(await importFile('units', file, 'units.xlsx')).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('refuses bad unit rows, each named, and writes nothing', async () => {
    const e = await refused(() =>
      importFile(
        'units',
        csv(`
code,name,type,parent
N10,好单位,township,
bad code!,坏代码,township,
N11,,department,
N12,类型错,county,
N10,重复,township,
N13,无上级,institution,NOPE
`),
        'units.csv',
      ),
    );
    expect(e.message).toBe('The units file has 5 problems; nothing was imported.');
    expect(rowErrors(e)).toEqual([
      'row 3: unit code "bad code!" must be 1–32 letters, digits, dot, dash or underscore',
      'row 4: unit N11: name must be 1–120 characters',
      'row 5: unit N12: type "county" is not one of township, street, department, institution',
      'row 6: unit N10 appears again (first on row 2)',
      'row 7: unit N13: parent unit NOPE does not exist',
    ]);
  });
});

describe('import values', () => {
  it('imports values from CSV as submitted, re-scores, and changes nothing the second time', async () => {
    const file = csv(`
unit,period,indicator,value
N01,2011Q3,pub.news,12
N01,2011Q3,pub.overview,4
N01,2011Q3,pub.electronic,16
N01,2011Q3,approval.deployed,1
N01,2011Q3,training.attendees,1
N01,2011Q4,pub.news,8
N01,2011Q4,approval.deployed,1
`);
    const res = await importFile('values', file, 'values.csv');
    expect(res).toMatchObject({ kind: 'values', rows: 7, changed: 7, unitPeriods: 2, warnings: [] });
    const sub = await db.prisma.submission.findFirstOrThrow({ where: { unit: { code: 'N01' }, periodCode: '2011Q3' } });
    expect(sub.status).toBe('submitted');
    const score = await scoreOf('N01', '2011Q3');
    expect(score?.submitted).toBe(true);
    expect(score?.score).toBeGreaterThan(40);
    const before = await snapshot();
    expect(await importFile('values', file, 'values.csv')).toMatchObject({ changed: 0, unitPeriods: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('imports values from XLSX with numeric cells; a warning for replies above requests does not block', async () => {
    const file = await xlsx([
      ['unit', 'period', 'indicator', 'value'],
      ['N02', '2011Q4', 'pub.news', 20],
      ['N02', '2011Q4', 'req.online', 1],
      ['N02', '2011Q4', 'reply.granted', 2],
      ['N02', '2011Q4', 'approval.cases', 10],
      ['N02', '2011Q4', 'approval.cases_ontime', 9],
    ]);
    const res = await importFile('values', file, 'values.xlsx');
    expect(res).toMatchObject({ changed: 5, unitPeriods: 1 });
    expect(res.warnings).toEqual([
      'row 2: N02 2011Q4: replies (2) exceed requests (1); only requests carried over from earlier can explain this',
    ]);
    const values = await db.prisma.value.findMany({
      where: { unit: { code: 'N02' }, periodCode: '2011Q4' },
      orderBy: { indicatorCode: 'asc' },
    });
    expect(Object.fromEntries(values.map((v) => [v.indicatorCode, v.value]))).toEqual({
      'approval.cases': 10,
      'approval.cases_ontime': 9,
      'pub.news': 20,
      'reply.granted': 2,
      'req.online': 1,
    });
    expect(await importFile('values', file, 'values.xlsx')).toMatchObject({ changed: 0 });
  });

  it('reads an XLSX from its first visible sheet: hidden sheets before it, formulas by their result, rows numbered as in the file', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('说明');
    notes.addRow(['这张表不导入']);
    notes.state = 'hidden';
    const ws = wb.addWorksheet('数据');
    ws.getCell('A3').value = 'Unit';
    ws.getCell('B3').value = 'period';
    ws.getCell('C3').value = 'indicator';
    ws.getCell('D3').value = 'value';
    ws.addRow(['N02', '2011Q4', 'pub.news', { formula: '10+10', result: 20 }]);
    ws.addRow([]);
    ws.addRow(['N02', '2011Q4', 'req.online', 1]);
    const table = await readTable(Buffer.from(await wb.xlsx.writeBuffer()), 'values.xlsx');
    expect(table).toEqual({
      header: ['unit', 'period', 'indicator', 'value'],
      rows: [
        ['N02', '2011Q4', 'pub.news', '20'],
        ['N02', '2011Q4', 'req.online', '1'],
      ],
      rowNumbers: [2, 4], // the blank row between them still counts
    });
  });

  it('lists every bad row as `row N: …` (blank lines counted) naming unit, period and figures, and writes nothing', async () => {
    const e = await refused(() =>
      importFile(
        'values',
        csv(`
unit,period,indicator,value
T01,2011Q3,consult.online,5
T01,2011Q3,pub.finance,-3

NOPE,2011Q3,pub.news,5
T01,2011Q5,pub.news,5
T01,2011,pub.news,5
T01,2011Q3,pub.nonsense,5
T01,2011Q3,req.fax,1.5
T01,2011Q3,consult.online,6
T02,2011Q3,pub.electronic,999999
D01,2011Q3,approval.deployed,1
T02,2011Q3,approval.deployed,2
`),
        'values.csv',
      ),
    );
    expect(e.message).toBe('The values file has 10 problems; nothing was imported.');
    const lines = rowErrors(e);
    expect(lines[0]).toBe('row 3: T01 2011Q3: pub.finance = -3 is negative');
    expect(lines[1]).toBe('row 5: unknown unit "NOPE" (NOPE 2011Q3: pub.news = 5)');
    expect(lines[2]).toBe('row 6: T01 2011Q5: unknown period "2011Q5" (write 2011Q3)');
    expect(lines[3]).toBe('row 7: T01 2011: values are entered per quarter (2011Q1 … 2011Q4), not for the year 2011');
    expect(lines[4]).toBe('row 8: T01 2011Q3: unknown indicator "pub.nonsense"');
    expect(lines[5]).toBe('row 9: T01 2011Q3: req.fax must be a whole number, got "1.5"');
    expect(lines[6]).toBe('row 10: T01 2011Q3: consult.online appears again (first on row 2)');
    // The sum bound is checked on the unit-quarter after merging with what is stored.
    expect(lines[7]).toMatch(
      /^row 11: T02 2011Q3: pub\.electronic = 999999 is above the sum of pub\.overview, .*pub\.other = \d+$/,
    );
    expect(lines[8]).toBe('row 12: D01 2011Q3: approval.deployed applies only to grassroots units, got 1');
    expect(lines[9]).toBe('row 13: T02 2011Q3: approval.deployed = 2 is above the maximum 1');
    expect(lines).toHaveLength(10);
  });

  it('refuses a sub-count above its total within the file, with both figures', async () => {
    const e = await refused(() =>
      importFile(
        'values',
        csv(`
unit,period,indicator,value
N02,2011Q3,approval.cases,10
N02,2011Q3,approval.cases_ontime,12
`),
        'values.csv',
      ),
    );
    expect(rowErrors(e)).toEqual(['row 3: N02 2011Q3: approval.cases_ontime = 12 is above approval.cases = 10']);
  });
});

describe('import values against what is stored', () => {
  it('refuses lowering a total below a stored sub-count, on the row that lowered it', async () => {
    const stored = await db.prisma.value.findMany({
      where: { unit: { code: 'T01' }, periodCode: '2011Q3', indicatorCode: { startsWith: 'pub.' } },
    });
    const electronic = stored.find((v) => v.indicatorCode === 'pub.electronic')!.value;
    const e = await refused(() =>
      importFile(
        'values',
        csv('unit,period,indicator,value\nT01,2011Q3,consult.online,1\nT01,2011Q3,pub.news,0\n'),
        'v.csv',
      ),
    );
    expect(rowErrors(e)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^row 3: T01 2011Q3: pub\\.electronic = ${electronic} is above the sum of pub\\.overview, .* = \\d+$`,
        ),
      ),
    ]);
  });
});

describe('import findings and commendations', () => {
  it('imports findings from CSV and XLSX (date cells), re-scores, and skips identical rows the second time', async () => {
    const before = await scoreOf('N01', '2011Q3');
    const file = csv(`
unit,period,severity,deduction,description,deadline,rectified_at
N01,2011Q3,minor,2.5,公开栏目未更新,2011-10-31,
N01,2011Q3,major,1,"依申请公开答复超期, 未说明理由",,
`);
    expect(await importFile('findings', file, 'findings.csv')).toMatchObject({
      kind: 'findings',
      rows: 2,
      created: 2,
      unchanged: 0,
    });
    const after = await scoreOf('N01', '2011Q3');
    expect(after?.deductions).toBe(3.5);
    expect(after!.score).toBeCloseTo(before!.score - 3.5, 10);
    // The unrectified 2011-10-31 deadline passed: an overdue point in 2011Q4.
    expect((await scoreOf('N01', '2011Q4'))?.deductions).toBe(1);
    const snap = await snapshot();
    expect(await importFile('findings', file, 'findings.csv')).toMatchObject({ created: 0, unchanged: 2 });
    expect(await snapshot()).toEqual(snap);

    const x = await xlsx([
      ['unit', 'period', 'severity', 'deduction', 'description', 'deadline', 'rectified_at'],
      ['N02', '2011Q4', 'minor', 1, '未按期更新', new Date(Date.UTC(2011, 11, 15)), new Date(Date.UTC(2011, 11, 10))],
    ]);
    expect(await importFile('findings', x, 'findings.xlsx')).toMatchObject({ created: 1 });
    const f = await db.prisma.finding.findFirstOrThrow({ where: { unit: { code: 'N02' } } });
    expect([f.deadline?.toISOString().slice(0, 10), f.rectifiedAt?.toISOString().slice(0, 10)]).toEqual([
      '2011-12-15',
      '2011-12-10',
    ]);
    expect(await importFile('findings', x, 'findings.xlsx')).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('refuses bad finding rows', async () => {
    const e = await refused(() =>
      importFile(
        'findings',
        csv(`
unit,period,severity,deduction,description,deadline,rectified_at
N01,2011Q3,serious,1,x,,
N01,2011Q3,minor,-1,x,,
N01,2011Q3,minor,1,x,2011-06-30,
N01,2011Q3,minor,1,,,
N01,2011Q3,minor,1,x,2011-13-01,
NOPE,2011,minor,1,x,,
`),
        'findings.csv',
      ),
    );
    expect(rowErrors(e)).toEqual([
      'row 2: N01 2011Q3: severity "serious" is not one of minor, major, veto',
      'row 3: N01 2011Q3: deduction "-1" must be a number from 0 to 100 with at most 2 decimals',
      "row 4: N01 2011Q3: deadline 2011-06-30 is before the finding's quarter (2011-07-01)",
      'row 5: N01 2011Q3: description must be 1–2000 characters',
      'row 6: N01 2011Q3: deadline "2011-13-01" is not a date (write 2011-09-30)',
      'row 7: unknown unit "NOPE" (NOPE 2011)',
      'row 7: NOPE 2011: findings and commendations belong to a quarter (2011Q1 … 2011Q4), not the year 2011',
    ]);
  });

  it('imports commendations from CSV and XLSX, capped at 5 points in the score', async () => {
    const file = csv(`
unit,period,points,reason
N01,2011Q3,3,信息公开工作先进
N01,2011Q3,4,省级表彰
`);
    expect(await importFile('commendations', file, 'c.csv')).toMatchObject({ created: 2 });
    expect((await scoreOf('N01', '2011Q3'))?.bonus).toBe(5);
    expect(await importFile('commendations', file, 'c.csv')).toMatchObject({ created: 0, unchanged: 2 });
    const x = await xlsx([
      ['unit', 'period', 'points', 'reason'],
      ['N02', '2011Q4', 1.5, '整改及时'],
    ]);
    expect(await importFile('commendations', x, 'c.xlsx')).toMatchObject({ created: 1 });
    expect((await scoreOf('N02', '2011Q4'))?.bonus).toBe(1.5);
    expect(await importFile('commendations', x, 'c.xlsx')).toMatchObject({ created: 0 });
    const e = await refused(() =>
      importFile('commendations', csv('unit,period,points,reason\nN01,2011Q4,0,零分\nN01,2011Q4,2,\n'), 'c.csv'),
    );
    expect(rowErrors(e)).toEqual([
      'row 2: N01 2011Q4: points "0" must be a positive number up to 100 with at most 2 decimals',
      'row 3: N01 2011Q4: reason must be 1–2000 characters',
    ]);
  });

  it('leaves materialized scores equal to a full recomputation', async () => {
    expect((await db.prisma.$transaction((tx) => rescoreAll(tx, TODAY), { timeout: 120_000 })).differences).toEqual([]);
  });
});

describe('unreadable files', () => {
  it('refuses malformed CSV, empty files, a wrong header, a corrupt workbook and oversized files with a clear error', async () => {
    const malformed = await refused(() =>
      importFile('values', csv('unit,period,indicator,value\nT01,2011Q3,"pub.news,5\n'), 'v.csv'),
    );
    expect(malformed.message).toMatch(/^The CSV file cannot be read: .*Nothing was imported\.$/);
    expect((await refused(() => importFile('values', Buffer.alloc(0), 'v.csv'))).message).toBe(
      'The file is empty: a header row is needed.',
    );
    expect((await refused(() => importFile('values', csv('\n\n  \n'), 'v.csv'))).message).toBe(
      'The file is empty: a header row is needed.',
    );
    expect((await refused(() => importFile('values', csv('unit,period,indicator,value\n'), 'v.csv'))).message).toBe(
      'The file has a header but no rows: nothing to import.',
    );
    const header = await refused(() =>
      importFile('values', csv('unit,period,indicator,amount\nT01,2011Q3,pub.news,5\n'), 'v.csv'),
    );
    expect(header.message).toBe('The header row is not the one expected; nothing was imported.');
    expect(rowErrors(header)).toEqual([
      'row 1: missing column "value"; unknown column "amount" (expected unit,period,indicator,value)',
    ]);
    const corrupt = await refused(() =>
      importFile('values', Buffer.from('PK\u0003\u0004 this is not really a zip'), 'v.xlsx'),
    );
    expect(corrupt.message).toMatch(/^The XLSX file cannot be read/);
    const big = await refused(() => importFile('values', Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61), 'v.csv'));
    expect(big.code).toBe('PAYLOAD_TOO_LARGE');
    expect(big.message).toBe('The file is 50.0 MB; at most 50.0 MB can be imported. Split it into smaller files.');
    const long = await refused(() =>
      importFile(
        'findings',
        csv(`unit,period,severity,deduction,description\nT01,2011Q3,minor,1,${'长'.repeat(MAX_CELL_CHARS + 1)}\n`),
        'f.csv',
      ),
    );
    expect(rowErrors(long)).toEqual([`row 2: column 5 is longer than ${MAX_CELL_CHARS} characters`]);
  });

  it('does not trust the sizes a workbook declares: a real bomb is refused past MAX_XLSX_EXPANDED_BYTES', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', '<x/>');
    const small = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
    // Declares 23 KB, inflates to 401 MiB: counted while inflating, refused at the limit.
    const bomb = await workbookBomb(small, { megabytes: 401 });
    const e = await refused(() => importFile('values', bomb, 'bomb.xlsx'));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toBe(
      `The workbook expands to more than ${MAX_XLSX_EXPANDED_BYTES / 1024 / 1024}.0 MB of sheets; at most 400.0 MB can be read. Split it into smaller files.`,
    );
  });

  it('refuses a file with more rows than MAX_IMPORT_ROWS', async () => {
    const text = `unit,period,indicator,value\n${'T01,2011Q3,pub.news,1\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    const e = await refused(() => importFile('values', Buffer.from(text), 'v.csv'));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toBe(
      `The file has ${MAX_IMPORT_ROWS + 1} rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split it into smaller files.`,
    );
  });
});
