import { z } from 'zod';
import { findOutliers } from '../services/workflow/find-outliers';
import {
  findPendingSubmissions,
  getQuarterEntry,
  reviewQuarter,
  saveQuarter,
} from '../services/workflow/quarter-entry';
import { entryProcedure, inspectorProcedure, router } from '../trpc/init';
import { periodCode, quarterCode, unitCode } from './shared';

const valuesInput = z
  .record(z.string().max(64), z.number())
  .refine((v) => Object.keys(v).length <= 200, 'too many indicators');

export const entryRouter = router({
  get: entryProcedure
    .input(z.object({ unit: unitCode, period: quarterCode }))
    .query(({ ctx, input }) =>
      getQuarterEntry(ctx.db, { unitCode: input.unit, period: input.period, scope: ctx.scope }),
    ),
  save: entryProcedure
    .input(
      z.object({
        unit: unitCode,
        period: quarterCode,
        version: z.number().int().min(0),
        values: valuesInput,
        submit: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) =>
      saveQuarter(ctx.db, ctx.actor, {
        unitCode: input.unit,
        period: input.period,
        version: input.version,
        values: input.values,
        submit: input.submit,
        scope: ctx.scope,
        today: ctx.today,
        now: ctx.now(),
      }),
    ),
  review: inspectorProcedure
    .input(
      z.object({
        unit: unitCode,
        period: quarterCode,
        version: z.number().int().min(0),
        action: z.enum(['verify', 'return']),
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      reviewQuarter(ctx.db, ctx.actor, {
        unitCode: input.unit,
        period: input.period,
        version: input.version,
        action: input.action,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        today: ctx.today,
        now: ctx.now(),
      }),
    ),
  /** Figures far from the unit's own history or its peers (DHIS2-style modified z-score), for verifying. */
  outliers: inspectorProcedure
    .input(z.object({ unit: unitCode, period: quarterCode }))
    .query(({ ctx, input }) => findOutliers(ctx.db, { unitCode: input.unit, period: input.period, scope: ctx.scope })),
  pending: inspectorProcedure
    .input(z.object({ period: periodCode.optional() }))
    .query(({ ctx, input }) => findPendingSubmissions(ctx.db, input.period)),
});
