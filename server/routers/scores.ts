import { periodInput } from '../domain/inputs/common';
import { publishedInput, publishedPageInput, rankingsInput, unitPeriodInput } from '../domain/inputs/scores';
import { listPublications } from '../services/publication/publications';
import { findScoreMovement } from '../services/scores/find-movement';
import { findOverview } from '../services/scores/find-overview';
import { findScorecard } from '../services/scores/find-scorecard';
import { findPublishedPage, findPublishedRanking, findRankingPage } from '../services/scores/find-scores';
import { lagTolerantDb } from '../trpc/context';
import { businessProcedure, cityProcedure, router } from '../trpc/init';

export const scoresRouter = router({
  /** Rankings with every figure, for city-wide roles: a group's rows sorted, searched and paged on the server (all rows without `limit`). */
  rankings: cityProcedure
    .input(rankingsInput)
    .query(async ({ ctx, input }) => findRankingPage(await lagTolerantDb(ctx), input)),
  /** A published ranking: every unit's final score, grade and rank (the only cross-unit view a unit operator gets). */
  published: businessProcedure
    .input(publishedInput)
    .query(async ({ ctx, input }) =>
      findPublishedRanking(await lagTolerantDb(ctx), input.period, input.group, input.version),
    ),
  /** The published versions of a period (公示第N版), oldest first: when, by whom, why, what was incomplete. */
  publications: businessProcedure
    .input(periodInput)
    .query(({ ctx, input }) => listPublications(ctx.db, input.period, { withIncomplete: ctx.user.role !== 'unit' })),
  /** One page of a group's published ranking, searched on the server, with the caller's own unit's row (the rankings page of a unit operator). */
  publishedPage: businessProcedure
    .input(publishedPageInput)
    .query(async ({ ctx, input }) =>
      findPublishedPage(await lagTolerantDb(ctx), { ...input, ownUnit: ctx.user.unitCode }),
    ),
  scorecard: businessProcedure
    .input(unitPeriodInput)
    .query(({ ctx, input }) => findScorecard(ctx.db, { ...input, scope: ctx.scope })),
  /** Why the unit's rank moved against the previous period: rules, deductions finding by finding, bonus, rank. */
  movement: businessProcedure
    .input(unitPeriodInput)
    .query(({ ctx, input }) => findScoreMovement(ctx.db, { ...input, scope: ctx.scope })),
  overview: cityProcedure
    .input(periodInput)
    .query(async ({ ctx, input }) => findOverview(await lagTolerantDb(ctx), input.period, ctx.today)),
});
