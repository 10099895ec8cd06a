import crypto from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../../server/db';
import { applyMigrations } from '../../../server/migrate';
import { ensureDefaultCatalogue } from '../../../server/services/catalogue/load-catalogue';

export type BenchDatabase = { database: Database; url: string | null; drop(): Promise<void> };

const withAdmin = async (baseUrl: string, sql: string) => {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
};

export function databaseUrl(baseUrl: string, name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, migrated database on the PostgreSQL server of baseUrl (or a named one, recreated). */
export async function freshPostgres(
  baseUrl: string,
  name = `dukao_bench_${crypto.randomBytes(4).toString('hex')}`,
  poolSize?: number,
): Promise<BenchDatabase> {
  await withAdmin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await withAdmin(baseUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrl(baseUrl, name);
  const database = await openDatabase({ databaseUrl: url, dataDir: '', ...(poolSize ? { poolSize } : {}) });
  await applyMigrations(database.sql);
  await database.prisma.$transaction((tx) => ensureDefaultCatalogue(tx));
  return {
    database,
    url,
    async drop() {
      await database.close();
      await withAdmin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A new, migrated in-memory PGlite database. */
export async function freshPglite(): Promise<BenchDatabase> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await applyMigrations(database.sql);
  await database.prisma.$transaction((tx) => ensureDefaultCatalogue(tx));
  return { database, url: null, drop: () => database.close() };
}
