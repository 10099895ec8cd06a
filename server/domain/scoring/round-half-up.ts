/**
 * Rounds to 2 decimals, halves away from zero, as a person rounding the printed
 * decimal would: 0.625 → 0.63, 2.675 → 2.68, 1.005 → 1.01 (exact below 1e9).
 */
export function roundHalfUp2(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return 0; // also turns -0 into 0
  if (x < 0) return -roundHalfUp2(-x) || 0; // -0.001 rounds to 0, not -0
  // From here on, fifteen significant digits keep fewer than six decimals and could
  // turn x.xx4999 into a half; no score or amount of points gets near it.
  if (x >= 1e9) return Math.round(x * 100) / 100;

  const scaled = x * 100;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  // Fast path (nearly every call): clearly not a half, so binary noise (which grows with
  // the magnitude) cannot flip the result.
  if (Math.abs(fraction - 0.5) > 1e-7 + scaled * 1e-14) return (fraction < 0.5 ? floor : floor + 1) / 100;

  // Near a half the binary value may sit just below it (2.675 is stored as
  // 2.67499999999999982…, 30 × 0.0875 comes out as 2.6249999999999996). Fifteen
  // significant digits recover the decimal the value stands for; then round that text.
  const text = x.toPrecision(15);
  if (text.includes('e')) return 0; // below 1e-6: nowhere near a cent
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const decimals = dot < 0 ? '' : text.slice(dot + 1);
  const cents = Number(whole) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  const roundsUp = decimals.length > 2 && decimals.charCodeAt(2) >= 53; // '5'…'9'
  return (cents + (roundsUp ? 1 : 0)) / 100;
}
