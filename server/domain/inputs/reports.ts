/** Inputs of the annual report and the quarterly bulletin (server/routers/reports.ts → services/reports/). */
import { z } from 'zod';
import { periodCode, unitCode } from './common';

const year = z.number().int().min(1990).max(2200);
const texts = z.record(z.string().max(32), z.string().max(20_000));

export const bulletinInput = z.object({ period: periodCode, version: z.number().int().min(1).optional() });
export const bulletinTextsInput = z.object({ period: periodCode });
export const saveBulletinTextsInput = z.object({ period: periodCode, texts });
export type SaveBulletinTextsInput = z.infer<typeof saveBulletinTextsInput>;

export const annualReportInput = z.object({
  year,
  unit: unitCode.nullable().optional(),
  layout: z.enum(['national', 'legacy']).default('national'),
});
export const reportInputsInput = z.object({ year, unit: unitCode.nullable().optional() });
export const saveReportInputsInput = z.object({
  year,
  unit: unitCode.nullable().optional(),
  texts: texts.optional(),
  figures: z.record(z.string().max(64), z.number().nullable()).optional(),
});
