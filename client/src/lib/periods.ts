/** Which periods the pickers offer and which one a page opens with. Pure. */
import { parsePeriod, previousPeriod, quarterOfDate } from '../../../server/domain/periods';

export type PeriodInfo = {
  code: string;
  year: number;
  quarter: number | null;
  locked: boolean;
  published: boolean;
  /** Anything entered for it (absent: treated as having data). */
  hasData?: boolean;
  /** A quarter units can still enter today. */
  openForEntry?: boolean;
  /** Units that have submitted the quarter, of `units` active ones. */
  submitted?: number | null;
  units?: number;
};

/** The periods a picker offers: those with data or open for entry (not the empty quarters around them). */
export function pickablePeriods<P extends PeriodInfo>(periods: readonly P[]): P[] {
  return periods.filter((p) => p.hasData !== false || p.openForEntry === true);
}

/** A quarter is closed for entry once locked (publishing locks it too). */
export const isClosed = (p: Pick<PeriodInfo, 'locked' | 'published'>) => p.locked || p.published;

/** Newest first: 2012Q1, 2011, 2011Q4 … (a year right after its last quarter). */
export function sortPeriodsDesc(codes: readonly string[]): string[] {
  const key = (c: string) => {
    const p = parsePeriod(c);
    if (!p) return -1;
    return p.year * 10 + (p.kind === 'quarter' ? p.quarter : 5);
  };
  return [...new Set(codes)].sort((a, b) => key(b) - key(a));
}

/** A quarter whose figures are in: past its entry window, or every unit has submitted it. */
const settled = (p: PeriodInfo) =>
  p.hasData !== false && (!p.openForEntry || (p.units !== undefined && (p.submitted ?? 0) >= p.units));

/**
 * The period a page opens with: the requested one when offered; else the latest quarter closed for entry
 * (locked or published), so a page never opens on a quarter units are still entering; with none locked, the
 * latest quarter whose figures are in (past its entry window or fully submitted); else the latest quarter with
 * data, else the latest period.
 */
export function defaultPeriod(
  periods: readonly PeriodInfo[],
  requested: string | null,
  opts: { quartersOnly?: boolean } = {},
): string | null {
  const offered = pickablePeriods(periods).filter((p) => !opts.quartersOnly || p.quarter !== null);
  const codes = offered.map((p) => p.code);
  if (requested && codes.includes(requested)) return requested;
  const byCode = new Map(offered.map((p) => [p.code, p]));
  const sorted = sortPeriodsDesc(codes);
  const quarters = sorted.filter((c) => parsePeriod(c)?.kind === 'quarter');
  return (
    quarters.find((c) => isClosed(byCode.get(c)!)) ??
    quarters.find((c) => settled(byCode.get(c)!)) ??
    quarters.find((c) => byCode.get(c)!.hasData !== false) ??
    quarters[0] ??
    sorted[0] ??
    null
  );
}

/** The year a report opens with: the requested one when offered, else the year of the default quarter. */
export function defaultYear(periods: readonly PeriodInfo[], requested: number | null): number | null {
  const years = yearsOf(pickablePeriods(periods));
  if (requested !== null && years.includes(requested)) return requested;
  const q = defaultPeriod(periods, null, { quartersOnly: true });
  return q ? (parsePeriod(q)?.year ?? null) : (years[0] ?? null);
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
