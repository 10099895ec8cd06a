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
import { businessProcedure, entryProcedure, inspectorProcedure, router } from '../trpc/init';
import { isoDate, periodCode, quarterCode, unitCode } from './shared';

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
        scope: ctx.scope,
        today: ctx.today,
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
      createFinding(ctx.db, ctx.actor, {
        unitCode: input.unit,
        period: input.period,
        severity: input.severity,
        deduction: input.deduction,
        description: input.description,
        deadline: input.deadline,
        ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
        roundId: input.roundId ?? null,
        today: ctx.today,
        now: ctx.now(),
      }),
    ),
  updateFinding: inspectorProcedure
    .input(z.object({ id: z.number().int().positive(), version: z.number().int(), ...findingFields }))
    .mutation(({ ctx, input }) =>
      updateFinding(ctx.db, ctx.actor, {
        id: input.id,
        version: input.version,
        severity: input.severity,
        deduction: input.deduction,
        description: input.description,
        deadline: input.deadline,
        ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
        today: ctx.today,
      }),
    ),
  deleteFinding: inspectorProcedure
    .input(z.object({ id: z.number().int().positive(), version: z.number().int() }))
    .mutation(({ ctx, input }) => deleteFinding(ctx.db, ctx.actor, { ...input, today: ctx.today })),
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
      recordRectification(ctx.db, ctx.actor, {
        ...input,
        scope: ctx.scope,
        today: ctx.today,
        now: ctx.now(),
      }),
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
      reviewRectification(ctx.db, ctx.actor, {
        id: input.id,
        version: input.version,
        confirm: input.confirm,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        today: ctx.today,
        now: ctx.now(),
      }),
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
    .mutation(({ ctx, input }) => createRound(ctx.db, ctx.actor, { ...input, today: ctx.today })),
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
      createCommendation(ctx.db, ctx.actor, {
        unitCode: input.unit,
        period: input.period,
        points: input.points,
        reason: input.reason,
        today: ctx.today,
      }),
    ),
});
