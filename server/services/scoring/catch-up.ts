import type { Db } from '../../db';
import { ADVISORY_LOCKS, execute, inTransaction, queryRows, TX_LIMITS } from '../../db';
import { sql } from '../../sql';
import { rescoreAffected } from './rescore';

const KEY = 'scores.day';

/**
 * Scores depend on today: a finding becomes overdue the day after its deadline. Materialized scores
 * were computed for the day stored under `scores.day`; this re-scores the unit-periods whose findings
 * fell due since then and records today. Safe to call often and from several servers.
 */
export async function catchUpScores(db: Db, today: string): Promise<{ from: string | null; findings: number }> {
  return inTransaction(
    db,
    async (tx) => {
      // One server at a time; the others see the new day afterwards and do nothing.
      await execute(tx, sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.catchUp})`);
      const row = await tx.setting.findUnique({ where: { key: KEY }, select: { value: true } });
      const from = typeof row?.value === 'string' ? row.value : null;
      if (from === today) return { from, findings: 0 };
      const due = await queryRows<{ unitId: number; periodCode: string; deadline: string }>(
        tx,
        sql`SELECT "unitId", "periodCode", to_char(deadline, 'YYYY-MM-DD') AS deadline FROM "Finding"
          WHERE deadline < ${today}::date ${from ? sql`AND deadline >= ${from}::date` : sql.empty}
            AND ("rectifiedAt" IS NULL OR "rectifiedAt" > deadline)`,
      );
      if (due.length) await rescoreAffected(tx, { findingDates: due }, today);
      await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: today }, update: { value: today } });
      return { from, findings: due.length };
    },
    TX_LIMITS.job,
  );
}
