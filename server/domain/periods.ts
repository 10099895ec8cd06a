/** Period arithmetic: quarters are `2011Q1`…`2011Q4`, years are `2011`. Pure; no clock. */

export type QuarterPeriod = { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4; code: string };
export type YearPeriod = { kind: 'year'; year: number; code: string };
export type Period = QuarterPeriod | YearPeriod;

const QUARTER_RE = /^(\d{4})Q([1-4])$/;
const YEAR_RE = /^(\d{4})$/;

/** Parses a period code; returns null for anything malformed. */
export function parsePeriod(code: string): Period | null {
  const text = code.trim();
  const q = QUARTER_RE.exec(text);
  if (q) {
    const year = Number(q[1]);
    if (year < 1990 || year > 2200) return null;
    return { kind: 'quarter', year, quarter: Number(q[2]) as 1 | 2 | 3 | 4, code: text };
  }
  const y = YEAR_RE.exec(text);
  if (y) {
    const year = Number(y[1]);
    if (year < 1990 || year > 2200) return null;
    return { kind: 'year', year, code: text };
  }
  return null;
}

export function isQuarterCode(code: string): boolean {
  return parsePeriod(code)?.kind === 'quarter';
}

export function quarterCode(year: number, quarter: number): string {
  return `${year}Q${quarter}`;
}

export function quartersOfYear(year: number): string[] {
  return [1, 2, 3, 4].map((q) => quarterCode(year, q));
}

/** The quarters a period covers: a year's four, or the quarter itself. */
export function quartersOfPeriod(p: Period): string[] {
  return p.kind === 'year' ? quartersOfYear(p.year) : [p.code];
}

/** The quarters of a period code (`2011` → its four, `2011Q3` → itself), or null when the code is malformed. */
export function quartersOf(code: string): string[] | null {
  const p = parsePeriod(code);
  return p ? quartersOfPeriod(p) : null;
}

/** The year a period belongs to. */
export function yearOf(code: string): number {
  const p = parsePeriod(code);
  if (!p) throw new Error(`invalid period ${code}`);
  return p.year;
}

/** The quarter before this one, or the year before this year. */
export function previousPeriod(code: string): string {
  const p = parsePeriod(code);
  if (!p) throw new Error(`invalid period ${code}`);
  if (p.kind === 'year') return String(p.year - 1);
  return p.quarter === 1 ? quarterCode(p.year - 1, 4) : quarterCode(p.year, p.quarter - 1);
}

/** First and last day (ISO dates, inclusive) of a period. */
export function periodBounds(code: string): { start: string; end: string } {
  const p = parsePeriod(code);
  if (!p) throw new Error(`invalid period ${code}`);
  if (p.kind === 'year') return { start: `${p.year}-01-01`, end: `${p.year}-12-31` };
  const startMonth = (p.quarter - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const endDay = new Date(Date.UTC(p.year, endMonth, 0)).getUTCDate();
  return { start: `${p.year}-${pad(startMonth)}-01`, end: `${p.year}-${pad(endMonth)}-${pad(endDay)}` };
}

/** The quarter (code) an ISO date falls in. */
export function quarterOfDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`invalid date ${isoDate}`);
  return quarterCode(Number(m[1]), Math.floor((Number(m[2]) - 1) / 3) + 1);
}

/** Today as an ISO date in the city's time zone (China Standard Time, no daylight saving) at the instant `now`. */
export function todayOf(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The hour of the day (0–23) in the city's time zone at the instant `now`. */
export function cityHourOf(now: Date): number {
  return new Date(now.getTime() + 8 * 3600_000).getUTCHours();
}

/** Validates an ISO calendar date `YYYY-MM-DD` (real day of month). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The calendar day of an instant in the city's time zone (China Standard Time, UTC+8, no daylight saving). */
export function cityDayOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
