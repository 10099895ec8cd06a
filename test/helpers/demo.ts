import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../server/db';
import { loadDemo } from '../../server/services/demo/load-demo';
import { sessionUserOf } from './callers';
import { createTestDatabase, type TestDatabase } from './test-db';

/** Loads the demo data (with `today` after every 2011 deadline) and returns its users as SessionUsers. */
export async function withDemo(database: Database, today = '2012-03-01') {
  await loadDemo(database.prisma, today);
  return {
    admin: await sessionUserOf(database, 'admin'),
    security: await sessionUserOf(database, 'security'),
    auditor: await sessionUserOf(database, 'auditor'),
    leader: await sessionUserOf(database, 'leader'),
    inspector: await sessionUserOf(database, 'inspector'),
    unitA: await sessionUserOf(database, 't01'),
    unitB: await sessionUserOf(database, 't02'),
    organ: await sessionUserOf(database, 'd01'),
  };
}

/**
 * For a test file that re-scores 2011 against a recomputation: a demo database (with `today` after every 2011
 * deadline) and every period open, so that a full recomputation rewrites each of them. Read `demo.db` in tests.
 */
export function openDemoYear(today: string): { readonly db: TestDatabase } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    await withDemo(db, today);
    await db.prisma.period.updateMany({ data: { lockedAt: null } });
  });
  afterAll(async () => db?.dispose());
  return {
    get db() {
      if (!db) throw new Error('openDemoYear: the database is opened in beforeAll');
      return db;
    },
  };
}
