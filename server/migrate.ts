import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SqlConnection, SqlRunner } from './db';
import { ADVISORY_LOCKS, runQuery } from './db';
import { ROOT } from './paths';
import { sql } from './sql';

const MIGRATIONS_DIR = path.join(ROOT, 'prisma/migrations');

// Same table Prisma's migrate keeps, so `prisma migrate status` and the app agree (docs/decisions/002).
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationResult = { applied: string[]; alreadyApplied: number };

/** Applies pending prisma/migrations/<name>/migration.sql files in order, each in its own transaction. */
export async function applyMigrations(runner: SqlRunner, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  return runner.withConnection((conn) => applyOn(conn, dir));
}

async function applyOn(conn: SqlConnection, dir: string): Promise<MigrationResult> {
  await conn.exec(BOOKKEEPING);
  // Two servers starting at once must not both apply a migration.
  await runQuery(conn, sql`SELECT pg_advisory_lock(${ADVISORY_LOCKS.migrations})`);
  try {
    const done = await conn.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const byName = new Map(done.map((r) => [r.migration_name, r]));
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
      .map((d) => d.name)
      .sort();
    const applied: string[] = [];
    for (const name of names) {
      const text = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = crypto.createHash('sha256').update(text).digest('hex');
      const prior = byName.get(name);
      if (prior) {
        if (!prior.finished_at)
          throw new Error(`Migration ${name} failed earlier and needs attention before any other runs.`);
        if (prior.checksum !== checksum) throw new Error(`Migration ${name} was changed after it was applied.`);
        continue;
      }
      const id = crypto.randomUUID();
      await conn.exec('BEGIN');
      try {
        await conn.exec(text);
        await conn.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)',
          [id, checksum, name],
        );
        await conn.exec('COMMIT');
      } catch (err) {
        await conn.exec('ROLLBACK');
        throw new Error(`Migration ${name} failed: ${(err as Error).message}`);
      }
      applied.push(name);
    }
    return { applied, alreadyApplied: names.length - applied.length };
  } finally {
    await runQuery(conn, sql`SELECT pg_advisory_unlock(${ADVISORY_LOCKS.migrations})`);
  }
}
