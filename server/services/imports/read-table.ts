import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type DecodedText, decodeCsvBytes } from '../../domain/text-encoding';
import { AppError } from '../../errors';
import { RowErrors } from './row-errors';
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
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file is ${megabytes(bytes)}; at most ${megabytes(MAX_IMPORT_BYTES)} can be imported. Split it into smaller files.`,
    );
  }
}

/** Whether the bytes are an XLSX (zip) file, by name or by content. */
export function isXlsxFile(buffer: Buffer, fileName: string): boolean {
  return /\.xlsx$/i.test(fileName) || (buffer[0] === 0x50 && buffer[1] === 0x4b);
}

/** Reads a CSV or XLSX file (by name, else by content) into a header and string cells. */
export async function readTable(buffer: Buffer, fileName: string): Promise<TableFile> {
  assertImportSize(buffer.length);
  if (buffer.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty: a header row is needed.');
  const table = isXlsxFile(buffer, fileName) ? await readXlsx(buffer) : readCsv(buffer);
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file has ${table.rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split it into smaller files.`,
    );
  }
  if (table.rows.length === 0)
    throw new AppError('BAD_REQUEST', 'The file has a header but no rows: nothing to import.');
  const errors = new RowErrors();
  const long = (cells: string[]) => cells.findIndex((c) => c.length > MAX_CELL_CHARS);
  const h = long(table.header);
  if (h >= 0) errors.add(1, `column ${h + 1} of the header is longer than ${MAX_CELL_CHARS} characters`);
  table.rows.forEach((cells, i) => {
    const c = long(cells);
    if (c >= 0) errors.add(rowNumberOf(table, i), `column ${c + 1} is longer than ${MAX_CELL_CHARS} characters`);
  });
  errors.throwIfAny('import');
  return table;
}

const isBlank = (cells: string[]) => cells.every((c) => c === '');

/** The sentence that refuses a CSV file whose bytes are not text in a known encoding (see decodeCsvBytes). */
export function encodingProblem(res: Extract<DecodedText, { ok: false }>): string {
  const save = 'Save it again as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx); nothing was imported.';
  switch (res.reason) {
    case 'invalid':
      return `The file is marked as ${res.encoding} (byte order mark) but row ${res.row} is not valid ${res.encoding}. ${save}`;
    case 'neither':
      return `The file is neither UTF-8 nor GB18030/GBK: row ${res.row} is not valid UTF-8 and row ${res.gbRow} is not valid GB18030. ${save}`;
    case 'utf16':
      return `The file is UTF-16 text (Excel's "Unicode text"), not CSV. ${save}`;
    case 'replacement':
      return (
        `Row ${res.row} of the file (read as ${res.encoding}) holds the replacement character U+FFFD (�): ` +
        `the text was garbled before this file was saved. ${save}`
      );
  }
}

function readCsv(buffer: Buffer): TableFile {
  const decoded = decodeCsvBytes(buffer);
  if (!decoded.ok) throw new AppError('BAD_REQUEST', encodingProblem(decoded), { encoding: decoded.encoding });
  let records: string[][];
  try {
    records = parse(decoded.text, { relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (err) {
    throw new AppError('BAD_REQUEST', `The CSV file cannot be read: ${(err as Error).message}. Nothing was imported.`);
  }
  const headerIndex = records.findIndex((r) => !isBlank(r));
  if (headerIndex < 0) throw new AppError('BAD_REQUEST', 'The file is empty: a header row is needed.');
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
  unreadable: string,
  maxExpanded = MAX_XLSX_EXPANDED_BYTES,
): Promise<ExcelJS.Workbook> {
  await assertZipExpansion(buffer, maxExpanded, unreadable);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('BAD_REQUEST', `${unreadable} (${(err as Error).message}).`);
  }
  return wb;
}

async function readXlsx(buffer: Buffer): Promise<TableFile> {
  const wb = await loadWorkbook(
    buffer,
    'The XLSX file cannot be read; save it again as an Excel workbook (.xlsx) or as CSV',
  );
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) throw new AppError('BAD_REQUEST', 'The XLSX file has no worksheet.');
  let header: string[] | null = null;
  let headerRow = 0;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    if (isBlank(cells)) return;
    if (!header) {
      header = cells;
      headerRow = row.number;
      return;
    }
    rows.push(cells);
    // The header is row 1 whatever the sheet's first row is.
    rowNumbers.push(row.number - headerRow + 1);
  });
  if (!header) throw new AppError('BAD_REQUEST', 'The worksheet is empty: a header row is needed.');
  return { header: (header as string[]).map((h) => h.trim().toLowerCase()), rows, rowNumbers };
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
  for (const name of [...required, ...optional]) {
    const i = header.indexOf(name);
    if (i >= 0) index[name] = i;
    else if (required.includes(name)) problems.push(`missing column "${name}"`);
  }
  const unknown = header.filter((h) => h !== '' && !required.includes(h) && !optional.includes(h));
  if (unknown.length)
    problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${shorten(u)}"`).join(', ')}`);
  const repeated = header.filter((h, i) => h !== '' && header.indexOf(h) !== i);
  if (repeated.length)
    problems.push(
      `column${repeated.length > 1 ? 's' : ''} ${[...new Set(repeated)].map((u) => `"${shorten(u)}"`).join(', ')} ` +
        `appear${repeated.length > 1 ? '' : 's'} twice`,
    );
  if (problems.length) {
    const line = `row 1: ${problems.join('; ')} (expected ${[...required, ...optional.map((o) => `[${o}]`)].join(',')})`;
    throw new AppError('BAD_REQUEST', 'The header row is not the one expected; nothing was imported.', {
      rowErrors: [line],
    });
  }
  return index;
}

/** Quotes user text in messages without echoing a whole oversized cell. */
export function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
