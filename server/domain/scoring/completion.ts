/** The completion rates shown beside the scores (scoring.md). */
import { isIsoDate, parsePeriod, periodBounds } from '../periods.ts';
import type { EvaluateOptions, UnitInput } from './evaluate.ts';

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
