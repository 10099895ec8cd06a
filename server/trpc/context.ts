import type { Database, Db } from '../db';
import type { Env } from '../env';
import type { SessionUser } from '../services/auth/sessions';

/**
 * What every procedure gets: the database, the clock, the signed-in user (if any). Procedures also get
 * `today` (init.ts, read from the clock once per call) and, once signed in, `actor` and `scope`.
 */
export type AppContext = {
  db: Db;
  /** For lag-tolerant reads (rankings, overview, published ranking): a replica that has the caller's writes, else `db`. */
  readDb?: () => Promise<Db>;
  database: Database;
  env: Env;
  now: () => Date;
  user: SessionUser | null;
  sessionToken: string | undefined;
  requestId: string;
  ip: string;
};

/** The client for a lag-tolerant read: the replica when the server has one and it has the caller's writes. */
export function lagTolerantDb(ctx: Pick<AppContext, 'db' | 'readDb'>): Promise<Db> {
  return ctx.readDb ? ctx.readDb() : Promise.resolve(ctx.db);
}
