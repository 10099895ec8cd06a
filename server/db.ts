import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';
import { COUNTED_STATUSES } from './domain/names';
import { type Prisma, PrismaClient } from './generated/prisma/client';
import { ROOT } from './paths';
import { type Sql, sql } from './sql';

export type Db = PrismaClient;
/** What services read and write through: the client, or the interactive transaction they run in. */
export type Tx = Prisma.TransactionClient;

/** A raw SQL channel next to Prisma: migrations, set-based score writes, backups. */
export type SqlRunner = {
  kind: 'pglite' | 'postgres';
  /** Runs one or more statements with no parameters (a migration file). */
  exec(sql: string): Promise<void>;
  /**
   * `prepared` names a statement that every request runs (the session look-up): PostgreSQL parses and plans
   * it once per connection instead of each time. Only for a fixed text; PGlite ignores it.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], prepared?: string): Promise<T[]>;
  /** Runs fn on one dedicated connection (for BEGIN/COMMIT and session locks). */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type SqlConnection = Pick<SqlRunner, 'exec' | 'query'>;

export type Database = {
  prisma: Db;
  sql: SqlRunner;
  /** A replica for lag-tolerant reads (DATABASE_READ_URL); read it through lagTolerantReader. */
  replica?: { prisma: Db; sql: SqlRunner };
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string | undefined;
  /** PostgreSQL only: a read-only replica (or a proxy port in front of replicas) for lag-tolerant reads. */
  readUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
};

/**
 * Interactive transactions' limits (Prisma's defaults are 2 s to start and 5 s to finish). Score
 * writes queue one at a time (rescore.ts, ADVISORY_LOCKS.scores), so a save may wait behind an import or a
 * scheme change of several seconds: it waits rather than fail. Long jobs set their own, longer limits.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

/** Transaction limits by kind of work: `request` is the default above; the others are for long jobs. */
export const TX_LIMITS = {
  request: TRANSACTION_OPTIONS,
  /** An upload (template, import) or a scheme change from the admin page: may re-score a year. */
  upload: { maxWait: 60_000, timeout: 120_000 },
  /** The day's catch-up and CLI scheme changes: may re-score many unit-periods. */
  job: { maxWait: 60_000, timeout: 600_000 },
  /** A full recomputation from the CLI. */
  rebuild: { maxWait: 60_000, timeout: 1_800_000 },
} as const;
export type TxLimits = { maxWait: number; timeout: number };

/**
 * Runs fn in an interactive transaction with our limits — or, when `db` is already a transaction,
 * inside it (a service called by another service joins its caller's transaction). Services own their
 * transactions through this; procedures and routes just call services.
 */
export async function inTransaction<T>(
  db: Tx,
  fn: (tx: Tx) => Promise<T>,
  limits: TxLimits = TX_LIMITS.request,
): Promise<T> {
  if (!isRootClient(db)) return fn(db);
  const hooks = new Map<string, AfterCommit>();
  const connection: TxConnection = {};
  const result = await openingTransaction.run(connection, () =>
    db.$transaction((tx) => {
      afterCommitHooks.set(tx, hooks);
      txConnections.set(tx, connection);
      return fn(tx);
    }, limits),
  );
  for (const [name, hook] of hooks) {
    try {
      await hook(db);
    } catch (err) {
      // Housekeeping after the commit (VACUUM): the work is done and stays done; say why it was skipped.
      console.warn(`after commit (${name}):`, err instanceof Error ? err.message : err);
    }
  }
  return result;
}

/** Work that cannot run inside a transaction (VACUUM), done on the root client once the transaction commits. */
type AfterCommit = (db: Db) => Promise<unknown>;
const afterCommitHooks = new WeakMap<Tx, Map<string, AfterCommit>>();

/**
 * Runs `hook` after the transaction `tx` commits (once per `name`), when `tx` was opened by inTransaction;
 * otherwise (a caller's own `$transaction`, a test's) it is not run. Nothing runs when the transaction fails.
 */
export function afterCommit(tx: Tx, name: string, hook: AfterCommit): void {
  afterCommitHooks.get(tx)?.set(name, hook);
}

/**
 * A service that runs in its own transaction (with these limits), or joins its caller's: wrap the
 * function whose first parameter is the transaction, and callers pass either the client or a transaction.
 */
export function transactional<A extends unknown[], R>(
  fn: (tx: Tx, ...args: A) => Promise<R>,
  limits: TxLimits = TX_LIMITS.request,
): (db: Tx, ...args: A) => Promise<R> {
  return (db, ...args) => inTransaction(db, (tx) => fn(tx, ...args), limits);
}

/** Whether `db` is a root client (can open a transaction) rather than one already open. */
export function isRootClient(db: Tx): db is Db {
  return typeof (db as { $transaction?: unknown }).$transaction === 'function';
}

/**
 * Advisory-lock ids (pg_advisory_lock / pg_advisory_xact_lock), one per job that must run one at a time
 * across servers. Take them in this order, never the reverse.
 */
export const ADVISORY_LOCKS = {
  /** Applying migrations (server/migrate.ts), a session lock. */
  migrations: 724011,
  /** The day's score catch-up (services/scoring/catch-up.ts). */
  catchUp: 724012,
  /** Writing scores, ranks and score-view stamps (services/scoring/rescore.ts). */
  scores: 724013,
  /**
   * The day's supervision job (services/supervision/daily-job.ts): one server at a time. Its own id, so that
   * the job does not hold up score writes (it shared 724013 with them until issue 12's review).
   */
  dailyJob: 724014,
} as const;

/** `('submitted', 'verified')`: the statuses whose values count (domain/names.ts), for `status IN …` in SQL. */
export const COUNTED_SQL = sql.raw(`(${COUNTED_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/** The raw SQL channel of each open Prisma client (rawQuery below). */
const runners = new WeakMap<object, SqlRunner>();

/**
 * The rows of a `sql` statement through Prisma (in `db`'s transaction, if it is one): numbers as Prisma
 * returns them (bigint for int8, Decimal for numeric — cast in SQL to what you want). The one place, with
 * `execute` and `rawQuery`, that calls Prisma's unsafe raw API: every value is a parameter (server/sql.ts).
 */
export async function queryRows<T>(db: Tx, statement: Sql, opts: { prepared?: string } = {}): Promise<T[]> {
  const { text, params } = statement.toQuery();
  const direct = driverConnection(db, opts.prepared);
  if (direct)
    return (await direct.query({ name: preparedName(opts.prepared!, text), text, values: params })).rows as T[];
  return db.$queryRawUnsafe<T[]>(markPrepared(text, opts.prepared), ...params);
}

/** Runs a `sql` statement through Prisma (in `db`'s transaction, if it is one); the number of rows it changed. */
export async function execute(db: Tx, statement: Sql, opts: { prepared?: string } = {}): Promise<number> {
  const { text, params } = statement.toQuery();
  const direct = driverConnection(db, opts.prepared);
  if (direct)
    return (await direct.query({ name: preparedName(opts.prepared!, text), text, values: params })).rowCount ?? 0;
  return db.$executeRawUnsafe(markPrepared(text, opts.prepared), ...params);
}

/**
 * The driver connection of a transaction opened by inTransaction on PostgreSQL, while it is open: a statement
 * marked `prepared` goes to it straight, not through Prisma, which costs ~0.3 ms a statement in its query
 * engine and row conversion (one unit's change runs four: docs/decisions/003). Same connection, same
 * transaction, in the order sent (the driver queues a connection's statements). Rows come as the driver
 * gives them, as on rawQuery's raw channel: write such statements portably (int, text, boolean; never bigint
 * or numeric out). Elsewhere (PGlite, a caller's own `$transaction`, after COMMIT or ROLLBACK was sent —
 * a timed-out transaction, say) the statement goes through Prisma: a late one fails there, it never runs
 * outside its transaction.
 */
function driverConnection(db: Tx, prefix: string | undefined): DirectClient | undefined {
  if (prefix === undefined) return undefined;
  checkedPrefix(prefix);
  const connection = txConnections.get(db);
  const client = connection?.client;
  return client && client.transaction === connection ? client : undefined;
}

/** An open transaction's connection (PreparingClient below): set when it sends BEGIN, cleared at its end. */
type TxConnection = { client?: DirectClient };
type DirectClient = {
  transaction: TxConnection | undefined;
  query(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
};
/** The transaction being opened in this async context (inTransaction), for the connection that sends its BEGIN. */
const openingTransaction = new AsyncLocalStorage<TxConnection>();
const txConnections = new WeakMap<Tx, TxConnection>();

/**
 * `prepared` for a statement over a few rows (one unit's change: a handful of units and periods). A bulk
 * statement is planned each time for its sizes: a plan kept from a small one would loop where it should hash.
 */
export function preparedWhenFew(rows: number, prefix: string): { prepared?: string } {
  return rows <= 8 ? { prepared: prefix } : {};
}

/**
 * `prepared` on a statement through Prisma (the hot path of re-scoring: one unit's change) makes it a named
 * prepared statement on each PostgreSQL connection, planned once per connection instead of every time (its
 * planning cost as much as its execution: docs/decisions/003). Prisma's adapter sends no statement names,
 * so the name rides in a leading comment that the connections of openPostgres read (PreparingClient);
 * PGlite and any other channel run the text as it is, comment and all.
 */
const PREPARED_MARK = /^\/\* prepared:([a-z-]+) \*\/ /;
function markPrepared(text: string, prefix: string | undefined): string {
  if (prefix === undefined) return text;
  return `/* prepared:${checkedPrefix(prefix)} */ ${text}`;
}

function checkedPrefix(prefix: string): string {
  if (!/^[a-z-]+$/.test(prefix))
    throw new Error(`prepared statement prefix ${prefix}: lowercase letters and dashes only`);
  return prefix;
}

/** The rows of a `sql` statement on the raw channel (a SqlRunner or one of its connections). */
export async function runQuery<T>(runner: Pick<SqlRunner, 'query'>, statement: Sql, prepared?: string): Promise<T[]> {
  const { text, params } = statement.toQuery();
  return runner.query<T>(text, params, prepared === undefined ? undefined : preparedName(prepared, text));
}

const preparedNames = new Map<string, string>();
/** One name per distinct text (a statement built two ways is two statements): `session_3f2a…`. */
function preparedName(prefix: string, text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `${prefix}_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (preparedNames.size < 64) preparedNames.set(text, name);
  }
  return name;
}

