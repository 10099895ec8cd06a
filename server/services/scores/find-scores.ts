import type { Tx } from '../../db';
import { isRootClient, rawQuery } from '../../db';
import type { RankGroup } from '../../domain/catalogue';
import type { PublishedPageInput, RankingsInput } from '../../domain/inputs/scores';
import type { Scope } from '../../domain/names';
import { parsePeriod } from '../../domain/periods';
import { compareRankingOrder, searchRankingRows, sortRankingRows } from '../../domain/ranking-order';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { requirePublication } from '../publication/publications';
import { schemeForYear } from '../scoring/scheme-for-year';
import { cachedView, publishedSql, requestVersions, unitsStampOf } from './view-cache';

export type ScoreRow = {
  unit: string;
  name: string;
  group: RankGroup;
  period: string;
  submitted: boolean;
  rules: Record<string, number>;
  base: number;
  deductions: number;
  bonus: number;
  score: number;
  grade: 'excellent' | 'good' | 'pass' | 'fail';
  veto: boolean;
  rank: number | null;
  rank_change: number | null;
};

/** A published ranking's row as a unit operator sees it: final score, grade and rank, nothing else. */
export type PublicScoreRow = Pick<ScoreRow, 'unit' | 'name' | 'group' | 'period' | 'score' | 'grade' | 'rank'>;

const GROUP_ORDER = sql`CASE s."group" WHEN 'grassroots' THEN 0 ELSE 1 END`;

/**
 * Every unit's score for a period, ordered by group, rank, unit code (the export order of interfaces.md).
 * A period's rows (and a group's, derived from them) are cached while the data version holds
 * (view-cache.ts): they are shared and frozen, so callers must not modify them.
 */
export async function findScores(
  tx: Tx,
  period: string,
  opts: { group?: RankGroup; unitId?: number } = {},
): Promise<readonly ScoreRow[]> {
  if (opts.unitId !== undefined) return queryScores(tx, period, opts);
  const { rows } = await findScoreView(tx, period);
  return opts.group ? groupsOf(rows)[opts.group] : rows;
}

/** A scoring rule as views show it: names, the most it earns, the groups it applies to (the year's scheme, in its order). */
export type RuleInfo = { code: string; nameZh: string; nameEn: string; points: number; groups: RankGroup[] };

/**
 * A period's score view: every row in ranking order, the year's rules, and what the rows were read at —
 * the highest change number among them (`seq`, Score."changeSeq") and the deletions stamp.
 */
type ScoreView = { rows: ScoreRow[]; rules: RuleInfo[]; seq: string; deletions: string };

/**
 * Every unit's score of a period with the rules of the scheme they were scored with; cached while the
 * data version holds. After a write, the cached rows are brought up to date from the rows changed since
 * (refreshScoreView), so the first read after one value changed reads a few rows, not 10,000.
 */
export async function findScoreView(tx: Tx, period: string): Promise<{ rows: ScoreRow[]; rules: RuleInfo[] }> {
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  return cachedView<ScoreView>(
    tx,
    `scores:${period}`,
    p.year,
    async () => {
      const rules = await rulesOfYear(tx, p.year);
      const [top] = await rawQuery<{ seq: string | null; deletions: string }>(
        tx,
        sql`SELECT ${topSeq(period)}::text AS seq, ${DELETIONS} AS deletions`,
      );
      // Read after the top: a row committed in between only makes the view newer than its seq (harmless:
      // it is read again with the next refresh, and replaces itself).
      const rows = await queryScores(tx, period, {}, rules);
      return { rows, rules, seq: top?.seq ?? '0', deletions: top?.deletions ?? '-' };
    },
    (previous, from, to) =>
      unitsStampOf(from) === unitsStampOf(to) ? refreshScoreView(tx, period, p.year, previous) : Promise.resolve(null),
  );
}

