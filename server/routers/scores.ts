import { z } from 'zod';
import { SEARCH_MAX } from '../domain/ranking-order';
import { findOverview } from '../services/scores/find-overview';
import { findScorecard } from '../services/scores/find-scorecard';
import { findPublishedPage, findPublishedRanking, findRankingPage } from '../services/scores/find-scores';
import { todayOf } from '../trpc/context';
import { authedProcedure, cityProcedure, router } from '../trpc/init';
import { group, periodCode, scopeOf, unitCode } from './shared';

export const scoresRouter = router({
  /** Rankings with every figure, for city-wide roles: a group's rows sorted, searched and paged on the server (all rows without `limit`). */
  rankings: cityProcedure
    .input(
      z.object({
        period: periodCode,
        group: group.optional(),
        sort: z
          .string()
          .max(80)
          .regex(
            /^(rank|change|name|unit|score|base|deductions|bonus|rule:[\w.-]+)$/,
            'sort by rank, change, name, unit, score, base, deductions, bonus or rule:<code>',
          )
          .optional(),
        dir: z.enum(['asc', 'desc']).optional(),
        search: z.string().max(SEARCH_MAX).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      }),
    )
    .query(({ ctx, input }) => findRankingPage(ctx.db, input)),
  /** A published ranking: every unit's final score, grade and rank (the only cross-unit view a unit operator gets). */
  published: authedProcedure
    .input(z.object({ period: periodCode, group: group.optional() }))
    .query(({ ctx, input }) => findPublishedRanking(ctx.db, input.period, input.group)),
  /** One page of a group's published ranking, searched on the server, with the caller's own unit's row (the rankings page of a unit operator). */
  publishedPage: authedProcedure
    .input(
      z.object({
        period: periodCode,
        group,
        search: z.string().max(SEARCH_MAX).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000),
      }),
    )
    .query(({ ctx, input }) => findPublishedPage(ctx.db, { ...input, ownUnit: ctx.user.unitCode })),
  scorecard: authedProcedure
    .input(z.object({ period: periodCode, unit: unitCode }))
    .query(({ ctx, input }) =>
      findScorecard(ctx.db, { period: input.period, unitCode: input.unit, scopeUnitId: scopeOf(ctx.user) }),
    ),
  overview: cityProcedure
    .input(z.object({ period: periodCode }))
    .query(({ ctx, input }) => findOverview(ctx.db, input.period, todayOf(ctx.now()))),
});
