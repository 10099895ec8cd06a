import type { Tx } from '../../db';
import { COUNTED_SQL, rawQuery } from '../../db';
import { PUB_CATEGORY_CODES } from '../../domain/catalogue';
import { CITY_SCOPE } from '../../domain/names';
import { parsePeriod, quartersOfPeriod, quartersOfYear } from '../../domain/periods';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { aggregateTotals } from '../values/aggregate-values';
import { maintainedQuarterTotals } from '../values/maintained-totals';
import { findScoreEnds } from './find-scores';
import { cachedQuarterTotals, cachedView, requestVersions } from './view-cache';

/** Units a group's heatmap shows at most: past that, the lowest-ranked (where attention is needed). */
export const HEATMAP_UNITS = 60;

/**
 * Everything the leadership overview shows for a period, read from materialized scores and set-based
 * totals; cached while the year's data version holds (view-cache.ts), except the lock state.
 */
export async function findOverview(tx: Tx, period: string, today: string) {
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  const view = await cachedView(tx, `overview:${period}:${today}`, p.year, () => computeOverview(tx, period, today));
  const snap = requestVersions(tx);
  const state = snap
    ? snap.periods[period]
    : await tx.period
        .findUnique({ where: { code: period }, select: { lockedAt: true, publishedAt: true } })
        .then((r) => (r ? ([!!r.lockedAt, !!r.publishedAt] as const) : undefined));
  return { ...view, locked: state?.[0] ?? false, published: state?.[1] ?? false };
}

async function computeOverview(tx: Tx, period: string, today: string) {
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  const quarters = quartersOfPeriod(p);
  // Independent reads, run side by side on the pool (one after the other inside a transaction).
  const [trendRows, yearTotals, { rows: scores, grades: gradeCounts, rules }, deployed, rect, submissions] =
    await Promise.all([
      Promise.all(
        quartersOfYear(p.year).map(async (q) => ({
          period: q,
          ...(await cachedQuarterTotals(tx, q, () => quarterTotals(tx, q))),
        })),
      ),
      p.kind === 'year' ? aggregateTotals(tx, period, CITY_SCOPE) : Promise.resolve(null),
      findScoreEnds(tx, period, { top: 5, bottom: HEATMAP_UNITS }),
      // A quarter's deployed units come with its totals (quarterTotals), of its grassroots units; a year's
      // from its quarters' last figures.
      p.kind === 'quarter' ? grassrootsUnits(tx) : deployedUnits(tx, quarters),
      rawQuery<{ open: number; overdue: number; rectified: number; late: number; total: number }>(
        tx,
        sql`SELECT count(*) FILTER (WHERE "rectifiedAt" IS NULL AND (deadline IS NULL OR deadline >= ${today}::date))::int AS open,
              count(*) FILTER (WHERE "rectifiedAt" IS NULL AND deadline < ${today}::date)::int AS overdue,
              count(*) FILTER (WHERE "rectifiedAt" IS NOT NULL AND (deadline IS NULL OR "rectifiedAt" <= deadline))::int AS rectified,
              count(*) FILTER (WHERE "rectifiedAt" IS NOT NULL AND "rectifiedAt" > deadline)::int AS late,
              count(*)::int AS total
         FROM "Finding" WHERE "periodCode" = ANY(${quarters}::text[])`,
      ),
      rawQuery<{ done: number; total: number }>(
        tx,
        sql`SELECT count(DISTINCT s."unitId") FILTER (WHERE s.status IN ${COUNTED_SQL})::int AS done,
              (SELECT count(*)::int FROM "Unit" WHERE active) AS total
         FROM "Submission" s WHERE s."periodCode" = ANY(${quarters}::text[])`,
      ),
    ]);
  // A quarter's totals are its entry in the trend; a year's flows and stocks were aggregated above.
  const own = trendRows.find((t) => t.period === period);
  const totals = yearTotals ?? own!.totals;
  const rollout = typeof deployed === 'number' ? { done: own?.deployed ?? 0, total: deployed } : deployed;
  const sum = (codes: readonly string[]) => codes.reduce((s, c) => s + (totals[c] ?? 0), 0);
  // The ends of each group (first 5, last 60 in ranking order) and its grade counts (findScoreEnds).
  const grassroots = scores.filter((s) => s.group === 'grassroots');
  const organs = scores.filter((s) => s.group === 'organs');
  const countOf = (group: string, grade?: string) =>
    gradeCounts
      .filter((c) => c.group === group && (grade === undefined || c.grade === grade))
      .reduce((n, c) => n + c.n, 0);
  const grades = (group: string) =>
    (['excellent', 'good', 'pass', 'fail'] as const).map((g) => ({ grade: g, count: countOf(group, g) }));
  const brief = (s: (typeof scores)[number]) => ({
    unit: s.unit,
    name: s.name,
    score: s.score,
    grade: s.grade,
    rank: s.rank,
    veto: s.veto,
    rankChange: s.rank_change,
  });
  return {
    period,
    headline: {
      published: sum(PUB_CATEGORY_CODES),
      electronic: totals['pub.electronic'] ?? 0,
      normativeDocs: totals['pub.normative_docs'] ?? 0,
      requests: sum(['req.in_person', 'req.fax', 'req.email', 'req.online', 'req.letter', 'req.other']),
      replies: sum(['reply.granted', 'reply.partial', 'reply.refused']),
      consultations: sum(['consult.online', 'consult.onsite', 'consult.phone']),
      appeals: sum(['appeal.review', 'appeal.litigation', 'appeal.complaint']),
      onlineCases: totals['approval.cases'] ?? 0,
      casesOnTime: totals['approval.cases_ontime'] ?? 0,
      trainingAttendees: totals['training.attendees'] ?? 0,
    },
    approvalRollout: rollout,
    submission: submissions[0] ?? { done: 0, total: 0 },
    rectification: rect[0] ?? { open: 0, overdue: 0, rectified: 0, late: 0, total: 0 },
    totals,
    categories: PUB_CATEGORY_CODES.map((c) => ({ code: c, value: totals[c] ?? 0 })),
    channels: ['chan.direct_report', 'chan.portal', 'chan.gazette', 'chan.other_media'].map((c) => ({
      code: c,
      value: totals[c] ?? 0,
    })),
    trend: trendRows.map((t) => ({
      period: t.period,
      published: PUB_CATEGORY_CODES.reduce((s, c) => s + (t.totals[c] ?? 0), 0),
      onlineCases: t.totals['approval.cases'] ?? 0,
      consultations:
        (t.totals['consult.online'] ?? 0) + (t.totals['consult.onsite'] ?? 0) + (t.totals['consult.phone'] ?? 0),
      trainingAttendees: t.totals['training.attendees'] ?? 0,
    })),
    groups: {
      grassroots: {
        top: grassroots.slice(0, 5).map(brief),
        bottom: grassroots.slice(-5).reverse().map(brief),
        grades: grades('grassroots'),
        count: countOf('grassroots'),
      },
      organs: {
        top: organs.slice(0, 5).map(brief),
        bottom: organs.slice(-5).reverse().map(brief),
        grades: grades('organs'),
        count: countOf('organs'),
      },
    },
    // Units × rules is readable for a city's few dozen units a group; a province's thousands go to the rankings.
    rules,
    heatmap: [...grassroots.slice(-HEATMAP_UNITS), ...organs.slice(-HEATMAP_UNITS)].map((s) => ({
      unit: s.unit,
      name: s.name,
      group: s.group,
      rules: s.rules,
    })),
  };
}

