/**
 * The value in integer hundredths when it has at most two decimals, else null. Exact: it reads the
 * number's shortest decimal text (what `String(n)` prints, the text a user typed or a file held), never
 * `n * 100` in floating point (where 1.1 * 100 is 110.00000000000001 and 0.57 * 100 is 56.99999999999999).
 * Accepts a number or decimal text such as "2.30"; refuses NaN, infinities, exponents and more decimals.
 */
export function hundredthsOf(value: number | string): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const whole = Number(m[2]);
  const fraction = Number((m[3] ?? '').padEnd(2, '0'));
  const hundredths = whole * 100 + fraction;
  if (!Number.isSafeInteger(hundredths)) return null;
  return m[1] === '-' && hundredths !== 0 ? -hundredths : hundredths;
}
