import type { Tx } from '../../db';
import { isQuarterCode, quartersOfYear, yearOf } from '../../domain/periods';
import { maintainTotals } from '../values/maintained-totals';
import { expandChange, type ScoreChange } from './change-expansion';
import { nextPeriod, type Rerank, rerank, rerankPeriods } from './rerank';
import { bumpScoreVersions, lockScores, scoreVersionsStatement } from './score-versions';
import { type ChangedScore, computeScores, deleteInactive, noteSmallWrites, writeScores } from './write-scores';

/*
 * Re-scoring, by job: change-expansion.ts (what a change touches), write-scores.ts (evaluation and the bulk
 * upsert of scores and explanations), rerank.ts (ranks and rank changes), score-versions.ts (the scores
 * lock and the view stamps), rebuild.ts (a full recomputation and its diff). This file: the entry points.
 */

/**
 * Brings materialized scores up to date for exactly the affected unit-periods (each quarter
 * and its year), then re-ranks those periods and the rank change of the periods after them.
 * Runs in the caller's transaction.
 */
export async function rescoreAffected(
  tx: Tx,
  change: ScoreChange,
  today: string,
): Promise<{ periods: number; units: number }> {
  await lockScores(tx);
  const { perPeriod, touched, quarters } = await expandChange(tx, change);
  // The quarters' city totals follow the same change (values/maintained-totals.ts), under the same lock.
  await maintainTotals(tx, change);
  if (perPeriod.size === 0) {
    if (touched.size || quarters.size) await bumpScoreVersions(tx, [...touched], [...quarters]);
    return { periods: 0, units: 0 };
  }
  const ordered = [...perPeriod].sort(([a], [b]) => comparePeriods(a, b));
  // Periods of one year with the same units share one load (a unit's quarter and its year: one pass).
  const batches = new Map<string, { periods: string[]; unitIds: number[] | null }>();
  for (const [period, set] of ordered) {
    const unitIds = set === 'all' ? null : [...set].sort((a, b) => a - b);
    const key = `${yearOf(period)}|${unitIds ? unitIds.join(',') : 'all'}`;
    const batch = batches.get(key) ?? { periods: [], unitIds };
    batch.periods.push(period);
    batches.set(key, batch);
  }
  let units = 0;
  const changed = new Map<string, ChangedScore[]>();
  const scored = new Set<string>();
  for (const batch of batches.values()) {
    // Locked and unknown periods drop out here: which are open is read with the inputs, under the scores lock.
    const computed = await computeScores(tx, batch.periods, batch.unitIds, today, true);
    const res = await writeScores(tx, computed, batch.unitIds !== null);
    for (const [period, list] of res) changed.set(period, list);
    for (const c of computed) {
      scored.add(c.period);
      if (batch.unitIds === null) await deleteInactive(tx, c.period);
      units += c.list.length;
    }
  }
  const reranks: Rerank[] = [];
  for (const [period, set] of ordered) {
    if (!scored.has(period)) continue;
    const moved = set === 'all' ? null : (changed.get(period) ?? []);
    if (moved && moved.length === 0) continue; // no figure changed: ranks cannot have moved
    reranks.push({ period, changed: moved });
    touched.add(yearOf(period));
    touched.add(yearOf(nextPeriod(period)));
  }
  for (const period of scored) touched.add(yearOf(period)); // unitsEverywhere: the years scored
  // The stamps go with the last re-ranking statement (one unit's change: a single statement for both periods).
  const shifted = await rerankPeriods(tx, reranks, scoreVersionsStatement([...touched], [...quarters]));
  // Bulk writes vacuum after their own commit (write-scores.ts); small ones add up to it.
  if ([...batches.values()].every((b) => b.unitIds !== null))
    await noteSmallWrites(tx, shifted + [...changed.values()].reduce((n, list) => n + list.length, 0));
  return { periods: scored.size, units };
}

/** Years before their quarters is not needed for correctness; a stable order keeps locks predictable. */
function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evaluates units of one period (null = all) and upserts their score rows. Returns how many were scored. */
export async function scorePeriod(tx: Tx, period: string, unitIds: number[] | null, today: string): Promise<number> {
  if (unitIds !== null && unitIds.length === 0) return 0;
  await lockScores(tx);
  const computed = await computeScores(tx, [period], unitIds, today);
  await writeScores(tx, computed, false);
  if (unitIds === null) await deleteInactive(tx, period);
  await bumpScoreVersions(tx, [yearOf(period)], isQuarterCode(period) ? [period] : quartersOfYear(yearOf(period)));
  return computed[0]!.list.length;
}

/** Re-ranks every unit of a period and the rank change of the period after it. */
export async function rerankPeriod(tx: Tx, period: string): Promise<void> {
  await lockScores(tx);
  await rerank(tx, period, null);
  await bumpScoreVersions(tx, [yearOf(period), yearOf(nextPeriod(period))]);
}
