import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../../server/db';
import { applyMigrations } from '../../server/migrate';
import { ensureDefaultCatalogue } from '../../server/services/catalogue/load-catalogue';
import { loadDemo } from '../../server/services/demo/load-demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from './test-db';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export type CliRun = { code: number; stdout: string; stdoutBytes: Buffer; stderr: string; stderrLines: string[] };

/**
 * A database the command line can use, loaded with the demo: a PGlite data directory (opened by one process at
 * a time, so `withDb` opens and closes it around each use) or, when DATABASE_URL is set, a fresh PostgreSQL database.
 */
export type CliTarget = {
  env: Record<string, string>;
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
};

export async function createCliTarget(today = '2012-03-01'): Promise<CliTarget> {
  if (ON_POSTGRES) {
    const db: TestDatabase = await createTestDatabase();
    await loadDemo(db.prisma, today);
    return {
      env: { DATABASE_URL: db.url!, DATA_DIR: path.join(os.tmpdir(), 'dukao-unused') },
      withDb: (fn) => fn(db),
      dispose: () => db.dispose(),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-cli-'));
  const open = async () => {
    const db = await openDatabase({ dataDir: dir });
    await applyMigrations(db.sql);
    return db;
  };
  const first = await open();
  try {
    await first.prisma.$transaction((tx) => ensureDefaultCatalogue(tx));
    await loadDemo(first.prisma, today);
  } finally {
    await first.close();
  }
  return {
    env: { DATA_DIR: dir, DATABASE_URL: '' },
    async withDb(fn) {
      const db = await open();
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `tsx server/cli/main.ts …args` (what `npm run cli --` runs) and collects exit code and output. */
export function runCli(target: CliTarget, args: string[], stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['server/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...target.env, TZ: 'Asia/Shanghai', NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: code ?? -1,
        stdout: stdoutBytes.toString('utf8'),
        stdoutBytes,
        stderr,
        stderrLines: stderr.split('\n').filter((l) => l !== ''),
      });
    });
    child.stdin.end(stdin);
  });
}

/** A temporary file for one test. */
export function tempFile(name: string, body: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-file-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}