/**
 * The stamp of Score row deletions (write-scores.ts, deleteInactive) and of pruned rank-shift log entries
 * (pruneShifts), read with the rows.
 */
const DELETIONS = sql`coalesce((SELECT value #>> '{}' FROM "Setting" WHERE key = 'scores.deletions'), '-')`;

/** A period's highest change number: of its rows (Score."changeSeq") and of its logged rank shifts (ScoreShift). */
const topSeq = (period: string) =>
  sql`greatest((SELECT max("changeSeq") FROM "Score" WHERE "periodCode" = ${period}),
               (SELECT max(seq) FROM "ScoreShift" WHERE "periodCode" = ${period}))`;

/**
 * The cached view brought up to date: the rows whose change number is above the view's, and those of the
 * units a logged rank shift moved since (ScoreShift, scoring/rerank.ts), put in place of the same units'
 * rows, in ranking order again. Score rows and shifts change only under the scores lock, in commit order
 * (NEXT_CHANGE, scoring/score-versions.ts), so every row changed since the view was read has a higher
 * number or a shift that has. A deleted row leaves no row to read: when rows or old shifts were deleted
 * since (the deletions stamp moved) the view is read afresh (null); so it is when units changed (their
 * names and codes are in the rows), which the caller checks.
 */
async function refreshScoreView(tx: Tx, period: string, year: number, previous: ScoreView): Promise<ScoreView | null> {
  const [rules, delta] = await Promise.all([rulesOfYear(tx, year), scoresChangedSince(tx, period, previous.seq)]);
  const changed = delta.rows;
  if (delta.deletions !== previous.deletions) return null;
  const seq = delta.seq ?? previous.seq;
  if (changed.length === 0) return { ...previous, rules, seq };
  const order = rules.map((r) => r.code);
  const fresh = changed.map((r) => ({ ...r, rules: inRuleOrder(order, r.rules) }));
  const replaced = new Set(fresh.map((r) => r.unit));
  // The kept rows are still in order; the changed ones go at the end and one sort (a run and a few rows:
  // linear) puts them in place.
  const rows = previous.rows.filter((r) => !replaced.has(r.unit));
  for (const r of fresh) rows.push(r);
  rows.sort(compareRankingOrder);
  return { rows, rules, seq, deletions: delta.deletions };
}

/** A row's rule points in the scheme's order (rules the scheme no longer has after them). */
function inRuleOrder(order: readonly string[], points: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of order) if (points[code] !== undefined) out[code] = points[code]!;
  for (const [code, v] of Object.entries(points)) if (out[code] === undefined) out[code] = v;
  return out;
}

/** The rules of a year's scheme in force (a scheme change re-scores the year, so scores and rules agree). */
export async function rulesOfYear(tx: Tx, year: number): Promise<RuleInfo[]> {
  return (await schemeForYear(tx, year)).scheme.rules.map((r) => ({
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    points: r.points,
    groups: [...r.groups],
  }));
}

/**
 * What the overview shows of a period's scores without reading every row: each group's count and grade
 * counts, and its ends — the first `top` and the last `bottom` rows in ranking order (group, rank, unit
 * code), in that order. At 10,000 units this is ~130 rows instead of 10,000.
 */
export async function findScoreEnds(
  tx: Tx,
  period: string,
  ends: { top: number; bottom: number },
): Promise<{
  rows: ScoreRow[];
  grades: { group: RankGroup; grade: ScoreRow['grade']; n: number }[];
  rules: RuleInfo[];
}> {
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  // Outside a transaction, from the cached view (kept up to date row by row after writes).
  if (isRootClient(tx)) return endsOf(await findScoreView(tx, period), ends);
  const rules = await rulesOfYear(tx, p.year);
  const [rows, grades] = await Promise.all([
    queryScores(tx, period, { ends }, rules),
    rawQuery<{ group: RankGroup; grade: ScoreRow['grade']; n: number }>(
      tx,
      sql`SELECT s."group"::text AS "group", s.grade::text AS grade, count(*)::int AS n FROM "Score" s WHERE s."periodCode" = ${period} GROUP BY 1, 2`,
    ),
  ]);
  return { rows, grades, rules };
}

