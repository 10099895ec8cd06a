import crypto from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/db';
import { applyMigrations } from '../../server/migrate';
import { ensureDefaultCatalogue } from '../../server/services/catalogue/load-catalogue';

export type TestDatabase = Database & { url: string | null; dispose(): Promise<void> };

/** Whether the suite runs against a PostgreSQL server (DATABASE_URL) rather than embedded PGlite. */
export const ON_POSTGRES = !!process.env.DATABASE_URL;

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * created on the PostgreSQL server of DATABASE_URL (dropped again by dispose()).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  let url: string | null = null;
  let database: Database;
  if (base) {
    const name = `dukao_t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 5 });
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  await applyMigrations(database.sql);
  await database.prisma.$transaction((tx) => ensureDefaultCatalogue(tx));
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      if (base && url) {
        const admin = new pg.Client({ connectionString: base });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}
