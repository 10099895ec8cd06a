/**
 * Why a unit's rank moved: its score of a period against the previous one, rule by rule, deduction by
 * deduction (finding and kind), the bonus, and the rank change they led to. Pure.
 */
import type { ScoreExplanation } from './scoring/evaluate.ts';

/** What the comparison reads of one period's stored score. */
export type ScoreSide = {
  period: string;
  group: string;
  base: number;
  deductions: number;
  bonus: number;
  score: number;
  rank: number | null;
  explanation: ScoreExplanation;
};

type Change = { before: number; after: number; change: number };

export type RuleMovement = Change & { code: string; nameZh: string; nameEn: string };

export type DeductionMovement = Change & {
  findingId: number;
  kind: 'deduction' | 'overdue';
  description: string;
  quarter: string;
};

export type ScoreMovement = {
  period: string;
  previousPeriod: string;
  /** The rules of either period, in this period's order (then rules only the previous one had). */
  rules: RuleMovement[];
  base: Change;
  /** Deduction lines that differ, matched by finding and kind; a line in only one period counts 0 in the other. */
  deductionLines: DeductionMovement[];
  /** The capped totals. */
  deductions: Change;
  bonus: Change;
  score: Change;
  /** Previous rank − this rank (positive = up), null when either period has no rank. */
  rank: { before: number | null; after: number | null; change: number | null };
  /** The unit ranks in another group than in the previous period: the ranks are not comparable. */
  groupChanged: boolean;
};

const r2 = (n: number) => Math.round(n * 100) / 100;
const change = (before: number, after: number): Change => ({
  before: r2(before),
  after: r2(after),
  change: r2(after - before),
});

/** The comparison of `current` with `previous` (both the same unit's). */
export function compareScores(previous: ScoreSide, current: ScoreSide): ScoreMovement {
  const prevRules = new Map(previous.explanation.rules.map((r) => [r.code, r]));
  const rules: RuleMovement[] = [];
  const seen = new Set<string>();
  for (const r of current.explanation.rules) {
    seen.add(r.code);
    rules.push({
      code: r.code,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      ...change(prevRules.get(r.code)?.earnedRounded ?? 0, r.earnedRounded),
    });
  }
  for (const r of previous.explanation.rules)
    if (!seen.has(r.code))
      rules.push({ code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, ...change(r.earnedRounded, 0) });

  const key = (d: { findingId: number; kind: string }) => `${d.findingId}|${d.kind}`;
  const prevLines = new Map<string, ScoreExplanation['deductions'][number]>();
  for (const d of previous.explanation.deductions) prevLines.set(key(d), d);
  const lines: DeductionMovement[] = [];
  const matched = new Set<string>();
  for (const d of current.explanation.deductions) {
    const p = prevLines.get(key(d));
    matched.add(key(d));
    const c = change(p?.points ?? 0, d.points);
    if (c.change !== 0)
      lines.push({ findingId: d.findingId, kind: d.kind, description: d.description, quarter: d.quarter, ...c });
  }
  for (const d of previous.explanation.deductions)
    if (!matched.has(key(d)))
      lines.push({
        findingId: d.findingId,
        kind: d.kind,
        description: d.description,
        quarter: d.quarter,
        ...change(d.points, 0),
      });

  const groupChanged = previous.group !== current.group;
  const rank =
    previous.rank === null || current.rank === null || groupChanged
      ? { before: previous.rank, after: current.rank, change: null }
      : { before: previous.rank, after: current.rank, change: previous.rank - current.rank };
  return {
    period: current.period,
    previousPeriod: previous.period,
    rules,
    base: change(previous.base, current.base),
    deductionLines: lines,
    deductions: change(previous.deductions, current.deductions),
    bonus: change(previous.bonus, current.bonus),
    score: change(previous.score, current.score),
    rank,
    groupChanged,
  };
}
