import { z } from 'zod';
import { APPEAL_OUTCOMES } from '../domain/appeals';
import { AppError } from '../errors';
import { decideAppeal, fileAppeal, findAppeal, findAppealWindow, listAppeals } from '../services/publication/appeals';
import { businessProcedure, leadershipProcedure, router } from '../trpc/init';
import { periodCode, quarterCode } from './shared';

/** Unit operators only: an appeal is the unit's own objection. */
const unitProcedure = businessProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'unit') throw new AppError('FORBIDDEN', 'appeals.unitOperatorsOnly');
  return next();
});

/** Appeals (申诉复核) against a published version: filed by units, queued for inspectors, decided by leadership. */
export const appealsRouter = router({
  /** Appeals in scope (a unit operator: its own unit's), newest first, with the outcome and the published standing. */
  list: businessProcedure
    .input(z.object({ period: periodCode.optional(), status: z.enum(['open', 'decided']).optional() }))
    .query(({ ctx, input }) => listAppeals(ctx.db, { scope: ctx.scope, period: input.period, status: input.status })),
  get: businessProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .query(({ ctx, input }) => findAppeal(ctx.db, { id: input.id, scope: ctx.scope })),
  /** The quarter's latest published version and the last day it can be appealed (null while unpublished). */
  window: businessProcedure
    .input(z.object({ period: quarterCode }))
    .query(({ ctx, input }) => findAppealWindow(ctx.db, input.period)),
  file: unitProcedure
    .input(
      z.object({
        findingId: z.number().int().positive().optional(),
        period: quarterCode.optional(),
        indicator: z.string().min(1).max(64).optional(),
        reason: z.string().min(1).max(4000),
      }),
    )
    .mutation(({ ctx, input }) => fileAppeal(ctx.db, ctx.actor, { ...input, today: ctx.today, now: ctx.now() })),
  decide: leadershipProcedure
    .input(
      z.object({
        id: z.number().int().positive(),
        version: z.number().int(),
        outcome: z.enum(APPEAL_OUTCOMES),
        reason: z.string().min(1).max(4000),
        newDeduction: z.number().min(0).max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => decideAppeal(ctx.db, ctx.actor, { ...input, today: ctx.today, now: ctx.now() })),
});
