/** Editing a scheme draft immutably, and telling whether it has the shape the form editor needs. Pure. */

/** A copy of `obj` with the value at `path` replaced (arrays and objects along the path are copied). */
export function setIn<T>(obj: T, path: readonly (string | number)[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const source = (obj ?? (typeof head === 'number' ? [] : {})) as Record<string | number, unknown> | unknown[];
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(source) ? [...source] : { ...source };
  (copy as Record<string | number, unknown>)[head as string | number] = setIn(
    (source as Record<string | number, unknown>)[head as string | number],
    rest,
    value,
  );
  return copy as T;
}

/** A number input's text as a value: blank → null (the validator then names the field), else the number. */
export function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export type DraftRule = {
  code: string;
  nameZh: string;
  nameEn: string;
  points: number | null;
  groups: string[];
  kind: string;
  numerator?: string;
  denominator?: { indicator?: string; target?: string };
  whenZero?: number | null;
  indicator?: string;
  min?: number | null;
  perCount?: number | null;
};

export type DraftScheme = {
  targets: Record<string, { grassroots: number | null; organs: number | null }>;
  rules: DraftRule[];
  deductions: { cap: number | null; overduePoint: number | null };
  bonus: { cap: number | null };
  grades: { grade: string; min: number | null }[];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the form editor can show the draft (the validator decides whether it is right). */
export function isFormEditable(draft: unknown): draft is DraftScheme {
  if (!isObject(draft)) return false;
  const { targets, rules, deductions, bonus, grades } = draft;
  return (
    isObject(targets) &&
    Object.values(targets).every(isObject) &&
    Array.isArray(rules) &&
    rules.every((r) => isObject(r) && typeof r.code === 'string' && Array.isArray(r.groups)) &&
    isObject(deductions) &&
    isObject(bonus) &&
    Array.isArray(grades) &&
    grades.every(isObject)
  );
}

/** Units whose score the preview changes, largest change first. */
export function changedRows<T extends { current: number | null; proposed: number }>(rows: readonly T[]): T[] {
  return rows
    .filter((r) => r.current !== r.proposed)
    .sort((a, b) => Math.abs(b.proposed - (b.current ?? 0)) - Math.abs(a.proposed - (a.current ?? 0)));
}
