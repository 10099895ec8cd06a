import type { Tx } from '../../db';
import { isQuarterCode } from '../../domain/periods';
import { maintainTotals } from '../values/maintained-totals';
import { rerankPeriod, scorePeriod } from './rescore';
import { lockScores } from './score-versions';

export type RescoreReport = {
  periods: string[];
  units: number;
  differences: { period: string; unit: string; field: string; stored: unknown; computed: unknown }[];
};

/**
 * Recomputes every stored period (or one year's) from scratch and reports what differed from the
 * materialized rows. Every period's rows are read before anything is recomputed: re-ranking a period
 * also corrects the rank changes of the next one, which must not hide a stale rank change there.
 */
export async function rescoreAll(tx: Tx, today: string, year?: number): Promise<RescoreReport> {
  await lockScores(tx);
  const periods = (
    await tx.period.findMany({
      where: { lockedAt: null, ...(year ? { year } : {}) },
      select: { code: true },
      orderBy: { code: 'asc' },
    })
  ).map((p) => p.code);
  const differences: RescoreReport['differences'] = [];
  const select = {
    unitId: true,
    score: true,
    grade: true,
    veto: true,
    submitted: true,
    rank: true,
    rankChange: true,
    unit: { select: { code: true } },
  } as const;
  const before = new Map<string, Awaited<ReturnType<typeof tx.score.findMany<{ select: typeof select }>>>>();
  for (const period of periods) before.set(period, await tx.score.findMany({ where: { periodCode: period }, select }));
  // Maintained city totals are recomputed too: whole periods are no longer maintained, so readers recompute
  // them until the next write builds them again.
  await maintainTotals(tx, { periods: periods.filter((p) => isQuarterCode(p)) });
  let units = 0;
  for (const period of periods) {
    units += await scorePeriod(tx, period, null, today);
    await rerankPeriod(tx, period);
  }
  for (const period of periods) {
    const after = await tx.score.findMany({ where: { periodCode: period }, select });
    const prior = new Map(before.get(period)!.map((b) => [b.unitId, b]));
    for (const a of after) {
      const b = prior.get(a.unitId);
      if (!b) {
        differences.push({ period, unit: a.unit.code, field: 'score', stored: null, computed: Number(a.score) });
        continue;
      }
      const pairs: [string, unknown, unknown][] = [
        ['score', Number(b.score), Number(a.score)],
        ['grade', b.grade, a.grade],
        ['veto', b.veto, a.veto],
        ['submitted', b.submitted, a.submitted],
        ['rank', b.rank, a.rank],
        ['rankChange', b.rankChange, a.rankChange],
      ];
      for (const [field, s, c] of pairs)
        if (s !== c) differences.push({ period, unit: a.unit.code, field, stored: s, computed: c });
    }
  }
  return { periods, units, differences };
}
