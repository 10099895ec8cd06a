import { hundredthsOf } from './validation/decimals.ts';

/**
 * Appeals (申诉复核) against a published version: the window, the outcomes and what a decision does to the
 * finding's deduction. Pure; no clock (the caller passes today).
 */

export const APPEAL_OUTCOMES = ['upheld', 'partly_upheld', 'rejected'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** Whether an appeal filed on `today` is inside a window that closes on `closingDay` (inclusive, ISO days). */
export function insideAppealWindow(today: string, closingDay: string): boolean {
  return today <= closingDay;
}

/**
 * The finding's deduction after a decision, or the sentence that says why the decision is not possible.
 * Upheld: the deduction goes (0). Partly upheld: a smaller deduction, more than 0. Rejected: unchanged.
 */
export function deductionAfterDecision(
  outcome: AppealOutcome,
  current: number,
  asked: number | null,
): { ok: true; deduction: number } | { ok: false; problem: string } {
  if (outcome === 'rejected') {
    if (asked !== null)
      return { ok: false, problem: 'A rejected appeal leaves the deduction as it is: send no new deduction.' };
    return { ok: true, deduction: current };
  }
  if (outcome === 'upheld') {
    if (asked !== null && asked !== 0)
      return {
        ok: false,
        problem: `An upheld appeal withdraws the deduction (0), not ${asked}; partly uphold it instead.`,
      };
    return { ok: true, deduction: 0 };
  }
  if (asked === null)
    return {
      ok: false,
      problem: `A partly upheld appeal needs the new deduction (more than 0, less than ${current}).`,
    };
  if (!(asked > 0 && asked < current) || hundredthsOf(asked) === null)
    return {
      ok: false,
      problem: `The new deduction ${asked} must be more than 0 and less than the current ${current}, with at most 2 decimals.`,
    };
  return { ok: true, deduction: asked };
}
