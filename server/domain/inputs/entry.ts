/** Inputs of quarterly entry (server/routers/entry.ts → services/workflow/quarter-entry.ts, find-outliers.ts). */
import { z } from 'zod';
import { periodCode, quarterCode, unitAsUnitCode, unitCode } from './common';

const unitQuarter = { unit: unitCode, period: quarterCode };

/** One unit's quarter (the form, its outliers). */
export const entryKeyInput = z.object(unitQuarter).transform(unitAsUnitCode);
export type EntryKeyInput = z.infer<typeof entryKeyInput>;

/** A save of the form: a draft, or the submission. */
export const saveEntryInput = z
  .object({
    ...unitQuarter,
    /** The version the form was loaded at (0 for a quarter with nothing saved yet). */
    version: z.number().int().min(0),
    values: z.record(z.string().max(64), z.number()).refine((v) => Object.keys(v).length <= 200, 'too many indicators'),
    submit: z.boolean(),
  })
  .transform(unitAsUnitCode);
export type SaveEntryInput = z.infer<typeof saveEntryInput>;

/** An inspector verifies a submitted quarter, or returns it with a reason. */
export const reviewEntryInput = z
  .object({
    ...unitQuarter,
    version: z.number().int().min(0),
    action: z.enum(['verify', 'return']),
    reason: z.string().max(2000).optional(),
  })
  .transform(unitAsUnitCode);
export type ReviewEntryInput = z.infer<typeof reviewEntryInput>;

export const pendingInput = z.object({ period: periodCode.optional() });