/**
 * A read on the hot path (sessions, data versions): straight to the driver when `db` is an open root
 * client — an order of magnitude less CPU than a Prisma query (docs/decisions/003) — and through
 * Prisma inside an interactive transaction, which must see its own writes. Write portable SQL:
 * cast numbers to int and compare in SQL, so both paths return the same JavaScript values.
 */
export async function rawQuery<T>(db: object, statement: Sql, opts: { prepared?: string } = {}): Promise<T[]> {
  const runner = runners.get(db);
  if (runner) return runQuery<T>(runner, statement, opts.prepared);
  return queryRows<T>(db as Tx, statement);
}

/**
 * The raw driver channel of an open root client, for bytes (evidence chunks): straight to the driver, in
 * binary, never through Prisma (whose query compiler copies a large parameter several times over).
 */
export function driverOf(db: object): SqlRunner {
  const runner = runners.get(db);
  if (!runner) throw new Error('driverOf needs the root Prisma client of openDatabase, not a transaction.');
  return runner;
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
    if (onDisk && !options?.loadDataDir && !fs.existsSync(path.join(dataDir, 'PG_VERSION')))
      await initEmbedded(dataDir);
    return { pglite: await PGlite.create(dataDir, { startParams: EMBEDDED_START_PARAMS, ...options }), release };
  } catch (err) {
    release();
    throw new EmbeddedOpenError(dataDir, err);
  }
}

