/** Inputs of inspections: findings, rectifications, rounds, commendations (server/routers/inspection.ts → services/workflow/findings.ts). */
import { z } from 'zod';
import { isoDate, periodCode, quarterCode, unitCode } from './common';

const id = z.number().int().positive();
const version = z.number().int();
const findingFields = {
  severity: z.enum(['minor', 'major', 'veto']),
  deduction: z.number().min(0).max(100),
  description: z.string().min(1).max(2000),
  deadline: isoDate.nullable(),
  evidence: z.string().max(2000).optional(),
};

export const listFindingsInput = z.object({
  period: periodCode.optional(),
  unit: unitCode.optional(),
  overdueOnly: z.boolean().optional(),
});

export const createFindingInput = z.object({
  unit: unitCode,
  period: quarterCode,
  roundId: id.nullable().optional(),
  ...findingFields,
});

export const updateFindingInput = z.object({ id, version, ...findingFields });

export const deleteFindingInput = z.object({ id, version });

export const rectifyInput = z.object({ id, version, rectifiedAt: isoDate, note: z.string().min(1).max(2000) });
export type RectifyInput = z.infer<typeof rectifyInput>;

export const reviewRectificationInput = z.object({
  id,
  version,
  confirm: z.boolean(),
  reason: z.string().max(2000).optional(),
});
export type ReviewRectificationInput = z.infer<typeof reviewRectificationInput>;

export const roundsInput = z.object({ period: periodCode.optional() });

export const createRoundInput = z.object({
  period: quarterCode,
  date: isoDate,
  offices: z.array(z.string().min(1).max(60)).max(20),
  note: z.string().max(2000),
});
export type CreateRoundInput = z.infer<typeof createRoundInput>;

export const createCommendationInput = z.object({
  unit: unitCode,
  period: quarterCode,
  points: z.number().positive().max(100),
  reason: z.string().min(1).max(2000),
});
