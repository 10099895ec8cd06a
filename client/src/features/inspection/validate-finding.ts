/** Checks of the finding and commendation forms, mirroring the server's. Pure. */
import { periodBounds } from '../../../../server/domain/periods';
import { hundredthsOf } from '../../../../server/domain/validation/decimals';

export type PointsProblem = 'required' | 'number' | 'range' | 'decimals';

/** Points with at most two decimals within [min, 100] (`exclusiveMin` for commendations, which must be positive). */
export function checkPoints(
  text: string,
  opts: { exclusiveMin?: boolean } = {},
): { value: number | null; problem: PointsProblem | null } {
  const s = text.trim();
  if (s === '') return { value: null, problem: 'required' };
  if (!/^\d+(\.\d+)?$/.test(s)) return { value: null, problem: 'number' };
  const n = Number(s);
  if (hundredthsOf(s) === null) return { value: n, problem: 'decimals' };
  if (n > 100 || (opts.exclusiveMin ? n <= 0 : n < 0)) return { value: n, problem: 'range' };
  return { value: n, problem: null };
}

/** A deadline may be empty, else not before the first day of the finding's quarter. */
export function checkDeadline(deadline: string, quarter: string): 'beforeQuarter' | null {
  if (!deadline) return null;
  return deadline < periodBounds(quarter).start ? 'beforeQuarter' : null;
}