/**
 * PGlite's start-up flags with a smaller buffer cache: PostgreSQL touches all of shared_buffers when it
 * starts, and PGlite's default of 128 MB is resident for the process's life. 32 MB holds a city's data
 * (the demo database is about 40 MB on disk, and the hot part is the scores); the operating system's page
 * cache holds the rest.
 */
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * Creates a new embedded database folder in a child process (scripts/init-embedded.mjs): PGlite's initdb
 * grows the WebAssembly heap by about 500 MB that the process would keep for its whole life.
 */
async function initEmbedded(dataDir: string): Promise<void> {
  const script = path.join(ROOT, 'scripts/init-embedded.mjs');
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (c) => resolve({ code: c, output: out }));
  });
  if (code !== 0)
    throw new Error(`creating the embedded database in ${dataDir} failed (exit ${code}): ${output.trim()}`);
}

/** The one Prisma client factory: PGlite under dataDir by default, PostgreSQL when a URL is given. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const { prisma, sql } = await openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
    const replica = opts.readUrl ? await openPostgres(opts.readUrl, opts.poolSize ?? 10) : undefined;
    return {
      prisma,
      sql,
      ...(replica ? { replica } : {}),
      async close() {
        await prisma.$disconnect();
        await sql.close();
        if (replica) {
          await replica.prisma.$disconnect();
          await replica.sql.close();
        }
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

/**
 * The startup options of every connection: the session's TimeZone is UTC, whatever the server's or the
 * database's setting (a Chinese server often has `timezone = 'Asia/Shanghai'`). Prisma's driver adapter sends
 * a DateTime as UTC wall-clock text without an offset, which PostgreSQL reads in the session's TimeZone: on a
 * server in UTC+8 every time Prisma wrote was stored 8 hours early, while `now()` and the raw reads were right
 * (sessions then looked 480 minutes idle and ended at once). Options already in the URL are kept.
 */
