/** Inputs of appeals (申诉复核; server/routers/appeals.ts → services/publication/appeals.ts). */
import { z } from 'zod';
import { APPEAL_OUTCOMES } from '../appeals';
import { periodCode, quarterCode } from './common';

const id = z.number().int().positive();

export const listAppealsInput = z.object({
  period: periodCode.optional(),
  status: z.enum(['open', 'decided']).optional(),
});
export const appealIdInput = z.object({ id });
export const appealWindowInput = z.object({ period: quarterCode });

export const fileAppealInput = z.object({
  findingId: id.optional(),
  period: quarterCode.optional(),
  indicator: z.string().min(1).max(64).optional(),
  reason: z.string().min(1).max(4000),
});
export type FileAppealInput = z.infer<typeof fileAppealInput>;

export const decideAppealInput = z.object({
  id,
  version: z.number().int(),
  outcome: z.enum(APPEAL_OUTCOMES),
  reason: z.string().min(1).max(4000),
  newDeduction: z.number().min(0).max(100).optional(),
});
export type DecideAppealInput = z.infer<typeof decideAppealInput>;
