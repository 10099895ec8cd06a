import type { Database, Db } from '../db';
import type { Env } from '../env';
import type { SessionUser } from '../services/auth/sessions';

/** What every procedure gets: the database, the clock, the signed-in user (if any). */
export type AppContext = {
  db: Db;
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