export function sessionOptions(url: string): string {
  let given: string | null = null;
  try {
    given = new URL(url).searchParams.get('options');
  } catch {
    // Not a URL the WHATWG parser takes (pg parses it itself); nothing to keep.
  }
  // JIT compilation off unless the URL's options say otherwise (a later -c wins): our large statements (a
  // quarter's re-score, an import's totals) cost well above jit_above_cost yet run in under a second, and
  // compiling them took 350–450 ms each (EXPLAIN ANALYZE on the bench's 10,000 units; decision 003).
  return ['-c jit=off', given, '-c TimeZone=UTC', `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS}`]
    .filter(Boolean)
    .join(' ');
}

/**
 * A transaction that sits idle this long is ended by PostgreSQL. None of ours waits between statements for
 * more than a second or two (long jobs keep sending statements); but a transaction a client library opened
 * and then lost (seen under load with Prisma 6.19's driver adapter: a `BEGIN`, then nothing, its connection
 * never returned) would otherwise hold its locks and snapshot — and VACUUM's horizon — for the process's life.
 */
const IDLE_IN_TRANSACTION_MS = 120_000;
/** How long closing waits for connections still checked out (one lost as above) before ending the pool anyway. */
const POOL_CLOSE_MS = 5_000;

/** A pool on one PostgreSQL URL, its Prisma client and its raw channel. */
async function openPostgres(url: string, poolSize: number): Promise<{ prisma: Db; sql: SqlRunner }> {
  const pg = await import('pg');
  // The connections name the statements marked `prepared` (markPrepared above), and know the transaction they
  // run (driverConnection): Prisma's adapter sends BEGIN, COMMIT and ROLLBACK as statements of their own.
  class PreparingClient extends pg.default.Client {
    transaction: TxConnection | undefined;
    // biome-ignore lint/suspicious/noExplicitAny: pg's query is overloaded; this passes every form through.
    override query(config: any, values?: any, callback?: any): any {
      if (config && typeof config === 'object' && typeof config.text === 'string') {
        const text: string = config.text;
        if (text === 'BEGIN') {
          const opening = openingTransaction.getStore();
          if (opening && !opening.client) {
            opening.client = this as unknown as DirectClient;
            this.transaction = opening;
          } else this.transaction = undefined;
        } else if (text === 'COMMIT' || text === 'ROLLBACK') this.transaction = undefined;
        else if (config.name === undefined) {
          const mark = PREPARED_MARK.exec(text);
          if (mark) config = { ...config, name: preparedName(mark[1]!, text) };
        }
      }
      return super.query(config, values, callback);
    }
  }
  const pool = new pg.default.Pool({
    Client: PreparingClient,
    connectionString: url,
    options: sessionOptions(url),
    max: poolSize,
    // A new connection that does not answer (a proxy with no primary behind it) fails in 3 s, not never.
    connectionTimeoutMillis: 3000,
    keepAlive: true,
  });
  // A dropped connection (server restart, failover) must not crash the process; the pool discards it and reconnects.
  pool.on('error', () => undefined);
  // Back in the pool, a connection runs no transaction of ours (a failed BEGIN releases it without a ROLLBACK).
  pool.on('release', (_err, client) => {
    (client as unknown as PreparingClient).transaction = undefined;
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION_OPTIONS });
  const sql: SqlRunner = {
    kind: 'postgres',
    async exec(text) {
      await pool.query(text);
    },
    async query(text, params, prepared) {
      const values = params as unknown[] | undefined;
      const res = await (prepared ? pool.query({ name: prepared, text, values }) : pool.query(text, values));
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
      // pool.end() waits for every checked-out connection; a lost one would hold a shutdown forever.
      let timer: NodeJS.Timeout | undefined;
      const ended = pool.end();
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), POOL_CLOSE_MS);
      });
      if ((await Promise.race([ended, late])) === 'late')
        console.warn(
          `closing the database: ${pool.totalCount - pool.idleCount} connection(s) still in use, not waited for`,
        );
      clearTimeout(timer);
    },
  };
  runners.set(prisma, sql);
  return { prisma, sql };
}

