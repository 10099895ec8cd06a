import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATOR_CODES, type RankGroup } from '../../../server/domain/catalogue.ts';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme.ts';
import type { Values } from '../../../server/domain/scoring/evaluate.ts';
import { evaluateUnit } from '../../../server/domain/scoring/evaluate.ts';
import { availablePoints, validateScheme } from '../../../server/domain/scoring/scheme.ts';
import { LATE_TODAY, makeUnit, QUARTER, YEAR } from './factories.ts';

// Earned points of one rule for a unit with these values (rounded as shown, and in full).
function ruleScore(code: string, values: Values, group: RankGroup = 'grassroots', period = QUARTER) {
  const score = evaluateUnit(DEFAULT_SCHEME, makeUnit({ group, values }), { period, today: LATE_TODAY });
  const line = score.explanation.rules.find((r) => r.code === code);
  return { shown: score.rules[code], earned: line?.earned, line };
}

describe('the default scheme as data', () => {
  it('is a valid scheme over the default catalogue', () => {
    expect(validateScheme(DEFAULT_SCHEME, DEFAULT_INDICATOR_CODES)).toEqual({ ok: true, scheme: DEFAULT_SCHEME });
  });

  it('has the rules, points and groups of scoring.md, in order', () => {
    expect(DEFAULT_SCHEME.rules.map((r) => [r.code, r.points, r.groups.join('+')])).toEqual([
      ['disclosure_volume', 30, 'grassroots+organs'],
      ['electronic_rate', 10, 'grassroots+organs'],
      ['request_reply_rate', 10, 'grassroots+organs'],
      ['approval_rollout', 25, 'grassroots'],
      ['approval_ontime', 25, 'organs'],
      ['training', 10, 'grassroots+organs'],
      ['appeals', 15, 'grassroots+organs'],
    ]);
  });

  it('gives both groups exactly 100 points, so nobody is rescaled', () => {
    expect(availablePoints(DEFAULT_SCHEME)).toEqual({ grassroots: 100, organs: 100 });
  });

  it('has the targets, caps and bands of scoring.md', () => {
    expect(DEFAULT_SCHEME.targets).toEqual({
      'pub.total': { grassroots: 80, organs: 100 },
      'training.attendees': { grassroots: 2, organs: 2 },
    });
    expect(DEFAULT_SCHEME.deductions).toEqual({ cap: 20, overduePoint: 1 });
    expect(DEFAULT_SCHEME.bonus).toEqual({ cap: 5 });
    expect(DEFAULT_SCHEME.grades).toEqual([
      { grade: 'excellent', min: 90 },
      { grade: 'good', min: 70 },
      { grade: 'pass', min: 60 },
    ]);
  });

  it('names every rule in Chinese and English', () => {
    for (const rule of DEFAULT_SCHEME.rules) {
      expect(rule.nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.nameEn).toMatch(/^[A-Z][A-Za-z ,-]+$/);
    }
  });

  it("is frozen, so no caller can change every other caller's default", () => {
    expect(Object.isFrozen(DEFAULT_SCHEME)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEME.rules[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEME.targets['pub.total'])).toBe(true);
  });
});

describe('disclosure_volume: 30 × ratio(pub.total, target)', () => {
  it.each([
    // group, period, pub.total, shown, full precision
    ['grassroots', QUARTER, 0, 0, 0], // quarter target 80 / 4 = 20
    ['grassroots', QUARTER, 7, 10.5, 10.5],
    ['grassroots', QUARTER, 13, 19.5, 19.5],
    ['grassroots', QUARTER, 20, 30, 30],
    ['grassroots', QUARTER, 4321, 30, 30], // capped at the target
    ['grassroots', YEAR, 7, 2.63, 2.625], // 30 × 7 / 80 = 2.625, half up
    ['grassroots', YEAR, 13, 4.88, 4.875],
    ['grassroots', YEAR, 79, 29.63, 29.625],
    ['organs', QUARTER, 7, 8.4, 8.4], // quarter target 100 / 4 = 25
    ['organs', YEAR, 33, 9.9, 9.9],
    ['organs', YEAR, 1, 0.3, 0.3],
  ] as const)('%s %s, %i items → %d', (group, period, total, shown, earned) => {
    // Spread over two categories: the rule reads the nine-category total.
    const values = { 'pub.news': Math.ceil(total / 2), 'pub.other': Math.floor(total / 2) };
    const result = ruleScore('disclosure_volume', values, group, period);
    expect(result.shown).toBe(shown);
    expect(result.earned).toBeCloseTo(earned, 10);
  });

  it('explains itself with the numbers used', () => {
    const year = ruleScore('disclosure_volume', { 'pub.news': 4321 }, 'grassroots', YEAR).line;
    expect(year).toMatchObject({
      points: 30,
      earned: 30,
      earnedRounded: 30,
      formula: { kind: 'ratio', points: 30, numerator: 4321, denominator: 80 },
      inputs: { 'pub.total': 4321, 'target:pub.total': 80 },
    });
    const quarter = ruleScore('disclosure_volume', { 'pub.news': 7 }, 'grassroots', QUARTER).line;
    expect(quarter?.formula).toEqual({ kind: 'ratio', points: 30, numerator: 7, denominator: 20 });
    expect(quarter?.note).toEqual({ kind: 'quarterTarget', values: { yearTarget: 80, parts: 4 } });
  });

  it('does not count indicators outside the nine categories (pub.electronic, pub.normative_docs)', () => {
    expect(ruleScore('disclosure_volume', { 'pub.electronic': 50, 'pub.normative_docs': 50 }).shown).toBe(0);
  });
});

