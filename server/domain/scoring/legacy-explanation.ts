/**
 * Explanations stored whole before rule lines carried their formula and note as data (score rows
 * written before explanation bases, see services/scoring/explanation-basis.ts) hold English text such
 * as `25 if 1 ≥ 1, else 0` and `denominator req.total is 0: 10 points`. This is the one place that reads
 * those texts back into the structured form, so that the client words old rows like new ones. The
 * numbers (earned, points) are untouched: only the wording of the formula and note changes.
 */
import type { RuleExplanation, RuleFormula, RuleNote, ScoreExplanation } from './evaluate.ts';

/** A rule line as it was stored before formulas were data: `formula` and `note` are text. */
type StoredRuleLine = Omit<RuleExplanation, 'formula' | 'note'> & { formula: unknown; note?: unknown };

const NUM = String.raw`(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)`;
const RATIO = new RegExp(String.raw`^${NUM} × min\(1, ${NUM} / ${NUM}\)$`);
const THRESHOLD = new RegExp(`^${NUM} if ${NUM} ≥ ${NUM}, else 0$`);
const PER_COUNT = new RegExp(String.raw`^max\(0, ${NUM} − ${NUM} × ${NUM}\)$`);
const TIMELINESS = new RegExp(`^${NUM} × ${NUM} / ${NUM}$`);
const FIXED = new RegExp(`^${NUM}$`);
const QUARTER_TARGET = new RegExp(`^quarter target = year target ${NUM} / ${NUM}$`);
const DENOMINATOR_ZERO = new RegExp(String.raw`^denominator (\S+) is 0: ${NUM} points?$`);

// The numbers a pattern captured, or null when the text does not match it.
function numbersOf(pattern: RegExp, text: string): number[] | null {
  const m = pattern.exec(text);
  return m ? m.slice(1).map(Number) : null;
}

/** A stored text formula as data; a text of no known form is kept as `legacy` text. */
export function legacyFormula(text: string): RuleFormula {
  if (text === 'not submitted') return { kind: 'notSubmitted' };
  const ratio = numbersOf(RATIO, text);
  if (ratio) return { kind: 'ratio', points: ratio[0] ?? 0, numerator: ratio[1] ?? 0, denominator: ratio[2] ?? 0 };
  const threshold = numbersOf(THRESHOLD, text);
  if (threshold)
    return { kind: 'threshold', points: threshold[0] ?? 0, value: threshold[1] ?? 0, min: threshold[2] ?? 0 };
  const perCount = numbersOf(PER_COUNT, text);
  if (perCount)
    return { kind: 'perCount', points: perCount[0] ?? 0, perCount: perCount[1] ?? 0, count: perCount[2] ?? 0 };
  const timeliness = numbersOf(TIMELINESS, text);
  if (timeliness)
    return { kind: 'timeliness', points: timeliness[0] ?? 0, onTime: timeliness[1] ?? 0, due: timeliness[2] ?? 0 };
  const fixed = numbersOf(FIXED, text);
  if (fixed) return { kind: 'fixed', points: fixed[0] ?? 0 };
  return { kind: 'legacy', text };
}

/** A stored text note as data; a text of no known form is kept as `legacy` text. */
export function legacyNote(text: string): RuleNote {
  const target = numbersOf(QUARTER_TARGET, text);
  if (target) return { kind: 'quarterTarget', values: { yearTarget: target[0] ?? 0, parts: target[1] ?? 0 } };
  const zero = DENOMINATOR_ZERO.exec(text);
  if (zero) return { kind: 'denominatorZero', values: { denominator: zero[1] ?? '', points: Number(zero[2]) } };
  if (text === 'no submitted or verified value in the period: 0 points') return { kind: 'noValue', values: {} };
  if (text === 'no quarter of the period was due: 0 points') return { kind: 'noQuarterDue', values: {} };
  return { kind: 'legacy', values: { text } };
}

/**
 * A stored whole explanation with its rule lines' formulas and notes as data. Lines already in the
 * structured form pass unchanged; `0` with no quarter due reads as `noneDue`.
 */
export function upgradeStoredExplanation(stored: ScoreExplanation): ScoreExplanation {
  const rules = (stored.rules as readonly StoredRuleLine[]).map((line): RuleExplanation => {
    const { formula: f, note: n, ...rest } = line;
    const note = typeof n === 'string' ? legacyNote(n) : (n as RuleNote | undefined);
    let formula = typeof f === 'string' ? legacyFormula(f) : (f as RuleFormula);
    if (formula.kind === 'fixed' && formula.points === 0 && note?.kind === 'noQuarterDue')
      formula = { kind: 'noneDue' };
    return note === undefined ? { ...rest, formula } : { ...rest, formula, note };
  });
  return { ...stored, rules };
}
