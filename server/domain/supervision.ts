/** The supervision loop's pure rules: submission deadlines, timeliness and warning colours. */
import { periodBounds } from './periods';

/** Adds whole days to an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A quarter's submission deadline unless an administrator set another: the 10th day after the quarter ends. */
export function defaultSubmissionDeadline(quarter: string): string {
  return addDays(periodBounds(quarter).end, 10);
}

export type Timeliness = 'onTime' | 'late' | 'missing' | 'notDue';

/**
 * A unit's submission timeliness for a quarter: on time (submitted on or before the deadline), late,
 * missing (not submitted and the deadline has passed) or not yet due.
 */
export function timelinessOf(input: {
  submittedOn: string | null;
  onTime: boolean | null;
  deadline: string;
  today: string;
}): Timeliness {
  if (input.submittedOn !== null) return (input.onTime ?? input.submittedOn <= input.deadline) ? 'onTime' : 'late';
  return input.today > input.deadline ? 'missing' : 'notDue';
}

export type WarningLevel = 'blue' | 'yellow' | 'red';
export type WarningThresholds = { blueDays: number; yellowDays: number };

/**
 * The colour of an open item: red once its deadline has passed, yellow within `yellowDays` of it,
 * blue within `blueDays`, none before that (or without a deadline).
 */
export function warningLevel(deadline: string | null, today: string, t: WarningThresholds): WarningLevel | null {
  if (deadline === null) return null;
  const left = daysBetween(today, deadline);
  if (left < 0) return 'red';
  if (left <= t.yellowDays) return 'yellow';
  if (left <= t.blueDays) return 'blue';
  return null;
}

/** The median of a list of numbers (null when empty). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
