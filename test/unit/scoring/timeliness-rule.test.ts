import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme';
import { evaluateUnit } from '../../../server/domain/scoring/evaluate';
import { type Scheme, validateScheme } from '../../../server/domain/scoring/scheme';
import { basisOf, explain } from '../../../server/services/scoring/explanation-basis';
import { LATE_TODAY, makeUnit, QUARTER, YEAR } from './factories';

// The optional `timeliness` rule kind: points for on-time submission; the default scheme has none.
function withTimeliness(points = 10): Scheme {
  const s = JSON.parse(JSON.stringify(DEFAULT_SCHEME)) as Scheme;
  s.rules.push({
    code: 'on_time',
    nameZh: '按时报送',
    nameEn: 'On time',
    points,
    kind: 'timeliness',
    groups: ['grassroots', 'organs'],
  });
  return s;
}
const rule = (scheme: Scheme, unit: ReturnType<typeof makeUnit>, period: string) =>
  evaluateUnit(scheme, unit, { period, today: LATE_TODAY }).explanation.rules.find((r) => r.code === 'on_time')!;

describe('timeliness rules', () => {
  it('validate as a rule kind of their own, reading no indicator', () => {
    const v = validateScheme(withTimeliness(), []);
    expect(v.ok).toBe(false); // the default scheme's indicators are unknown to an empty catalogue…
    const codes = DEFAULT_SCHEME.rules.flatMap((r) =>
      r.kind === 'ratio'
        ? [r.numerator, ...('indicator' in r.denominator ? [r.denominator.indicator] : [])]
        : r.kind === 'timeliness'
          ? []
          : [r.indicator],
    );
    expect(validateScheme(withTimeliness(), codes)).toMatchObject({ ok: true });
    // …and the timeliness rule adds no error of its own.
    expect(JSON.stringify(v)).not.toMatch(/on_time/);
  });

  it('a quarter is all or nothing; a year counts its quarters', () => {
    const s = withTimeliness(8);
    expect(rule(s, makeUnit({ timeliness: { onTime: 1, due: 1 } }), QUARTER)).toMatchObject({
      earned: 8,
      formula: { kind: 'timeliness', points: 8, onTime: 1, due: 1 },
      inputs: { 'submission.onTime': 1, 'submission.due': 1 },
    });
    expect(rule(s, makeUnit({ timeliness: { onTime: 0, due: 1 } }), QUARTER).earned).toBe(0);
    expect(rule(s, makeUnit({ timeliness: { onTime: 3, due: 4 } }), YEAR).earned).toBe(6);
    expect(rule(s, makeUnit({}), QUARTER)).toMatchObject({
      earned: 0,
      formula: { kind: 'noneDue' },
      note: { kind: 'noQuarterDue', values: {} },
    });
    // Rescaled like any rule: 100 + 8 available points.
    const full = evaluateUnit(s, makeUnit({ timeliness: { onTime: 1, due: 1 } }), {
      period: QUARTER,
      today: LATE_TODAY,
    });
    expect(full.explanation.available).toBe(108);
    expect(full.explanation.rescaled).toBe(true);
  });

  it('the explanation basis keeps the timeliness inputs, so a stored explanation comes back exactly', () => {
    const s = withTimeliness(8);
    const unit = makeUnit({ timeliness: { onTime: 2, due: 4 } });
    const score = evaluateUnit(s, unit, { period: YEAR, today: LATE_TODAY });
    const basis = basisOf(s, unit, score, LATE_TODAY);
    expect(basis.o).toEqual([2, 4]);
    expect(explain(s, JSON.parse(JSON.stringify(basis)), unit, YEAR)).toEqual(score);
    // The default scheme stores no timeliness.
    const plain = evaluateUnit(DEFAULT_SCHEME, unit, { period: YEAR, today: LATE_TODAY });
    expect(basisOf(DEFAULT_SCHEME, unit, plain, LATE_TODAY).o).toBeUndefined();
  });
});
