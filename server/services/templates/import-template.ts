import type ExcelJS from 'exceljs';
import { isQuarterCode } from '../../domain/periods';
import { parseCountCell } from '../../domain/validation/counts';
import { checkQuarterValues } from '../../domain/validation/values';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import type { Actor } from '../audit/record-audit';
import { loadCatalogue } from '../catalogue/load-catalogue';
import { assertImportSize, cellText, loadWorkbook, shorten } from '../imports/read-table';
import { RowErrors } from '../imports/row-errors';
import { unitInScope } from '../scores/find-scores';
import { loadValues } from '../values/write-values';
import { assertQuarterOpen, saveQuarter } from '../workflow/quarter-entry';
import { ENTRY_SHEET, HEADERS, META_SHEET, TEMPLATE_FORMAT, type TemplateMeta } from './template-layout';

type Tx = Prisma.TransactionClient;

/** One filled-in line of a template: the Excel row number, the indicator key and the value cell as read. */
export type TemplateLine = { row: number; key: string; value: unknown };
export type ReadTemplate = { meta: TemplateMeta; lines: TemplateLine[] };

const NOT_A_TEMPLATE =
  'This is not a Dukao quarter template: download the template of the unit and quarter, fill in the 数值 column and upload that file.';

/** Reads a template workbook back: its hidden meta sheet and the key and value of each indicator row. */
export async function readTemplate(buffer: Buffer): Promise<ReadTemplate> {
  assertImportSize(buffer.length);
  const wb = await loadWorkbook(buffer, `The file cannot be read as an Excel workbook (.xlsx). ${NOT_A_TEMPLATE}`);
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (!metaSheet) throw new AppError('BAD_REQUEST', NOT_A_TEMPLATE);
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
    throw new AppError('BAD_REQUEST', NOT_A_TEMPLATE);
  }
  const ws = wb.getWorksheet(ENTRY_SHEET) ?? wb.worksheets.find((w) => w.name !== META_SHEET);
  if (!ws) throw new AppError('BAD_REQUEST', NOT_A_TEMPLATE);
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
    throw new AppError(
      'BAD_REQUEST',
      `The sheet ${ws.name} has no header row with the columns ${HEADERS.key} and ${HEADERS.value}. ${NOT_A_TEMPLATE}`,
    );
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

export type TemplateImportResult = {
  unit: string;
  period: string;
  status: string;
  version: number;
  /** How many indicators hold a value after the upload. */
  values: number;
  warnings: string[];
};

/**
 * Saves an uploaded template as the unit's draft of that quarter (or submits it), through the same path as the
 * form (saveQuarter: lock, version and status checks, validation, audit, re-scoring). Every problem is reported
 * as `row N: …` with N the row number Excel shows, and nothing is written while there is any.
 * Rows left out of the file keep their stored values; a cleared value cell removes the value.
 */
export async function importTemplate(
  tx: Tx,
  actor: Actor,
  input: { buffer: Buffer; scopeUnitId: number | null; submit: boolean; today: string },
): Promise<TemplateImportResult> {
  const { meta, lines } = await readTemplate(input.buffer);
  const unit = await unitInScope(tx, meta.unit, input.scopeUnitId);
  await assertQuarterOpen(tx, meta.period);
  const where = `${unit.code} ${meta.period}`;
  const catalogue = (await loadCatalogue(tx)).filter((d) => d.group === null || d.group === unit.group);
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const current =
    (await loadValues(tx, [{ unitId: unit.id, periodCode: meta.period }])).get(`${unit.id}|${meta.period}`) ?? {};
  const errors = new RowErrors();
  const values: Record<string, number> = { ...current };
  const rowOf = new Map<string, number>();
  const badCells = new Set<string>();
  for (const line of lines) {
    const def = byCode.get(line.key);
    if (line.key === '') {
      errors.add(line.row, `${where}: a value was entered on a row without an indicator key; use the template's rows`);
      continue;
    }
    if (!def) {
      errors.add(line.row, `${where}: unknown indicator "${shorten(line.key)}"`);
      continue;
    }
    if (rowOf.has(def.code)) {
      errors.add(line.row, `${where}: ${def.code} appears again (first on row ${rowOf.get(def.code)})`);
      continue;
    }
    rowOf.set(def.code, line.row);
    const cell = parseCountCell(line.value);
    if (cell.kind === 'error') {
      errors.add(line.row, `${where}: ${def.code} (${def.nameZh}) ${cell.problem}`);
      badCells.add(def.code);
    } else if (cell.kind === 'blank') delete values[def.code];
    else values[def.code] = cell.value;
  }
  // Bounds and sums over the whole quarter; a figure whose own cell (or a part of whose sum) is already
  // reported is not reported again.
  const firstRow = lines[0]?.row ?? 1;
  const check = checkQuarterValues(values, catalogue, { unit: unit.code, period: meta.period, group: unit.group });
  for (const e of check.errors) {
    const parts = byCode.get(e.indicator)?.notAboveSumOf ?? [];
    if (badCells.has(e.indicator) || parts.some((p) => badCells.has(p))) continue;
    errors.add(rowOf.get(e.indicator) ?? firstRow, e.message);
  }
  errors.throwIfAny('template');
  const saved = await saveQuarter(tx, actor, {
    unitCode: unit.code,
    period: meta.period,
    version: meta.version,
    values,
    submit: input.submit,
    scopeUnitId: input.scopeUnitId,
    today: input.today,
  });
  return {
    unit: unit.code,
    period: meta.period,
    status: saved.status,
    version: saved.version,
    values: Object.keys(values).length,
    warnings: saved.warnings,
  };
}
