import { AppError } from '../../errors';
import { parsePeriod } from '../../domain/periods';
import { schemeForYear } from '../scoring/scheme-for-year';
import { cachedView } from './view-cache';
import type { RankGroup } from '../../domain/catalogue';
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

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

const GROUP_ORDER = `CASE s."group" WHEN 'grassroots' THEN 0 ELSE 1 END`;

/**
 * Every unit's score for a period, ordered by group, rank, unit code (the export order of interfaces.md).
 * A whole period's or group's rows are cached while the data version holds (view-cache.ts): they are
 * shared and frozen, so callers must not modify them.
 */
export async function findScores(tx: Tx, period: string, opts: { group?: RankGroup; unitId?: number } = {}): Promise<ScoreRow[]> {
  const p = parsePeriod(period);
  if (p && opts.unitId === undefined) return cachedView(tx, `scores:${period}:${opts.group ?? '*'}`, p.year, () => queryScores(tx, period, opts));
  return queryScores(tx, period, opts);
}

async function queryScores(tx: Tx, period: string, opts: { group?: RankGroup; unitId?: number }): Promise<ScoreRow[]> {
  const params: unknown[] = [period];
  let where = `s."periodCode" = $1`;
  if (opts.group) {
    params.push(opts.group);
    where += ` AND s."group" = $${params.length}::"RankGroup"`;
  }
  if (opts.unitId !== undefined) {
    params.push(opts.unitId);
    where += ` AND s."unitId" = $${params.length}`;
  }
  const rows = await tx.$queryRawUnsafe<
    { unit: string; name: string; group: RankGroup; submitted: boolean; rules: Record<string, number>; base: string; deductions: string; bonus: string; score: string; grade: ScoreRow['grade']; veto: boolean; rank: number | null; rank_change: number | null }[]
  >(
    `SELECT u.code AS unit, u.name, s."group"::text AS "group", s.submitted, s.rules, s.base::text, s.deductions::text, s.bonus::text,
            s.score::text, s.grade::text AS grade, s.veto, s.rank, s."rankChange" AS rank_change
       FROM "Score" s JOIN "Unit" u ON u.id = s."unitId"
      WHERE ${where}
      ORDER BY ${GROUP_ORDER}, s.rank NULLS LAST, u.code`,
    ...params,
  );
  // jsonb keeps keys in its own order; show rules in the scheme's order.
  const p = parsePeriod(period);
  const order = p ? (await schemeForYear(tx, p.year)).scheme.rules.map((r) => r.code) : [];
  const ordered = (rules: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const code of order) if (rules[code] !== undefined) out[code] = rules[code]!;
    for (const [code, v] of Object.entries(rules)) if (out[code] === undefined) out[code] = v;
    return out;
  };
  return rows.map((r) => ({
    unit: r.unit,
    name: r.name,
    group: r.group,
    period,
    submitted: r.submitted,
    rules: ordered(r.rules),
    base: Number(r.base),
    deductions: Number(r.deductions),
    bonus: Number(r.bonus),
    score: Number(r.score),
    grade: r.grade,
    veto: r.veto,
    rank: r.rank,
    rank_change: r.rank_change,
  }));
}

/** Whether leadership has published the period (a year counts as published when its four quarters are). */
export async function isPublished(tx: Tx, period: string): Promise<boolean> {
  const row = await tx.period.findUnique({ where: { code: period }, select: { publishedAt: true, quarter: true, year: true } });
  if (!row) return false;
  if (row.quarter !== null) return row.publishedAt !== null;
  const quarters = await tx.period.count({ where: { year: row.year, quarter: { not: null }, publishedAt: { not: null } } });
  return quarters === 4 || row.publishedAt !== null;
}

/** The published ranking as unit operators may see it; NOT_FOUND while it is unpublished. */
export async function findPublishedRanking(tx: Tx, period: string, group?: RankGroup): Promise<PublicScoreRow[]> {
  if (!(await isPublished(tx, period))) throw new AppError('NOT_FOUND', `The ranking of ${period} has not been published.`);
  return (await findScores(tx, period, group ? { group } : {})).map((r) => ({
    unit: r.unit,
    name: r.name,
    group: r.group,
    period: r.period,
    score: r.score,
    grade: r.grade,
    rank: r.rank,
  }));
}

/** A unit's id by code within the caller's scope; another unit's code is NOT_FOUND for a unit operator. */
export async function unitInScope(tx: Tx, code: string, scopeUnitId: number | null): Promise<{ id: number; code: string; name: string; group: RankGroup; type: string }> {
  const unit = await tx.unit.findFirst({
    where: { code, ...(scopeUnitId !== null ? { id: scopeUnitId } : {}) },
    select: { id: true, code: true, name: true, group: true, type: true },
  });
  if (!unit) throw new AppError('NOT_FOUND', `No unit ${code}.`);
  return unit;
}
