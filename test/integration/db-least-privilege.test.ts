/**
 * Hole 3 of issue 16: the app's database role owned its tables, so it could `ALTER TABLE "AuditLog" DISABLE
 * TRIGGER …` and then rewrite or delete audit rows. Now migrations run as the owner (MIGRATE_DATABASE_URL) and
 * the app as a role granted exactly what it needs (`npm run cli -- db grant --role NAME`): these tests run the
 * server as that role and show it works, yet cannot disable the trigger, alter a table or change an audit row.
 * PostgreSQL only (the embedded database has one role).
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../server/bootstrap';
import type { Database } from '../../server/db';
import { readEnv } from '../../server/env';
import { loadDemo } from '../../server/services/demo/load-demo';
import { runCli } from '../helpers/cli';
import { buildTestApp, DEMO_PASSWORDS, loginAs, trpcMutation } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const ROLE = `dukao_app_${crypto.randomBytes(4).toString('hex')}`;
let owner: TestDatabase;
let appUrl: string;
let appDb: Database;
let app: FastifyInstance;

async function asApp<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: appUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const refusal = (sql: string) =>
  asApp(async (c) => {
    try {
      await c.query(sql);
      return 'allowed';
    } catch (err) {
      return (err as Error).message;
    }
  });

describe.skipIf(!ON_POSTGRES)('the app runs as a least-privileged PostgreSQL role', () => {
  beforeAll(async () => {
    owner = await createTestDatabase();
    await loadDemo(owner.prisma, '2012-03-01');
    await owner.sql.exec(`CREATE ROLE ${ROLE} LOGIN`);
    const u = new URL(owner.url!);
    u.username = ROLE;
    u.password = '';
    appUrl = u.toString();
    // The command an operator runs, as the owner.
    const run = await runCli(
      {
        env: { DATABASE_URL: owner.url!, DATA_DIR: '/tmp/dukao-unused' },
        withDb: async () => undefined as never,
        dispose: async () => {},
      },
      ['db', 'grant', '--role', ROLE],
    );
    expect(run.stderr).toMatch(new RegExp(`Granted ${ROLE} read and write on \\d+ data tables`));
    expect(run.code).toBe(0);
    // The server as it starts in production: migrations as the owner, everything else as the app's role.
    const env = readEnv({ DATABASE_URL: appUrl, MIGRATE_DATABASE_URL: owner.url!, DATA_DIR: '/tmp/dukao-unused' });
    appDb = (await openMigratedDatabase(env)).database;
    app = await buildTestApp(appDb);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await appDb?.close();
    await owner?.sql.exec(`DROP OWNED BY ${ROLE}`).catch(() => undefined);
    await owner?.dispose();
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${ROLE}`);
    await c.end();
  });

  it('works as that role: sign-in, a write with its audit entry', async () => {
    const { res, cookie } = await loginAs(app, 'admin', DEMO_PASSWORDS.admin);
    expect(res.statusCode).toBe(200);
    const saved = await trpcMutation(
      app,
      'reports.saveInputs',
      { year: 2011, texts: { other: '以最小权限角色写入' } },
      cookie,
    );
    expect(saved.status).toBe(200);
    expect(
      await asApp(
        async (c) =>
          (await c.query('SELECT count(*)::int AS n FROM "AuditLog" WHERE action = $1', ['report.edit'])).rows[0].n,
      ),
    ).toBeGreaterThan(0);
    expect(await asApp(async (c) => (await c.query('SELECT current_user AS u')).rows[0].u)).toBe(ROLE);
  });

  it('owns nothing and cannot disable the audit trigger, alter a table, or change or erase an audit row', async () => {
    const owned = await owner.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`,
      [ROLE],
    );
    expect(owned[0]!.n).toBe(0);
    expect(await refusal('ALTER TABLE "AuditLog" DISABLE TRIGGER ALL')).toMatch(/must be owner/);
    expect(await refusal('ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_no_update_delete"')).toMatch(
      /must be owner/,
    );
    expect(await refusal('ALTER TABLE "Unit" ADD COLUMN x int')).toMatch(/must be owner/);
    expect(await refusal('DROP TABLE "Score"')).toMatch(/must be owner/);
    expect(await refusal('CREATE TABLE evil (x int)')).toMatch(/permission denied/);
    expect(await refusal(`UPDATE "AuditLog" SET action = 'x'`)).toMatch(/permission denied/);
    expect(await refusal('DELETE FROM "AuditLog"')).toMatch(/permission denied/);
    expect(await refusal('TRUNCATE "AuditLog"')).toMatch(/permission denied/);
    expect(await refusal(`DELETE FROM "_prisma_migrations"`)).toMatch(/permission denied/);
    expect(await refusal(`SET session_replication_role = replica`)).toMatch(/permission denied/);
    // It may still read and add audit rows, as the app needs.
    expect(await refusal('SELECT count(*) FROM "AuditLog"')).toBe('allowed');
  });
});
