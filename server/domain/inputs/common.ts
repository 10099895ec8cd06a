/**
 * The input fields every area shares (tRPC procedures and the REST edge parse with them). Area schemas are
 * beside this file, `<area>.ts`, each with its `XInput = z.infer<…>` type that the services take.
 */
import { z } from 'zod';
import { parsePeriod } from '../periods';

export const periodCode = z
  .string()
  .max(8)
  .refine((s) => parsePeriod(s) !== null, { message: 'a period is written 2011Q3 or 2011' });
export const quarterCode = z
  .string()
  .max(8)
  .refine((s) => parsePeriod(s)?.kind === 'quarter', { message: 'a quarter is written 2011Q3' });
export const unitCode = z.string().min(1).max(32);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as 2011-09-30');
export const group = z.enum(['grassroots', 'organs']);

/** The wire names a unit `unit` (what the client sends); services call it `unitCode`. */
export function unitAsUnitCode<T extends { unit: string }>({
  unit,
  ...rest
}: T): Omit<T, 'unit'> & { unitCode: string } {
  return { ...rest, unitCode: unit };
}

/** A period, the whole input of many reads. */
export const periodInput = z.object({ period: periodCode });
