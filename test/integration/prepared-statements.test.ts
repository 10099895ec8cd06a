/**
 * Prepared hot-path statements (server/db.ts, `rawQuery(…, { prepared })`; issue 17): PostgreSQL plans the
 * session look-up once per connection. A statement built two ways under one prefix is two statements (the
 * driver refuses one name for two texts), and a prepared statement answers from the data of the moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawQuery } from '../../server/db';
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
});