/** findScoreEnds from a period's rows in ranking order: the same rows, counts and rules as its SQL. */
function endsOf(view: { rows: readonly ScoreRow[]; rules: RuleInfo[] }, ends: { top: number; bottom: number }) {
  const rows: ScoreRow[] = [];
  const counts = new Map<string, { group: RankGroup; grade: ScoreRow['grade']; n: number }>();
  for (const group of ['grassroots', 'organs'] as const) {
    const list = groupsOf(view.rows)[group];
    list.forEach((r, i) => {
      if (i < ends.top || i >= list.length - ends.bottom) rows.push(r);
      const key = `${group}:${r.grade}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { group, grade: r.grade, n: 1 });
    });
  }
  return { rows, grades: [...counts.values()], rules: view.rules };
}

/** The columns of a score row as the database gives them (queryScores, scoresChangedSince). */
const COLUMNS = sql`u.code AS unit, u.name, s."group"::text AS "group", s.submitted, s.rules, s.base::text, s.deductions::text,
            s.bonus::text, s.score::text, s.grade::text AS grade, s.veto, s.rank, s."rankChange" AS rank_change`;
type DbScoreRow = {
  unit: string;
  name: string;
  group: RankGroup;
  submitted: boolean;
  rules: Record<string, number>;
  base: string;
  deductions: string;
  bonus: string;
  score: string;
  grade: ScoreRow['grade'];
  veto: boolean;
  rank: number | null;
  rank_change: number | null;
};

function toScoreRow(r: DbScoreRow, period: string, rules: Record<string, number>): ScoreRow {
  return {
    unit: r.unit,
    name: r.name,
    group: r.group,
    period,
    submitted: r.submitted,
    rules,
    base: Number(r.base),
    deductions: Number(r.deductions),
    bonus: Number(r.bonus),
    score: Number(r.score),
    grade: r.grade,
    veto: r.veto,
    rank: r.rank,
    rank_change: r.rank_change,
  };
}

/**
 * Score rows from the database, in ranking order (or one unit's, or both ends of each group); `rules` (the
 * year's scheme) orders each row's rule points, read when not given.
 */
async function queryScores(
  tx: Tx,
  period: string,
  opts: { unitId?: number; ends?: { top: number; bottom: number } },
  rules?: readonly RuleInfo[],
): Promise<ScoreRow[]> {
  const where = sql`s."periodCode" = ${period}${opts.unitId !== undefined ? sql` AND s."unitId" = ${opts.unitId}` : sql.empty}`;
  // Straight to the driver outside a transaction (rawQuery): 10,000 rows through Prisma cost ~2× the query.
  const rows = await rawQuery<DbScoreRow>(
    tx,
    opts.ends
      ? // Both ends of each group in ranking order: row numbers from the front and from the back.
        sql`SELECT unit, name, "group", submitted, rules, base, deductions, bonus, score, grade, veto, rank, rank_change FROM (
           SELECT ${COLUMNS}, ${GROUP_ORDER} AS g,
                  row_number() OVER (PARTITION BY s."group" ORDER BY s.rank NULLS LAST, u.code COLLATE "C") AS front,
                  row_number() OVER (PARTITION BY s."group" ORDER BY s.rank DESC NULLS FIRST, u.code COLLATE "C" DESC) AS back
             FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
            WHERE ${where}
         ) x
         WHERE front <= ${Math.trunc(opts.ends.top)} OR back <= ${Math.trunc(opts.ends.bottom)}
         ORDER BY g, rank NULLS LAST, unit COLLATE "C"`
      : sql`SELECT ${COLUMNS}
       FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
      WHERE ${where}
      ORDER BY ${GROUP_ORDER}, s.rank NULLS LAST, u.code COLLATE "C"`,
  );
  // jsonb keeps keys in its own order; show rules in the scheme's order.
  const p = parsePeriod(period);
  const order = (rules ?? (p ? await rulesOfYear(tx, p.year) : [])).map((r) => r.code);
  return rows.map((r) => toScoreRow(r, period, inRuleOrder(order, r.rules)));
}

/**
 * The rows of a period changed after change number `since`, in no order and with rule points as stored (the
 * caller orders them), with the period's highest change number and the deletions stamp read in the same
 * statement (one snapshot).
 */
async function scoresChangedSince(
  tx: Tx,
  period: string,
  since: string,
): Promise<{ rows: ScoreRow[]; seq: string | null; deletions: string }> {
  const rows = await rawQuery<
    (DbScoreRow | { [K in keyof DbScoreRow]: null }) & { top: string | null; deletions: string }
  >(
    tx,
    sql`WITH m AS (SELECT ${topSeq(period)}::text AS top, ${DELETIONS} AS deletions)
         SELECT m.top, m.deletions, x.* FROM m LEFT JOIN LATERAL (
           SELECT ${COLUMNS} FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
            WHERE s."periodCode" = ${period} AND s."unitId" IN (
              SELECT c."unitId" FROM "Score" c WHERE c."periodCode" = ${period} AND c."changeSeq" > ${since}::bigint
              UNION
              SELECT unnest(h."unitIds") FROM "ScoreShift" h WHERE h."periodCode" = ${period} AND h.seq > ${since}::bigint)
         ) x ON true`,
  );
  const changed: ScoreRow[] = [];
  for (const r of rows)
    if (r.unit !== null) changed.push(toScoreRow(r as DbScoreRow, period, r.rules as Record<string, number>));
  return { rows: changed, seq: rows[0]?.top ?? null, deletions: rows[0]?.deletions ?? '-' };
}

/**
 * One page of a period's ranking for city-wide roles: rows of a group, sorted, searched and sliced on
 * the server, so a province's 10,000 units never travel to the browser at once. `total` counts the
 * rows that match, `counts` each group's units. Sorted orders are kept beside the cached rows.
 */
export async function findRankingPage(tx: Tx, q: RankingsInput) {
  const [{ rows: all, rules }, published] = await Promise.all([findScoreView(tx, q.period), isPublished(tx, q.period)]);
  const groups = groupsOf(all);
  const base = q.group ? groups[q.group] : all;
  const sort = q.sort ?? 'rank';
  const dir = q.dir ?? (sort === 'rank' ? 'asc' : 'desc');
  // The stored order (group, rank, unit code) is already rank ascending.
  const sorted =
    sort === 'rank' && dir === 'asc'
      ? base
      : derived(all, `s:${q.group ?? '*'}:${sort}:${dir}`, () => sortRankingRows(base, sort, dir));
  const forGroup = q.group ? rules.filter((r) => r.groups.includes(q.group!)) : rules;
  return { ...pageOf(sorted, q), counts: countsOf(groups), rules: forGroup, published };
}

/** A group's rows, derived once from a period's cached rows. */
function groupsOf(all: readonly ScoreRow[]): Record<RankGroup, readonly ScoreRow[]> {
  return {
    grassroots: derived(all, 'g:grassroots', () => all.filter((r) => r.group === 'grassroots')),
    organs: derived(all, 'g:organs', () => all.filter((r) => r.group === 'organs')),
  };
}

function countsOf(groups: Record<RankGroup, readonly ScoreRow[]>): Record<RankGroup, number> {
  return { grassroots: groups.grassroots.length, organs: groups.organs.length };
}

/** The rows matching `search` (name or code), from `offset`, at most `limit` (all without it); `total` counts the matches. */
function pageOf<R extends { unit: string; name: string; rank: number | null; score: number; grade: string }>(
  rows: readonly R[],
  q: { search?: string | undefined; offset?: number | undefined; limit?: number | undefined },
) {
  const matched = q.search?.trim() ? searchRankingRows(rows, q.search) : rows;
  const offset = q.offset ?? 0;
  const page =
    q.limit === undefined && offset === 0
      ? matched
      : matched.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
  return { rows: page, total: matched.length, offset };
}

/** Values derived from a cached (frozen, shared) row list, kept as long as the list itself. */
const derivedOf = new WeakMap<readonly ScoreRow[], Map<string, readonly ScoreRow[]>>();
function derived(rows: readonly ScoreRow[], key: string, make: () => readonly ScoreRow[]): readonly ScoreRow[] {
  if (!Object.isFrozen(rows)) return make(); // not cached (inside a transaction): nothing to keep
  let m = derivedOf.get(rows);
  if (!m) {
    m = new Map();
    derivedOf.set(rows, m);
  }
  let v = m.get(key);
  if (!v) {
    v = Object.freeze(make());
    if (m.size < 64) m.set(key, v);
  }
  return v;
}

/** Whether leadership has published the period (a quarter or a year, each by its own act): a version exists. */
export async function isPublished(tx: Tx, period: string): Promise<boolean> {
  const snap = requestVersions(tx);
  if (snap) return snap.periods[period]?.[2] ?? false;
  // One statement on the hot path (rawQuery).
  const [row] = await rawQuery<{ published: boolean }>(
    tx,
    sql`SELECT ${publishedSql('p')} AS published FROM "Period" p WHERE p.code = ${period}`,
  );
  return row?.published ?? false;
}

/**
 * A published version's ranking as unit operators may see it, read from the stored snapshot (the
 * latest version unless one is named); NOT_FOUND while the period is unpublished.
 */
export async function findPublishedRanking(
  tx: Tx,
  period: string,
  group?: RankGroup,
  version?: number,
): Promise<PublicScoreRow[]> {
  const pub = await requirePublication(tx, period, version);
  return pub.body.rows.filter((r) => !group || r.group === group).map((r) => publicRow({ ...r, period }));
}

/**
 * One page of a published version's ranking as unit operators see it (final score, grade and rank;
 * nothing else), with the caller's own unit's row wherever it falls; NOT_FOUND while unpublished.
 */
export async function findPublishedPage(tx: Tx, q: PublishedPageInput & { ownUnit: string | null }) {
  const pub = await requirePublication(tx, q.period, q.version);
  const all = pub.body.rows.map((r) => publicRow({ ...r, period: q.period }));
  const groups = {
    grassroots: all.filter((r) => r.group === 'grassroots'),
    organs: all.filter((r) => r.group === 'organs'),
  };
  const page = pageOf(groups[q.group], q);
  const own = q.ownUnit ? all.find((r) => r.unit === q.ownUnit) : undefined;
  return {
    ...page,
    counts: { grassroots: groups.grassroots.length, organs: groups.organs.length },
    own: own ?? null,
    version: pub.version,
    publishedAt: pub.publishedAt,
  };
}

function publicRow(
  r: Pick<ScoreRow, 'unit' | 'name' | 'group' | 'period' | 'score' | 'grade' | 'rank'>,
): PublicScoreRow {
  return { unit: r.unit, name: r.name, group: r.group, period: r.period, score: r.score, grade: r.grade, rank: r.rank };
}

/** A unit's id by code within the caller's scope; another unit's code is NOT_FOUND for a unit operator. */
export async function unitInScope(
  tx: Tx,
  code: string,
  scope: Scope,
): Promise<{ id: number; code: string; name: string; group: RankGroup; type: string }> {
  const unit = await tx.unit.findFirst({
    where: { code, ...(scope.kind === 'unit' ? { id: scope.unitId } : {}) },
    select: { id: true, code: true, name: true, group: true, type: true },
  });
  if (!unit) throw new AppError('NOT_FOUND', 'common.noSuchUnit', { code });
  return unit;
}
