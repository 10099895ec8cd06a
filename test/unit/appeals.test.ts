import { describe, expect, it } from 'vitest';
import { deductionAfterDecision, insideAppealWindow } from '../../server/domain/appeals';
import { appealClosingDay } from '../../server/domain/publication';

describe('appeal decisions', () => {
  it('upheld withdraws the deduction, partly upheld lowers it, rejected keeps it', () => {
    expect(deductionAfterDecision('upheld', 2, null)).toEqual({ ok: true, deduction: 0 });
    expect(deductionAfterDecision('upheld', 2, 0)).toEqual({ ok: true, deduction: 0 });
    expect(deductionAfterDecision('partly_upheld', 2, 0.5)).toEqual({ ok: true, deduction: 0.5 });
    expect(deductionAfterDecision('partly_upheld', 2, 0.29)).toEqual({ ok: true, deduction: 0.29 });
    expect(deductionAfterDecision('rejected', 2, null)).toEqual({ ok: true, deduction: 2 });
  });

  it('refuses a decision that does not fit its outcome', () => {
    for (const [outcome, asked] of [
      ['upheld', 1],
      ['partly_upheld', null],
      ['partly_upheld', 0],
      ['partly_upheld', 2],
      ['partly_upheld', 3],
      ['partly_upheld', 0.555],
      ['rejected', 1],
    ] as const)
      expect(deductionAfterDecision(outcome, 2, asked).ok, `${outcome} ${asked}`).toBe(false);
  });

  it('the window includes its last day', () => {
    const closes = appealClosingDay('2012-03-01', 7);
    expect(closes).toBe('2012-03-08');
    expect(insideAppealWindow('2012-03-08', closes)).toBe(true);
    expect(insideAppealWindow('2012-03-09', closes)).toBe(false);
    expect(appealClosingDay('2012-02-25', 7)).toBe('2012-03-03');
  });
});
