import type { Tx } from '../../db';
import { ADVISORY_LOCKS, execute } from '../../db';
import { type Sql, sql } from '../../sql';

/**
 * Score-writing transactions run one at a time (until commit). Two at once would deadlock (each has
 * written its own unit's row and re-ranking needs the other's) or, worse, both commit ranks counted
 * without the other's new score — off by one and silently wrong (test/integration/concurrent-writes).
 * Writes of values and findings still run side by side; only the short re-scoring step queues.
 * The scoring calendar's catch-up takes its own lock (ADVISORY_LOCKS.catchUp) first, never after this one.
 */
export async function lockScores(tx: Tx): Promise<void> {
  await execute(tx, sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.scores})`);
}

/**
 * The number a changed Score row takes ("changeSeq"; inserts take it by default). Only under lockScores, so
 * numbers follow commit order and a cached view can read just the rows changed since it was read
 * (services/scores/find-scores.ts). Every UPDATE of "Score" sets it.
 */
export const NEXT_CHANGE = sql.raw(`nextval('"ScoreChangeSeq"')`);

/**
 * Marks the score views of these years as changed: cached rankings and overviews (server/services/scores)
 * compare this per-year stamp before answering; and the city totals of these quarters (`totals.version:`).
 * The stamp is the writing transaction's id, so it is unique per committed change and a rolled-back write
 * leaves the previous stamp. Written under ADVISORY_LOCKS.scores, in key order.
 */
export async function bumpScoreVersions(tx: Tx, years: number[], quarters: string[] = []): Promise<void> {
  await execute(tx, scoreVersionsStatement(years, quarters));
}

/** The statement of bumpScoreVersions, to run on its own or as the last part of another (rerank.ts). */
export function scoreVersionsStatement(years: number[], quarters: string[] = []): Sql {
  const keys = [
    ...new Set([...years.map((y) => `scores.version:${y}`), ...quarters.map((q) => `totals.version:${q}`)]),
  ].sort();
  return sql`INSERT INTO "Setting" (key, value, "updatedAt")
     SELECT k, to_jsonb(pg_current_xact_id()::text), now() FROM unnest(${keys}::text[]) AS k ORDER BY 1
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Rank-shift log entries kept (rerank.ts: about two a one-unit change); pruned down to this at twice as many. */
export const SHIFTS_KEPT = 2000;

/**
 * Prunes the rank-shift log ("ScoreShift") to its newest SHIFTS_KEPT entries once it holds twice as many, under
 * the scores lock. A pruning moves the deletions stamp, as a deleted Score row does: a cached view read before
 * the oldest entry kept is read afresh rather than brought up to date (services/scores/find-scores.ts).
 */
export async function pruneShifts(tx: Tx): Promise<void> {
  await execute(
    tx,
    sql`WITH gone AS (
       DELETE FROM "ScoreShift"
        WHERE EXISTS (SELECT 1 FROM "ScoreShift" ORDER BY seq DESC OFFSET ${2 * SHIFTS_KEPT})
          AND seq <= (SELECT seq FROM "ScoreShift" ORDER BY seq DESC OFFSET ${SHIFTS_KEPT} LIMIT 1)
       RETURNING 1
     )
     ${MOVE_DELETIONS_STAMP}`,
  );
}

/**
 * The statement's last part when it deletes what cached views cannot see go (Score rows, old rank shifts): moves
 * the deletions stamp ("scores.deletions") when its CTE `gone` returned a row, so those views are read afresh.
 */
export const MOVE_DELETIONS_STAMP = sql`INSERT INTO "Setting" (key, value, "updatedAt")
     SELECT 'scores.deletions', to_jsonb(${NEXT_CHANGE}::text), now() WHERE EXISTS (SELECT 1 FROM gone)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = EXCLUDED."updatedAt"`;
