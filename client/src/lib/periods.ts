/** Which periods the pickers offer and which one a page opens with. Pure. */
import { parsePeriod, previousPeriod, quarterOfDate } from '../../../server/domain/periods';

export type PeriodInfo = { code: string; year: number; quarter: number | null; locked: boolean; published: boolean };

/** Newest first: 2012Q1, 2011, 2011Q4 … (a year right after its last quarter). */
export function sortPeriodsDesc(codes: readonly string[]): string[] {
  const key = (c: string) => {
    const p = parsePeriod(c);
    if (!p) return -1;
    return p.year * 10 + (p.kind === 'quarter' ? p.quarter : 5);
  };
  return [...new Set(codes)].sort((a, b) => key(b) - key(a));
}

/** The period a page opens with: the requested one when known, else the latest quarter, else the latest period. */
export function defaultPeriod(
  periods: readonly PeriodInfo[],
  requested: string | null,
  opts: { quartersOnly?: boolean } = {},
): string | null {
  const codes = periods.map((p) => p.code).filter((c) => !opts.quartersOnly || parsePeriod(c)?.kind === 'quarter');
  if (requested && codes.includes(requested)) return requested;
  const sorted = sortPeriodsDesc(codes);
  return sorted.find((c) => parsePeriod(c)?.kind === 'quarter') ?? sorted[0] ?? null;
}

/** Quarters a unit can enter: every known quarter, the current one and the one before it; newest first. */
export function entryQuarters(periods: readonly PeriodInfo[], today: string): string[] {
  const known = periods.map((p) => p.code).filter((c) => parsePeriod(c)?.kind === 'quarter');
  const current = quarterOfDate(today);
  return sortPeriodsDesc([...known, current, previousPeriod(current)]);
}

/** The quarter an entry form opens with: the requested one, else today's quarter (the one being reported on). */
export function defaultEntryQuarter(options: readonly string[], requested: string | null, today: string): string {
  if (requested && options.includes(requested) && parsePeriod(requested)?.kind === 'quarter') return requested;
  return quarterOfDate(today);
}

/** Years that have at least one period, newest first. */
export function yearsOf(periods: readonly PeriodInfo[]): number[] {
  return [...new Set(periods.map((p) => p.year))].sort((a, b) => b - a);
}

export { parsePeriod };
