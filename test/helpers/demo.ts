import type { Database } from '../../server/db';
import { loadDemo } from '../../server/services/demo/load-demo';
import { sessionUserOf } from './callers';

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
