/**
 * The scoring oracle: plain, unoptimised TypeScript for what production does in set-based SQL — a
 * period's values from its quarters (services/scoring/load-score-inputs.ts), the ranking within each
 * group (services/scoring/rescore.ts) and the completion rates (services/scores/find-overview.ts).
 * Tests only: production never calls these, so that each rule has one truth (the SQL) and one
 * independent check (this file, through test/integration/score-oracle.test.ts). The score of one unit
 * is the domain's own (server/domain/scoring/evaluate.ts), which production does call.
 */
import { DERIVED_TOTALS, type IndicatorDef, type IndicatorKind, RANK_GROUPS } from '../../server/domain/catalogue.ts';
import { isIsoDate, parsePeriod, periodBounds } from '../../server/domain/periods.ts';
import {
  type EvaluateOptions,
  evaluateUnit,
  type UnitInput,
  type UnitScore,
  type Values,
} from '../../server/domain/scoring/evaluate.ts';
import { roundHalfUp2 } from '../../server/domain/scoring/round-half-up.ts';
import type { Scheme } from '../../server/domain/scoring/scheme.ts';

// ---------------------------------------------------------------------------------------------
// Aggregation (scoring.md): flows summed over the quarters, stocks the value of the last quarter.

export type QuarterValues = { quarter: string; values: Readonly<Values> };

/**
 * A year's (or any run of quarters') values: flow indicators summed, stock indicators the
 * value of the last quarter that has one. A code missing from `kinds` counts as a flow.
 */
export function aggregatePeriod(
  quarterValues: readonly QuarterValues[],
  kinds: Readonly<Record<string, IndicatorKind>>,
): Values {
  // Quarter codes (`2011Q3`) sort as text; sorting makes "last" independent of input order.
  const ordered = [...quarterValues].sort((a, b) => (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0));
  const result: Values = {};
  for (const { values } of ordered) {
    for (const [code, value] of Object.entries(values)) {
      if (kinds[code] === 'stock') result[code] = value;
      else result[code] = (result[code] ?? 0) + value;
    }
  }
  return result;
}

/** The values with `pub.total`, `req.total`, `reply.total` and `appeal.total` (re)computed from their parts. */
export function withDerivedTotals(values: Readonly<Values>): Values {
  const result: Values = { ...values };
  for (const [total, parts] of Object.entries(DERIVED_TOTALS)) {
    let sum = 0;
    for (const part of parts) sum += values[part] ?? 0;
    result[total] = sum;
  }
  return result;
}

/** Indicator code → flow or stock, from a catalogue. */
export function indicatorKinds(
  catalogue: readonly Pick<IndicatorDef, 'code' | 'kind'>[],
): Record<string, IndicatorKind> {
  return Object.fromEntries(catalogue.map((def) => [def.code, def.kind]));
}

// ---------------------------------------------------------------------------------------------
// Ranking: competition ranks within each group.

export type RankedUnitScore = UnitScore & {
  /** Competition rank within the group (1, 2, 2, 4). */
  rank: number;
  /** Previous rank − this rank (positive = up); null without a previous rank. */
  rankChange: number | null;
};

/** Every unit's score for a period, ranked (see rankScores). */
export function evaluatePeriod(
  scheme: Scheme,
  units: readonly UnitInput[],
  options: EvaluateOptions & { previousRanks?: ReadonlyMap<number, number> | null },
): RankedUnitScore[] {
  const scores = units.map((unit) => evaluateUnit(scheme, unit, options));
  return rankScores(scores, options.previousRanks ?? null);
}

/**
 * Adds rank and rank change: within each group by score (its 2-decimal value) high to
 * low, equal scores share the best rank and the next rank skips (1, 2, 2, 4). Ordered
 * grassroots first, then organs; by rank, then unit code. Does not modify `scores`.
 */
export function rankScores(
  scores: readonly UnitScore[],
  previousRanks: ReadonlyMap<number, number> | null,
): RankedUnitScore[] {
  const copies: RankedUnitScore[] = scores.map((s) => ({ ...s, rank: 0, rankChange: null }));
  const ranked: RankedUnitScore[] = [];
  for (const group of RANK_GROUPS) {
    const members = copies.filter((s) => s.group === group);
    // Engine scores already hold 2 decimals; rounding again only matters for scores made elsewhere.
    for (const s of members) s.score = roundHalfUp2(s.score);
    members.sort((a, b) => b.score - a.score || compareCodes(a.unitCode, b.unitCode));
    let rank = 0;
    members.forEach((s, i) => {
      if (i === 0 || s.score !== members[i - 1]?.score) rank = i + 1;
      const previous = previousRanks?.get(s.unitId);
      s.rank = rank;
      s.rankChange = previous === undefined ? null : previous - rank;
      ranked.push(s);
    });
  }
  return ranked;
}

// Plain code-unit order: the same on every machine, unlike localeCompare.
function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Completion rates shown beside the scores (scoring.md).

export type CompletionRate = { done: number; total: number };
export type CompletionRates = {
  /** Grassroots units with `approval.deployed` ≥ 1 at the period's end, over all grassroots units (2011: 24/36). */
  approvalRollout: CompletionRate;
  /** Units with a submission for the period, over all units. */
  submission: CompletionRate;
  /**
   * Findings rectified on or before their deadline, over findings whose deadline has
   * passed (is before today); counted in the period the deadline falls in, as overdue points are.
   */
  rectification: CompletionRate;
};

export type CompletionUnit = Pick<UnitInput, 'group' | 'submitted' | 'values' | 'findings'>;

/** Completion rates over every unit given, with values aggregated for the period (stocks at its end). */
export function completionRates(units: readonly CompletionUnit[], options: EvaluateOptions): CompletionRates {
  const period = parsePeriod(options.period);
  if (!period) throw new Error(`invalid period ${options.period}`);
  if (!isIsoDate(options.today)) throw new Error(`invalid date ${options.today}`);
  const { start, end } = periodBounds(period.code);
  const { today } = options;

  const approvalRollout: CompletionRate = { done: 0, total: 0 };
  const submission: CompletionRate = { done: 0, total: 0 };
  const rectification: CompletionRate = { done: 0, total: 0 };
  for (const unit of units) {
    submission.total += 1;
    if (unit.submitted) submission.done += 1;
    if (unit.group === 'grassroots') {
      approvalRollout.total += 1;
      if ((unit.values['approval.deployed'] ?? 0) >= 1) approvalRollout.done += 1;
    }
    for (const finding of unit.findings) {
      const deadline = finding.deadline === null ? null : finding.deadline.slice(0, 10);
      if (deadline === null || deadline < start || deadline > end || deadline >= today) continue;
      rectification.total += 1;
      const rectifiedAt = finding.rectifiedAt === null ? null : finding.rectifiedAt.slice(0, 10);
      if (rectifiedAt !== null && rectifiedAt <= deadline) rectification.done += 1;
    }
  }
  return { approvalRollout, submission, rectification };
}
