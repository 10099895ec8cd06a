/**
 * Prepared hot-path statements (server/db.ts, `rawQuery(…, { prepared })`; issue 17): PostgreSQL plans the
 * session look-up once per connection. A statement built two ways under one prefix is two statements (the
 * driver refuses one name for two texts), and a prepared statement answers from the data of the moment.
 * Statements through Prisma marked `prepared` (one unit's re-scoring: queryRows/execute) are named on the
 * connection too, and see their own transaction's writes; in a transaction of inTransaction on PostgreSQL they
 * go to its connection straight, and never run outside it (rolled back, timed out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, inTransaction, queryRows, rawQuery } from '../../server/db';
import { sql } from '../../server/sql';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.dispose());

describe(`prepared statements on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('two texts under one prefix, on every connection of the pool, at once', async () => {
    const one = (n: number) => sql`SELECT ${n}::int AS n`;
    const two = (n: number) => sql`SELECT ${n}::int + 1 AS n`;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        rawQuery<{ n: number }>(db.prisma, i % 2 ? two(i) : one(i), { prepared: 'probe' }),
      ),
    );
    expect(answers.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 ? i + 1 : i)));
  });

  it('answers from the data of the moment, not from when it was prepared', async () => {
    const count = () =>
      rawQuery<{ n: number }>(db.prisma, sql`SELECT count(*)::int AS n FROM "Setting" WHERE key LIKE ${'probe.%'}`, {
        prepared: 'probe-count',
      });
    for (let i = 0; i < 8; i++) await count(); // past PostgreSQL's five custom plans, to its generic one
    expect((await count())[0]!.n).toBe(0);
    await db.prisma.setting.create({ data: { key: 'probe.one', value: 1 } });
    expect((await count())[0]!.n).toBe(1);
  });

  it('a statement through Prisma marked prepared: named on the connection, in its own transaction', async () => {
    const count = sql`SELECT count(*)::int AS n FROM "Setting" WHERE key LIKE ${'probe.tx.%'}`;
    const seen = await db.prisma.$transaction(async (tx) => {
      const out: number[] = [];
      for (let i = 0; i < 8; i++) {
        await execute(
          tx,
          sql`INSERT INTO "Setting" (key, value, "updatedAt") VALUES (${`probe.tx.${i}`}, '1', now())`,
          {
            prepared: 'probe-tx',
          },
        );
        out.push((await queryRows<{ n: number }>(tx, count, { prepared: 'probe-tx' }))[0]!.n);
      }
      const named = await queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE ${'probe-tx_%'}`,
      );
      return { out, named: named[0]!.n };
    });
    expect(seen.out).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // PostgreSQL keeps both texts as named statements of the connection; PGlite runs them as they are.
    expect(seen.named).toBe(ON_POSTGRES ? 2 : 0);
    await expect(queryRows(db.prisma, count, { prepared: 'Bad Name' })).rejects.toThrow(/lowercase letters/);
  });

  const probes = sql`SELECT count(*)::int AS n FROM "Setting" WHERE key LIKE ${'probe.direct.%'}`;
  const insertProbe = (key: string) =>
    sql`INSERT INTO "Setting" (key, value, "updatedAt") VALUES (${`probe.direct.${key}`}, '1', now())`;

  it("in inTransaction's transaction: on its own connection (PostgreSQL), seeing and seen by Prisma's statements", async () => {
    await db.prisma.setting.deleteMany({ where: { key: { startsWith: 'probe.direct.' } } });
    const seen = await inTransaction(db.prisma, async (tx) => {
      await tx.setting.create({ data: { key: 'probe.direct.prisma', value: 1 } });
      const afterPrisma = (await queryRows<{ n: number }>(tx, probes, { prepared: 'probe-direct' }))[0]!.n;
      const inserted = await execute(tx, insertProbe('driver'), { prepared: 'probe-direct' });
      const afterDriver = await tx.setting.count({ where: { key: { startsWith: 'probe.direct.' } } });
      // The driver's rows, not Prisma's: int8 as the driver's text (Prisma: bigint). Hence portable SQL only.
      const [big] = await queryRows<{ n: unknown }>(tx, sql`SELECT 1::int8 AS n`, { prepared: 'probe-direct' });
      return { afterPrisma, inserted, afterDriver, big: typeof big!.n };
    });
    expect(seen).toEqual({ afterPrisma: 1, inserted: 1, afterDriver: 2, big: ON_POSTGRES ? 'string' : 'bigint' });
    expect((await queryRows<{ n: number }>(db.prisma, probes))[0]!.n).toBe(2);
  });

  it('rolled back or timed out, nothing it sent stays: a late statement fails and writes nothing', async () => {
    await db.prisma.setting.deleteMany({ where: { key: { startsWith: 'probe.direct.' } } });
    await expect(
      inTransaction(db.prisma, async (tx) => {
        await execute(tx, insertProbe('rolled-back'), { prepared: 'probe-direct' });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    let late: unknown = 'not run';
    let finished!: () => void;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    await expect(
      inTransaction(
        db.prisma,
        async (tx) => {
          await execute(tx, insertProbe('before-timeout'), { prepared: 'probe-direct' });
          await new Promise((r) => setTimeout(r, 600)); // past the timeout: Prisma rolls back and frees the connection
          late = await execute(tx, insertProbe('after-timeout'), { prepared: 'probe-direct' }).catch((err) => err);
          finished();
        },
        { maxWait: 2_000, timeout: 200 },
      ),
    ).rejects.toThrow();
    await done;
    expect(late).toBeInstanceOf(Error);
    // Busy connections of the pool meanwhile: none may have run the late insert outside its transaction.
    await Promise.all(Array.from({ length: 6 }, () => db.prisma.setting.count()));
    expect((await queryRows<{ n: number }>(db.prisma, probes))[0]!.n).toBe(0);
  });
});
