/**
 * `npm run cli -- user add` reads the password from standard input (never from the command line) and
 * stores only its Argon2id hash; the new user can then sign in. Runs the real CLI in a child process
 * against an embedded database in a temporary DATA_DIR, or against the test database when DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../server/db';
import { verifyPassword } from '../../server/services/auth/passwords';
import { buildTestApp, loginAs } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const TSX = path.resolve('node_modules/.bin/tsx');
const PASSWORD = 'from-stdin-Pa55';

let pgDb: TestDatabase | null = null;
let dataDir: string;

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI with `stdin` piped in, against this file's database. */
function cli(args: string[], stdin: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  if (pgDb) env.DATABASE_URL = pgDb.url!;
  else delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['server/cli/main.ts', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Opens the database the CLI wrote to (after the CLI exited: the embedded one allows one process at a time). */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (pgDb) return fn(pgDb);
  const db = await openDatabase({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-cli-'));
  if (ON_POSTGRES) pgDb = await createTestDatabase();
});

afterAll(async () => {
  await pgDb?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`cli user add on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('creates a user with the password read from standard input', async () => {
    const run = await cli(['user', 'add', '--username', 'cli-admin', '--role', 'admin'], `${PASSWORD}\n`);
    expect(run.stderr).toContain('Created admin cli-admin; the password must be changed at first sign-in.');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    await withDatabase(async (db) => {
      const user = await db.prisma.user.findUniqueOrThrow({
        where: { username: 'cli-admin' },
        select: { role: true, unitId: true, passwordHash: true },
      });
      expect([user.role, user.unitId]).toEqual(['admin', null]);
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user.passwordHash).not.toContain(PASSWORD);
      expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
      expect(await verifyPassword(user.passwordHash, `${PASSWORD}\n`)).toBe(false);
      const audit = await db.prisma.auditLog.findFirstOrThrow({
        where: { action: 'user.create', entityId: 'cli-admin' },
      });
      expect(audit.actorName).toBe('cli');
      // The new user signs in over HTTP with exactly that password.
      const app = await buildTestApp(db);
      try {
        const first = await loginAs(app, 'cli-admin', PASSWORD);
        expect(first.res.statusCode).toBe(200);
        // Someone else chose the password: it is changed at first sign-in (then the administrator enrols TOTP).
        expect(first.res.json()).toMatchObject({ mustChangePassword: true });
        expect((await loginAs(app, 'cli-admin', `${PASSWORD}\n`)).res.statusCode).toBe(401);
      } finally {
        await app.close();
      }
    });
  });

  it('refuses an empty password and a duplicate name, writing nothing', async () => {
    // Each run opens the database (slow on a busy machine), so only the cases that matter for sign-in are here;
    // the other checks of user creation are the service's (createUser).
    const cases: [string[], string, RegExp][] = [
      [['user', 'add', '--username', 'nopass', '--role', 'inspector'], '', /at least 8/],
      [['user', 'add', '--username', 'cli-admin', '--role', 'inspector'], 'Another-passw0rd\n', /already exists/],
    ];
    for (const [args, stdin, message] of cases) {
      const run = await cli(args, stdin);
      expect([args.join(' '), run.code]).toEqual([args.join(' '), 1]);
      expect(run.stderr).toMatch(message);
    }
    await withDatabase(async (db) => {
      expect(await db.prisma.user.count({ where: { username: 'nopass' } })).toBe(0);
      const kept = await db.prisma.user.findUniqueOrThrow({
        where: { username: 'cli-admin' },
        select: { role: true, passwordHash: true },
      });
      expect(kept.role).toBe('admin');
      expect(await verifyPassword(kept.passwordHash, PASSWORD)).toBe(true);
    });
  });

  it('has no command-line option that takes a password', async () => {
    const run = await cli(['user', 'add', '--username', 'argpass', '--role', 'admin', '--password', PASSWORD], '');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Unknown option '--password'/);
    await withDatabase(async (db) => expect(await db.prisma.user.count({ where: { username: 'argpass' } })).toBe(0));
  });
});
