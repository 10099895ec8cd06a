import { z } from 'zod';
import { SEARCH_MAX } from '../domain/ranking-order';
import { listPublications } from '../services/publication/publications';
import { findScoreMovement } from '../services/scores/find-movement';
import { findOverview } from '../services/scores/find-overview';
import { findScorecard } from '../services/scores/find-scorecard';
import { findPublishedPage, findPublishedRanking, findRankingPage } from '../services/scores/find-scores';
import { lagTolerantDb } from '../trpc/context';
import { businessProcedure, cityProcedure, router } from '../trpc/init';
import { group, periodCode, unitCode } from './shared';

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
    .query(async ({ ctx, input }) => findRankingPage(await lagTolerantDb(ctx), input)),
  /** A published ranking: every unit's final score, grade and rank (the only cross-unit view a unit operator gets). */
  published: businessProcedure
    .input(z.object({ period: periodCode, group: group.optional(), version: z.number().int().min(1).optional() }))
    .query(async ({ ctx, input }) =>
      findPublishedRanking(await lagTolerantDb(ctx), input.period, input.group, input.version),
    ),
  /** The published versions of a period (公示第N版), oldest first: when, by whom, why, what was incomplete. */
  publications: businessProcedure
    .input(z.object({ period: periodCode }))
    .query(({ ctx, input }) => listPublications(ctx.db, input.period, { withIncomplete: ctx.user.role !== 'unit' })),
  /** One page of a group's published ranking, searched on the server, with the caller's own unit's row (the rankings page of a unit operator). */
  publishedPage: businessProcedure
    .input(
      z.object({
        period: periodCode,
        group,
        search: z.string().max(SEARCH_MAX).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000),
        version: z.number().int().min(1).optional(),
      }),
    )
    .query(async ({ ctx, input }) =>
      findPublishedPage(await lagTolerantDb(ctx), { ...input, ownUnit: ctx.user.unitCode }),
    ),
  scorecard: businessProcedure
    .input(z.object({ period: periodCode, unit: unitCode }))
    .query(({ ctx, input }) => findScorecard(ctx.db, { period: input.period, unitCode: input.unit, scope: ctx.scope })),
  /** Why the unit's rank moved against the previous period: rules, deductions finding by finding, bonus, rank. */
  movement: businessProcedure
    .input(z.object({ period: periodCode, unit: unitCode }))
    .query(({ ctx, input }) =>
      findScoreMovement(ctx.db, { period: input.period, unitCode: input.unit, scope: ctx.scope }),
    ),
  overview: cityProcedure
    .input(z.object({ period: periodCode }))
    .query(async ({ ctx, input }) => findOverview(await lagTolerantDb(ctx), input.period, ctx.today)),
});
