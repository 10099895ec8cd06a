/**
 * The scoring engine (scoring.md): one unit's score for a quarter or a year, explained
 * line by line. Pure: the caller passes the values, findings, commendations and `today`.
 * Aggregation, ranking and completion rates are set-based SQL in production
 * (services/scoring/load-score-inputs.ts, rescore.ts, scores/find-overview.ts), checked against
 * the independent oracle in test/helpers/scoring-oracle.ts (test/integration/score-oracle.test.ts).
 */
import { DERIVED_TOTALS, RANK_GROUPS, type RankGroup } from '../catalogue.ts';
import { isIsoDate, parsePeriod, periodBounds, quartersOfYear } from '../periods.ts';
import { roundHalfUp2 } from './round-half-up.ts';
import type { Grade, GradeBand, Rule, Scheme } from './scheme.ts';

/** Indicator code → value: a quarter's, or a period's aggregated from its quarters. */
export type Values = Record<string, number>;

export type Severity = 'minor' | 'major' | 'veto';

export type FindingInput = {
  id: number;
  /** The quarter the finding was recorded in, e.g. `2011Q2` (a year code counts in that year only). */
  quarter: string;
  severity: Severity;
  deduction: number;
  description: string;
  /** ISO date. */
  deadline: string | null;
  /** ISO date. */
  rectifiedAt: string | null;
};

export type CommendationInput = { id: number; quarter: string; points: number; reason: string };

export type UnitInput = {
  unitId: number;
  unitCode: string;
  group: RankGroup;
  /** Whether the unit has a submitted or verified value in the period. */
  submitted: boolean;
  /** Already aggregated for the period (see aggregatePeriod); derived totals are computed from their parts. */
  values: Readonly<Values>;
  /** May hold other periods' findings: the engine picks those whose deduction or overdue point belongs to the period. */
  findings: readonly FindingInput[];
  /** May hold other periods' commendations. */
  commendations: readonly CommendationInput[];
  /** For `timeliness` rules: of the period's quarters (`due`), how many were submitted by their deadline. */
  timeliness?: { onTime: number; due: number };
};

export type EvaluateOptions = {
  /** `2011Q3` or `2011`. */
  period: string;
  /** ISO date: findings whose deadline is before it and that were not rectified by it are overdue. */
  today: string;
};

export type RuleExplanation = {
  code: string;
  nameZh: string;
  nameEn: string;
  /** The most the rule can earn. */
  points: number;
  /** Full precision; the sums use this. */
  earned: number;
  earnedRounded: number;
  /** How the points came about, as data: the client words it in the page's language (scorecard/explain-text.ts). */
  formula: RuleFormula;
  /** The numbers the formula used, by indicator code (`target:<name>` for a target). */
  inputs: Record<string, number>;
  note?: RuleNote;
};

/**
 * A rule line's formula. `ratio`: points × min(1, numerator / denominator); `fixed`: the points a rule
 * gives when its denominator is 0 (its `whenZero`); `threshold`: points if value ≥ min, else 0;
 * `perCount`: max(0, points − perCount × count); `timeliness`: points × onTime / due; `noneDue`: 0, no
 * quarter was due; `notSubmitted`: 0, the unit has no submitted or verified value in the period.
 * `legacy`: an explanation stored as text before formulas were data, whose text matched no known form.
 */
export type RuleFormula =
  | { kind: 'ratio'; points: number; numerator: number; denominator: number }
  | { kind: 'fixed'; points: number }
  | { kind: 'threshold'; points: number; value: number; min: number }
  | { kind: 'perCount'; points: number; perCount: number; count: number }
  | { kind: 'timeliness'; points: number; onTime: number; due: number }
  | { kind: 'noneDue' }
  | { kind: 'notSubmitted' }
  | { kind: 'legacy'; text: string };

/**
 * A note on a rule line. `quarterTarget`: a quarter is held to the year's target ÷ parts;
 * `denominatorZero`: the denominator (an indicator code) was 0, so the rule gave `points`;
 * `noValue`: nothing submitted or verified in the period; `noQuarterDue`: no quarter of the period was due;
 * `legacy`: a stored text note of an old explanation that matched no known form.
 */
export type RuleNote =
  | { kind: 'quarterTarget'; values: { yearTarget: number; parts: number } }
  | { kind: 'denominatorZero'; values: { denominator: string; points: number } }
  | { kind: 'noValue'; values: Record<string, never> }
  | { kind: 'noQuarterDue'; values: Record<string, never> }
  | { kind: 'legacy'; values: { text: string } };