describe('electronic_rate: 10 × ratio(pub.electronic, pub.total); 0 where pub.total is 0', () => {
  it.each([
    [{}, 0],
    [{ 'pub.electronic': 5 }, 0], // nothing published: 0 whatever the electronic count
    [{ 'pub.news': 3, 'pub.electronic': 1 }, 3.33],
    [{ 'pub.news': 3, 'pub.electronic': 2 }, 6.67],
    [{ 'pub.news': 5, 'pub.plans': 3, 'pub.electronic': 7 }, 8.75],
    [{ 'pub.news': 8, 'pub.electronic': 8 }, 10],
    [{ 'pub.news': 8, 'pub.electronic': 9 }, 10], // more than published: capped
  ])('%j → %d', (values, shown) => {
    expect(ruleScore('electronic_rate', values).shown).toBe(shown);
  });

  it('notes the zero denominator', () => {
    const line = ruleScore('electronic_rate', {}).line;
    expect(line).toMatchObject({
      earned: 0,
      formula: { kind: 'fixed', points: 0 },
      inputs: { 'pub.electronic': 0, 'pub.total': 0 },
    });
    expect(line?.note).toEqual({ kind: 'denominatorZero', values: { denominator: 'pub.total', points: 0 } });
  });
});

describe('request_reply_rate: 10 × ratio(reply.total, req.total); 10 where req.total is 0', () => {
  it.each([
    [{}, 10],
    [{ 'reply.granted': 3 }, 10], // replies to requests carried over, none new
    [{ 'req.online': 3, 'reply.granted': 2 }, 6.67],
    [{ 'req.in_person': 2, 'req.letter': 4, 'reply.refused': 1 }, 1.67],
    [{ 'req.fax': 7, 'reply.partial': 1 }, 1.43],
    [{ 'req.email': 16, 'reply.granted': 1 }, 0.63], // 0.625 half up
    [{ 'req.other': 4, 'reply.granted': 1, 'reply.partial': 1, 'reply.refused': 2 }, 10],
    [{ 'req.online': 2, 'reply.granted': 5 }, 10],
    [{ 'req.online': 5 }, 0],
  ])('%j → %d', (values, shown) => {
    expect(ruleScore('request_reply_rate', values).shown).toBe(shown);
  });

  it('notes the zero denominator', () => {
    expect(ruleScore('request_reply_rate', {}).line?.note).toEqual({
      kind: 'denominatorZero',
      values: { denominator: 'req.total', points: 10 },
    });
  });
});

describe('approval_rollout: 25 if approval.deployed ≥ 1 (grassroots only)', () => {
  it.each([
    [{ 'approval.deployed': 1 }, 25],
    [{ 'approval.deployed': 0 }, 0],
    [{}, 0],
  ])('%j → %d', (values, shown) => {
    expect(ruleScore('approval_rollout', values).shown).toBe(shown);
  });

  it('explains the threshold', () => {
    expect(ruleScore('approval_rollout', { 'approval.deployed': 1 }).line).toMatchObject({
      formula: { kind: 'threshold', points: 25, value: 1, min: 1 },
      inputs: { 'approval.deployed': 1 },
    });
  });

  it('is left out for organs', () => {
    const score = evaluateUnit(DEFAULT_SCHEME, makeUnit({ group: 'organs', values: { 'approval.deployed': 1 } }), {
      period: QUARTER,
      today: LATE_TODAY,
    });
    expect(Object.keys(score.rules)).not.toContain('approval_rollout');
  });
});

