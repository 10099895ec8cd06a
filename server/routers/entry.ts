import { z } from 'zod';
import { findOutliers } from '../services/workflow/find-outliers';
import {
  findPendingSubmissions,
  getQuarterEntry,
  reviewQuarter,
  saveQuarter,
} from '../services/workflow/quarter-entry';
import { todayOf } from '../trpc/context';
import { entryProcedure, inspectorProcedure, router } from '../trpc/init';
import { periodCode, quarterCode, scopeOf, unitCode } from './shared';

const valuesInput = z
  .record(z.string().max(64), z.number())
  .refine((v) => Object.keys(v).length <= 200, 'too many indicators');

export const entryRouter = router({
  get: entryProcedure
    .input(z.object({ unit: unitCode, period: quarterCode }))
    .query(({ ctx, input }) =>
      getQuarterEntry(ctx.db, { unitCode: input.unit, period: input.period, scopeUnitId: scopeOf(ctx.user) }),
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
      ctx.db.$transaction((tx) =>
        saveQuarter(tx, ctx.actor, {
          unitCode: input.unit,
          period: input.period,
          version: input.version,
          values: input.values,
          submit: input.submit,
          scopeUnitId: scopeOf(ctx.user),
          today: todayOf(ctx.now()),
        }),
      ),
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
      ctx.db.$transaction((tx) =>
        reviewQuarter(tx, ctx.actor, {
          unitCode: input.unit,
          period: input.period,
          version: input.version,
          action: input.action,
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
          today: todayOf(ctx.now()),
        }),
      ),
    ),
  /** Figures far from the unit's own history or its peers (DHIS2-style modified z-score), for verifying. */
  outliers: inspectorProcedure
    .input(z.object({ unit: unitCode, period: quarterCode }))
    .query(({ ctx, input }) =>
      findOutliers(ctx.db, { unitCode: input.unit, period: input.period, scopeUnitId: scopeOf(ctx.user) }),
    ),
  pending: inspectorProcedure
    .input(z.object({ period: periodCode.optional() }))
    .query(({ ctx, input }) => findPendingSubmissions(ctx.db, input.period)),
});