// Formulas and notes that do not depend on the unit are made once and shared by every line; frozen
// so that no reader can change them for all lines at once.
const NOT_SUBMITTED: RuleFormula = Object.freeze({ kind: 'notSubmitted' });
const NO_VALUE: RuleNote = Object.freeze({ kind: 'noValue', values: Object.freeze({}) });
const NONE_DUE: RuleFormula = Object.freeze({ kind: 'noneDue' });
const NO_QUARTER_DUE: RuleNote = Object.freeze({ kind: 'noQuarterDue', values: Object.freeze({}) });

export type DeductionLine = {
  findingId: number;
  /** `deduction`: the finding's own points, in its quarter's period; `overdue`: the overdue point, in its deadline's period. */
  kind: 'deduction' | 'overdue';
  points: number;
  description: string;
  quarter: string;
  deadline: string | null;
  rectifiedAt: string | null;
  /** For `overdue`: days from the deadline to the late rectification, or to today while still open. */
  daysOverdue?: number;
};

export type BonusLine = { commendationId: number; points: number; reason: string };

export type ScoreExplanation = {
  rules: RuleExplanation[];
  /** Sum of the applicable rules' earned points (2 decimals), before rescaling. */
  earned: number;
  /** Listed even for a unit that did not submit, whose deductions are then 0. */
  deductions: DeductionLine[];
  deductionsUncapped: number;
  deductionCap: number;
  bonuses: BonusLine[];
  bonusUncapped: number;
  bonusCap: number;
  /** Points the rules applying to the unit's group add up to. */
  available: number;
  /** True when `available` is not 100 and the base was scaled to 100. */
  rescaled: boolean;
};

export type UnitScore = {
  unitId: number;
  unitCode: string;
  group: RankGroup;
  period: string;
  submitted: boolean;
  /** Rule code → earned points, 2 decimals; only rules applying to the group. */
  rules: Record<string, number>;
  base: number;
  deductions: number;
  bonus: number;
  score: number;
  grade: Grade;
  veto: boolean;
  explanation: ScoreExplanation;
};

/**
 * One unit's score for a period. The scheme is prepared once per scheme object, period
 * and today, so calling this unit by unit stays fast; treat a scheme as immutable.
 */
export function evaluateUnit(scheme: Scheme, unit: UnitInput, options: EvaluateOptions): UnitScore {
  return scoreUnit(planFor(scheme, options), unit);
}

// Evaluating a rule builds its explanation line directly: with thousands of units, every
// intermediate object shows up in the time spent collecting garbage.
type CompiledRule = { rule: Rule; evaluate: (values: Readonly<Values>, unit: UnitInput) => RuleExplanation };
type GroupPlan = { rules: CompiledRule[]; available: number; rescaled: boolean };

// Everything about the scheme and period that does not depend on the unit, worked out once.
type Plan = {
  period: string;
  today: string;
  /** The period codes whose findings and commendations belong to the period. */
  quarters: ReadonlySet<string>;
  /** First and last day: overdue points belong to the period their deadline falls in. */
  start: string;
  end: string;
  groups: Record<RankGroup, GroupPlan>;
  deductionCap: number;
  overduePoint: number;
  bonusCap: number;
  bands: readonly GradeBand[];
};

// Services score unit by unit; preparing the scheme (parsing the period, building the
// rules' closures and texts) for each unit would cost more than scoring it. The last
// plan per scheme object is kept; a WeakMap lets a scheme and its plan go together.
const lastPlans = new WeakMap<Scheme, { period: string; today: string; plan: Plan }>();

function planFor(scheme: Scheme, options: EvaluateOptions): Plan {
  const last = lastPlans.get(scheme);
  if (last && last.period === options.period && last.today === options.today) return last.plan;
  const plan = planEvaluation(scheme, options);
  lastPlans.set(scheme, { period: options.period, today: options.today, plan });
  return plan;
}

function planEvaluation(scheme: Scheme, options: EvaluateOptions): Plan {
  const period = parsePeriod(options.period);
  if (!period) throw new Error(`invalid period ${options.period}`);
  if (!isIsoDate(options.today)) throw new Error(`invalid date ${options.today}`);
  const { start, end } = periodBounds(period.code);
  // Targets are per year; a quarter gets a quarter of them.
  const targetDivisor = period.kind === 'quarter' ? 4 : 1;

  const groups = {} as Record<RankGroup, GroupPlan>;
  for (const group of RANK_GROUPS) {
    const rules = scheme.rules
      .filter((rule) => rule.groups.includes(group))
      .map((rule) => compileRule(rule, scheme, group, targetDivisor));
    const available = rules.reduce((sum, { rule }) => sum + rule.points, 0);
    groups[group] = { rules, available, rescaled: Math.abs(available - 100) > 1e-9 };
  }
  return {
    period: period.code,
    today: options.today,
    // A year also holds entries recorded against the year itself (an import may name `2011`).
    quarters: new Set(period.kind === 'quarter' ? [period.code] : [...quartersOfYear(period.year), period.code]),
    start,
    end,
    groups,
    deductionCap: scheme.deductions.cap,
    overduePoint: scheme.deductions.overduePoint,
    bonusCap: scheme.bonus.cap,
    bands: [...scheme.grades].sort((a, b) => b.min - a.min),
  };
}

