import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme.ts';
import { evaluateUnit, gradeOf, type UnitInput } from '../../../server/domain/scoring/evaluate.ts';
import type { Scheme } from '../../../server/domain/scoring/scheme.ts';
import { evaluatePeriod, rankScores } from '../../helpers/scoring-oracle.ts';
import { fullMarksValues, LATE_TODAY, makeCommendation, makeFinding, makeUnit, QUARTER, YEAR } from './factories.ts';

function evaluate(unit: UnitInput, period = QUARTER, today = LATE_TODAY) {
  return evaluateUnit(DEFAULT_SCHEME, unit, { period, today });
}

describe('deductions', () => {
  it('counts the findings of the period and none of the others', () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [
        makeFinding({ id: 1, quarter: '2011Q1', deduction: 4 }),
        makeFinding({ id: 2, quarter: '2011Q2', deduction: 2.5 }),
        makeFinding({ id: 3, quarter: '2011Q2', deduction: 0.5 }),
        makeFinding({ id: 4, quarter: '2012Q2', deduction: 6 }),
      ],
    });
    expect(evaluate(unit, '2011Q1')).toMatchObject({ deductions: 4, score: 96 });
    expect(evaluate(unit, '2011Q2')).toMatchObject({ deductions: 3, score: 97 });
    expect(evaluate(unit, '2011Q3')).toMatchObject({ deductions: 0, score: 100 });
    expect(evaluate(unit, YEAR)).toMatchObject({ deductions: 7, score: 93 }); // a year holds its four quarters
    expect(evaluate(unit, QUARTER).explanation.deductions.map((d) => d.findingId)).toEqual([2, 3]);
  });

  it('counts a finding recorded against a year in that year only', () => {
    const unit = makeUnit({ values: fullMarksValues(), findings: [makeFinding({ quarter: '2011', deduction: 4 })] });
    expect(evaluate(unit, '2011').deductions).toBe(4);
    expect(evaluate(unit, '2011Q1').deductions).toBe(0);
    expect(evaluate(unit, '2012').deductions).toBe(0);
  });

  it('caps the deductions at 20 and shows the uncapped sum', () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [
        makeFinding({ id: 1, deduction: 12 }),
        makeFinding({ id: 2, deduction: 9.5 }),
        makeFinding({ id: 3, deduction: 3 }),
      ],
    });
    const score = evaluate(unit);
    expect(score).toMatchObject({ deductions: 20, score: 80, grade: 'good' });
    expect(score.explanation).toMatchObject({ deductionsUncapped: 24.5, deductionCap: 20 });
  });

  it('never takes the score below 0', () => {
    const unit = makeUnit({
      values: { 'appeal.review': 3, 'req.online': 1 },
      findings: [makeFinding({ deduction: 20 })],
    });
    const score = evaluate(unit);
    expect(score.base).toBe(0);
    expect(score.score).toBe(0);
  });

  it('adds cents without binary noise', () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [makeFinding({ id: 1, deduction: 0.1 }), makeFinding({ id: 2, deduction: 0.2 })],
    });
    expect(evaluate(unit)).toMatchObject({ deductions: 0.3, score: 99.7 });
  });
});