describe('approval_ontime: 25 × ratio(cases_ontime, cases); 25 where cases is 0 (organs only)', () => {
  it.each([
    [{}, 25],
    [{ 'approval.cases': 8, 'approval.cases_ontime': 7 }, 21.88], // 21.875 half up
    [{ 'approval.cases': 3, 'approval.cases_ontime': 1 }, 8.33],
    [{ 'approval.cases': 40, 'approval.cases_ontime': 40 }, 25],
    [{ 'approval.cases': 40 }, 0],
  ])('%j → %d', (values, shown) => {
    expect(ruleScore('approval_ontime', values, 'organs').shown).toBe(shown);
  });

  it('notes the zero denominator', () => {
    expect(ruleScore('approval_ontime', {}, 'organs').line?.note).toEqual({
      kind: 'denominatorZero',
      values: { denominator: 'approval.cases', points: 25 },
    });
  });

  it('is left out for grassroots', () => {
    expect(ruleScore('approval_ontime', { 'approval.cases': 8 }).line).toBeUndefined();
  });
});

describe('training: 10 × ratio(training.attendees, target)', () => {
  it.each([
    [QUARTER, 0, 0], // quarter target 2 / 4 = 0.5
    [QUARTER, 1, 10],
    [YEAR, 1, 5],
    [YEAR, 2, 10],
    [YEAR, 9, 10],
  ] as const)('%s, %i trained → %d', (period, attendees, shown) => {
    expect(ruleScore('training', { 'training.attendees': attendees }, 'organs', period).shown).toBe(shown);
  });
});

describe('appeals: max(0, 15 − 5 × appeal.total)', () => {
  it.each([
    [{}, 15],
    [{ 'appeal.review': 1 }, 10],
    [{ 'appeal.litigation': 1, 'appeal.complaint': 1 }, 5],
    [{ 'appeal.review': 1, 'appeal.litigation': 1, 'appeal.complaint': 1 }, 0],
    [{ 'appeal.review': 7 }, 0], // never below 0
  ])('%j → %d', (values, shown) => {
    expect(ruleScore('appeals', values).shown).toBe(shown);
  });

  it('explains the count', () => {
    expect(ruleScore('appeals', { 'appeal.review': 2 }).line).toMatchObject({
      formula: { kind: 'perCount', points: 15, perCount: 5, count: 2 },
      inputs: { 'appeal.total': 2 },
    });
  });
});

describe('a whole unit, to the cent', () => {
  it('sums the rules in full precision, not their rounded values', () => {
    // 30 × 7/80 = 2.625 and 10 × 1/16 = 0.625: shown 2.63 and 0.63, but the base is 3.25.
    const score = evaluateUnit(
      DEFAULT_SCHEME,
      makeUnit({ values: { 'pub.news': 7, 'req.online': 16, 'reply.granted': 1, 'appeal.review': 3 } }),
      { period: YEAR, today: LATE_TODAY },
    );
    expect(score.rules).toEqual({
      disclosure_volume: 2.63,
      electronic_rate: 0,
      request_reply_rate: 0.63,
      approval_rollout: 0,
      training: 0,
      appeals: 0,
    });
    expect(score.base).toBe(3.25);
    expect(score.score).toBe(3.25);
    expect(score.grade).toBe('fail');
  });

  it('works a grassroots year through to the final score', () => {
    // 30 × 7/80 + 10 × 5/7 + 10 × 1/7 + 25 + 10 × 1/2 + 10 = 2.625 + 7.142… + 1.428… + 40 = 51.196…
    const score = evaluateUnit(
      DEFAULT_SCHEME,
      makeUnit({
        values: {
          'pub.news': 4,
          'pub.finance': 3,
          'pub.electronic': 5,
          'req.in_person': 7,
          'reply.granted': 1,
          'approval.deployed': 1,
          'training.attendees': 1,
          'appeal.complaint': 1,
        },
      }),
      { period: YEAR, today: LATE_TODAY },
    );
    expect(score.rules).toEqual({
      disclosure_volume: 2.63,
      electronic_rate: 7.14,
      request_reply_rate: 1.43,
      approval_rollout: 25,
      training: 5,
      appeals: 10,
    });
    expect(score.base).toBe(51.2);
    expect(score.score).toBe(51.2);
    expect(score.explanation).toMatchObject({ available: 100, rescaled: false, earned: 51.2 });
  });

  it('gives 100 and excellent for full marks, in either group', () => {
    for (const group of ['grassroots', 'organs'] as const) {
      const score = evaluateUnit(
        DEFAULT_SCHEME,
        makeUnit({
          group,
          values: { 'pub.news': 100, 'pub.electronic': 100, 'approval.deployed': 1, 'training.attendees': 2 },
        }),
        {
          period: YEAR,
          today: LATE_TODAY,
        },
      );
      expect(score).toMatchObject({ base: 100, score: 100, grade: 'excellent' });
    }
  });
});
