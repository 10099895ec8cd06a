/** Sorting and searching ranking rows (the rankings page, server-side for its pages). Pure. */

export type RankingRow = {
  unit: string;
  name: string;
  rank: number | null;
  rank_change?: number | null;
  score: number;
  base?: number;
  deductions?: number;
  bonus?: number;
  grade: string;
  veto?: boolean;
  rules?: Record<string, number>;
};

/** The longest ranking search the server takes (a unit's name or code is far shorter). */
export const SEARCH_MAX = 100;

/** `rank`, `name`, `score`, `base`, `deductions`, `bonus`, `change`, or `rule:<code>`. */
export type SortKey = string;
export type SortDir = 'asc' | 'desc';

function sortValue(row: RankingRow, key: SortKey): number | string | null {
  if (key.startsWith('rule:')) return row.rules?.[key.slice(5)] ?? null;
  switch (key) {
    case 'rank':
      return row.rank;
    case 'name':
      return row.name;
    case 'unit':
      return row.unit;
    case 'score':
      return row.score;
    case 'base':
      return row.base ?? null;
    case 'deductions':
      return row.deductions ?? null;
    case 'bonus':
      return row.bonus ?? null;
    case 'change':
      return row.rank_change ?? null;
    default:
      return null;
  }
}

/** Sorted copy; missing values go last whatever the direction; ties keep rank order, then unit code. */
export function sortRankingRows<T extends RankingRow>(rows: readonly T[], key: SortKey, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) {
      const c =
        typeof va === 'string' || typeof vb === 'string' ? String(va).localeCompare(String(vb), 'zh-CN') : va - vb;
      if (c !== 0) return c * sign;
    }
    const ra = a.rank ?? Number.MAX_SAFE_INTEGER;
    const rb = b.rank ?? Number.MAX_SAFE_INTEGER;
    return ra !== rb ? ra - rb : a.unit.localeCompare(b.unit);
  });
}

/** Rows whose unit name or code contains the query (case-insensitive, spaces ignored). */
export function searchRankingRows<T extends RankingRow>(rows: readonly T[], query: string): T[] {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return [...rows];
  return rows.filter((r) => r.name.toLowerCase().includes(q) || r.unit.toLowerCase().includes(q));
}

/** The direction a column sorts in when first clicked: names ascending, rank ascending, figures descending. */
export function firstDirection(key: SortKey): SortDir {
  return key === 'rank' || key === 'name' || key === 'unit' ? 'asc' : 'desc';
}

/**
 * Ranking order as the score views' SQL gives it (services/scores/find-scores.ts): grassroots before organs, rank (no rank last), unit code in
 * code-point order (COLLATE "C", whatever the database's collation).
 */
export function compareRankingOrder(
  a: Pick<RankingRow, 'unit' | 'rank'> & { group: string },
  b: Pick<RankingRow, 'unit' | 'rank'> & { group: string },
): number {
  if (a.group !== b.group) return a.group === 'grassroots' ? -1 : 1;
  if (a.rank !== b.rank) return a.rank === null ? 1 : b.rank === null ? -1 : a.rank - b.rank;
  return compareCodePoints(a.unit, b.unit);
}

/** Strings in Unicode code-point order (= UTF-8 byte order, PostgreSQL's "C"), not UTF-16 unit order. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800–0xDFFF, half of a character above U+FFFF) sorts after every other unit.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
