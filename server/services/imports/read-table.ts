import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ServerMessage, ServerMessageKey } from '../../domain/server-messages';
import { type DecodedText, decodeCsvBytes } from '../../domain/text-encoding';
import type { CellReason } from '../../domain/validation/numbers';
import { AppError } from '../../errors';
import { RowErrors, rowDetails } from './row-errors';
import { assertZipExpansion } from './zip-expansion';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 500_000;
/** An XLSX is a zip of XML: its parts may not expand to more than this (a small file must not fill the memory). */
export const MAX_XLSX_EXPANDED_BYTES = 400 * 1024 * 1024;
/** No cell of an import may be longer (the longest field, a description, is at most 2000 characters). */
export const MAX_CELL_CHARS = 4000;

/**
 * A file's header and rows as trimmed strings. `rowNumbers[i]` is the file's own number of `rows[i]`
 * (the header is row 1; blank rows are skipped but still counted), so `row N` points where a person looks.
 */
export type TableFile = { header: string[]; rows: string[][]; rowNumbers?: number[] };

/** The number `row N: …` messages use for the i-th data row. */
export function rowNumberOf(table: TableFile, i: number): number {
  return table.rowNumbers?.[i] ?? i + 2;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Refuses a file over MAX_IMPORT_BYTES with a clear message (413). */
export function assertImportSize(bytes: number): void {
  if (bytes > MAX_IMPORT_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'imports.fileTooLarge', {
      size: megabytes(bytes),
      max: megabytes(MAX_IMPORT_BYTES),
    });
  }
}

/** Whether the bytes are an XLSX (zip) file, by name or by content. */
export function isXlsxFile(buffer: Buffer, fileName: string): boolean {
  return /\.xlsx$/i.test(fileName) || (buffer[0] === 0x50 && buffer[1] === 0x4b);
}

/** Reads a CSV or XLSX file (by name, else by content) into a header and string cells. */
export async function readTable(buffer: Buffer, fileName: string): Promise<TableFile> {
  assertImportSize(buffer.length);
  if (buffer.length === 0) throw new AppError('BAD_REQUEST', 'imports.emptyFile');
  const table = isXlsxFile(buffer, fileName) ? await readXlsx(buffer) : readCsv(buffer);
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'imports.tooManyRows', { count: table.rows.length, max: MAX_IMPORT_ROWS });
  }
  if (table.rows.length === 0) throw new AppError('BAD_REQUEST', 'imports.noRows');
  const errors = new RowErrors();
  const long = (cells: string[]) => cells.findIndex((c) => c.length > MAX_CELL_CHARS);
  const h = long(table.header);
  if (h >= 0) errors.add(1, { key: 'rows.headerCellTooLong', params: { column: h + 1, max: MAX_CELL_CHARS } });
  table.rows.forEach((cells, i) => {
    const c = long(cells);
    if (c >= 0)
      errors.add(rowNumberOf(table, i), { key: 'rows.cellTooLong', params: { column: c + 1, max: MAX_CELL_CHARS } });
  });
  errors.throwIfAny('import');
  return table;
}

const isBlank = (cells: string[]) => cells.every((c) => c === '');

/** The refusal of a CSV file whose bytes are not text in a known encoding (see decodeCsvBytes). */
export function encodingProblem(res: Extract<DecodedText, { ok: false }>): ServerMessage {
  switch (res.reason) {
    case 'invalid':
      return { key: 'imports.encodingInvalid', params: { encoding: res.encoding, row: res.row } };
    case 'neither':
      return { key: 'imports.encodingNeither', params: { row: res.row, gbRow: res.gbRow ?? res.row } };
    case 'utf16':
      return { key: 'imports.encodingUtf16' };
    case 'replacement':
      return { key: 'imports.encodingReplacement', params: { row: res.row, encoding: res.encoding } };
  }
}

