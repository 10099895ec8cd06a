import { type Database, inTransaction, openDatabase } from './db';
import { grantAppRole, roleOfUrl } from './db-grant';
import type { Env } from './env';
import { applyMigrations, type MigrationResult } from './migrate';
import { ensureDefaultCatalogue } from './services/catalogue/load-catalogue';

/**
 * The migrating connection's string: MIGRATE_DATABASE_URL (the tables' owner) when set, else DATABASE_URL.
 * Embedded databases have one role: undefined.
 */
export function migrateUrlOf(env: Env): string | undefined {
  return env.DATABASE_URL ? (env.MIGRATE_DATABASE_URL ?? env.DATABASE_URL) : undefined;
}

/**
 * Applies pending migrations as the owner (MIGRATE_DATABASE_URL) and, when the app runs as another role
 * (DATABASE_URL's user), grants that role exactly what it needs again (db-grant.ts), since a migration may
 * have added a table. Returns the migrations applied.
 */
export async function migrateAsOwner(env: Env): Promise<MigrationResult> {
  const ownerUrl = migrateUrlOf(env);
  if (!env.DATABASE_URL || !ownerUrl || ownerUrl === env.DATABASE_URL) {
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
    try {
      return await applyMigrations(database.sql);
    } finally {
      await database.close();
    }
  }
  const owner = await openDatabase({ databaseUrl: ownerUrl, dataDir: '', poolSize: 1 });
  try {
    const res = await applyMigrations(owner.sql);
    const appRole = roleOfUrl(env.DATABASE_URL);
    if (appRole && appRole !== roleOfUrl(ownerUrl)) await grantAppRole(owner.sql, appRole);
    return res;
  } finally {
    await owner.close();
  }
}

/** Opens the database of the settings after applying pending migrations (as the owner), with the default catalogue. */
export async function openMigratedDatabase(env: Env): Promise<{ database: Database; applied: string[] }> {
  // On PostgreSQL with an owner to migrate as, the app's own role never needs to create or alter anything.
  const separateOwner = !!env.DATABASE_URL && migrateUrlOf(env) !== env.DATABASE_URL;
  let applied: string[] = [];
  if (separateOwner) applied = (await migrateAsOwner(env)).applied;
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    readUrl: env.DATABASE_URL ? env.DATABASE_READ_URL : undefined,
    dataDir: env.dataDir,
  });
  try {
    if (!separateOwner) applied = (await applyMigrations(database.sql)).applied;
    await inTransaction(database.prisma, (tx) => ensureDefaultCatalogue(tx));
    return { database, applied };
  } catch (err) {
    await database.close();
    throw err;
  }
}
