import { describe, expect, it } from 'vitest';
import { parsePeriod, quartersOf, quartersOfPeriod } from '../../server/domain/periods';

describe('the quarters of a period', () => {
  it('a year covers its four quarters, a quarter itself', () => {
    expect(quartersOf('2011')).toEqual(['2011Q1', '2011Q2', '2011Q3', '2011Q4']);
    expect(quartersOf('2011Q3')).toEqual(['2011Q3']);
    expect(quartersOf(' 2012Q1 ')).toEqual(['2012Q1']);
    expect(quartersOfPeriod(parsePeriod('2024')!)).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(quartersOfPeriod(parsePeriod('2024Q4')!)).toEqual(['2024Q4']);
  });

  it('a malformed code has none', () => {
    for (const code of ['', '2011Q5', '2011Q0', '11Q1', '2011-Q1', '1989', '2201Q1', 'x'])
      expect(quartersOf(code), code).toBeNull();
  });
});