function readCsv(buffer: Buffer): TableFile {
  const decoded = decodeCsvBytes(buffer);
  if (!decoded.ok) throw AppError.of('BAD_REQUEST', encodingProblem(decoded), { encoding: decoded.encoding });
  let records: string[][];
  try {
    records = parse(decoded.text, { relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (err) {
    throw new AppError('BAD_REQUEST', 'imports.csvUnreadable', { why: (err as Error).message });
  }
  const headerIndex = records.findIndex((r) => !isBlank(r));
  if (headerIndex < 0) throw new AppError('BAD_REQUEST', 'imports.emptyFile');
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const r = records[i]!;
    if (isBlank(r)) continue;
    rows.push(r);
    rowNumbers.push(i - headerIndex + 1);
  }
  return { header: records[headerIndex]!.map((h) => h.trim().toLowerCase()), rows, rowNumbers };
}

/**
 * Loads a workbook after inflating its parts with a byte counter (zip-expansion.ts) that refuses one expanding
 * beyond `maxExpanded` bytes (MAX_XLSX_EXPANDED_BYTES by default), whatever sizes the archive declares.
 * Unreadable files are a BAD_REQUEST whose message starts with `unreadable`.
 */
export async function loadWorkbook(
  buffer: Buffer,
  unreadable: ServerMessageKey,
  maxExpanded = MAX_XLSX_EXPANDED_BYTES,
): Promise<ExcelJS.Workbook> {
  await assertZipExpansion(buffer, maxExpanded, unreadable);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('BAD_REQUEST', unreadable, { why: (err as Error).message });
  }
  return wb;
}

/**
 * An import's rows from its first visible worksheet (else its first), read as a stream: rows are taken as the
 * parser meets them instead of building the whole workbook first (100,000 rows: ~1.1 s instead of ~2 s; styles
 * are read, so date cells are dates as in loadWorkbook). Every sheet is read to its end, as the stream goes on.
 */
async function readXlsx(buffer: Buffer): Promise<TableFile> {
  await assertZipExpansion(buffer, MAX_XLSX_EXPANDED_BYTES, 'imports.xlsxUnreadable');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let first: SheetTable | null = null;
  let visible: SheetTable | null = null;
  try {
    for await (const sheet of reader) {
      const ws = sheet as unknown as AsyncIterable<ExcelJS.Row> & { state?: string };
      if (visible) {
        for await (const _ of ws); // the stream goes on only once each sheet is read to its end
        continue;
      }
      const table: SheetTable = { header: null, headerRow: 0, rows: [], rowNumbers: [] };
      for await (const row of ws) addRow(table, row);
      first ??= table;
      if ((ws.state ?? 'visible') === 'visible') visible = table;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_REQUEST', 'imports.xlsxUnreadable', { why: (err as Error).message });
  }
  const chosen = visible ?? first;
  if (!chosen) throw new AppError('BAD_REQUEST', 'imports.xlsxNoWorksheet');
  if (!chosen.header) throw new AppError('BAD_REQUEST', 'imports.worksheetEmpty');
  return { header: chosen.header.map((h) => h.trim().toLowerCase()), rows: chosen.rows, rowNumbers: chosen.rowNumbers };
}

type SheetTable = { header: string[] | null; headerRow: number; rows: string[][]; rowNumbers: number[] };

function addRow(table: SheetTable, row: ExcelJS.Row): void {
  const cells: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
  if (isBlank(cells)) return;
  if (!table.header) {
    table.header = cells;
    table.headerRow = row.number;
    return;
  }
  table.rows.push(cells);
  // The header is row 1 whatever the sheet's first row is.
  table.rowNumbers.push(row.number - table.headerRow + 1);
}

/** A cell's value as the text a person sees (formulas by their result, dates as ISO dates). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('error' in v) return String(v.error);
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

/** Maps the header to the expected columns; unknown or missing columns are a clear error. */
export function columnIndex(header: string[], required: string[], optional: string[] = []): Record<string, number> {
  const index: Record<string, number> = {};
  const problems: string[] = [];
  const problemsZh: string[] = [];
  const quote = (names: string[], zh = false) => names.map((u) => (zh ? `“${shorten(u)}”` : `"${shorten(u)}"`));
  const missing: string[] = [];
  for (const name of [...required, ...optional]) {
    const i = header.indexOf(name);
    if (i >= 0) index[name] = i;
    else if (required.includes(name)) missing.push(name);
  }
  for (const name of missing) problems.push(`missing column "${name}"`);
  if (missing.length) problemsZh.push(`缺少列${quote(missing, true).join('、')}`);
  const unknown = header.filter((h) => h !== '' && !required.includes(h) && !optional.includes(h));
  if (unknown.length) {
    problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${quote(unknown).join(', ')}`);
    problemsZh.push(`无法识别的列${quote(unknown, true).join('、')}`);
  }
  const repeated = [...new Set(header.filter((h, i) => h !== '' && header.indexOf(h) !== i))];
  if (repeated.length) {
    problems.push(
      `column${repeated.length > 1 ? 's' : ''} ${quote(repeated).join(', ')} appear${repeated.length > 1 ? '' : 's'} twice`,
    );
    problemsZh.push(`列${quote(repeated, true).join('、')}重复出现`);
  }
  if (problems.length) {
    const expected = [...required, ...optional.map((o) => `[${o}]`)].join(',');
    const params = { problems: problems.join('; '), problemsZh: problemsZh.join('；'), expected };
    throw new AppError(
      'BAD_REQUEST',
      'imports.badHeader',
      undefined,
      rowDetails([{ row: 1, key: 'rows.badHeader', params }]),
    );
  }
  return index;
}

/** Where a row's problem is, as its sentences name it: the unit and period as written (`(no unit)` when blank). */
export function rowPlace(unitCode: string, period: string): { unit: string; period: string } {
  return { unit: shorten(unitCode) || '(no unit)', period: shorten(period) || '(no period)' };
}

/** The sentence of a refused number cell (numbers.ts), naming the figure as the row's other problems do. */
export function cellMessage(
  cell: { reason: CellReason; got: string },
  figure: { unit: string; period: string; indicator: string; indicatorZh: string },
): ServerMessage {
  return { key: `rows.${cell.reason}`, params: { ...figure, got: cell.got } };
}

/** Quotes user text in messages without echoing a whole oversized cell. */
export function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
