/**
 * Inline validation of the quarter form, mirroring the catalogue's rules (whole numbers ≥ min, ≤ max,
 * not above the sum of other indicators) and the server's one warning (replies above requests). Pure.
 */
import { DERIVED_TOTALS } from '../../../../server/domain/catalogue';

export type EntryIndicator = { code: string; min: number; max: number | null; notAboveSumOf: string[] };

export type FieldProblem =
  | { kind: 'integer' }
  | { kind: 'min'; limit: number }
  | { kind: 'max'; limit: number }
  | { kind: 'sum'; limit: number; sumOf: string[] };

export type EntryCheck = {
  /** Parsed values of the filled fields (blank fields are left out). */
  values: Record<string, number>;
  errors: Record<string, FieldProblem>;
  warnings: { kind: 'repliesAboveRequests'; replies: number; requests: number }[];
  blank: string[];
};

const WHOLE = /^\d+$/;

/** A field's text as a whole number; null when blank; NaN when not a whole number ≥ 0. */
export function parseEntryValue(text: string): number | null {
  const s = text.replace(/[\s,，]/g, '');
  if (s === '') return null;
  if (!WHOLE.test(s)) return Number.NaN;
  return Number(s);
}

/** Checks the form; `fillBlanks` counts blank fields as 0 (what a submission sends). */
export function checkEntry(
  texts: Readonly<Record<string, string>>,
  catalogue: readonly EntryIndicator[],
  opts: { fillBlanks?: boolean } = {},
): EntryCheck {
  const values: Record<string, number> = {};
  const errors: Record<string, FieldProblem> = {};
  const blank: string[] = [];
  for (const def of catalogue) {
    const v = parseEntryValue(texts[def.code] ?? '');
    if (v === null) {
      blank.push(def.code);
      if (opts.fillBlanks) values[def.code] = 0;
      continue;
    }
    if (Number.isNaN(v) || v > 2_000_000_000) {
      errors[def.code] = { kind: 'integer' };
      continue;
    }
    values[def.code] = v;
    if (v < def.min) errors[def.code] = { kind: 'min', limit: def.min };
    else if (def.max !== null && v > def.max) errors[def.code] = { kind: 'max', limit: def.max };
  }
  for (const def of catalogue) {
    if (!def.notAboveSumOf.length || errors[def.code]) continue;
    const v = values[def.code];
    if (v === undefined) continue;
    const limit = def.notAboveSumOf.reduce((s, c) => s + (values[c] ?? 0), 0);
    if (v > limit) errors[def.code] = { kind: 'sum', limit, sumOf: def.notAboveSumOf };
  }
  const sum = (codes: readonly string[]) => codes.reduce((s, c) => s + (values[c] ?? 0), 0);
  const replies = sum(DERIVED_TOTALS['reply.total'] ?? []);
  const requests = sum(DERIVED_TOTALS['req.total'] ?? []);
  const warnings: EntryCheck['warnings'] =
    replies > requests ? [{ kind: 'repliesAboveRequests', replies, requests }] : [];
  return { values, errors, warnings, blank };
}

/** The derived totals (pub.total, req.total …) of the filled values. */
export function derivedTotals(values: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, parts] of Object.entries(DERIVED_TOTALS))
    out[code] = parts.reduce((s, c) => s + (values[c] ?? 0), 0);
  return out;
}

/** Form texts from stored values. */
export function textsOf(values: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

/** Indicators whose stored value differs from the form (for a conflict). */
export function differences(
  current: Readonly<Record<string, number>>,
  mine: Readonly<Record<string, number>>,
): string[] {
  const codes = new Set([...Object.keys(current), ...Object.keys(mine)]);
  return [...codes].filter((c) => (current[c] ?? null) !== (mine[c] ?? null)).sort();
}
