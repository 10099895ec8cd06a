import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../server/errors';
import type { Actor } from '../../server/services/audit/record-audit';
import { readTable } from '../../server/services/imports/read-table';
import { type ImportKind, runImport } from '../../server/services/imports/run-import';
import { type CliTarget, createCliTarget, runCli } from '../helpers/cli';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// CSV files as Chinese offices save them (test/fixtures/encodings/README.md): GBK from Excel on Windows, GB18030,
// UTF-8 with and without BOM. Names arrive intact; a file in no known encoding is refused naming it and the row.
const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../fixtures/encodings');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const ACTOR: Actor = { id: null, username: 'encoding-test', role: 'system', unitId: null };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
});
afterAll(async () => db?.dispose());

const importFile = async (kind: ImportKind, name: string) =>
  runImport(db.prisma, ACTOR, kind, await readTable(fixture(name), name), '2012-03-01');

async function refusal(name: string): Promise<string> {
  const units = await db.prisma.unit.count();
  const err = await importFile('units', name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(await db.prisma.unit.count()).toBe(units);
  return (err as AppError).message;
}

const hasReplacement = async () =>
  (await db.prisma.unit.findMany({ select: { name: true } })).some((u) => u.name.includes('\uFFFD')) ||
  (await db.prisma.finding.findMany({ select: { description: true } })).some((f) => f.description.includes('\uFFFD'));

describe('CSV imports find the encoding', () => {
  it('imports a GBK file (Excel "CSV (逗号分隔)") with the right names', async () => {
    expect(await importFile('units', 'units-gbk.csv')).toMatchObject({ created: 2 });
    const names = await db.prisma.unit.findMany({ where: { code: { in: ['X01', 'X02'] } }, orderBy: { code: 'asc' } });
    expect(names.map((u) => u.name)).toEqual(['测试乡镇一', '测试部门二']);
  });

  it('imports a GB18030 file with a character outside GBK (four bytes)', async () => {
    expect(await importFile('units', 'units-gb18030.csv')).toMatchObject({ created: 2 });
    expect((await db.prisma.unit.findUniqueOrThrow({ where: { code: 'X03' } })).name).toBe('𠮷溪镇');
    expect((await db.prisma.unit.findUniqueOrThrow({ where: { code: 'X04' } })).name).toBe('测试部门四');
  });

  it('imports findings saved in GBK with CRLF lines, the description intact', async () => {
    expect(await importFile('findings', 'findings-gbk.csv')).toMatchObject({ created: 1 });
    const f = await db.prisma.finding.findFirstOrThrow({ where: { description: { contains: '责令整改' } } });
    expect(f.description).toBe('政务公开栏目未按期更新，责令整改');
  });

  it('refuses a file in neither UTF-8 nor GB18030, naming both encodings and the row', async () => {
    expect(await refusal('units-latin1.csv')).toBe(
      'The file is neither UTF-8 nor GB18030/GBK: row 2 is not valid UTF-8 and row 2 is not valid GB18030. ' +
        'Save it again as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx); nothing was imported.',
    );
    expect(await refusal('units-gbk-broken-bom-less.csv')).toMatch(
      /^The file is neither UTF-8 nor GB18030\/GBK: row 2 is not valid UTF-8 and row 3 is not valid GB18030\./,
    );
  });

  it('refuses a UTF-8 file (BOM) with a GBK row, and text already garbled into U+FFFD, naming the row', async () => {
    expect(await refusal('units-utf8-bom-with-gbk-row.csv')).toMatch(
      /^The file is marked as UTF-8 \(byte order mark\) but row 3 is not valid UTF-8\./,
    );
    expect(await refusal('units-replacement.csv')).toMatch(
      /^Row 2 of the file \(read as UTF-8\) holds the replacement character U\+FFFD/,
    );
    expect(await hasReplacement()).toBe(false);
  });

  it('still reads UTF-8 with and without BOM', async () => {
    const text = 'code,name,type\nX11,测试乡镇十一,township\n';
    for (const [name, bytes] of [
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['plain.csv', Buffer.from(text)],
    ] as const) {
      const table = await readTable(bytes, name);
      expect(table.header).toEqual(['code', 'name', 'type']);
      expect(table.rows).toEqual([['X11', '测试乡镇十一', 'township']]);
    }
  });
});

describe('npm run cli -- import units on a GBK file', () => {
  let target: CliTarget;
  beforeAll(async () => {
    target = await createCliTarget();
  });
  afterAll(async () => target?.dispose());
  vi.setConfig({ testTimeout: 240_000 });

  it('stores the Chinese names, and refuses a Latin-1 file with exit 1 naming the encodings', async () => {
    const ok = await runCli(target, ['import', 'units', path.join(FIXTURES, 'units-gbk.csv')]);
    expect(ok.code).toBe(0);
    const bad = await runCli(target, ['import', 'units', path.join(FIXTURES, 'units-latin1.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('neither UTF-8 nor GB18030/GBK');
    const names = await target.withDb((d) =>
      d.prisma.unit.findMany({ where: { code: { startsWith: 'X' } }, orderBy: { code: 'asc' } }),
    );
    expect(names.map((u) => [u.code, u.name])).toEqual([
      ['X01', '测试乡镇一'],
      ['X02', '测试部门二'],
    ]);
  });
});
