/**
 * Raw SQL with every value a parameter, by construction (docs/decisions/005-raw-sql.md).
 *
 *     sql`SELECT id FROM "Unit" WHERE code = ${code} AND "group" = ANY(${groups}::text[])`
 *
 * Every `${…}` becomes a positional parameter (`$1`, `$2`, …) — a string, a number, a Date, an array (one
 * parameter: a PostgreSQL array), null — and is never spliced into the text. The only ways to put text in are
 * explicit and named, for constants of the code: another `sql` fragment (nested: its text joins, its values
 * are renumbered), `sql.raw(CONSTANT)`, `sql.ident(name)` (a quoted identifier) and `sql.join(fragments)`.
 * Run a fragment with `queryRows`/`execute`/`rawQuery` (server/db.ts) or `runQuery` on a SqlRunner.
 */
export class Sql {
  /** The text around the values: `strings.length === values.length + 1`. */
  readonly strings: readonly string[];
  /** The parameters, in order. */
  readonly values: readonly unknown[];

  /** Internal: build fragments with `sql`, `sql.raw`, `sql.ident`, `sql.join`. */
  constructor(strings: readonly string[], values: readonly unknown[]) {
    if (strings.length !== values.length + 1) throw new Error('sql: strings and values do not match');
    // Flatten nested fragments once, so `text`/`params` are a plain walk.
    const s: string[] = [strings[0]!];
    const v: unknown[] = [];
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value instanceof Sql) {
        s[s.length - 1] += value.strings[0]!;
        for (let j = 0; j < value.values.length; j++) {
          v.push(value.values[j]);
          s.push(value.strings[j + 1]!);
        }
        s[s.length - 1] += strings[i + 1]!;
      } else {
        v.push(value);
        s.push(strings[i + 1]!);
      }
    }
    this.strings = s;
    this.values = v;
  }

  /**
   * The statement's text with `$1…$n` and its parameters. The same array or object interpolated twice is sent
   * once (one `$n`, so a 10,000-id list is not serialized twice); primitives get a parameter each.
   */
  toQuery(): { text: string; params: unknown[] } {
    const params: unknown[] = [];
    const seen = new Map<unknown, number>();
    let text = this.strings[0]!;
    for (let i = 0; i < this.values.length; i++) {
      const value = this.values[i];
      let n = typeof value === 'object' && value !== null ? seen.get(value) : undefined;
      if (n === undefined) {
        params.push(value);
        n = params.length;
        if (typeof value === 'object' && value !== null) seen.set(value, n);
      }
      text += `$${n}${this.strings[i + 1]!}`;
    }
    return { text, params };
  }
}

const EMPTY = new Sql([''], []);

/** `$1` written in the text: the tag numbers parameters itself. */
const POSITIONAL = /\$\d/;

function tag(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  if (strings.some((s) => POSITIONAL.test(s))) throw new Error('sql: interpolate a value, not $n, for a parameter');
  return new Sql(strings, values);
}

/**
 * The SQL tag, with its named escape hatches. Text enters only through the template's literal parts and these;
 * grep `sql.raw(` to review every constant that does.
 */
export const sql = Object.assign(tag, {
  /**
   * Constant text of the code (a status list, a column list, a fragment chosen by a boolean) — never a string
   * from input, a file or the database. Refuses `$` so a constant cannot address another fragment's parameters.
   */
  raw(text: string): Sql {
    if (text.includes('$')) throw new Error(`sql.raw: "${text}" contains "$"; pass values as parameters`);
    return new Sql([text], []);
  },
  /**
   * A quoted identifier (a table, database or role name, for DDL that takes no parameters): `"…"` with every
   * `"` doubled, as PostgreSQL's quote_ident, so any name stays one identifier.
   */
  ident(name: string): Sql {
    if (name.length === 0 || name.includes('\0')) throw new Error('sql.ident: an identifier is a non-empty name');
    return new Sql([`"${name.replace(/"/g, '""')}"`], []);
  },
  /** Fragments (or values, each a parameter) joined by `separator` (a constant, `, ` by default). */
  join(parts: readonly unknown[], separator = ', '): Sql {
    if (parts.length === 0) return EMPTY;
    const sep = sql.raw(separator);
    const strings = [''];
    const values: unknown[] = [];
    parts.forEach((part, i) => {
      if (i > 0) {
        values.push(sep);
        strings.push('');
      }
      values.push(part);
      strings.push('');
    });
    return new Sql(strings, values);
  },
  /** The empty fragment (an optional clause left out). */
  empty: EMPTY,
});