// What does not depend on the unit (notes, the formula of a zero denominator) is made here, once;
// per unit only one small formula object is made.
function compileRule(rule: Rule, scheme: Scheme, group: RankGroup, targetDivisor: number): CompiledRule {
  const { code: ruleCode, nameZh, nameEn, points } = rule;
  // Two literals rather than adding `note` afterwards, which would allocate again.
  const line = (
    earned: number,
    formula: RuleFormula,
    inputs: Record<string, number>,
    note?: RuleNote,
  ): RuleExplanation =>
    note === undefined
      ? { code: ruleCode, nameZh, nameEn, points, earned, earnedRounded: roundHalfUp2(earned), formula, inputs }
      : { code: ruleCode, nameZh, nameEn, points, earned, earnedRounded: roundHalfUp2(earned), formula, inputs, note };
  switch (rule.kind) {
    case 'ratio': {
      const numeratorCode = rule.numerator;
      const readNumerator = readerOf(numeratorCode);
      const { whenZero } = rule;
      let denominatorKey: string;
      let readDenominator: (values: Readonly<Values>) => number;
      let quarterNote: RuleNote | undefined;
      if ('target' in rule.denominator) {
        const name = rule.denominator.target;
        const yearTarget = scheme.targets[name]?.[group] ?? 0;
        const target = yearTarget / targetDivisor;
        denominatorKey = `target:${name}`;
        readDenominator = () => target;
        if (targetDivisor !== 1)
          quarterNote = Object.freeze({
            kind: 'quarterTarget',
            values: Object.freeze({ yearTarget, parts: targetDivisor }),
          });
      } else {
        denominatorKey = rule.denominator.indicator;
        readDenominator = readerOf(denominatorKey);
      }
      const zeroFormula: RuleFormula = Object.freeze({ kind: 'fixed', points: whenZero });
      const zeroNote: RuleNote = Object.freeze({
        kind: 'denominatorZero',
        values: Object.freeze({ denominator: denominatorKey, points: whenZero }),
      });
      return {
        rule,
        evaluate(values) {
          const numerator = readNumerator(values);
          const denominator = readDenominator(values);
          const inputs: Record<string, number> = {};
          inputs[numeratorCode] = numerator;
          inputs[denominatorKey] = denominator;
          if (denominator === 0) return line(whenZero, zeroFormula, inputs, zeroNote);
          const ratio = numerator / denominator;
          // points × numerator / denominator, multiplied first: 30 × 7 / 80 is exactly 2.625,
          // 30 × (7 / 80) is not.
          const earned = ratio >= 1 ? points : ratio <= 0 ? 0 : (points * numerator) / denominator;
          return line(earned, { kind: 'ratio', points, numerator, denominator }, inputs, quarterNote);
        },
      };
    }
    case 'threshold': {
      const code = rule.indicator;
      const read = readerOf(code);
      const { min } = rule;
      return {
        rule,
        evaluate(values) {
          const value = read(values);
          const inputs: Record<string, number> = {};
          inputs[code] = value;
          return line(value >= min ? points : 0, { kind: 'threshold', points, value, min }, inputs);
        },
      };
    }
    case 'per_count': {
      const code = rule.indicator;
      const read = readerOf(code);
      const { perCount } = rule;
      return {
        rule,
        evaluate(values) {
          const value = read(values);
          const inputs: Record<string, number> = {};
          inputs[code] = value;
          return line(
            Math.max(0, points - perCount * value),
            { kind: 'perCount', points, perCount, count: value },
            inputs,
          );
        },
      };
    }
    case 'timeliness': {
      return {
        rule,
        evaluate(_values, unit) {
          const onTime = unit.timeliness?.onTime ?? 0;
          const due = unit.timeliness?.due ?? 0;
          const inputs: Record<string, number> = { 'submission.onTime': onTime, 'submission.due': due };
          if (due === 0) return line(0, NONE_DUE, inputs, NO_QUARTER_DUE);
          return line((points * Math.min(onTime, due)) / due, { kind: 'timeliness', points, onTime, due }, inputs);
        },
      };
    }
  }
}

