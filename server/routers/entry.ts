import { entryKeyInput, pendingInput, reviewEntryInput, saveEntryInput } from '../domain/inputs/entry';
import { findOutliers } from '../services/workflow/find-outliers';
import {
  findPendingSubmissions,
  getQuarterEntry,
  reviewQuarter,
  saveQuarter,
} from '../services/workflow/quarter-entry';
import { entryProcedure, inspectorProcedure, router } from '../trpc/init';

export const entryRouter = router({
  get: entryProcedure
    .input(entryKeyInput)
    .query(({ ctx, input }) => getQuarterEntry(ctx.db, { ...input, scope: ctx.scope })),
  save: entryProcedure
    .input(saveEntryInput)
    .mutation(({ ctx, input }) =>
      saveQuarter(ctx.db, ctx.actor, { ...input, scope: ctx.scope, today: ctx.today, now: ctx.now() }),
    ),
  review: inspectorProcedure
    .input(reviewEntryInput)
    .mutation(({ ctx, input }) => reviewQuarter(ctx.db, ctx.actor, { ...input, today: ctx.today, now: ctx.now() })),
  /** Figures far from the unit's own history or its peers (DHIS2-style modified z-score), for verifying. */
  outliers: inspectorProcedure
    .input(entryKeyInput)
    .query(({ ctx, input }) => findOutliers(ctx.db, { ...input, scope: ctx.scope })),
  pending: inspectorProcedure
    .input(pendingInput)
    .query(({ ctx, input }) => findPendingSubmissions(ctx.db, input.period)),
});
