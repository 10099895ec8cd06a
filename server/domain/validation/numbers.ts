/**
 * The one number parser of every route (bulk imports, the Excel template, the command line): a cell's value,
 * a number or text as typed, read the same way wherever it comes from. Text may use full-width digits, signs
 * and decimal point (１２, －３, １．５) and thousands separators in groups of three (1,234 or 1，234), as
 * Chinese office spreadsheets often do. A count is a whole number ≥ 0 (a decimal such as 12.5 or 12.0 is refused
 * as text); a decimal has at most two places. Problems are worded once, here.
 */
export type NumberCell =
  | { kind: 'blank' }
  | { kind: 'value'; value: number }
  | { kind: 'error'; problem: string; reason: CellReason; got: string };

/** Why a cell was refused (the catalogue's `rows.<reason>` sentence names the figure and what was there). */
export type CellReason = 'notNumber' | 'notWhole' | 'negative' | 'tooLarge' | 'notDecimal';

const refused = (reason: CellReason, got: string, problem: string): NumberCell => ({
  kind: 'error',
  problem,
  reason,
  got,
});

/** The largest count stored (the values column is a 32-bit integer). */
export const MAX_COUNT = 2_000_000_000;

const FULL_WIDTH: Record<string, string> = { '＋': '+', '－': '-', '．': '.', '，': ',', '−': '-' };

/** Text as typed, in plain ASCII digits without thousands separators (full-width forms turned half-width). */
export function normaliseNumberText(raw: string): string {
  const text = raw
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[＋－．，−]/g, (c) => FULL_WIDTH[c]!);
  const grouped = /^([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?$/.exec(text);
  return grouped ? `${grouped[1]}${grouped[2]!.replace(/,/g, '')}${grouped[3] ?? ''}` : text;
}

const quoted = (raw: string) => `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;

function describe(v: unknown): string {
  if (v instanceof Date) return `the date ${v.toISOString().slice(0, 10)}`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v;
}

/** A count (whole number ≥ 0) from a cell: blank, the value, or the problem (`must be a whole number, got "1.5"`). */
export function parseCount(raw: unknown): NumberCell {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return refused('notNumber', String(raw), `is not a number (${String(raw)})`);
    if (!Number.isInteger(raw)) return refused('notWhole', String(raw), `must be a whole number, got ${raw}`);
    value = raw;
  } else if (typeof raw === 'string') {
    const text = normaliseNumberText(raw);
    if (text === '') return { kind: 'blank' };
    if (!/^[+-]?\d+$/.test(text)) return refused('notWhole', quoted(raw), `must be a whole number, got ${quoted(raw)}`);
    value = Number(text);
  } else return refused('notWhole', describe(raw), `must be a whole number, got ${describe(raw)}`);
  if (value < 0) return refused('negative', String(value), `= ${value} is negative`);
  if (value > MAX_COUNT) return refused('tooLarge', String(value), `= ${value} is too large`);
  return { kind: 'value', value: value === 0 ? 0 : value };
}

/** A number with at most two decimals (a deduction, points) from a cell: blank, the value, or the problem. */
export function parseDecimal(raw: unknown): NumberCell {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  const got = typeof raw === 'string' ? quoted(raw) : String(raw);
  const problem = refused('notDecimal', got, `must be a number with at most 2 decimals, got ${got}`);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || Math.abs(Math.round(raw * 100) - raw * 100) > 1e-6) return problem;
    return { kind: 'value', value: Math.round(raw * 100) / 100 };
  }
  if (typeof raw !== 'string') return problem;
  const text = normaliseNumberText(raw);
  if (text === '') return { kind: 'blank' };
  const m = /^[+-]?\d+(?:\.(\d+))?$/.exec(text);
  if (!m || (m[1] ?? '').replace(/0+$/, '').length > 2) return problem;
  return { kind: 'value', value: Number(text) };
}
