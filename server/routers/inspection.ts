import { z } from 'zod';
import {
  createCommendation,
  createFinding,
  createRound,
  deleteFinding,
  listFindings,
  listRounds,
  recordRectification,
  reviewRectification,
  updateFinding,
} from '../services/workflow/findings';
import { todayOf } from '../trpc/context';
import { businessProcedure, entryProcedure, inspectorProcedure, router } from '../trpc/init';
import { isoDate, periodCode, quarterCode, scopeOf, unitCode } from './shared';

const findingFields = {
  severity: z.enum(['minor', 'major', 'veto']),
  deduction: z.number().min(0).max(100),
  description: z.string().min(1).max(2000),
  deadline: isoDate.nullable(),
  evidence: z.string().max(2000).optional(),
};

export const inspectionRouter = router({
  findings: businessProcedure
    .input(z.object({ period: periodCode.optional(), unit: unitCode.optional(), overdueOnly: z.boolean().optional() }))
    .query(({ ctx, input }) =>
      listFindings(ctx.db, {
        ...(input.period ? { period: input.period } : {}),
        ...(input.unit ? { unitCode: input.unit } : {}),
        overdueOnly: input.overdueOnly ?? false,
        scopeUnitId: scopeOf(ctx.user),
        today: todayOf(ctx.now()),
      }),
    ),
  createFinding: inspectorProcedure
    .input(
      z.object({
        unit: unitCode,
        period: quarterCode,
        roundId: z.number().int().positive().nullable().optional(),
        ...findingFields,
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        createFinding(tx, ctx.actor, {
          unitCode: input.unit,
          period: input.period,
          severity: input.severity,
          deduction: input.deduction,
          description: input.description,
          deadline: input.deadline,
          ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
          roundId: input.roundId ?? null,
          today: todayOf(ctx.now()),
          now: ctx.now(),
        }),
      ),
    ),
  updateFinding: inspectorProcedure
    .input(z.object({ id: z.number().int().positive(), version: z.number().int(), ...findingFields }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        updateFinding(tx, ctx.actor, {
          id: input.id,
          version: input.version,
          severity: input.severity,
          deduction: input.deduction,
          description: input.description,
          deadline: input.deadline,
          ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
          today: todayOf(ctx.now()),
        }),
      ),
    ),
  deleteFinding: inspectorProcedure
    .input(z.object({ id: z.number().int().positive(), version: z.number().int() }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => deleteFinding(tx, ctx.actor, { ...input, today: todayOf(ctx.now()) })),
    ),
  rectify: entryProcedure
    .input(
      z.object({
        id: z.number().int().positive(),
        version: z.number().int(),
        rectifiedAt: isoDate,
        note: z.string().min(1).max(2000),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        recordRectification(tx, ctx.actor, {
          ...input,
          scopeUnitId: scopeOf(ctx.user),
          today: todayOf(ctx.now()),
          now: ctx.now(),
        }),
      ),
    ),
  reviewRectification: inspectorProcedure
    .input(
      z.object({
        id: z.number().int().positive(),
        version: z.number().int(),
        confirm: z.boolean(),
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        reviewRectification(tx, ctx.actor, {
          id: input.id,
          version: input.version,
          confirm: input.confirm,
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
          today: todayOf(ctx.now()),
          now: ctx.now(),
        }),
      ),
    ),
  rounds: inspectorProcedure
    .input(z.object({ period: periodCode.optional() }))
    .query(({ ctx, input }) => listRounds(ctx.db, input.period)),
  createRound: inspectorProcedure
    .input(
      z.object({
        period: quarterCode,
        date: isoDate,
        offices: z.array(z.string().min(1).max(60)).max(20),
        note: z.string().max(2000),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => createRound(tx, ctx.actor, { ...input, today: todayOf(ctx.now()) })),
    ),
  createCommendation: inspectorProcedure
    .input(
      z.object({
        unit: unitCode,
        period: quarterCode,
        points: z.number().positive().max(100),
        reason: z.string().min(1).max(2000),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        createCommendation(tx, ctx.actor, {
          unitCode: input.unit,
          period: input.period,
          points: input.points,
          reason: input.reason,
          today: todayOf(ctx.now()),
        }),
      ),
    ),
});
