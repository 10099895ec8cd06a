import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 500_000;

export type TableFile = { header: string[]; rows: string[][] };

/** Reads a CSV or XLSX file (by name, else by content) into a header and string cells. */
export async function readTable(buffer: Buffer, fileName: string): Promise<TableFile> {
  if (buffer.length > MAX_IMPORT_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is ${buffer.length} bytes; at most ${MAX_IMPORT_BYTES} are accepted.`);
  }
  const isXlsx = /\.xlsx$/i.test(fileName) || (buffer[0] === 0x50 && buffer[1] === 0x4b);
  const table = isXlsx ? await readXlsx(buffer) : readCsv(buffer);
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file has ${table.rows.length} rows; at most ${MAX_IMPORT_ROWS} are accepted.`);
  }
  return table;
}

function readCsv(buffer: Buffer): TableFile {
  let records: string[][];
  try {
    records = parse(buffer, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new AppError('BAD_REQUEST', `The CSV file cannot be read: ${(err as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new AppError('BAD_REQUEST', 'The file is empty: a header row is needed.');
  return { header: header.map((h) => h.trim().toLowerCase()), rows };
}

async function readXlsx(buffer: Buffer): Promise<TableFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('BAD_REQUEST', `The XLSX file cannot be read: ${(err as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('BAD_REQUEST', 'The XLSX file has no worksheet.');
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((x) => x !== '')) out.push(cells);
  });
  const [header, ...rows] = out;
  if (!header) throw new AppError('BAD_REQUEST', 'The worksheet is empty: a header row is needed.');
  return { header: header.map((h) => h.trim().toLowerCase()), rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v && v.result !== undefined) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
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
  if (unknown.length) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`);
  if (problems.length) {
    throw new AppError('BAD_REQUEST', `row 1: ${problems.join('; ')} (expected ${[...required, ...optional.map((o) => `[${o}]`)].join(',')})`);
  }
  return index;
}