describe('overdue rectification', () => {
  // A finding of 2011Q1 whose rectification deadline falls in 2011Q2.
  const deadline = '2011-05-15';
  const overdueCases: [string, string | null, string, boolean, number | undefined][] = [
    // description, rectifiedAt, today, overdue?, days overdue
    ['open, deadline passed', null, '2011-07-10', true, 56],
    ['rectified late (still counts)', '2011-05-20', '2011-07-10', true, 5],
    ['rectified the day after the deadline', '2011-05-16', '2011-07-10', true, 1],
    ['rectified on the deadline', '2011-05-15', '2011-07-10', false, undefined],
    ['rectified before the deadline', '2011-05-01', '2011-07-10', false, undefined],
    ['open, deadline not yet passed', null, '2011-05-10', false, undefined],
    ['open, deadline is today', null, '2011-05-15', false, undefined],
    ['open, deadline was yesterday', null, '2011-05-16', true, 1],
  ];

  it.each(overdueCases)('%s: overdue %s', (_, rectifiedAt, today, overdue, days) => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [makeFinding({ id: 7, quarter: '2011Q1', deduction: 2, deadline, rectifiedAt })],
    });
    const score = evaluate(unit, '2011Q2', today);
    expect(score.deductions).toBe(overdue ? 1 : 0);
    const lines = score.explanation.deductions;
    expect(lines).toEqual(
      overdue
        ? [
            {
              findingId: 7,
              kind: 'overdue',
              points: 1,
              description: '公开栏目更新不及时',
              quarter: '2011Q1',
              deadline,
              rectifiedAt,
              daysOverdue: days,
            },
          ]
        : [],
    );
  });

  it("puts the overdue point in the deadline's quarter, the deduction in the finding's, and both in the year", () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [makeFinding({ id: 7, quarter: '2011Q1', deduction: 2, deadline, rectifiedAt: null })],
    });
    const at = (period: string) => {
      const score = evaluate(unit, period, '2011-12-31');
      return [score.deductions, score.explanation.deductions.map((d) => d.kind).join(',')];
    };
    expect(at('2011Q1')).toEqual([2, 'deduction']);
    expect(at('2011Q2')).toEqual([1, 'overdue']);
    expect(at('2011Q3')).toEqual([0, '']);
    expect(at('2011')).toEqual([3, 'deduction,overdue']);
  });

  it("puts a deadline in the next year in that year, not the finding's", () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [makeFinding({ quarter: '2011Q4', deduction: 2, deadline: '2012-01-15', rectifiedAt: null })],
    });
    expect(evaluate(unit, '2011', '2012-06-30').deductions).toBe(2);
    expect(evaluate(unit, '2012', '2012-06-30').deductions).toBe(1);
    expect(evaluate(unit, '2012Q1', '2012-06-30').deductions).toBe(1);
  });

  it('uses the overdue point of the scheme', () => {
    const scheme: Scheme = { ...DEFAULT_SCHEME, deductions: { cap: 20, overduePoint: 2.5 } };
    const unit = makeUnit({ values: fullMarksValues(), findings: [makeFinding({ deadline: '2011-06-01' })] });
    expect(evaluateUnit(scheme, unit, { period: QUARTER, today: LATE_TODAY }).deductions).toBe(2.5);
  });

  it('counts overdue points within the cap', () => {
    const findings = Array.from({ length: 25 }, (_, i) => makeFinding({ id: i, deadline: '2011-06-01' }));
    const score = evaluate(makeUnit({ values: fullMarksValues(), findings }));
    expect(score.deductions).toBe(20);
    expect(score.explanation.deductionsUncapped).toBe(25);
  });
});

describe('bonus', () => {
  it.each([
    [[1], 1],
    [[2, 2.5], 4.5],
    [[3, 4], 5], // capped at 5
    [[], 0],
  ])('commendations %j → bonus %d', (points, bonus) => {
    const unit = makeUnit({
      values: { ...fullMarksValues(), 'appeal.review': 2 }, // 90 before the bonus
      commendations: points.map((p, i) => makeCommendation({ id: i, points: p })),
    });
    const score = evaluate(unit);
    expect(score.bonus).toBe(bonus);
    expect(score.score).toBe(90 + bonus);
    expect(score.explanation.bonusUncapped).toBe(points.reduce((a, b) => a + b, 0));
    expect(score.explanation.bonusCap).toBe(5);
  });

  it('counts only the commendations of the period', () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      commendations: [
        makeCommendation({ id: 1, quarter: '2011Q1', points: 2 }),
        makeCommendation({ id: 2, quarter: '2011Q2', points: 1 }),
      ],
    });
    expect(evaluate(unit, '2011Q2').explanation.bonuses).toEqual([
      { commendationId: 2, points: 1, reason: '经验做法被上级转发' },
    ]);
    expect(evaluate(unit, '2011').bonus).toBe(3);
    expect(evaluate(unit, '2011Q3').bonus).toBe(0);
  });

  it('can take a full-marks unit to 105', () => {
    const unit = makeUnit({ values: fullMarksValues(), commendations: [makeCommendation({ points: 9 })] });
    expect(evaluate(unit).score).toBe(105);
  });
});

