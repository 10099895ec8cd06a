import type { ServerMessage } from './server-messages';
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
 * The finding's deduction after a decision, or the refusal (server-messages.ts) that says why the decision is not possible.
 * Upheld: the deduction goes (0). Partly upheld: a smaller deduction, more than 0. Rejected: unchanged.
 */
export function deductionAfterDecision(
  outcome: AppealOutcome,
  current: number,
  asked: number | null,
): { ok: true; deduction: number } | { ok: false; problem: ServerMessage } {
  if (outcome === 'rejected') {
    if (asked !== null) return { ok: false, problem: { key: 'appeals.rejectedKeepsDeduction' } };
    return { ok: true, deduction: current };
  }
  if (outcome === 'upheld') {
    if (asked !== null && asked !== 0)
      return { ok: false, problem: { key: 'appeals.upheldWithdraws', params: { asked } } };
    return { ok: true, deduction: 0 };
  }
  if (asked === null) return { ok: false, problem: { key: 'appeals.partlyNeedsDeduction', params: { current } } };
  if (!(asked > 0 && asked < current) || hundredthsOf(asked) === null)
    return { ok: false, problem: { key: 'appeals.badNewDeduction', params: { asked, current } } };
  return { ok: true, deduction: asked };
}
