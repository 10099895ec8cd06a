/**
 * Child processes for the process and fault tests: the CLI and the server run as real processes on the
 * test's database (a PGlite data directory, or the test's PostgreSQL database), killed and restarted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Database, openDatabase } from '../../server/db';
import { ROOT } from '../../server/paths';

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

/** The worker processes of a process (a cluster's primary), from Linux /proc. */
export function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export type CompiledServer = {
  base: string;
  pid: number;
  proc: ChildProcess;
  /** The folder of the compiled server (dist/server/<hash>). */
  serverDir: string;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
};

/**
 * `npm start`'s compiled server as a process (scripts/start.mjs; the server built first when stale, the client
 * not needed) on a free port, once its output says `ready` ('is serving' by default). `env` adds to or
 * overrides the defaults (DATABASE_URL or DATA_DIR, WORKERS …).
 */
export async function startCompiledServer(
  env: Record<string, string>,
  opts: { ready?: string; timeoutMs?: number } = {},
): Promise<CompiledServer> {
  const { ensureServer } = (await import(path.join(ROOT, 'scripts/build.mjs'))) as {
    ensureServer(o: { log: (l: string) => void }): Promise<string>;
  };
  const serverDir = await ensureServer({ log: () => undefined });
  const port = await freePort();
  const proc = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DUKAO_NO_CLIENT_BUILD: '1',
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const ready = opts.ready ?? 'is serving';
  const until = Date.now() + (opts.timeoutMs ?? 180_000);
  while (!out.includes(ready)) {
    if (proc.exitCode !== null || Date.now() > until) throw new Error(`the compiled server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    pid: proc.pid!,
    proc,
    serverDir,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
