import type { Tx } from '../../db';
import type { EntryKeyInput } from '../../domain/inputs/entry';
import { COUNTED_STATUSES, type Scope } from '../../domain/names';
import { parsePeriod, quarterCode } from '../../domain/periods';
import { flagOutliers, type OutlierFlag } from '../../domain/validation/outliers';
import { unitInScope } from '../scores/find-scores';

/** How many previous quarters of the unit make its history. */
export const HISTORY_QUARTERS = 8;

/** The `HISTORY_QUARTERS` quarters before `period`, oldest first. */
function previousQuarters(period: string): string[] {
  const p = parsePeriod(period);
  if (!p || !('quarter' in p)) return [];
  const out: string[] = [];
  let index = p.year * 4 + (p.quarter - 1);
  for (let k = 0; k < HISTORY_QUARTERS; k++) {
    index--;
    out.unshift(quarterCode(Math.floor(index / 4), (index % 4) + 1));
  }
  return out;
}

/**
 * The figures of a unit's quarter that an inspector should look at twice before verifying (flagOutliers):
 * compared with the unit's own last HISTORY_QUARTERS quarters and with the submitted or verified figures of
 * the other units of its group in the same quarter.
 */
export async function findOutliers(tx: Tx, input: EntryKeyInput & { scope: Scope }): Promise<OutlierFlag[]> {
  const unit = await unitInScope(tx, input.unitCode, input.scope);
  const [own, past, peerRows] = await Promise.all([
    tx.value.findMany({ where: { unitId: unit.id, periodCode: input.period } }),
    tx.value.findMany({ where: { unitId: unit.id, periodCode: { in: previousQuarters(input.period) } } }),
    tx.value.findMany({
      where: {
        periodCode: input.period,
        unitId: { not: unit.id },
        unit: { group: unit.group, active: true },
        submission: { status: { in: [...COUNTED_STATUSES] } },
      },
      select: { indicatorCode: true, value: true },
    }),
  ]);
  const collect = (rows: { indicatorCode: string; value: number }[]) => {
    const out: Record<string, number[]> = {};
    for (const r of rows) {
      const list = out[r.indicatorCode] ?? [];
      list.push(r.value);
      out[r.indicatorCode] = list;
    }
    return out;
  };
  return flagOutliers({
    values: Object.fromEntries(own.map((v) => [v.indicatorCode, v.value])),
    history: collect(past),
    peers: collect(peerRows),
  });
}
