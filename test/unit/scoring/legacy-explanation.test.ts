import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme';
import { evaluateUnit, type ScoreExplanation } from '../../../server/domain/scoring/evaluate';
import { legacyFormula, legacyNote, upgradeStoredExplanation } from '../../../server/domain/scoring/legacy-explanation';

describe('explanations stored as text before formulas were data', () => {
  it.each([
    ['30 × min(1, 4321 / 80)', { kind: 'ratio', points: 30, numerator: 4321, denominator: 80 }],
    ['10 × min(1, 1 / 0.5)', { kind: 'ratio', points: 10, numerator: 1, denominator: 0.5 }],
    ['25 if 1 ≥ 1, else 0', { kind: 'threshold', points: 25, value: 1, min: 1 }],
    ['max(0, 15 − 5 × 2)', { kind: 'perCount', points: 15, perCount: 5, count: 2 }],
    ['8 × 3 / 4', { kind: 'timeliness', points: 8, onTime: 3, due: 4 }],
    ['10', { kind: 'fixed', points: 10 }],
    ['not submitted', { kind: 'notSubmitted' }],
    ['something else', { kind: 'legacy', text: 'something else' }],
  ])('formula %s', (text, formula) => {
    expect(legacyFormula(text)).toEqual(formula);
  });

  it.each([
    ['quarter target = year target 2 / 4', { kind: 'quarterTarget', values: { yearTarget: 2, parts: 4 } }],
    [
      'denominator req.total is 0: 5 points',
      { kind: 'denominatorZero', values: { denominator: 'req.total', points: 5 } },
    ],
    ['denominator target:x is 0: 1 point', { kind: 'denominatorZero', values: { denominator: 'target:x', points: 1 } }],
    ['no submitted or verified value in the period: 0 points', { kind: 'noValue', values: {} }],
    ['no quarter of the period was due: 0 points', { kind: 'noQuarterDue', values: {} }],
    ['an unknown note', { kind: 'legacy', values: { text: 'an unknown note' } }],
  ])('note %s', (text, note) => {
    expect(legacyNote(text)).toEqual(note);
  });

  it('gives an old stored explanation the lines a fresh evaluation writes, numbers untouched', () => {
    const unit = {
      unitId: 1,
      unitCode: 'T01',
      group: 'grassroots' as const,
      submitted: true,
      values: { 'pub.news': 7, 'approval.deployed': 1, 'appeal.review': 1 },
      findings: [],
      commendations: [],
      timeliness: { onTime: 0, due: 0 },
    };
    const onTime = {
      code: 'on_time',
      nameZh: '按时报送',
      nameEn: 'On time',
      points: 8,
      groups: ['grassroots' as const],
      kind: 'timeliness' as const,
    };
    const scheme = { ...DEFAULT_SCHEME, rules: [...DEFAULT_SCHEME.rules, onTime] };
    const fresh = evaluateUnit(scheme, unit, { period: '2011Q3', today: '2011-12-31' }).explanation;
    expect(new Set(fresh.rules.map((r) => r.formula.kind))).toEqual(
      new Set(['ratio', 'fixed', 'threshold', 'perCount', 'noneDue']),
    );
    // As the engine wrote it before: the same lines with English text.
    const old = {
      ...fresh,
      rules: fresh.rules.map((r) => ({
        ...r,
        formula: oldFormulaText(r.formula),
        ...(r.note ? { note: oldNoteText(r.note) } : {}),
      })),
    } as unknown as ScoreExplanation;
    expect(upgradeStoredExplanation(old)).toEqual(fresh);
    expect(upgradeStoredExplanation(fresh)).toEqual(fresh);
  });
});

// The engine's former wording (evaluate.ts before formulas were data), to make old rows in the test.
function oldFormulaText(f: ScoreExplanation['rules'][number]['formula']): string {
  switch (f.kind) {
    case 'ratio':
      return `${f.points} × min(1, ${f.numerator} / ${f.denominator})`;
    case 'fixed':
      return String(f.points);
    case 'threshold':
      return `${f.points} if ${f.value} ≥ ${f.min}, else 0`;
    case 'perCount':
      return `max(0, ${f.points} − ${f.perCount} × ${f.count})`;
    case 'timeliness':
      return `${f.points} × ${f.onTime} / ${f.due}`;
    case 'noneDue':
      return '0';
    case 'notSubmitted':
      return 'not submitted';
    case 'legacy':
      return f.text;
  }
}

function oldNoteText(n: NonNullable<ScoreExplanation['rules'][number]['note']>): string {
  switch (n.kind) {
    case 'quarterTarget':
      return `quarter target = year target ${n.values.yearTarget} / ${n.values.parts}`;
    case 'denominatorZero':
      return `denominator ${n.values.denominator} is 0: ${n.values.points} points`;
    case 'noValue':
      return 'no submitted or verified value in the period: 0 points';
    case 'noQuarterDue':
      return 'no quarter of the period was due: 0 points';
    case 'legacy':
      return n.values.text;
  }
}
