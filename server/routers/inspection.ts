import {
  createCommendationInput,
  createFindingInput,
  createRoundInput,
  deleteFindingInput,
  listFindingsInput,
  rectifyInput,
  reviewRectificationInput,
  roundsInput,
  updateFindingInput,
} from '../domain/inputs/inspection';
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

export const inspectionRouter = router({
  findings: businessProcedure.input(listFindingsInput).query(({ ctx, input }) =>
    listFindings(ctx.db, {
      ...(input.period ? { period: input.period } : {}),
      ...(input.unit ? { unitCode: input.unit } : {}),
      overdueOnly: input.overdueOnly ?? false,
      scope: ctx.scope,
      today: ctx.today,
    }),
  ),
  createFinding: inspectorProcedure.input(createFindingInput).mutation(({ ctx, input }) =>
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
  updateFinding: inspectorProcedure.input(updateFindingInput).mutation(({ ctx, input }) =>
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
    .input(deleteFindingInput)
    .mutation(({ ctx, input }) => deleteFinding(ctx.db, ctx.actor, { ...input, today: ctx.today })),
  rectify: entryProcedure.input(rectifyInput).mutation(({ ctx, input }) =>
    recordRectification(ctx.db, ctx.actor, {
      ...input,
      scope: ctx.scope,
      today: ctx.today,
      now: ctx.now(),
    }),
  ),
  reviewRectification: inspectorProcedure.input(reviewRectificationInput).mutation(({ ctx, input }) =>
    reviewRectification(ctx.db, ctx.actor, {
      id: input.id,
      version: input.version,
      confirm: input.confirm,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      today: ctx.today,
      now: ctx.now(),
    }),
  ),
  rounds: inspectorProcedure.input(roundsInput).query(({ ctx, input }) => listRounds(ctx.db, input.period)),
  createRound: inspectorProcedure
    .input(createRoundInput)
    .mutation(({ ctx, input }) => createRound(ctx.db, ctx.actor, { ...input, today: ctx.today })),
  createCommendation: inspectorProcedure.input(createCommendationInput).mutation(({ ctx, input }) =>
    createCommendation(ctx.db, ctx.actor, {
      unitCode: input.unit,
      period: input.period,
      points: input.points,
      reason: input.reason,
      today: ctx.today,
    }),
  ),
});
