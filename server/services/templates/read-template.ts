import type ExcelJS from 'exceljs';
import { isQuarterCode } from '../../domain/periods';
import { AppError } from '../../errors';
import { assertImportSize, cellText, loadWorkbook } from '../imports/read-table';
import { ENTRY_SHEET, HEADERS, META_SHEET, TEMPLATE_FORMAT, type TemplateMeta } from './template-layout';

/** One filled-in line of a template: the Excel row number, the indicator key and the value cell as read. */
export type TemplateLine = { row: number; key: string; value: unknown };
export type ReadTemplate = { meta: TemplateMeta; lines: TemplateLine[] };

/** A quarter template is one unit's indicators: its parts expand to well under this. */
const MAX_TEMPLATE_EXPANDED_BYTES = 16 * 1024 * 1024;

/** Reads a template workbook back: its hidden meta sheet and the key and value of each indicator row. */
export async function readTemplate(buffer: Buffer): Promise<ReadTemplate> {
  assertImportSize(buffer.length);
  const wb = await loadWorkbook(buffer, 'templates.unreadable', MAX_TEMPLATE_EXPANDED_BYTES);
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (!metaSheet) throw new AppError('BAD_REQUEST', 'templates.notATemplate');
  const meta: Record<string, string> = {};
  metaSheet.eachRow((row) => {
    meta[cellText(row.getCell(1).value)] = cellText(row.getCell(2).value);
  });
  const version = Number(meta.version);
  if (
    meta.format !== TEMPLATE_FORMAT ||
    !meta.unit ||
    !isQuarterCode(meta.period ?? '') ||
    !Number.isInteger(version) ||
    version < 0
  ) {
    throw new AppError('BAD_REQUEST', 'templates.notATemplate');
  }
  const ws = wb.getWorksheet(ENTRY_SHEET) ?? wb.worksheets.find((w) => w.name !== META_SHEET);
  if (!ws) throw new AppError('BAD_REQUEST', 'templates.notATemplate');
  // The header row and its columns are found by their texts, so inserted rows or moved columns still read.
  let headerRow = 0;
  let keyCol = 0;
  let valueCol = 0;
  ws.eachRow((row) => {
    if (headerRow) return;
    let k = 0;
    let v = 0;
    row.eachCell((cell, col) => {
      const text = cellText(cell.value);
      if (text === HEADERS.key) k = col;
      if (text === HEADERS.value) v = col;
    });
    if (k && v) {
      headerRow = row.number;
      keyCol = k;
      valueCol = v;
    }
  });
  if (!headerRow)
    throw new AppError('BAD_REQUEST', 'templates.noHeaderRow', {
      sheet: ws.name,
      key: HEADERS.key,
      value: HEADERS.value,
    });
  const lines: TemplateLine[] = [];
  ws.eachRow((row) => {
    if (row.number <= headerRow) return;
    const key = cellText(row.getCell(keyCol).value);
    const value = plainValue(row.getCell(valueCol).value);
    if (key === '' && (value === null || value === '')) return;
    lines.push({ row: row.number, key, value });
  });
  return {
    meta: {
      format: meta.format,
      formatVersion: Number(meta.formatVersion),
      unit: meta.unit,
      period: meta.period!,
      version,
    },
    lines,
  };
}

/** A cell's value as a number, text, or other primitive (formulas by their result). */
function plainValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object' && 'result' in v)
    return v.result === undefined ? null : plainValue(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'error' in v) return `${String(v.error)}`;
  return cellText(v);
}
