import { type Database, openDatabase } from './db';
import type { Env } from './env';
import { applyMigrations } from './migrate';
import { ensureDefaultCatalogue } from './services/catalogue/load-catalogue';

/** Opens the database of the settings and applies pending migrations and the default catalogue. */
export async function openMigratedDatabase(env: Env): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    readUrl: env.DATABASE_URL ? env.DATABASE_READ_URL : undefined,
    dataDir: env.dataDir,
  });
  try {
    const { applied } = await applyMigrations(database.sql);
    await database.prisma.$transaction((tx) => ensureDefaultCatalogue(tx));
    return { database, applied };
  } catch (err) {
    await database.close();
    throw err;
  }
}
