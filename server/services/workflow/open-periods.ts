import type { Tx } from '../../db';
import { yearOf } from '../../domain/periods';
import { ensurePeriods } from '../periods/ensure-periods';

/**
 * Creates the period rows (quarter and year) that a write refers to and returns the quarters for which a row
 * was new. A new period must be scored for every unit, not just the one written (a full recomputation scores
 * every active unit of every period), so callers pass these as `periods` to rescoreAffected.
 */
export async function openPeriods(tx: Tx, quarters: Iterable<string>): Promise<string[]> {
  const codes = [...new Set(quarters)];
  if (codes.length === 0) return [];
  const all = [...new Set(codes.flatMap((q) => [q, String(yearOf(q))]))];
  const existing = new Set(
    (await tx.period.findMany({ where: { code: { in: all } }, select: { code: true } })).map((p) => p.code),
  );
  if (all.every((c) => existing.has(c))) return [];
  await ensurePeriods(tx, codes);
  return codes.filter((q) => !existing.has(q) || !existing.has(String(yearOf(q))));
}