/** Seconds a client is told to wait (Retry-After) when there is no usable primary: a failover takes a few. */
export const RETRY_AFTER_SECONDS = 2;
/** What a client reads meanwhile: retry; the request wrote nothing it was told of. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable for a moment (failover or restart); retry in a few seconds.';

/**
 * SQLSTATEs meaning "no usable primary right now" rather than a bug: connection exceptions (08…),
 * the server shutting down, crashed or starting (57P01–57P03), a write on a node that is now a
 * standby (25006, a demoted primary), too many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|25006|53300)$/;
/** Prisma's codes for the same (P1001 unreachable, P1002/P1008 timed out, P1017 connection closed, P2024 pool timeout). */
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver-adapter error kinds for the same. */
const UNAVAILABLE_KIND = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** node-postgres and Prisma say some of it only in words. */
const UNAVAILABLE_MESSAGE = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'is not queryable',
    "Can't reach database server",
    'Server has closed the connection',
    'Unable to start a transaction in the given time',
  ].join('|'),
  'i',
);

/**
 * Whether an error means the database is unreachable or has no writable primary at the moment (a
 * failover, a restart, a lost connection): the one place that decides it. Such a request is answered
 * 503 with Retry-After (tRPC SERVICE_UNAVAILABLE), never 500; it wrote nothing the client was told of.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number): boolean => {
    if (!e || typeof e !== 'object' || depth > 6 || seen.has(e)) return false;
    seen.add(e);
    const x = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    const code = typeof x.code === 'string' ? x.code : '';
    if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_ERRNO.has(code)) return true;
    if (typeof x.kind === 'string' && UNAVAILABLE_KIND.has(x.kind)) return true;
    if (typeof x.message === 'string' && UNAVAILABLE_MESSAGE.test(x.message)) return true;
    const meta = x.meta as { driverAdapterError?: unknown } | undefined;
    return walk(x.cause, depth + 1) || walk(meta?.driverAdapterError, depth + 1);
  };
  return walk(err, 0);
}

/**
 * Whether the database takes writes now, answered within `timeoutMs` (/healthz: a load balancer takes a
 * server out while it has no writable primary). PGlite: whether it answers.
 */
export async function checkWritable(
  database: Pick<Database, 'sql'>,
  timeoutMs = 1500,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const probe =
      database.sql.kind === 'postgres'
        ? database.sql.query<{ writable: boolean }>('SELECT NOT pg_is_in_recovery() AS writable')
        : database.sql.query<{ writable: boolean }>('SELECT true AS writable');
    const rows = await Promise.race([probe, timeout]);
    return rows[0]?.writable ? { ok: true } : { ok: false, reason: 'the database is a read-only standby' };
  } catch (err) {
    return { ok: false, reason: `the database is unavailable (${err instanceof Error ? err.message : String(err)})` };
  } finally {
    clearTimeout(timer);
  }
}

/** The primary's current WAL position after a write (read-your-own-writes on a replica), null on PGlite. */
export async function writePosition(database: Pick<Database, 'sql'>): Promise<string | null> {
  if (database.sql.kind !== 'postgres') return null;
  const rows = await database.sql.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return rows[0]?.lsn ?? null;
}

const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/**
 * The client for a lag-tolerant read (rankings, overview, exports): the replica when one is set and it
 * has replayed the caller's last write (`afterLsn`, from writePosition), else the primary — a user
 * always reads their own writes (docs/decisions/004). A replica that cannot answer sends the read to
 * the primary too.
 */
export async function lagTolerantReader(database: Database, afterLsn: string | undefined): Promise<Db> {
  const replica = database.replica;
  if (!replica) return database.prisma;
  if (!afterLsn || !LSN.test(afterLsn)) return replica.prisma;
  try {
    // On a node that is not in recovery (the read port fell back to the primary) replay_lsn is null: it has everything.
    const rows = await runQuery<{ caught_up: boolean }>(
      replica.sql,
      sql`SELECT coalesce(pg_last_wal_replay_lsn() >= ${afterLsn}::pg_lsn, true) AS caught_up`,
    );
    return rows[0]?.caught_up ? replica.prisma : database.prisma;
  } catch {
    return database.prisma;
  }
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