describe('final score and grade', () => {
  it('rounds the final score half up from the full-precision sum', () => {
    // base = 30 × 7/80 + 10 + 10 + 25 + 10 + 15 = 72.625; − 1.01 = 71.615 → 71.62
    const values = { 'pub.news': 7, 'pub.electronic': 7, 'approval.deployed': 1, 'training.attendees': 2 };
    expect(evaluate(makeUnit({ values }), YEAR)).toMatchObject({ base: 72.63, score: 72.63 });
    const withDeduction = evaluate(makeUnit({ values, findings: [makeFinding({ deduction: 1.01 })] }), YEAR);
    expect(withDeduction).toMatchObject({ base: 72.63, deductions: 1.01, score: 71.62 });
  });

  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [70, 'good'],
    [69.99, 'pass'],
    [60, 'pass'],
    [59.99, 'fail'],
    [0, 'fail'],
  ] as const)('score %d is %s', (score, grade) => {
    expect(gradeOf(score, DEFAULT_SCHEME.grades)).toBe(grade);
  });

  it.each([
    [0, 100, 'excellent'],
    [10, 90, 'excellent'],
    [11, 89, 'good'],
    [30, 70, 'good'],
    [31, 69, 'pass'],
    [40, 60, 'pass'],
    [40.01, 59.99, 'fail'],
  ])('a full-marks unit with %d deducted scores %d: %s', (deduction, score, grade) => {
    const findings = [
      makeFinding({ id: 1, deduction: Math.min(deduction, 20) }),
      makeFinding({ id: 2, deduction: Math.max(0, deduction - 20) }),
    ];
    // The cap is 20, so use a scheme without one to reach the lower bands.
    const scheme: Scheme = { ...DEFAULT_SCHEME, deductions: { cap: 100, overduePoint: 1 } };
    const result = evaluateUnit(scheme, makeUnit({ values: fullMarksValues(), findings }), {
      period: QUARTER,
      today: LATE_TODAY,
    });
    expect(result.score).toBe(score);
    expect(result.grade).toBe(grade);
  });
});

describe('veto', () => {
  it('fails a unit with a veto finding in the period, whatever its score', () => {
    const unit = makeUnit({ values: fullMarksValues(), findings: [makeFinding({ severity: 'veto', deduction: 0 })] });
    expect(evaluate(unit)).toMatchObject({ score: 100, veto: true, grade: 'fail' });
  });

  it("belongs to the period of the finding's quarter", () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [makeFinding({ quarter: '2011Q1', severity: 'veto', deduction: 5 })],
    });
    expect(evaluate(unit, '2011Q1')).toMatchObject({ veto: true, grade: 'fail', score: 95 });
    expect(evaluate(unit, '2011Q2')).toMatchObject({ veto: false, grade: 'excellent', score: 100 });
    expect(evaluate(unit, '2011')).toMatchObject({ veto: true, grade: 'fail' });
  });

  it('is not raised by major or minor findings', () => {
    const unit = makeUnit({
      values: fullMarksValues(),
      findings: [makeFinding({ severity: 'major', deduction: 5 }), makeFinding({ severity: 'minor' })],
    });
    expect(evaluate(unit)).toMatchObject({ veto: false, grade: 'excellent' });
  });
});

describe('a unit with no submission', () => {
  const unit = makeUnit({
    submitted: false,
    values: {},
    findings: [makeFinding({ id: 3, deduction: 2, severity: 'veto', deadline: '2011-06-01' })],
    commendations: [makeCommendation({ points: 2 })],
  });
  const score = evaluate(unit);

  it('scores 0 and fails, with every rule at 0', () => {
    expect(score).toMatchObject({ submitted: false, base: 0, deductions: 0, bonus: 0, score: 0, grade: 'fail' });
    expect(score.rules).toEqual({
      disclosure_volume: 0,
      electronic_rate: 0,
      request_reply_rate: 0,
      approval_rollout: 0,
      training: 0,
      appeals: 0,
    });
    // 0, not the 10 that a zero denominator would give a unit that did submit.
    expect(
      score.explanation.rules.every(
        (r) => r.earned === 0 && r.formula.kind === 'notSubmitted' && r.note?.kind === 'noValue',
      ),
    ).toBe(true);
  });

  it('still computes the veto and lists its findings and commendations', () => {
    expect(score.veto).toBe(true);
    expect(score.explanation.deductions.map((d) => [d.findingId, d.kind, d.points])).toEqual([
      [3, 'deduction', 2],
      [3, 'overdue', 1],
    ]);
    expect(score.explanation.bonuses).toHaveLength(1);
  });
});

