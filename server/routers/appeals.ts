import {
  appealIdInput,
  appealWindowInput,
  decideAppealInput,
  fileAppealInput,
  listAppealsInput,
} from '../domain/inputs/appeals';
import { AppError } from '../errors';
import { decideAppeal, fileAppeal, findAppeal, findAppealWindow, listAppeals } from '../services/publication/appeals';
import { businessProcedure, leadershipProcedure, router } from '../trpc/init';

/** Unit operators only: an appeal is the unit's own objection. */
const unitProcedure = businessProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'unit') throw new AppError('FORBIDDEN', 'appeals.unitOperatorsOnly');
  return next();
});

/** Appeals (申诉复核) against a published version: filed by units, queued for inspectors, decided by leadership. */
export const appealsRouter = router({
  /** Appeals in scope (a unit operator: its own unit's), newest first, with the outcome and the published standing. */
  list: businessProcedure
    .input(listAppealsInput)
    .query(({ ctx, input }) => listAppeals(ctx.db, { scope: ctx.scope, period: input.period, status: input.status })),
  get: businessProcedure
    .input(appealIdInput)
    .query(({ ctx, input }) => findAppeal(ctx.db, { id: input.id, scope: ctx.scope })),
  /** The quarter's latest published version and the last day it can be appealed (null while unpublished). */
  window: businessProcedure.input(appealWindowInput).query(({ ctx, input }) => findAppealWindow(ctx.db, input.period)),
  file: unitProcedure
    .input(fileAppealInput)
    .mutation(({ ctx, input }) => fileAppeal(ctx.db, ctx.actor, { ...input, today: ctx.today, now: ctx.now() })),
  decide: leadershipProcedure
    .input(decideAppealInput)
    .mutation(({ ctx, input }) => decideAppeal(ctx.db, ctx.actor, { ...input, today: ctx.today, now: ctx.now() })),
});
