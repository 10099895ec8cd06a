/**
 * A PostgreSQL server (or database) whose TimeZone is not UTC — common on Chinese servers (`timezone =
 * 'Asia/Shanghai'`). Prisma's driver adapter sends times as UTC wall-clock text without an offset, which the
 * server reads in the session's TimeZone: before every connection was set to UTC (server/db.ts,
 * sessionOptions), each time Prisma wrote was stored 8 hours early, and a session looked 480 minutes idle
 * at its first request (found by the HA test, whose Patroni cluster took the test's TZ). PostgreSQL only.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows, rawQuery, sessionOptions } from '../../server/db';
import { loadDemo } from '../../server/services/demo/load-demo';
import { sql } from '../../server/sql';
import { buildTestApp, DEMO_PASSWORDS, loginAs, trpcQuery } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

describe('the session options of a PostgreSQL connection', () => {
  it('set the TimeZone to UTC, end transactions left idle, turn JIT off, and keep options given in the URL', () => {
    expect(sessionOptions('postgresql://h/db')).toBe(
      '-c jit=off -c TimeZone=UTC -c idle_in_transaction_session_timeout=120000',
    );
    expect(sessionOptions('postgresql://h/db?options=-c%20statement_timeout%3D5000')).toBe(
      '-c jit=off -c statement_timeout=5000 -c TimeZone=UTC -c idle_in_transaction_session_timeout=120000',
    );
    // JIT stays the URL's to turn on: its -c comes later and wins.
    expect(sessionOptions('postgresql://h/db?options=-c%20jit%3Don')).toBe(
      '-c jit=off -c jit=on -c TimeZone=UTC -c idle_in_transaction_session_timeout=120000',
    );
  });
});

describe.skipIf(!ON_POSTGRES)('a PostgreSQL database whose TimeZone is Asia/Shanghai', () => {
  let owner: TestDatabase;
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    owner = await createTestDatabase();
    const name = new URL(owner.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} SET timezone TO 'Asia/Shanghai'`);
    await admin.end();
    // New connections take the database's setting (the owner's pool was opened before it).
    database = await openDatabase({ databaseUrl: owner.url!, dataDir: '', poolSize: 3 });
    await loadDemo(database.prisma, '2012-03-01');
    app = await buildTestApp(database);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await owner?.dispose();
  });

  it('stores what Prisma writes at the right instant: raw reads and now() agree with it', async () => {
    const written = new Date();
    await database.prisma.setting.create({ data: { key: 'tz-probe', value: 1, updatedAt: written } });
    const [row] = await rawQuery<{ updatedAt: Date; skewMs: number }>(
      database.prisma,
      sql`SELECT "updatedAt", extract(epoch FROM (now() - "updatedAt")) * 1000 AS "skewMs" FROM "Setting" WHERE key = 'tz-probe'`,
    );
    expect(new Date(row!.updatedAt).toISOString()).toBe(written.toISOString());
    expect(Math.abs(Number(row!.skewMs))).toBeLessThan(60_000);
    const viaPrisma = await database.prisma.setting.findUnique({ where: { key: 'tz-probe' } });
    expect(viaPrisma?.updatedAt.toISOString()).toBe(written.toISOString());
  });

  it('opens every connection with its settings, for Prisma and for the raw channel', async () => {
    const settings = sql`SELECT current_setting('TimeZone') AS tz, current_setting('idle_in_transaction_session_timeout') AS idle,
                             current_setting('jit') AS jit`;
    // In a transaction: Prisma's own connection, not the raw channel rawQuery takes on a root client.
    const viaPrisma = await database.prisma.$transaction((tx) => queryRows(tx, settings));
    const viaRaw = await rawQuery(database.prisma, settings);
    for (const r of [viaPrisma[0], viaRaw[0]]) expect(r).toEqual({ tz: 'UTC', idle: '2min', jit: 'off' });
  });

  it('keeps a session signed in after its first request (it is not taken for 480 minutes idle)', async () => {
    const { res, cookie } = await loginAs(app, 'inspector', DEMO_PASSWORDS.inspector);
    expect(res.statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      const me = await trpcQuery(app, 'auth.me', undefined, cookie);
      expect(me.status).toBe(200);
    }
    const timeouts = await database.prisma.auditLog.count({ where: { action: 'auth.timeout' } });
    expect(timeouts).toBe(0);
  });
});
