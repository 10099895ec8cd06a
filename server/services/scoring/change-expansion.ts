import type { Tx } from '../../db';
import { isQuarterCode, quarterOfDate, quartersOfYear, yearOf } from '../../domain/periods';

/** What changed: unit-quarters (values, commendations), findings (their quarter and deadline), or whole periods. */
export type ScoreChange = {
  unitQuarters?: { unitId: number; periodCode: string }[];
  findingDates?: { unitId: number; periodCode: string; deadline: string | null }[];
  /** Every unit in these periods (scheme change, unit moved between groups …). */
  periods?: string[];
  /** These units in every period that has scores (unit created, retyped, deactivated). */
  unitsEverywhere?: number[];
};

/** What a change asks of re-scoring (rescore.ts). */
export type ExpandedChange = {
  /**
   * Per period, the units to re-score ('all': every unit). Locked and unknown periods are left out when the
   * scores are loaded (computeScores reads which are open under the scores lock, in the same statement).
   */
  perPeriod: Map<string, Set<number> | 'all'>;
  /** Years whose cached score views go stale (scores.version stamps). */
  touched: Set<number>;
  /** Quarters whose city totals may have changed (totals.version stamps). */
  quarters: Set<string>;
};

/**
 * Expands a change into the unit-periods to re-score (each quarter and its year), the years whose views go
 * stale and the quarters whose totals may have changed.
 */
export async function expandChange(tx: Tx, change: ScoreChange): Promise<ExpandedChange> {
  const perPeriod = new Map<string, Set<number> | 'all'>();
  const add = (period: string, unitId: number | 'all') => {
    const cur = perPeriod.get(period);
    if (cur === 'all') return;
    if (unitId === 'all') {
      perPeriod.set(period, 'all');
      return;
    }
    const set = cur ?? new Set<number>();
    set.add(unitId);
    perPeriod.set(period, set);
  };
  const addQuarter = (quarter: string, unitId: number | 'all') => {
    add(quarter, unitId);
    add(String(yearOf(quarter)), unitId);
  };
  for (const uq of change.unitQuarters ?? []) addQuarter(uq.periodCode, uq.unitId);
  for (const f of change.findingDates ?? []) {
    addQuarter(f.periodCode, f.unitId);
    if (f.deadline) addQuarter(quarterOfDate(f.deadline), f.unitId);
  }
  for (const p of change.periods ?? []) {
    if (isQuarterCode(p)) addQuarter(p, 'all');
    else add(p, 'all');
  }
  if (change.unitsEverywhere?.length) {
    // Every open period (locked ones are frozen: their scores stay as approved).
    const open = await tx.period.findMany({ where: { lockedAt: null }, select: { code: true } });
    for (const p of open) for (const u of change.unitsEverywhere) add(p.code, u);
  }
  // Cached views of every year the change names go stale, scored or not (a locked quarter's
  // findings, say, still count in its overview).
  const touched = new Set<number>();
  for (const uq of change.unitQuarters ?? []) touched.add(yearOf(uq.periodCode));
  for (const f of change.findingDates ?? []) {
    touched.add(yearOf(f.periodCode));
    if (f.deadline) touched.add(yearOf(quarterOfDate(f.deadline)));
  }
  for (const p of change.periods ?? []) touched.add(yearOf(p));
  // Quarters whose city totals may have changed (values or submission states): stamped for the
  // per-quarter totals cache (find-overview.ts). Generous on purpose: a needless stamp costs a recomputation.
  const quarters = new Set<string>();
  for (const uq of change.unitQuarters ?? []) quarters.add(uq.periodCode);
  for (const p of change.periods ?? [])
    for (const q of isQuarterCode(p) ? [p] : quartersOfYear(yearOf(p))) quarters.add(q);
  if (change.unitsEverywhere?.length) {
    for (const p of await tx.period.findMany({ where: { quarter: { not: null } }, select: { code: true } }))
      quarters.add(p.code);
  }
  return { perPeriod, touched, quarters };
}