describe('rescaling', () => {
  // Without electronic_rate and training, each group's rules are worth 80.
  const scheme: Scheme = {
    ...DEFAULT_SCHEME,
    rules: DEFAULT_SCHEME.rules.filter((r) => r.code !== 'electronic_rate' && r.code !== 'training'),
  };

  it.each([
    // group, values, earned, base
    ['grassroots', fullMarksValues(), 80, 100],
    ['organs', fullMarksValues(), 80, 100],
    ['grassroots', { 'approval.deployed': 1 }, 50, 62.5], // 10 (no requests) + 25 + 15 of 80
    ['organs', { 'pub.news': 10 }, 62, 77.5], // 30 × 10/25 + 10 + 25 + 15 of 80
    [
      'organs',
      { 'pub.news': 1, 'appeal.review': 3, 'approval.cases': 3, 'approval.cases_ontime': 1, 'req.online': 1 },
      9.533,
      11.92,
    ],
  ] as const)('%s %j: earned %d of 80 → base %d', (group, values, earned, base) => {
    const score = evaluateUnit(scheme, makeUnit({ group, values }), { period: QUARTER, today: LATE_TODAY });
    expect(score.explanation.available).toBe(80);
    expect(score.explanation.rescaled).toBe(true);
    expect(score.explanation.earned).toBeCloseTo(earned, 2);
    expect(score.base).toBe(base);
    expect(score.score).toBe(base);
  });

  it('rescales a group whose rules add up to more than 100', () => {
    const bigger: Scheme = {
      ...DEFAULT_SCHEME,
      rules: DEFAULT_SCHEME.rules.map((r) => (r.code === 'appeals' ? { ...r, points: 40 } : r)),
    };
    const score = evaluateUnit(bigger, makeUnit({ values: { ...fullMarksValues(), 'appeal.review': 1 } }), {
      period: QUARTER,
      today: LATE_TODAY,
    });
    // 85 + (40 − 5) = 120 of 125
    expect(score.explanation).toMatchObject({ available: 125, rescaled: true, earned: 120 });
    expect(score.base).toBe(96);
  });

  it('does not rescale the default scheme', () => {
    expect(evaluate(makeUnit({ values: fullMarksValues() })).explanation).toMatchObject({
      available: 100,
      rescaled: false,
    });
  });
});

describe('arguments', () => {
  it.each([
    ['2011Q5', LATE_TODAY, 'invalid period 2011Q5'],
    ['11', LATE_TODAY, 'invalid period 11'],
    [QUARTER, '2011-02-30', 'invalid date 2011-02-30'],
    [QUARTER, '31/12/2011', 'invalid date 31/12/2011'],
  ])('refuses period %s, today %s', (period, today, message) => {
    expect(() => evaluateUnit(DEFAULT_SCHEME, makeUnit(), { period, today })).toThrow(message);
  });

  it('reads an absent or non-numeric value as 0', () => {
    const values = { 'pub.news': Number.NaN, 'pub.plans': 7 } as Record<string, number>;
    const score = evaluate(makeUnit({ values }), YEAR);
    expect(score.rules.disclosure_volume).toBe(2.63);
  });

  it('computes derived totals from their parts, ignoring a stale total', () => {
    const score = evaluate(makeUnit({ values: { 'pub.total': 500, 'pub.news': 7 } }), YEAR);
    expect(score.rules.disclosure_volume).toBe(2.63);
  });

  it('does not change its inputs', () => {
    const unit = makeUnit({ values: fullMarksValues(), findings: [makeFinding({ deadline: '2011-06-01' })] });
    const before = structuredClone(unit);
    evaluatePeriod(DEFAULT_SCHEME, [unit], { period: QUARTER, today: LATE_TODAY, previousRanks: null });
    expect(unit).toEqual(before);
  });
});

describe('evaluatePeriod', () => {
  it('is evaluateUnit for each unit, then rankScores', () => {
    const units = [
      makeUnit({ unitId: 1, unitCode: 'O01', group: 'organs', values: fullMarksValues() }),
      makeUnit({ unitId: 2, unitCode: 'G02', values: { 'pub.news': 3 } }),
      makeUnit({ unitId: 3, unitCode: 'G01', values: fullMarksValues(), findings: [makeFinding({ deduction: 3 })] }),
      makeUnit({ unitId: 4, unitCode: 'G03', submitted: false }),
    ];
    const previousRanks = new Map([
      [1, 1],
      [2, 1],
    ]);
    const ranked = evaluatePeriod(DEFAULT_SCHEME, units, { period: QUARTER, today: LATE_TODAY, previousRanks });
    const expected = rankScores(
      units.map((u) => evaluateUnit(DEFAULT_SCHEME, u, { period: QUARTER, today: LATE_TODAY })),
      previousRanks,
    );
    expect(ranked).toEqual(expected);
    expect(ranked.map((s) => [s.unitCode, s.rank, s.rankChange, s.score])).toEqual([
      ['G01', 1, null, 97],
      ['G02', 2, -1, 29.5],
      ['G03', 3, null, 0],
      ['O01', 1, 0, 100],
    ]);
  });

  it('ranks without previous ranks when none are given', () => {
    const ranked = evaluatePeriod(DEFAULT_SCHEME, [makeUnit()], { period: QUARTER, today: LATE_TODAY });
    expect(ranked[0]).toMatchObject({ rank: 1, rankChange: null, period: QUARTER });
  });
});
