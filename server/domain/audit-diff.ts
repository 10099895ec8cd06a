/**
 * What an audit entry changed, field by field: the entry's `before` and `after` JSON (record-audit.ts)
 * flattened into rows with a readable path (`rules[training].points`, `values[pub.total]`), only where the
 * two differ. The audit log's page labels the path's parts and words the values (admin/audit-diff-text.ts).
 * Pure; the same for every reader.
 */

/** One step of a row's path: a field name, or a data key whose meaning the parent field gives. */
export type DiffSegment =
  | { kind: 'field'; name: string }
  /** A catalogue code: the key of a submission's `values` or of a scheme's `targets`. */
  | { kind: 'indicator'; code: string }
  /** A scheme's rule, by its code. */
  | { kind: 'rule'; code: string }
  /** A scheme's grade band, by its grade. */
  | { kind: 'grade'; grade: string }
  /** Another data key (a report's text or figure, an array element keyed by `code`). */
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number };

/** A leaf value: a JSON scalar, an array of scalars, or (where the two sides differ in shape) any JSON. */
export type DiffValue = unknown;

export type AuditDiffRow = {
  /** `rules[training].points`: the path as one string (the fallback label, and a stable key). */
  path: string;
  segments: DiffSegment[];
  /** `null` where the field was absent or empty (shown as 无). */
  before: DiffValue;
  after: DiffValue;
};

export type AuditDiff = { rows: AuditDiffRow[] /** Rows left out after `limit`. */; more: number };

/** The most rows shown for one entry; the rest are counted (另有 N 项). */
export const AUDIT_DIFF_LIMIT = 50;

/** Fields whose object keys are indicator codes rather than field names. */
const INDICATOR_MAPS = new Set(['values', 'targets']);
/** Fields whose object keys are data (text keys, figure keys) rather than field names. */
const DATA_MAPS = new Set(['texts', 'figures']);
/** What an array element is known by, in order of preference; arrays of such objects are matched by it. */
const ARRAY_KEYS = ['code', 'grade'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || v === undefined || typeof v !== 'object';

/** JSON equality; absent, `null` and an empty string or list are the same "nothing". */
function same(a: unknown, b: unknown): boolean {
  if (isNothing(a) || isNothing(b)) return isNothing(a) && isNothing(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function isNothing(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function segmentPath(s: DiffSegment, first: boolean): string {
  switch (s.kind) {
    case 'field':
      return first ? s.name : `.${s.name}`;
    case 'indicator':
    case 'rule':
      return `[${s.code}]`;
    case 'grade':
      return `[${s.grade}]`;
    case 'key':
      return `[${s.key}]`;
    case 'index':
      return `[${s.index}]`;
  }
}

const pathOf = (segments: DiffSegment[]) => segments.map((s, n) => segmentPath(s, n === 0)).join('');

/** The key field shared by every element of both arrays (unique on each side), if there is one. */
function arrayKey(a: unknown[], b: unknown[]): (typeof ARRAY_KEYS)[number] | null {
  const all = [...a, ...b];
  if (all.length === 0 || !all.every(isObject)) return null;
  for (const k of ARRAY_KEYS) {
    const unique = (xs: unknown[]) => {
      const keys = xs.map((x) => (x as Record<string, unknown>)[k]);
      return keys.every((v) => typeof v === 'string' && v !== '') && new Set(keys).size === keys.length;
    };
    if (unique(a) && unique(b)) return k;
  }
  return null;
}

/** The segment for key `k` of an object reached by `parent` (the last field name above it). */
function keySegment(parent: string | null, k: string): DiffSegment {
  if (parent !== null && INDICATOR_MAPS.has(parent)) return { kind: 'indicator', code: k };
  if (parent !== null && DATA_MAPS.has(parent)) return { kind: 'key', key: k };
  return { kind: 'field', name: k };
}

function elementSegment(parent: string | null, key: (typeof ARRAY_KEYS)[number], value: string): DiffSegment {
  if (parent === 'rules' && key === 'code') return { kind: 'rule', code: value };
  if (key === 'grade') return { kind: 'grade', grade: value };
  return { kind: 'key', key: value };
}

const lastField = (segments: DiffSegment[]): string | null => {
  const s = segments[segments.length - 1];
  return s?.kind === 'field' ? s.name : null;
};

function walk(a: unknown, b: unknown, segments: DiffSegment[], out: AuditDiffRow[]): void {
  const aArr = Array.isArray(a);
  const bArr = Array.isArray(b);
  const parent = lastField(segments);
  // Two objects, or an object against nothing (a record created or deleted): field by field.
  if ((isObject(a) || isNothing(a)) && (isObject(b) || isNothing(b)) && (isObject(a) || isObject(b))) {
    const ao = isObject(a) ? a : {};
    const bo = isObject(b) ? b : {};
    const keys = [...Object.keys(ao), ...Object.keys(bo).filter((k) => !Object.hasOwn(ao, k))];
    for (const k of keys) walk(ao[k], bo[k], [...segments, keySegment(parent, k)], out);
    return;
  }
  if ((aArr || isNothing(a)) && (bArr || isNothing(b)) && (aArr || bArr)) {
    const al = aArr ? (a as unknown[]) : [];
    const bl = bArr ? (b as unknown[]) : [];
    // A list of plain values (groups, offices, ids) is one value.
    if (al.every(isScalar) && bl.every(isScalar)) {
      if (!same(a, b))
        out.push({ path: pathOf(segments), segments, before: isNothing(a) ? null : a, after: isNothing(b) ? null : b });
      return;
    }
    const key = arrayKey(al, bl);
    if (key) {
      const byKey = (xs: unknown[]) => new Map(xs.map((x) => [String((x as Record<string, unknown>)[key]), x]));
      const am = byKey(al);
      const bm = byKey(bl);
      const ids = [...am.keys(), ...[...bm.keys()].filter((k) => !am.has(k))];
      for (const id of ids) walk(am.get(id), bm.get(id), [...segments, elementSegment(parent, key, id)], out);
      return;
    }
    for (let n = 0; n < Math.max(al.length, bl.length); n++)
      walk(al[n], bl[n], [...segments, { kind: 'index', index: n }], out);
    return;
  }
  if (!same(a, b))
    out.push({
      path: pathOf(segments),
      segments,
      before: isNothing(a) ? null : a,
      after: isNothing(b) ? null : b,
    });
}

/**
 * The changed fields of an audit entry, in the order the record names them (before's fields, then fields
 * only after has), at most `limit` rows and the count of the others. Entity and action are taken for the
 * caller's labels; the paths themselves come from the JSON (see INDICATOR_MAPS, DATA_MAPS, ARRAY_KEYS).
 */
export function auditDiff(
  entry: { entity: string; action: string; before: unknown; after: unknown },
  limit: number = AUDIT_DIFF_LIMIT,
): AuditDiff {
  const rows: AuditDiffRow[] = [];
  // A record that is a bare value (a setting stored as a number) gives one row with an empty path.
  walk(entry.before ?? null, entry.after ?? null, [], rows);
  return { rows: rows.slice(0, Math.max(0, limit)), more: Math.max(0, rows.length - Math.max(0, limit)) };
}
