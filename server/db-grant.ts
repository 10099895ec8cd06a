import { runQuery, type SqlRunner } from './db';
import { type Sql, sql } from './sql';

/** A PostgreSQL role name as `db grant --role` takes it (no quoting games). */
const ROLE_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** The append-only audit table: the app may add rows and read them, nothing else. */
const AUDIT_TABLE = 'AuditLog';
/** The migrations' bookkeeping: the app may read it (to see that the schema is current), not change it. */
const MIGRATIONS_TABLE = '_prisma_migrations';

export type GrantResult = { role: string; tables: number };

/**
 * Least privilege in the database (等保 2.0 访问控制): run as the owner of the tables (the migrating role),
 * gives `role` exactly what the app needs and nothing more. It may read and write the data tables and use
 * their sequences; it may only INSERT and SELECT the audit log and only SELECT the migrations table; it owns
 * nothing, so it cannot ALTER a table, DISABLE the audit trigger, or TRUNCATE. Everything the role had
 * before on these tables is revoked first, so running it again (after new migrations) gives the same result.
 */
export async function grantAppRole(runner: SqlRunner, role: string): Promise<GrantResult> {
  if (!ROLE_RE.test(role))
    throw new Error(`Role "${role}" is not a plain PostgreSQL role name (lower-case letters, digits, underscore).`);
  return runner.withConnection(async (conn) => {
    const [me] = await conn.query<{ me: string; db: string }>('SELECT current_user AS me, current_database() AS db');
    const exists = await conn.query<{ super: boolean }>('SELECT rolsuper AS super FROM pg_roles WHERE rolname = $1', [
      role,
    ]);
    if (exists.length === 0)
      throw new Error(`There is no role ${role}: create it first (CREATE ROLE ${role} LOGIN PASSWORD '…').`);
    if (exists[0]!.super) throw new Error(`Role ${role} is a superuser: the app's role must be an ordinary role.`);
    if (role === me!.me) throw new Error(`Role ${role} is the role running this command (the owner); use another.`);
    const owned = await conn.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`,
      [role],
    );
    if (owned[0]!.n > 0)
      throw new Error(
        `Role ${role} owns ${owned[0]!.n} tables: the app's role must own nothing (ALTER TABLE … OWNER TO the migrating role).`,
      );
    const tables = (
      await conn.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)
    ).map((t) => t.name);
    const r = sql.ident(role);
    // DDL takes no parameters: names go in as quoted identifiers (sql.ident), the role checked by ROLE_RE above.
    const ddl = (statement: Sql) => runQuery(conn, statement);
    await conn.exec('BEGIN');
    try {
      await ddl(sql`GRANT CONNECT, TEMPORARY ON DATABASE ${sql.ident(me!.db)} TO ${r}`);
      await ddl(sql`REVOKE CREATE ON SCHEMA public FROM ${r}`);
      await ddl(sql`GRANT USAGE ON SCHEMA public TO ${r}`);
      await ddl(sql`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`);
      for (const t of tables) {
        if (t === AUDIT_TABLE) await ddl(sql`GRANT SELECT, INSERT ON ${sql.ident(t)} TO ${r}`);
        else if (t === MIGRATIONS_TABLE) await ddl(sql`GRANT SELECT ON ${sql.ident(t)} TO ${r}`);
        else await ddl(sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.ident(t)} TO ${r}`);
      }
      await ddl(sql`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${r}`);
      await ddl(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
      await conn.exec('COMMIT');
    } catch (err) {
      await conn.exec('ROLLBACK');
      throw err;
    }
    return { role, tables: tables.length };
  });
}

/** The user name of a postgresql:// connection string. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}
