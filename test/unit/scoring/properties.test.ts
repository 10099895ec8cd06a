import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOGUE,
  PUB_CATEGORY_CODES,
  RANK_GROUPS,
  type RankGroup,
} from '../../../server/domain/catalogue.ts';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme.ts';
import {
  type CommendationInput,
  evaluateUnit,
  type FindingInput,
  type UnitInput,
  type UnitScore,
  type Values,
} from '../../../server/domain/scoring/evaluate.ts';
import type { Scheme } from '../../../server/domain/scoring/scheme.ts';
import { aggregatePeriod, indicatorKinds, rankScores } from '../../helpers/scoring-oracle.ts';

const KINDS = indicatorKinds(DEFAULT_CATALOGUE);
const QUARTERS = ['2010Q4', '2011Q1', '2011Q2', '2011Q3', '2011Q4', '2012Q1'];
const PERIODS = ['2011Q1', '2011Q2', '2011Q3', '2011Q4', '2011'];

const isoDate = fc
  .date({ min: new Date('2010-10-01T00:00:00Z'), max: new Date('2012-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const cents = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c / 100);

const valuesArb: fc.Arbitrary<Values> = fc.record(
  Object.fromEntries(
    DEFAULT_CATALOGUE.map((d) => [
      d.code,
      d.code === 'approval.deployed' ? fc.integer({ min: 0, max: 1 }) : fc.nat({ max: 400 }),
    ]),
  ),
  { requiredKeys: [] },
) as fc.Arbitrary<Values>;

const findingArb: fc.Arbitrary<FindingInput> = fc.record({
  id: fc.nat(),
  quarter: fc.constantFrom(...QUARTERS),
  severity: fc.constantFrom('minor', 'major', 'veto'),
  deduction: cents(15),
  description: fc.constant('finding'),
  deadline: fc.option(isoDate, { nil: null }),
  rectifiedAt: fc.option(isoDate, { nil: null }),
});

const commendationArb: fc.Arbitrary<CommendationInput> = fc.record({
  id: fc.nat(),
  quarter: fc.constantFrom(...QUARTERS),
  points: cents(4),
  reason: fc.constant('commended'),
});

const unitArb: fc.Arbitrary<UnitInput> = fc.record({
  unitId: fc.nat(),
  unitCode: fc.stringMatching(/^[A-Z][0-9]{2}$/),
  group: fc.constantFrom(...RANK_GROUPS),
  submitted: fc.boolean(),
  values: valuesArb,
  findings: fc.array(findingArb, { maxLength: 8 }),
  commendations: fc.array(commendationArb, { maxLength: 4 }),
});

// Schemes that keep the default's shape but change points (so groups get rescaled) and caps.
const schemeArb: fc.Arbitrary<Scheme> = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 7, maxLength: 7 }),
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 0, max: 10 }),
  )
  .map(([points, deductionCap, bonusCap]) => ({
    ...DEFAULT_SCHEME,
    rules: DEFAULT_SCHEME.rules.map((rule, i) => {
      const p = points[i] ?? 1;
      return rule.kind === 'ratio'
        ? { ...rule, points: p, whenZero: Math.min(rule.whenZero, p) }
        : { ...rule, points: p };
    }),
    deductions: { cap: deductionCap, overduePoint: 1 },
    bonus: { cap: bonusCap },
  }));

const isCents = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

