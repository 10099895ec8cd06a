import { describe, expect, it } from 'vitest';
import { hundredthsOf } from '../../../server/domain/validation/decimals';

describe('hundredthsOf (the one two-decimal check)', () => {
  it('accepts every value 0.00–100.00 in steps of 0.01, as numbers and as text, exactly', () => {
    for (let h = 0; h <= 10_000; h++) {
      const n = h / 100;
      expect(hundredthsOf(n)).toBe(h);
      expect(hundredthsOf(n.toFixed(2))).toBe(h);
    }
  });

  it.each([
    [1.1, 110],
    [0.57, 57],
    [2.3, 230],
    [9.88, 988],
    ['2.30', 230],
    [' 7 ', 700],
    [-1.5, -150],
    [0, 0],
  ])('%s is %s hundredths', (v, h) => expect(hundredthsOf(v)).toBe(h));

  it.each([0.005, '0.005', 1.234, '1.', '.5', '1e2', 1e-7, Number.NaN, Number.POSITIVE_INFINITY, '', 'abc', 1e300])(
    'refuses %s',
    (v) => expect(hundredthsOf(v)).toBeNull(),
  );
});
