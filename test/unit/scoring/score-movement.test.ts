import { describe, expect, it } from 'vitest';
import { compareScores, type ScoreSide } from '../../../server/domain/score-movement';
import type { ScoreExplanation } from '../../../server/domain/scoring/evaluate';

const rule = (code: string, earnedRounded: number) => ({
  code,
  nameZh: code,
  nameEn: code,
  points: 30,
  earned: earnedRounded,
  earnedRounded,
  formula: { kind: 'fixed' as const, points: 0 },
  inputs: {},
});
const line = (findingId: number, kind: 'deduction' | 'overdue', points: number, quarter: string) => ({
  findingId,
  kind,
  points,
  description: `finding ${findingId}`,
  quarter,
  deadline: null,
  rectifiedAt: null,
});
const explanation = (rules: ReturnType<typeof rule>[], deductions: ReturnType<typeof line>[]): ScoreExplanation => ({
  rules,
  earned: 0,
  deductions,
  deductionsUncapped: 0,
  deductionCap: 20,
  bonuses: [],
  bonusUncapped: 0,
  bonusCap: 5,
  available: 100,
  rescaled: false,
});
const side = (over: Partial<ScoreSide> & Pick<ScoreSide, 'period' | 'explanation'>): ScoreSide => ({
  group: 'grassroots',
  base: 80,
  deductions: 0,
  bonus: 0,
  score: 80,
  rank: 5,
  ...over,
});

describe('why my rank moved', () => {
  it('names every rule’s change, each deduction line that differs, the bonus and the rank change', () => {
    const prev = side({
      period: '2011Q3',
      base: 80,
      deductions: 3,
      bonus: 0,
      score: 77,
      rank: 12,
      explanation: explanation(
        [rule('a', 30), rule('b', 20), rule('old', 5)],
        [line(1, 'deduction', 2, '2011Q3'), line(2, 'overdue', 1, '2011Q3')],
      ),
    });
    const cur = side({
      period: '2011Q4',
      base: 82.5,
      deductions: 1,
      bonus: 1.5,
      score: 83,
      rank: 4,
      explanation: explanation(
        [rule('a', 27.5), rule('b', 25), rule('new', 2)],
        [line(2, 'overdue', 1, '2011Q3'), line(7, 'deduction', 0, '2011Q4')],
      ),
    });
    const m = compareScores(prev, cur);
    expect(m.rules).toEqual([
      { code: 'a', nameZh: 'a', nameEn: 'a', before: 30, after: 27.5, change: -2.5 },
      { code: 'b', nameZh: 'b', nameEn: 'b', before: 20, after: 25, change: 5 },
      { code: 'new', nameZh: 'new', nameEn: 'new', before: 0, after: 2, change: 2 },
      { code: 'old', nameZh: 'old', nameEn: 'old', before: 5, after: 0, change: -5 },
    ]);
    // Finding 2's overdue point is in both and unchanged: not listed; finding 1's deduction went; 7 costs nothing.
    expect(m.deductionLines).toEqual([
      { findingId: 1, kind: 'deduction', description: 'finding 1', quarter: '2011Q3', before: 2, after: 0, change: -2 },
    ]);
    expect(m.base).toEqual({ before: 80, after: 82.5, change: 2.5 });
    expect(m.deductions).toEqual({ before: 3, after: 1, change: -2 });
    expect(m.bonus).toEqual({ before: 0, after: 1.5, change: 1.5 });
    expect(m.score).toEqual({ before: 77, after: 83, change: 6 });
    expect(m.rank).toEqual({ before: 12, after: 4, change: 8 });
    expect(m.groupChanged).toBe(false);
  });

  it('gives no rank change across groups or without a rank', () => {
    const e = explanation([rule('a', 1)], []);
    expect(
      compareScores(
        side({ period: '2011Q3', explanation: e, group: 'organs' }),
        side({ period: '2011Q4', explanation: e }),
      ).rank,
    ).toEqual({ before: 5, after: 5, change: null });
    expect(
      compareScores(side({ period: '2011Q3', explanation: e, rank: null }), side({ period: '2011Q4', explanation: e }))
        .rank.change,
    ).toBeNull();
  });
});