describe('scoring properties', () => {
  it('keeps every score within [0, 100 + bonus cap], in cents, with a grade that fits', () => {
    fc.assert(
      fc.property(unitArb, fc.constantFrom(...PERIODS), isoDate, (unit, period, today) => {
        const score = evaluateUnit(DEFAULT_SCHEME, unit, { period, today });
        expect(score.score).toBeGreaterThanOrEqual(0);
        expect(score.score).toBeLessThanOrEqual(105);
        expect(isCents(score.score)).toBe(true);
        expect(score.deductions).toBeLessThanOrEqual(20);
        expect(score.bonus).toBeLessThanOrEqual(5);
        for (const points of Object.values(score.rules)) expect(isCents(points)).toBe(true);
        if (score.veto || !score.submitted) expect(score.grade).toBe('fail');
        if (score.grade === 'excellent') expect(score.score).toBeGreaterThanOrEqual(90);
        if (!unit.submitted) expect(score.score).toBe(0);
      }),
    );
  });

  it('keeps the score within [0, 100 + bonus cap] under any points and caps', () => {
    fc.assert(
      fc.property(schemeArb, unitArb, fc.constantFrom(...PERIODS), isoDate, (scheme, unit, period, today) => {
        const score = evaluateUnit(scheme, unit, { period, today });
        expect(score.base).toBeLessThanOrEqual(100);
        expect(score.score).toBeGreaterThanOrEqual(0);
        expect(score.score).toBeLessThanOrEqual(100 + scheme.bonus.cap);
        expect(score.deductions).toBeLessThanOrEqual(scheme.deductions.cap);
      }),
    );
  });

  it('never lowers disclosure_volume for more published items', () => {
    fc.assert(
      fc.property(
        unitArb,
        fc.constantFrom(...PUB_CATEGORY_CODES),
        fc.nat({ max: 200 }),
        fc.constantFrom(...PERIODS),
        (unit, category, more, period) => {
          const options = { period, today: '2012-01-01' };
          const submitted = { ...unit, submitted: true };
          const before = evaluateUnit(DEFAULT_SCHEME, submitted, options);
          const values = { ...unit.values, [category]: (unit.values[category] ?? 0) + more };
          const after = evaluateUnit(DEFAULT_SCHEME, { ...submitted, values }, options);
          expect(after.rules.disclosure_volume).toBeGreaterThanOrEqual(before.rules.disclosure_volume ?? 0);
        },
      ),
    );
  });

  it('ranks by competition ranking within each group', () => {
    const scoreArb = fc.record({
      group: fc.constantFrom<RankGroup>(...RANK_GROUPS),
      // A small set of scores, so that ties are common.
      score: fc.constantFrom(0, 12.5, 59.99, 60, 72.63, 90, 100, 104.5),
    });
    fc.assert(
      fc.property(fc.array(scoreArb, { maxLength: 30 }), (drawn) => {
        const scores = drawn.map(({ group, score }, i) => fakeScore(i, `U${String(1000 - i)}`, group, score));
        const ranked = rankScores(scores, null);
        expect(ranked).toHaveLength(scores.length);
        for (const s of ranked) {
          const better = scores.filter((o) => o.group === s.group && o.score > s.score).length;
          expect(s.rank).toBe(better + 1);
          expect(s.rankChange).toBeNull();
        }
        // Grassroots first, then by rank, then by unit code.
        const key = (s: (typeof ranked)[number]) => [RANK_GROUPS.indexOf(s.group), s.rank, s.unitCode] as const;
        for (let i = 1; i < ranked.length; i++) {
          const [g0, r0, c0] = key(ranked[i - 1] as (typeof ranked)[number]);
          const [g1, r1, c1] = key(ranked[i] as (typeof ranked)[number]);
          expect(g0 < g1 || (g0 === g1 && (r0 < r1 || (r0 === r1 && c0 < c1)))).toBe(true);
        }
      }),
    );
  });

  it('evaluates a year on the aggregate of its quarters, and splits findings across them', () => {
    const quarterArb = fc.array(fc.option(valuesArb, { nil: undefined }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(quarterArb, unitArb, isoDate, (byQuarter, unit, today) => {
        const quarters = byQuarter.flatMap((values, i) => (values ? [{ quarter: `2011Q${i + 1}`, values }] : []));
        const yearValues = aggregatePeriod(quarters, KINDS);
        const year = evaluateUnit(
          DEFAULT_SCHEME,
          { ...unit, submitted: true, values: yearValues },
          { period: '2011', today },
        );
        const inputs = Object.assign({}, ...year.explanation.rules.map((r) => r.inputs)) as Values;

        const sum = (codes: readonly string[]) =>
          quarters.reduce((total, q) => total + codes.reduce((s, c) => s + (q.values[c] ?? 0), 0), 0);
        expect(inputs['pub.total']).toBe(sum(PUB_CATEGORY_CODES));
        expect(inputs['training.attendees']).toBe(sum(['training.attendees']));
        if (unit.group === 'grassroots') {
          const last = quarters.filter((q) => q.values['approval.deployed'] !== undefined).at(-1);
          expect(inputs['approval.deployed']).toBe(last?.values['approval.deployed'] ?? 0);
        }

        // Each deduction, overdue point and commendation of the year belongs to exactly one of its quarters.
        const byQuarterScores = ['2011Q1', '2011Q2', '2011Q3', '2011Q4'].map((period) =>
          evaluateUnit(DEFAULT_SCHEME, unit, { period, today }),
        );
        const total = (pick: (s: UnitScore) => number) => byQuarterScores.reduce((s, q) => s + pick(q), 0);
        expect(year.explanation.deductionsUncapped).toBeCloseTo(
          total((q) => q.explanation.deductionsUncapped),
          6,
        );
        expect(year.explanation.bonusUncapped).toBeCloseTo(
          total((q) => q.explanation.bonusUncapped),
          6,
        );
        expect(year.explanation.deductions).toHaveLength(total((q) => q.explanation.deductions.length));
        expect(year.veto).toBe(byQuarterScores.some((q) => q.veto));
      }),
    );
  });
});

function fakeScore(unitId: number, unitCode: string, group: RankGroup, score: number): UnitScore {
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