// Derived totals always come from their parts, so a stale total can never disagree with them.
function readerOf(code: string): (values: Readonly<Values>) => number {
  const parts = Object.hasOwn(DERIVED_TOTALS, code) ? DERIVED_TOTALS[code] : undefined;
  if (parts) {
    return (values) => {
      let sum = 0;
      for (const part of parts) sum += numberAt(values, part);
      return sum;
    };
  }
  return (values) => numberAt(values, code);
}

// Absent counts as 0 (scoring.md); a non-number would otherwise poison the whole ranking.
function numberAt(values: Readonly<Values>, code: string): number {
  const value = values[code];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function scoreUnit(plan: Plan, unit: UnitInput): UnitScore {
  const groupPlan = plan.groups[unit.group];
  const { submitted } = unit;

  const rules: Record<string, number> = {};
  const ruleLines: RuleExplanation[] = [];
  let earned = 0;
  for (const { rule, evaluate } of groupPlan.rules) {
    const line: RuleExplanation = submitted
      ? evaluate(unit.values, unit)
      : {
          code: rule.code,
          nameZh: rule.nameZh,
          nameEn: rule.nameEn,
          points: rule.points,
          earned: 0,
          earnedRounded: 0,
          formula: NOT_SUBMITTED,
          inputs: {},
          note: NO_VALUE,
        };
    earned += line.earned;
    rules[rule.code] = line.earnedRounded;
    ruleLines.push(line);
  }

  let veto = false;
  let deductionSum = 0;
  const deductionLines: DeductionLine[] = [];
  for (const finding of unit.findings) {
    if (plan.quarters.has(finding.quarter)) {
      if (finding.severity === 'veto') veto = true;
      deductionSum += finding.deduction;
      deductionLines.push(findingLine(finding, 'deduction', finding.deduction));
    }
    const deadline = finding.deadline === null ? null : finding.deadline.slice(0, 10);
    if (deadline === null || deadline < plan.start || deadline > plan.end || deadline >= plan.today) continue;
    const rectifiedAt = finding.rectifiedAt === null ? null : finding.rectifiedAt.slice(0, 10);
    if (rectifiedAt !== null && rectifiedAt <= deadline) continue; // rectified in time
    deductionSum += plan.overduePoint;
    const line = findingLine(finding, 'overdue', plan.overduePoint);
    line.daysOverdue = daysBetween(deadline, rectifiedAt ?? plan.today);
    deductionLines.push(line);
  }

  let bonusSum = 0;
  const bonusLines: BonusLine[] = [];
  for (const commendation of unit.commendations) {
    if (!plan.quarters.has(commendation.quarter)) continue;
    bonusSum += commendation.points;
    bonusLines.push({ commendationId: commendation.id, points: commendation.points, reason: commendation.reason });
  }

  const { available, rescaled } = groupPlan;
  const base = !submitted || available <= 0 ? 0 : rescaled ? (earned * 100) / available : earned;
  // Clamped at 0 as well, so that a negative entry can never work as the opposite.
  const deductions = submitted ? clamp(deductionSum, plan.deductionCap) : 0;
  const bonus = submitted ? clamp(bonusSum, plan.bonusCap) : 0;
  const score = submitted ? roundHalfUp2(Math.max(0, base - deductions + bonus)) : 0;

  return {
    unitId: unit.unitId,
    unitCode: unit.unitCode,
    group: unit.group,
    period: plan.period,
    submitted,
    rules,
    base: roundHalfUp2(base),
    deductions: roundHalfUp2(deductions),
    bonus: roundHalfUp2(bonus),
    score,
    grade: veto || !submitted ? 'fail' : gradeOf(score, plan.bands),
    veto,
    explanation: {
      rules: ruleLines,
      earned: roundHalfUp2(earned),
      deductions: deductionLines,
      deductionsUncapped: roundHalfUp2(deductionSum),
      deductionCap: plan.deductionCap,
      bonuses: bonusLines,
      bonusUncapped: roundHalfUp2(bonusSum),
      bonusCap: plan.bonusCap,
      available: roundHalfUp2(available),
      rescaled,
    },
  };
}

function findingLine(finding: FindingInput, kind: DeductionLine['kind'], points: number): DeductionLine {
  return {
    findingId: finding.id,
    kind,
    points,
    description: finding.description,
    quarter: finding.quarter,
    deadline: finding.deadline,
    rectifiedAt: finding.rectifiedAt,
  };
}

/** The grade of a (2-decimal) score by the scheme's bands, highest first; `fail` below them all. */
export function gradeOf(score: number, bands: readonly GradeBand[]): Grade {
  for (const band of bands) if (score >= band.min) return band.grade;
  return 'fail';
}

function clamp(sum: number, cap: number): number {
  return Math.max(0, Math.min(cap, sum));
}

// Date-only ISO strings parse as UTC midnight, so the difference is whole days in any TZ.
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
