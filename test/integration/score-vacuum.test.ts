/**
 * Issue 17, no dead weight in `Score`: a bulk re-score vacuums the score tables once its transaction has
 * committed (server/db.ts afterCommit, services/scoring/write-scores.ts), so the rows it rewrote do not stay
 * behind as dead ones — on PGlite, which has no autovacuum, they would stay for good. A failed transaction
 * runs no hook, and a transaction the service did not open itself is left alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit, execute, inTransaction, queryRows } from '../../server/db';
import { rescoreAffected } from '../../server/services/scoring/rescore';
import { writeTuning } from '../../server/services/scoring/write-scores';
import { sql } from '../../server/sql';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
const defaultVacuumRows = writeTuning.vacuumRows;

beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
});
afterAll(() => db?.dispose());
afterEach(() => {
  writeTuning.vacuumRows = defaultVacuumRows;
});

/** The share of dead rows in `Score`, read off the page headers (pgstattuple is not in PGlite). */
async function deadShare(): Promise<{ live: number; dead: number }> {
  const [r] = await queryRows<{ live: number; dead: number }>(
    db.prisma,
    sql`SELECT (SELECT count(*) FROM "Score")::int AS live,
               (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'Score')::int AS dead`,
  );
  return r!;
}

async function lastVacuum(): Promise<string | null> {
  const [r] = await queryRows<{ at: string | null }>(
    db.prisma,
    sql`SELECT greatest(last_vacuum, last_autovacuum)::text AS at FROM pg_stat_user_tables WHERE relname = 'Score'`,
  );
  return r?.at ?? null;
}

describe('vacuum after a bulk re-score', () => {
  it('a scheme change that rewrites the year vacuums Score after it commits, leaving no dead rows', async () => {
    writeTuning.vacuumRows = 100; // the demo's 94 units × 5 periods stand in for a province's re-score
    const before = await lastVacuum();
    const admin = callerFor(db, await sessionUserOf(db, 'admin'));
    const scheme = structuredClone((await admin.admin.scheme({ year: 2011 })).scheme);
    const training = scheme.rules.find((r) => r.code === 'training')!;
    const volume = scheme.rules.find((r) => r.code === 'disclosure_volume')!;
    training.points += 5;
    volume.points -= 5;
    if (volume.kind === 'ratio') volume.whenZero = volume.points;
    await admin.admin.setScheme({ year: 2011, scheme, note: '调整权重' });
    const after = await lastVacuum();
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    const { live, dead } = await deadShare();
    expect(live).toBeGreaterThan(400);
    expect(dead).toBe(0);
  });

  it('one-unit changes that add up to vacuumRows rewritten rows vacuum Score after a commit, in the background', async () => {
    writeTuning.vacuumRows = 40;
    const before = await lastVacuum();
    const units = await db.prisma.unit.findMany({
      where: { active: true },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    let vacuumed: string | null = before;
    for (let i = 0; i < 40 && vacuumed === before; i++) {
      const unitId = units[(i * 7) % units.length]!.id;
      await inTransaction(db.prisma, async (tx) => {
        await execute(
          tx,
          sql`UPDATE "Value" SET value = value + ${i % 2 ? 7 : 13} WHERE "unitId" = ${unitId} AND "periodCode" = '2011Q4' AND "indicatorCode" = 'pub.news'`,
        );
        await rescoreAffected(tx, { unitQuarters: [{ unitId, periodCode: '2011Q4' }] }, '2012-03-01');
      });
      // The VACUUM runs after the commit without holding up the write: give it a moment to finish.
      for (let k = 0; k < 20 && (await lastVacuum()) === before; k++) await new Promise((r) => setTimeout(r, 100));
      vacuumed = await lastVacuum();
    }
    expect(vacuumed).not.toBeNull();
    expect(vacuumed).not.toBe(before);
  });

  it('runs hooks only after a commit, once per name, and not for a transaction opened elsewhere', async () => {
    const ran: string[] = [];
    await inTransaction(db.prisma, async (tx) => {
      afterCommit(tx, 'a', async () => ran.push('a1'));
      afterCommit(tx, 'a', async () => ran.push('a2'));
      afterCommit(tx, 'b', async () => ran.push('b'));
      expect(ran).toEqual([]);
      await execute(tx, sql`SELECT 1`);
    });
    expect(ran).toEqual(['a2', 'b']);

    ran.length = 0;
    await expect(
      inTransaction(db.prisma, async (tx) => {
        afterCommit(tx, 'a', async () => ran.push('rolled back'));
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(ran).toEqual([]);

    await db.prisma.$transaction(async (tx) => {
      afterCommit(tx, 'a', async () => ran.push('foreign'));
    });
    expect(ran).toEqual([]);
  });

  it('a hook that fails does not undo the committed work', async () => {
    await inTransaction(db.prisma, async (tx) => {
      await execute(tx, sql`INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('test.vacuum', '"1"', now())`);
      afterCommit(tx, 'fails', async () => {
        throw new Error('no VACUUM today');
      });
    });
    const rows = await queryRows<{ key: string }>(db.prisma, sql`SELECT key FROM "Setting" WHERE key = 'test.vacuum'`);
    expect(rows).toHaveLength(1);
  });
});
