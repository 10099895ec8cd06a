import type { IndicatorDef } from '../catalogue';

/** A count as read from a spreadsheet cell: left blank, a whole number, or a problem to report. */
export type CountCell = { kind: 'blank' } | { kind: 'value'; value: number } | { kind: 'error'; problem: string };

const WHOLE_TEXT = /^[+-]?\d+(\.0+)?$/;

/**
 * Reads a count from a cell's value (a number, or text as typed): blank, or a whole number. Text may use
 * thousands separators (1,234) and full-width digits, as Chinese office spreadsheets often do. Negative
 * and fractional numbers are problems here; bounds are checked against the catalogue separately.
 */
export function parseCountCell(raw: unknown): CountCell {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { kind: 'error', problem: `is not a number (${String(raw)})` };
    if (!Number.isInteger(raw)) return { kind: 'error', problem: `must be a whole number, got ${raw}` };
    if (raw < 0) return { kind: 'error', problem: `= ${raw} is negative` };
    if (raw > 2_000_000_000) return { kind: 'error', problem: `= ${raw} is too large` };
    return { kind: 'value', value: raw };
  }
  if (typeof raw !== 'string') return { kind: 'error', problem: `must be a whole number, got ${describe(raw)}` };
  const text = raw
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/^(\d{1,3})((,\d{3})+)$/, (_m, a: string, b: string) => a + b.replace(/,/g, ''));
  if (text === '') return { kind: 'blank' };
  if (!WHOLE_TEXT.test(text))
    return {
      kind: 'error',
      problem: `must be a whole number, got "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`,
    };
  return parseCountCell(Number(text));
}

function describe(v: unknown): string {
  if (v instanceof Date) return `the date ${v.toISOString().slice(0, 10)}`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v;
}

/** The hint a data-entry form or template shows beside an indicator: its kind and bounds, in Chinese and English. */
export function describeBounds(def: IndicatorDef, catalogue: readonly IndicatorDef[]): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  if (def.max === 1 && def.min === 0) {
    zh.push('填 0（否）或 1（是）');
    en.push('0 (no) or 1 (yes)');
  } else {
    zh.push(def.max !== null ? `整数，${def.min}–${def.max}` : `整数，≥ ${def.min}`);
    en.push(def.max !== null ? `whole number, ${def.min}–${def.max}` : `whole number ≥ ${def.min}`);
  }
  zh.push(def.kind === 'flow' ? '本季度内的数量' : '季度末的状态或数量');
  en.push(def.kind === 'flow' ? 'count within the quarter' : 'as at the end of the quarter');
  if (def.notAboveSumOf.length) {
    const byCode = new Map(catalogue.map((d) => [d.code, d]));
    const names = def.notAboveSumOf.map((c) => byCode.get(c)?.nameZh ?? c);
    zh.push(names.length === 1 ? `不得大于“${names[0]}”` : `不得大于${names.join('、')}之和`);
    en.push(
      def.notAboveSumOf.length === 1
        ? `at most ${def.notAboveSumOf[0]}`
        : `at most the sum of ${def.notAboveSumOf.join(', ')}`,
    );
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}