/** Active grassroots units. */
async function grassrootsUnits(tx: Tx): Promise<number> {
  const [row] = await rawQuery<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM "Unit" WHERE active AND "group" = 'grassroots'`,
  );
  return row?.n ?? 0;
}

/**
 * A quarter's city totals and deployed units: maintained by every write (values/maintained-totals.ts),
 * or recomputed while the quarter is not maintained.
 */
async function quarterTotals(tx: Tx, quarter: string): Promise<{ totals: Record<string, number>; deployed: number }> {
  const kept = await maintainedQuarterTotals(tx, quarter);
  if (kept) return kept;
  const [totals, d] = await Promise.all([aggregateTotals(tx, quarter, CITY_SCOPE), deployedUnits(tx, [quarter])]);
  return { totals, deployed: d.done };
}

/** Active grassroots units whose last counted approval.deployed in `quarters` is at least 1, of all of them. */
async function deployedUnits(tx: Tx, quarters: string[]): Promise<{ done: number; total: number }> {
  const [row] = await rawQuery<{ done: number; total: number }>(
    tx,
    sql`WITH last AS (
         SELECT DISTINCT ON (v."unitId") v."unitId", v.value
           FROM "Value" v JOIN "Submission" s ON s.id = v."submissionId" AND s.status IN ${COUNTED_SQL} AND s."periodCode" = ANY(${quarters}::text[])
          WHERE v."indicatorCode" = 'approval.deployed' AND v."periodCode" = ANY(${quarters}::text[])
          ORDER BY v."unitId", v."periodCode" DESC
       )
       SELECT count(*) FILTER (WHERE l.value >= 1)::int AS done, count(*)::int AS total
         FROM "Unit" u LEFT JOIN last l ON l."unitId" = u.id
        WHERE u.active AND u."group" = 'grassroots'`,
  );
  return row ?? { done: 0, total: 0 };
}
