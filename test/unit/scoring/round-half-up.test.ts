import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfUp2 } from '../../../server/domain/scoring/round-half-up.ts';

describe('roundHalfUp2', () => {
  it.each([
    // Halves that binary floating point stores just below the half.
    [0.625, 0.63],
    [2.675, 2.68],
    [1.005, 1.01],
    [1.255, 1.26],
    [8.345, 8.35],
    [10.235, 10.24],
    [0.015, 0.02],
    [123456.785, 123456.79],
    [89.995, 90],
    [72.625 - 1.01, 71.62],
    [30 * 0.0875, 2.63],
    // Not halves.
    [1.0049, 1],
    [1.0051, 1.01],
    [0.004999, 0],
    [2.6749999, 2.67],
    [0.1 + 0.2, 0.3],
    [51.19642857142857, 51.2],
    [1 / 3, 0.33],
    [2 / 3, 0.67],
    // Already at cents or whole.
    [0, 0],
    [100, 100],
    [99.99, 99.99],
    [1.45, 1.45],
    [1e-9, 0],
    // Negative: halves away from zero.
    [-1.005, -1.01],
    [-0.625, -0.63],
    [-0.001, 0],
  ])('%d → %d', (x, expected) => {
    expect(roundHalfUp2(x)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(roundHalfUp2(-0), 0)).toBe(true);
    expect(Object.is(roundHalfUp2(-0.001), 0)).toBe(true);
  });

  it('passes non-finite numbers through', () => {
    expect(roundHalfUp2(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(roundHalfUp2(Number.NaN)).toBeNaN();
  });

  it('keeps every amount of whole cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (cents) => {
        expect(roundHalfUp2(cents / 100)).toBe(cents / 100);
      }),
    );
  });

  it('rounds every half cent up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (cents) => {
        expect(roundHalfUp2((cents + 0.5) / 100)).toBe((cents + 1) / 100);
      }),
    );
  });

  it('rounds anything short of a half cent down and past it up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 4999 }), (cents, tenThousandths) => {
        expect(roundHalfUp2((cents * 10_000 + tenThousandths) / 1_000_000)).toBe(cents / 100);
        expect(roundHalfUp2((cents * 10_000 + 5000 + tenThousandths) / 1_000_000)).toBe((cents + 1) / 100);
      }),
    );
  });

  it('is within half a cent of its input', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        expect(Math.abs(roundHalfUp2(x) - x)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });
});
