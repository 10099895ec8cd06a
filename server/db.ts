import fs from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

/** A raw SQL channel next to Prisma: migrations, set-based score writes, backups. */
export type SqlRunner = {
  kind: 'pglite' | 'postgres';
  /** Runs one or more statements with no parameters (a migration file). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn on one dedicated connection (for BEGIN/COMMIT and session locks). */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type SqlConnection = Pick<SqlRunner, 'exec' | 'query'>;

export type Database = { prisma: Db; sql: SqlRunner; close(): Promise<void> };

export type DatabaseOptions = { databaseUrl?: string | undefined; dataDir: string; poolSize?: number };

/**
 * Interactive transactions' limits (Prisma's defaults are 2 s to start and 5 s to finish). Score
 * writes queue one at a time (rescore.ts, SCORES_LOCK), so a save may wait behind an import or a
 * scheme change of several seconds: it waits rather than fail. Long jobs set their own, longer limits.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

/** The raw SQL channel of each open Prisma client (rawQuery below). */
const runners = new WeakMap<object, SqlRunner>();

/**
 * A read on the hot path (sessions, data versions): straight to the driver when `db` is an open root
 * client — an order of magnitude less CPU than a Prisma query (docs/decisions/003) — and through
 * Prisma inside an interactive transaction, which must see its own writes. Write portable SQL:
 * cast numbers to int and compare in SQL, so both paths return the same JavaScript values.
 */
export async function rawQuery<T>(db: object, text: string, params: unknown[] = []): Promise<T[]> {
  const runner = runners.get(db);
  if (runner) return runner.query<T>(text, params);
  return (db as Db).$queryRawUnsafe<T[]>(text, ...params);
}

/**
 * PGlite on `dataDir` (`memory://`: in memory, for tests), holding the directory's lock (data-dir-lock.ts:
 * one process at a time, two would corrupt it) until `release` — call it after closing PGlite. Used by
 * openDatabase and by backups.
 */
export async function openPGlite(
  dataDir: string,
  options?: PGliteOptions,
): Promise<{ pglite: PGlite; release: () => void }> {
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) fs.mkdirSync(dataDir, { recursive: true });
  const release = onDisk ? lockDataDir(dataDir) : () => undefined;
  try {
    return { pglite: await PGlite.create(dataDir, options), release };
  } catch (err) {
    release();
    throw new EmbeddedOpenError(dataDir, err);
  }
}

/** The one Prisma client factory: PGlite under dataDir by default, PostgreSQL when a URL is given. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // A dropped connection (server restart) must not crash the process; the pool reconnects.
    pool.on('error', () => undefined);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION_OPTIONS });
    const sql: SqlRunner = {
      kind: 'postgres',
      async exec(text) {
        await pool.query(text);
      },
      async query(text, params) {
        const res = await pool.query(text, params as unknown[] | undefined);
        return res.rows;
      },
      async withConnection(fn) {
        const client = await pool.connect();
        try {
          return await fn({
            async exec(text) {
              await client.query(text);
            },
            async query(text, params) {
              const res = await client.query(text, params as unknown[] | undefined);
              return res.rows;
            },
          });
        } finally {
          client.release();
        }
      },
      async close() {
        await pool.end();
      },
    };
    runners.set(prisma, sql);
    return {
      prisma,
      sql,
      async close() {
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }
  const { pglite, release } = await openPGlite(opts.dataDir);
  // pglite-prisma-adapter 0.6 is typed against driver-adapter-utils 6.10; the runtime contract is the same.
  const adapter = new PrismaPGlite(pglite) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  const sql: SqlRunner = {
    kind: 'pglite',
    async exec(text) {
      await pglite.exec(text);
    },
    async query(text, params) {
      const res = await pglite.query(text, params as unknown[] | undefined);
      return res.rows as never[];
    },
    async withConnection(fn) {
      return fn(sql);
    },
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
  runners.set(prisma, sql);
  return {
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}

/** The embedded database could not be opened: says where, why, and what to do. */
export class EmbeddedOpenError extends Error {
  constructor(dataDir: string, cause: unknown) {
    super(
      `The embedded database in ${dataDir} could not be opened (${cause instanceof Error ? cause.message : String(cause)}). ` +
        `If it was damaged, move the directory aside and restore the latest backup into an empty one: npm run cli -- restore FILE.`,
      { cause },
    );
    this.name = 'EmbeddedOpenError';
  }
}

export { DataDirInUseError };
