/** A rule line's formula and note (data from the engine) worded in the page language. Pure. */
import type { RuleFormula, RuleNote } from '../../../../server/domain/scoring/evaluate';
import { type Lang, translate } from '../../lib/i18n';
import { indicatorLabel, type NamedIndicator } from '../../lib/indicators';

// Numbers as the engine computed them (a quarter target may be 0.5): no grouping, at most 2 decimals.
const n = (x: number) => String(Math.round(x * 100) / 100);

export function formulaText(f: RuleFormula, lang: Lang): string {
  switch (f.kind) {
    case 'ratio':
      return translate(lang, 'explain.formula.ratio', {
        points: n(f.points),
        numerator: n(f.numerator),
        denominator: n(f.denominator),
      });
    case 'fixed':
      return translate(lang, 'explain.formula.fixed', { points: n(f.points) });
    case 'threshold':
      return translate(lang, 'explain.formula.threshold', { points: n(f.points), value: n(f.value), min: n(f.min) });
    case 'perCount':
      return translate(lang, 'explain.formula.perCount', {
        points: n(f.points),
        perCount: n(f.perCount),
        count: n(f.count),
      });
    case 'timeliness':
      return translate(lang, 'explain.formula.timeliness', { points: n(f.points), onTime: n(f.onTime), due: n(f.due) });
    case 'noneDue':
      return translate(lang, 'explain.formula.noneDue');
    case 'notSubmitted':
      return translate(lang, 'explain.formula.notSubmitted');
    case 'legacy':
      return f.text;
  }
}

export function noteText(note: RuleNote, lang: Lang, catalogue?: readonly NamedIndicator[]): string {
  switch (note.kind) {
    case 'quarterTarget':
      return translate(lang, 'explain.note.quarterTarget', {
        year: n(note.values.yearTarget),
        parts: n(note.values.parts),
      });
    case 'denominatorZero':
      return translate(lang, 'explain.note.denominatorZero', {
        name: indicatorLabel(note.values.denominator, lang, catalogue),
        points: n(note.values.points),
      });
    case 'noValue':
      return translate(lang, 'explain.note.noValue');
    case 'noQuarterDue':
      return translate(lang, 'explain.note.noQuarterDue');
    case 'legacy':
      return note.values.text;
  }
}
