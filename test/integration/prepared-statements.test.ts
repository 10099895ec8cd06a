/**
 * Prepared hot-path statements (server/db.ts, `rawQuery(…, { prepared })`; issue 17): PostgreSQL plans the
 * session look-up once per connection. A statement built two ways under one prefix is two statements (the
 * driver refuses one name for two texts), and a prepared statement answers from the data of the moment.
 * Statements through Prisma marked `prepared` (one unit's re-scoring: queryRows/execute) are named on the
 * connection too, and see their own transaction's writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, queryRows, rawQuery } from '../../server/db';
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
});
