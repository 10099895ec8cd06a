import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Tx } from '../../db';
import type { Scope } from '../../domain/names';
import { parsePeriod } from '../../domain/periods';
import { neutraliseCsvCell } from '../../domain/text/csv-cell';
import { AppError } from '../../errors';
import { findScores, type ScoreRow } from '../scores/find-scores';
import { type CachedFile, cachedFile } from '../scores/view-cache';
import type { ValueExportRow } from '../values/aggregate-values';

export type ExportFormat = 'json' | 'csv' | 'xlsx';
export type ExportFile = { body: Buffer | string; contentType: string; extension: string };

const CONTENT_TYPE: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The scores export of a period: a unit operator's own row, or every unit's for city-wide roles — the
 * latter serialized once per data version and kept as bytes (view-cache.ts, cachedFile), so fifty
 * downloads at once share one buffer instead of building fifty.
 */
export async function scoresExport(
  tx: Tx,
  period: string,
  format: ExportFormat,
  scope: Scope,
): Promise<CachedFile | (ExportFile & { gzip?: undefined })> {
  if (scope.kind === 'unit') return scoresFile(await findScores(tx, period, { unitId: scope.unitId }), format);
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  return cachedFile(tx, `export:scores:${period}:${format}`, p.year, async () =>
    scoresFile(await findScores(tx, period), format),
  );
}

/** Score rows as interfaces.md specifies: JSON objects with rules by code; CSV/XLSX one column per rule. */
export async function scoresFile(rows: readonly ScoreRow[], format: ExportFormat): Promise<ExportFile> {
  if (format === 'json') {
    const list = rows.map((r) => ({
      unit: r.unit,
      name: r.name,
      group: r.group,
      period: r.period,
      submitted: r.submitted,
      rules: Object.fromEntries(Object.entries(r.rules).map(([k, v]) => [k, round2(v)])),
      base: round2(r.base),
      deductions: round2(r.deductions),
      bonus: round2(r.bonus),
      score: round2(r.score),
      grade: r.grade,
      veto: r.veto,
      rank: r.rank,
      rank_change: r.rank_change,
    }));
    return { body: `${JSON.stringify(list, null, 2)}\n`, contentType: CONTENT_TYPE.json, extension: 'json' };
  }
  const ruleCodes: string[] = [];
  for (const r of rows) for (const code of Object.keys(r.rules)) if (!ruleCodes.includes(code)) ruleCodes.push(code);
  const header = [
    'unit',
    'name',
    'group',
    'period',
    'submitted',
    ...ruleCodes,
    'base',
    'deductions',
    'bonus',
    'score',
    'grade',
    'veto',
    'rank',
    'rank_change',
  ];
  const table = rows.map((r) => [
    r.unit,
    r.name,
    r.group,
    r.period,
    r.submitted,
    ...ruleCodes.map((c) => (r.rules[c] === undefined ? null : round2(r.rules[c]!))),
    round2(r.base),
    round2(r.deductions),
    round2(r.bonus),
    round2(r.score),
    r.grade,
    r.veto,
    r.rank,
    r.rank_change,
  ]);
  return tableFile(header, table, format, 'scores');
}

/** Values in the `import values` format. */
export async function valuesFile(rows: ValueExportRow[], format: ExportFormat): Promise<ExportFile> {
  if (format === 'json')
    return { body: `${JSON.stringify(rows, null, 2)}\n`, contentType: CONTENT_TYPE.json, extension: 'json' };
  return tableFile(
    ['unit', 'period', 'indicator', 'value'],
    rows.map((r) => [r.unit, r.period, r.indicator, r.value]),
    format,
    'values',
  );
}

/**
 * Every CSV Dukao writes goes through here: empty for null, booleans as true/false, and each text cell
 * neutralised against formula injection (server/domain/text/csv-cell.ts), header included.
 */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify(
    [header, ...rows].map((r) =>
      r.map((c) => (c === null || c === undefined ? '' : typeof c === 'boolean' ? String(c) : neutraliseCsvCell(c))),
    ),
    { quoted_match: /^'[=+\-@\t\r]/ },
  );
}

async function tableFile(
  header: string[],
  rows: unknown[][],
  format: 'csv' | 'xlsx',
  sheet: string,
): Promise<ExportFile> {
  if (format === 'csv') {
    const body = csvText(header, rows);
    return { body, contentType: CONTENT_TYPE.csv, extension: 'csv' };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dukao';
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((c) => (c === null || c === undefined ? null : c)));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return { body: buf, contentType: CONTENT_TYPE.xlsx, extension: 'xlsx' };
}

/** The audit log's export (安全审计): Chinese headings; CSV in UTF-8 with a BOM (Excel opens it as such), cells neutralised. */
export async function auditLogFile(
  header: readonly string[],
  rows: unknown[][],
  format: 'csv' | 'xlsx',
): Promise<ExportFile> {
  const file = await tableFile([...header], rows, format, '审计日志');
  return format === 'csv' ? { ...file, body: `\uFEFF${String(file.body)}` } : file;
}
