import type { Database, Db } from '../db';
import type { Env } from '../env';
import type { SessionUser } from '../services/auth/sessions';

/** What every procedure gets: the database, the clock, the signed-in user (if any). */
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

/** Today as an ISO date in the city's time zone (China Standard Time, no daylight saving). */
export function todayOf(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The hour of the day (0–23) in the city's time zone. */
export function cityHourOf(now: Date): number {
  return new Date(now.getTime() + 8 * 3600_000).getUTCHours();
}

/** The client for a lag-tolerant read: the replica when the server has one and it has the caller's writes. */
export function lagTolerantDb(ctx: Pick<AppContext, 'db' | 'readDb'>): Promise<Db> {
  return ctx.readDb ? ctx.readDb() : Promise.resolve(ctx.db);
}
