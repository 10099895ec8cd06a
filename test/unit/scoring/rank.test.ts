import { describe, expect, it } from 'vitest';
import type { RankGroup } from '../../../server/domain/catalogue.ts';
import type { UnitScore } from '../../../server/domain/scoring/evaluate.ts';
import { rankScores } from '../../helpers/scoring-oracle.ts';

// A score as the engine would return it; only what ranking reads matters here.
function makeScore(unitId: number, unitCode: string, score: number, group: RankGroup = 'grassroots'): UnitScore {
  return {
    unitId,
    unitCode,
    group,
    period: '2011Q2',
    submitted: true,
    rules: {},
    base: score,
    deductions: 0,
    bonus: 0,
    score,
    grade: 'fail',
    veto: false,
    explanation: {
      rules: [],
      earned: score,
      deductions: [],
      deductionsUncapped: 0,
      deductionCap: 20,
      bonuses: [],
      bonusUncapped: 0,
      bonusCap: 5,
      available: 100,
      rescaled: false,
    },
  };
}

const summary = (scores: ReturnType<typeof rankScores>) => scores.map((s) => `${s.group[0]}:${s.unitCode}:${s.rank}`);

describe('rankScores', () => {
  it.each([
    ['distinct scores', [90, 80, 70, 60], ['A:1', 'B:2', 'C:3', 'D:4']],
    ['a tie for second: 1, 2, 2, 4', [90, 85, 85, 80], ['A:1', 'B:2', 'C:2', 'D:4']],
    ['a tie at the top: 1, 1, 3, 4', [95, 95, 80, 70], ['A:1', 'B:1', 'C:3', 'D:4']],
    ['everyone tied', [60, 60, 60, 60], ['A:1', 'B:1', 'C:1', 'D:1']],
    ['three tied last: 1, 2, 2, 2', [88, 12.5, 12.5, 12.5], ['A:1', 'B:2', 'C:2', 'D:2']],
  ])('%s', (_, scores, expected) => {
    const codes = ['A', 'B', 'C', 'D'];
    const input = scores.map((score, i) => makeScore(i + 1, codes[i] ?? '?', score));
    expect(rankScores(input.reverse(), null).map((s) => `${s.unitCode}:${s.rank}`)).toEqual(expected);
  });

  it('lists equal ranks by unit code, whatever the input order', () => {
    const input = [
      makeScore(1, 'G09', 85),
      makeScore(2, 'G02', 90),
      makeScore(3, 'G10', 85),
      makeScore(4, 'G01', 85),
      makeScore(5, 'G03', 80),
    ];
    expect(rankScores(input, null).map((s) => `${s.unitCode}:${s.rank}`)).toEqual([
      'G02:1',
      'G01:2',
      'G09:2',
      'G10:2',
      'G03:5',
    ]);
  });

  it('compares the 2-decimal scores', () => {
    const input = [makeScore(1, 'B', 80.004), makeScore(2, 'A', 80.001), makeScore(3, 'C', 80.005)];
    expect(rankScores(input, null).map((s) => `${s.unitCode}:${s.rank}:${s.score}`)).toEqual([
      'C:1:80.01',
      'A:2:80',
      'B:2:80',
    ]);
  });

  it('ranks each group on its own, grassroots first', () => {
    const input = [
      makeScore(1, 'O01', 99, 'organs'),
      makeScore(2, 'G01', 50),
      makeScore(3, 'O02', 99, 'organs'),
      makeScore(4, 'G02', 70),
      makeScore(5, 'O03', 10, 'organs'),
    ];
    expect(summary(rankScores(input, null))).toEqual(['g:G02:1', 'g:G01:2', 'o:O01:1', 'o:O02:1', 'o:O03:3']);
  });

  it('gives the rank change as previous rank minus this rank', () => {
    const input = [makeScore(1, 'A', 90), makeScore(2, 'B', 80), makeScore(3, 'C', 70), makeScore(4, 'D', 60)];
    const previous = new Map([
      [1, 3], // up 2
      [2, 2], // unchanged
      [3, 1], // down 2
      // 4: new this period
    ]);
    expect(rankScores(input, previous).map((s) => [s.unitCode, s.rank, s.rankChange])).toEqual([
      ['A', 1, 2],
      ['B', 2, 0],
      ['C', 3, -2],
      ['D', 4, null],
    ]);
  });

  it('has no rank change for the first period', () => {
    const ranked = rankScores([makeScore(1, 'A', 90), makeScore(2, 'B', 80)], null);
    expect(ranked.map((s) => s.rankChange)).toEqual([null, null]);
  });

  it('does not change the scores it is given', () => {
    const input = [makeScore(1, 'B', 80.004), makeScore(2, 'A', 90)];
    const before = structuredClone(input);
    const ranked = rankScores(input, null);
    expect(input).toEqual(before);
    expect(ranked[0]).not.toBe(input[1]);
  });

  it('keeps everything else of each score', () => {
    const [ranked] = rankScores([makeScore(7, 'X', 42)], new Map([[7, 2]]));
    expect(ranked).toEqual({ ...makeScore(7, 'X', 42), rank: 1, rankChange: 1 });
  });

  it('returns nothing for nothing', () => {
    expect(rankScores([], null)).toEqual([]);
  });
});
