import type { Tx } from '../../db';
import { parsePeriod } from '../../domain/periods';

/** Creates the period rows (each quarter and its year) that data refers to. */
export async function ensurePeriods(tx: Tx, quarterCodes: Iterable<string>): Promise<void> {
  const data: { code: string; year: number; quarter: number | null }[] = [];
  const seen = new Set<string>();
  for (const code of quarterCodes) {
    const p = parsePeriod(code);
    if (!p || seen.has(code)) continue;
    seen.add(code);
    data.push({ code, year: p.year, quarter: p.kind === 'quarter' ? p.quarter : null });
    const y = String(p.year);
    if (!seen.has(y)) {
      seen.add(y);
      data.push({ code: y, year: p.year, quarter: null });
    }
  }
  if (data.length) await tx.period.createMany({ data, skipDuplicates: true });
}

/** The quarters among `codes` that are locked (approved); writes to them are refused. */
export async function lockedQuarters(tx: Tx, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await tx.period.findMany({
    where: { code: { in: codes }, lockedAt: { not: null } },
    select: { code: true },
  });
  return new Set(rows.map((r) => r.code));
}
