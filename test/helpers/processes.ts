/**
 * Child processes for the process and fault tests: the CLI and the server run as real processes on the
 * test's database (a PGlite data directory, or the test's PostgreSQL database), killed and restarted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { type Database, openDatabase } from '../../server/db';

const ROOT = path.resolve(__dirname, '../..');

export type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** Where the children's database is: read when a child starts (the PostgreSQL database may be created in beforeAll). */
export type ChildDatabase = () => { databaseUrl: string } | { dataDir: string };

export function processes(where: ChildDatabase) {
  function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DUKAO_NO_CLIENT_BUILD: '1',
      LOG_LEVEL: 'warn',
      TZ: 'Asia/Shanghai',
      NODE_OPTIONS: '',
      ...extra,
    };
    const db = where();
    if ('databaseUrl' in db) env.DATABASE_URL = db.databaseUrl;
    else {
      delete env.DATABASE_URL;
      env.DATA_DIR = db.dataDir;
    }
    return env;
  }

  /**
   * Runs a TypeScript entry point in ONE node process (`node --import tsx`): the `tsx` command runs its own
   * child, so a SIGKILL to it would leave that child running on the database.
   */
  function run(args: string[], extra: Record<string, string> = {}): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: childEnv(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Opens the children's database in this process for fn, and closes it (PGlite: one process at a time). */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const w = where();
    const db =
      'databaseUrl' in w
        ? await openDatabase({ databaseUrl: w.databaseUrl, dataDir: '' })
        : await openDatabase({ dataDir: w.dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  return { run, withDb };
}

/** How a child ended, with everything it wrote to stderr; `onStderr` hears it as it comes. */
export function exitOf(child: ChildProcess, onStderr?: (all: string) => void): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr);
  });
  child.stdout?.resume();
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export async function waitHealthy(port: number, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not become healthy');
}
