import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTED_SQL, execute, queryRows, rawQuery, runQuery } from '../../server/db';
import { Sql, sql } from '../../server/sql';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const HOSTILE = [
  `'; DROP TABLE "Unit"; --`,
  `$1`,
  `' OR '1'='1`,
  `"Unit"`,
  `\\'); SELECT pg_sleep(10); --`,
  ['$', '{x}'].join(''),
  'ünïcode 督考 \n\t end',
];

describe('the sql tag (server/sql.ts)', () => {
  it('numbers every interpolation $1…$n in order, the text only from the literal parts', () => {
    const q = sql`SELECT * FROM "Unit" WHERE code = ${'u1'} AND id > ${3} AND active = ${true}`.toQuery();
    expect(q.text).toBe('SELECT * FROM "Unit" WHERE code = $1 AND id > $2 AND active = $3');
    expect(q.params).toEqual(['u1', 3, true]);
  });

  it('renumbers nested fragments, however deep, and keeps their values in order', () => {
    const inner = sql`"unitId" = ${7} AND ${sql`"periodCode" = ${'2011Q4'}`}`;
    const q = sql`SELECT ${1} WHERE ${inner} AND x = ${'last'}`.toQuery();
    expect(q.text).toBe('SELECT $1 WHERE "unitId" = $2 AND "periodCode" = $3 AND x = $4');
    expect(q.params).toEqual([1, 7, '2011Q4', 'last']);
  });

  it('sends an array as one parameter, and the same array used twice once', () => {
    const ids = [1, 2, 3];
    const q =
      sql`SELECT ${ids}::int[] AS a, ${ids}::int[] AS b, ${[1, 2, 3]}::int[] AS c, ${5} AS d, ${5} AS e`.toQuery();
    expect(q.text).toBe('SELECT $1::int[] AS a, $1::int[] AS b, $2::int[] AS c, $3 AS d, $4 AS e');
    expect(q.params).toEqual([ids, [1, 2, 3], 5, 5]);
    expect(q.params[0]).toBe(ids);
  });

  it('joins fragments and values with a constant separator; an empty list is the empty fragment', () => {
    const cols = sql.join([sql.raw('code'), sql.raw('name')]);
    const vals = sql.join(['a', 'b', sql`${'c'}::text`], ' | ');
    const q = sql`SELECT ${cols} FROM t WHERE x IN (${vals})${sql.join([])}`.toQuery();
    expect(q.text).toBe('SELECT code, name FROM t WHERE x IN ($1 | $2 | $3::text)');
    expect(q.params).toEqual(['a', 'b', 'c']);
    expect(sql.join([]).toQuery()).toEqual({ text: '', params: [] });
    expect(sql`a${sql.empty}b`.toQuery()).toEqual({ text: 'ab', params: [] });
  });

  it('never puts a value in the text, whatever it contains', () => {
    for (const v of HOSTILE) {
      const q = sql`SELECT ${v} AS v WHERE ${sql`${v} = ${v}`}`.toQuery();
      expect(q.text).toBe('SELECT $1 AS v WHERE $2 = $3');
      expect(q.params).toEqual([v, v, v]);
    }
    // An object or a fragment-shaped object is a value too, not text.
    const fake = { strings: ['DROP TABLE x'], values: [] };
    expect(sql`SELECT ${fake}`.toQuery()).toEqual({ text: 'SELECT $1', params: [fake] });
  });

  it('takes text only through the named escape hatches, and checks them', () => {
    expect(sql`x ${sql.raw('IS NULL')}`.toQuery().text).toBe('x IS NULL');
    expect(() => sql.raw('a = $1')).toThrow(/contains "\$"/);
    expect(sql`GRANT SELECT ON ${sql.ident('Audit"Log')}`.toQuery().text).toBe('GRANT SELECT ON "Audit""Log"');
    expect(() => sql.ident('')).toThrow(/non-empty/);
    // `$n` written into the text would collide with the tag's own numbering.
    expect(() => sql`SELECT $1`).toThrow(/not \$n/);
    expect(() => new Sql(['a', 'b'], [])).toThrow(/do not match/);
    expect(COUNTED_SQL.toQuery()).toEqual({ text: "('submitted', 'verified')", params: [] });
  });
});

describe(`the sql tag on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}: values come back as values`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('through Prisma (queryRows, execute), the driver (rawQuery, runQuery) and a transaction', async () => {
    for (const v of HOSTILE) {
      const statement = sql`SELECT ${v}::text AS v, ${[v, 'x']}::text[] AS a`;
      const expected = [{ v, a: [v, 'x'] }];
      expect(await queryRows(db.prisma, statement)).toEqual(expected);
      expect(await rawQuery(db.prisma, statement)).toEqual(expected);
      expect(await runQuery(db.sql, statement)).toEqual(expected);
      expect(await db.prisma.$transaction((tx) => rawQuery(tx, statement))).toEqual(expected);
      const changed = await execute(db.prisma, sql`UPDATE "Unit" SET name = ${v} WHERE code = ${v}`);
      expect(changed).toBe(0);
    }
  });

  it('writes a hostile value verbatim and reads it back', async () => {
    const code = HOSTILE[0]!;
    await execute(
      db.prisma,
      sql`INSERT INTO "Setting" (key, value, "updatedAt") VALUES (${code}, to_jsonb(${HOSTILE[2]}::text), now())`,
    );
    const rows = await queryRows<{ key: string; value: string }>(
      db.prisma,
      sql`SELECT key, value #>> '{}' AS value FROM "Setting" WHERE key = ${code}`,
    );
    expect(rows).toEqual([{ key: code, value: HOSTILE[2] }]);
  });
});
