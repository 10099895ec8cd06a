import { z } from 'zod';
import { authedProcedure, cityProcedure, router } from '../trpc/init';
import { todayOf } from '../trpc/context';
import { findPublishedRanking, findScores, isPublished } from '../services/scores/find-scores';
import { findScorecard } from '../services/scores/find-scorecard';
import { findOverview } from '../services/scores/find-overview';
import { group, periodCode, scopeOf, unitCode } from './shared';

export const scoresRouter = router({
  /** Full rankings with every figure, for city-wide roles. */
  rankings: cityProcedure.input(z.object({ period: periodCode, group: group.optional() })).query(async ({ ctx, input }) => ({
    rows: await findScores(ctx.db, input.period, input.group ? { group: input.group } : {}),
    published: await isPublished(ctx.db, input.period),
  })),
  /** A published ranking: every unit's final score, grade and rank (the only cross-unit view a unit operator gets). */
  published: authedProcedure.input(z.object({ period: periodCode, group: group.optional() })).query(({ ctx, input }) =>
    findPublishedRanking(ctx.db, input.period, input.group),
  ),
  scorecard: authedProcedure.input(z.object({ period: periodCode, unit: unitCode })).query(({ ctx, input }) =>
    findScorecard(ctx.db, { period: input.period, unitCode: input.unit, scopeUnitId: scopeOf(ctx.user) }),
  ),
  overview: cityProcedure.input(z.object({ period: periodCode })).query(({ ctx, input }) => findOverview(ctx.db, input.period, todayOf(ctx.now()))),
});
