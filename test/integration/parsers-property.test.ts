import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE, DEFAULT_INDICATOR_CODES } from '../../server/domain/catalogue';
import { validateScheme } from '../../server/domain/scoring/scheme';
import { checkQuarterValues } from '../../server/domain/validation/values';
import { AppError } from '../../server/errors';
import { SYSTEM_ACTOR } from '../../server/services/audit/record-audit';
import { checkFindingRows, importFindingRows } from '../../server/services/imports/import-findings';
import { checkUnitRows, importUnitRows } from '../../server/services/imports/import-units';
import { checkValueRows, importValueRows } from '../../server/services/imports/import-values';
import { readTable } from '../../server/services/imports/read-table';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.unit.createMany({
    data: [
      { code: 'T01', name: '甲镇', type: 'township', group: 'grassroots' },
      { code: 'D01', name: '乙局', type: 'department', group: 'organs' },
    ],
  });
});
afterAll(async () => db?.dispose());

async function fingerprint() {
  const rows = await db.sql.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM "Value") || '/' || (SELECT count(*) FROM "Unit") || '/' || (SELECT count(*) ` +
      `FROM "Finding") || '/' || (SELECT count(*) FROM "AuditLog") || '/' || (SELECT count(*) FROM ` +
      `"Submission") AS n`,
  );
  return rows[0]!.n;
}

const cell = fc.oneof(
  fc.constantFrom(
    'T01',
    'D01',
    'X9',
    '2011Q1',
    '2011Q5',
    '2011',
    'pub.news',
    'pub.electronic',
    'approval.deployed',
    'nope',
    '-1',
    '3',
    '2.5',
    '1e3',
    '',
    '"',
    ',',
    '\n',
    'minor',
    'veto',
    '2011-02-30',
    '2011-03-01',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 100_000 }).map(String),
);
const csvFile = fc
  .tuple(
    fc.constantFrom(
      'unit,period,indicator,value',
      'code,name,type,parent',
      'unit,period,severity,deduction,description,deadline,rectified_at',
      'bad,header',
      '',
    ),
    fc.array(fc.array(cell, { minLength: 0, maxLength: 8 }), { maxLength: 12 }),
  )
  .map(([header, rows]) =>
    [header, ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join(
      '\n',
    ),
  );

/** Runs check + import in one transaction, as the CLI and the upload do. */
async function importAll(buffer: Buffer, name: string) {
  const table = await readTable(buffer, name);
  await db.prisma.$transaction(async (tx) => {
    const h = table.header.join(',');
    if (h.startsWith('code')) await importUnitRows(tx, SYSTEM_ACTOR, await checkUnitRows(tx, table));
    else if (h.includes('severity')) await importFindingRows(tx, SYSTEM_ACTOR, await checkFindingRows(tx, table));
    else await importValueRows(tx, SYSTEM_ACTOR, await checkValueRows(tx, table));
  });
}

describe('parsers never crash and never write part of a file', () => {
  it('random CSV: either the whole file is accepted or an AppError is thrown and nothing changes', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async (text) => {
        const before = await fingerprint();
        try {
          await importAll(Buffer.from(text), 'random.csv');
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect(await fingerprint()).toBe(before);
        }
      }),
      { numRuns: 60, seed: 20111231 },
    );
  });

  it('random bytes named .xlsx or .csv give a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.boolean(), async (bytes, zipLike) => {
        const buf = Buffer.from(
          zipLike ? Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(bytes)]) : bytes,
        );
        const before = await fingerprint();
        try {
          await importAll(buf, zipLike ? 'x.xlsx' : 'x.csv');
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
        if (zipLike) expect(await fingerprint()).toBe(before);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('random XLSX sheets behave like CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.oneof(cell, fc.integer(), fc.double({ noNaN: true })), { maxLength: 6 }), {
          maxLength: 8,
        }),
        async (rows) => {
          const wb = new ExcelJS.Workbook();
          const ws = wb.addWorksheet('v');
          ws.addRow(['unit', 'period', 'indicator', 'value']);
          for (const r of rows) ws.addRow(r);
          const buf = Buffer.from(await wb.xlsx.writeBuffer());
          const before = await fingerprint();
          try {
            await importAll(buf, 'v.xlsx');
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect(await fingerprint()).toBe(before);
          }
        },
      ),
      { numRuns: 30, seed: 11 },
    );
  });

  it('scheme JSON and form input: validation answers, never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const res = validateScheme(json, DEFAULT_INDICATOR_CODES);
        if (!res.ok) expect(res.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 3 },
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(fc.constantFrom(...DEFAULT_INDICATOR_CODES), fc.string()),
          fc.oneof(fc.integer(), fc.double(), fc.constant(Number.NaN)),
        ),
        (values) => {
          const res = checkQuarterValues(values, DEFAULT_CATALOGUE, {
            unit: 'T01',
            period: '2011Q1',
            group: 'grassroots',
          });
          for (const e of res.errors) expect(e.message).toMatch(/T01 2011Q1/);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
