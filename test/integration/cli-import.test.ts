import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../server/db';
import { MAX_IMPORT_BYTES } from '../../server/services/imports/read-table';
import { type CliTarget, createCliTarget, runCli, tempFile } from '../helpers/cli';

// `npm run cli -- import …` as a separate process on the same database the server would use: exit codes,
// the `row N: …` lines on standard error, all or nothing, idempotence.
let target: CliTarget;
beforeAll(async () => {
  target = await createCliTarget();
});
afterAll(async () => target?.dispose());

async function snapshot(db: Database) {
  const p = db.prisma;
  return {
    units: await p.unit.count(),
    submissions: await p.submission.count(),
    values: await p.value.count(),
    valueSum: (await p.value.aggregate({ _sum: { value: true } }))._sum.value,
    versions: (await p.submission.aggregate({ _sum: { version: true } }))._sum.version,
    findings: await p.finding.count(),
    commendations: await p.commendation.count(),
    scores: await p.score.count(),
    scoreSum: Number((await p.score.aggregate({ _sum: { score: true } }))._sum.score),
    audit: await p.auditLog.count(),
    lastAudit: (await p.auditLog.aggregate({ _max: { id: true } }))._max.id,
  };
}
const state = () => target.withDb(snapshot);

// Each command is a separate process that opens the database: seconds per run.
vi.setConfig({ testTimeout: 240_000 });

describe('cli import', () => {
  it('exits non-zero on a file with bad rows, lists every one as `row N: …`, and writes nothing', async () => {
    const file = tempFile(
      'values.csv',
      [
        'unit,period,indicator,value',
        'T01,2011Q4,consult.online,7',
        'T01,2011Q4,pub.news,-4',
        'ZZZ,2011Q4,pub.news,1',
        'T01,2011,pub.news,1',
        'T01,2011Q9,pub.news,1',
        'T01,2011Q4,pub.bogus,1',
        'T01,2011Q4,approval.cases_ontime,999999',
        '',
      ].join('\n'),
    );
    const before = await state();
    const run = await runCli(target, ['import', 'values', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderrLines[0]).toBe('The values file has 6 problems; nothing was imported.');
    expect(run.stderrLines.slice(1)).toEqual([
      'row 3: T01 2011Q4: pub.news = -4 is negative',
      'row 4: unknown unit "ZZZ" (ZZZ 2011Q4: pub.news = 1)',
      'row 5: T01 2011: values are entered per quarter (2011Q1 … 2011Q4), not for the year 2011',
      'row 6: T01 2011Q9: unknown period "2011Q9" (write 2011Q3)',
      'row 7: T01 2011Q4: unknown indicator "pub.bogus"',
      expect.stringMatching(/^row 8: T01 2011Q4: approval\.cases_ontime = 999999 is above approval\.cases = \d+$/),
    ]);
    expect(await state()).toEqual(before);
  });

  it('imports a good CSV file, then changes nothing when the same file is imported again', async () => {
    const file = tempFile(
      'values.csv',
      'unit,period,indicator,value\nT01,2011Q4,consult.online,7\nT01,2011Q4,consult.phone,3\n',
    );
    const first = await runCli(target, ['import', 'values', file]);
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderrLines).toEqual(['2 rows: 2 values changed in 1 unit-quarters.']);
    const after = await state();
    expect(after.audit).toBeGreaterThan(0);
    const again = await runCli(target, ['import', 'values', file]);
    expect(again.code).toBe(0);
    expect(again.stderrLines).toEqual(['2 rows: 0 values changed in 0 unit-quarters.']);
    expect(await state()).toEqual(after);
    const stored = await target.withDb((db) =>
      db.prisma.value.findMany({
        where: {
          unit: { code: 'T01' },
          periodCode: '2011Q4',
          indicatorCode: { in: ['consult.online', 'consult.phone'] },
        },
        orderBy: { indicatorCode: 'asc' },
      }),
    );
    expect(stored.map((v) => v.value)).toEqual([7, 3]);
  });

  it('imports units from XLSX and findings and commendations from CSV, each idempotent', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('units');
    ws.addRow(['code', 'name', 'type', 'parent']);
    ws.addRow(['X01', '新设乡', 'township', null]);
    const units = tempFile('units.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect((await runCli(target, ['import', 'units', units])).stderrLines).toEqual([
      '1 rows: 1 created, 0 updated, 0 unchanged.',
    ]);
    expect((await runCli(target, ['import', 'units', units])).stderrLines).toEqual([
      '1 rows: 0 created, 0 updated, 1 unchanged.',
    ]);

    const findings = tempFile(
      'findings.csv',
      'unit,period,severity,deduction,description,deadline,rectified_at\nX01,2011Q4,minor,1.5,信息更新不及时,2011-12-31,2011-12-20\n',
    );
    const f1 = await runCli(target, ['import', 'findings', findings]);
    expect(f1).toMatchObject({ code: 0 });
    expect(f1.stderrLines).toEqual(['1 rows: 1 created, 0 already present.']);
    const before = await state();
    expect((await runCli(target, ['import', 'findings', findings])).stderrLines).toEqual([
      '1 rows: 0 created, 1 already present.',
    ]);
    expect(await state()).toEqual(before);

    const commendations = tempFile('c.csv', 'unit,period,points,reason\nX01,2011Q4,2,按时整改\n');
    expect((await runCli(target, ['import', 'commendations', commendations])).stderrLines).toEqual([
      '1 rows: 1 created, 0 already present.',
    ]);
    expect((await runCli(target, ['import', 'commendations', commendations])).stderrLines).toEqual([
      '1 rows: 0 created, 1 already present.',
    ]);
  });

  it('refuses unreadable input with one clear sentence and exit 1: missing, empty, malformed, wrong header, oversized', async () => {
    const before = await state();
    const cases: [string[], string[]][] = [
      [['import', 'values', '/nonexistent/values.csv'], ['No file /nonexistent/values.csv.']],
      [
        ['import', 'things', tempFile('x.csv', 'a\n1\n')],
        ['Unknown import kind "things": use units, values, findings or commendations.'],
      ],
      [['import', 'values', tempFile('empty.csv', '')], ['The file is empty: a header row is needed.']],
      [
        ['import', 'values', tempFile('header.csv', 'unit;period;indicator;value\nT01;2011Q4;pub.news;1\n')],
        [
          'The header row is not the one expected; nothing was imported.',
          'row 1: missing column "unit"; missing column "period"; missing column "indicator"; missing column ' +
            '"value"; unknown column "unit;period;indicator;value" (expected unit,period,indicator,value)',
        ],
      ],
    ];
    for (const [args, lines] of cases) {
      const run = await runCli(target, args);
      expect(run.code).toBe(1);
      expect(run.stderrLines).toEqual(lines);
    }
    const malformed = await runCli(target, [
      'import',
      'values',
      tempFile('bad.csv', 'unit,period,indicator,value\nT01,2011Q4,"pub.news,1\n'),
    ]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderrLines).toEqual([
      expect.stringMatching(/^The CSV file cannot be read: .*Nothing was imported\.$/),
    ]);
    const bigFile = tempFile('big.csv', '');
    fs.truncateSync(bigFile, MAX_IMPORT_BYTES + 1024 * 1024);
    const big = await runCli(target, ['import', 'values', bigFile]);
    expect(big.code).toBe(1);
    expect(big.stderrLines).toEqual([
      'The file is 51.0 MB; at most 50.0 MB can be imported. Split it into smaller files.',
    ]);
    expect(await state()).toEqual(before);
  });
});
