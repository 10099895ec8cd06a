/**
 * The audit log: every write records who, when, what, and the values before and after; leadership and
 * administrators read and filter it; no procedure changes or deletes it, and the database refuses
 * UPDATE, DELETE and TRUNCATE on it (run on PGlite and, with DATABASE_URL, on PostgreSQL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../server/db';
import { todayOf } from '../../server/domain/periods';
import { appRouter } from '../../server/routers/app-router';
import type { SessionUser } from '../../server/services/auth/sessions';
import { sql } from '../../server/sql';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { makeUser } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
const u = {} as Record<'admin' | 'security' | 'auditor' | 'leader' | 'inspector' | 'unitA' | 'unitB', SessionUser>;
let startedAt: Date;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

/** The audit entries written while `fn` ran, oldest first. */
async function auditOf(fn: () => Promise<unknown>) {
  const last = (await db.prisma.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
  await fn();
  return db.prisma.auditLog.findMany({ where: { id: { gt: last } }, orderBy: { id: 'asc' } });
}

/** The whole log, for before/after comparisons. */
async function wholeLog(): Promise<string> {
  const rows = await db.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
  return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await makeUser(db, { username: 'boss', password: 'boss-password', role: 'admin' });
  await makeUser(db, { username: 'mayor', password: 'mayor-password', role: 'leadership' });
  await makeUser(db, { username: 'checker', password: 'checker-password', role: 'inspector' });
  await makeUser(db, { username: 'opa', password: 'opa-password', role: 'unit', unit: 'T01' });
  await makeUser(db, { username: 'opb', password: 'opb-password', role: 'unit', unit: 'T02' });
  await makeUser(db, { username: 'someone', password: 'someone-password', role: 'inspector' });
  await makeUser(db, { username: 'keeper', password: 'keeper-password', role: 'security' });
  await makeUser(db, { username: 'watcher', password: 'watcher-password', role: 'audit' });
  Object.assign(u, {
    admin: await sessionUserOf(db, 'boss'),
    security: await sessionUserOf(db, 'keeper'),
    auditor: await sessionUserOf(db, 'watcher'),
    leader: await sessionUserOf(db, 'mayor'),
    inspector: await sessionUserOf(db, 'checker'),
    unitA: await sessionUserOf(db, 'opa'),
    unitB: await sessionUserOf(db, 'opb'),
  });
  startedAt = new Date((await db.sql.query<{ now: Date }>('SELECT now() AS now'))[0]!.now);
});

afterAll(async () => {
  await db?.dispose();
});

describe(`audit log on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it("records who, when, what and the values before and after of a unit's quarter", async () => {
    const unitA = callerFor(db, u.unitA);
    const first = await auditOf(() =>
      unitA.entry.save({ unit: 'T01', period: '2012Q1', version: 0, values: { 'pub.news': 3 }, submit: false }),
    );
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      actorId: u.unitA.id,
      actorName: 'opa',
      action: 'values.save_draft',
      entity: 'submission',
      entityId: 'T01|2012Q1',
      before: { status: 'draft', version: 0, values: {} },
      after: { status: 'draft', version: 1, values: { 'pub.news': 3 } },
    });
    expect(first[0]!.at.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    const second = await auditOf(() =>
      unitA.entry.save({
        unit: 'T01',
        period: '2012Q1',
        version: 1,
        values: { 'pub.news': 4, 'pub.plans': 1 },
        submit: true,
      }),
    );
    expect(second[0]).toMatchObject({
      action: 'values.submit',
      before: { status: 'draft', version: 1, values: { 'pub.news': 3 } },
      after: { status: 'submitted', version: 2, values: { 'pub.news': 4, 'pub.plans': 1 } },
    });
    const review = await auditOf(() =>
      callerFor(db, u.inspector).entry.review({
        unit: 'T01',
        period: '2012Q1',
        version: 2,
        action: 'return',
        reason: '数字有误',
      }),
    );
    expect(review[0]).toMatchObject({
      actorName: 'checker',
      action: 'values.return',
      before: { status: 'submitted' },
      after: { status: 'returned', reason: '数字有误' },
    });
  });

  it('records findings as created, changed (before and after) and deleted (what was removed)', async () => {
    const inspector = callerFor(db, u.inspector);
    let finding!: { id: number; version: number };
    const created = await auditOf(async () => {
      finding = await inspector.inspection.createFinding({
        unit: 'T01',
        period: '2012Q1',
        severity: 'minor',
        deduction: 1,
        description: '公开目录未更新',
        deadline: '2012-03-31',
      });
    });
    expect(created[0]).toMatchObject({
      actorName: 'checker',
      action: 'finding.create',
      entity: 'finding',
      entityId: String(finding.id),
      after: { unitCode: 'T01', deduction: 1 },
    });
    const updated = await auditOf(() =>
      inspector.inspection.updateFinding({
        id: finding.id,
        version: finding.version,
        severity: 'major',
        deduction: 2.5,
        description: '公开目录未更新',
        deadline: '2012-03-31',
      }),
    );
    expect(updated[0]).toMatchObject({
      action: 'finding.update',
      before: { severity: 'minor', deduction: 1 },
      after: { severity: 'major', deduction: 2.5 },
    });
    const deleted = await auditOf(() =>
      inspector.inspection.deleteFinding({ id: finding.id, version: finding.version + 1 }),
    );
    expect(deleted[0]).toMatchObject({
      action: 'finding.delete',
      entityId: String(finding.id),
      before: { severity: 'major', deduction: 2.5, unit: 'T01' },
    });
  });

  it('records user administration, quarter locks and report edits with before and after', async () => {
    const admin = callerFor(db, u.admin);
    const security = callerFor(db, u.security);
    const role = await auditOf(() => security.admin.updateUser({ username: 'someone', role: 'leadership' }));
    expect(role[0]).toMatchObject({
      actorName: 'keeper',
      action: 'user.update',
      entity: 'user',
      entityId: 'someone',
      before: { role: 'inspector', disabled: false },
      after: { role: 'leadership', disabled: false },
    });
    const disabled = await auditOf(() => security.admin.updateUser({ username: 'someone', disabled: true }));
    expect(disabled[0]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });

    await db.prisma.period.createMany({ data: [{ code: '2012Q2', year: 2012, quarter: 2 }], skipDuplicates: true });
    const lock = await auditOf(() => callerFor(db, u.leader).admin.periodState({ period: '2012Q2', action: 'lock' }));
    expect(lock[0]).toMatchObject({
      actorName: 'mayor',
      action: 'period.lock',
      entity: 'period',
      entityId: '2012Q2',
      before: { locked: false },
      after: { locked: true },
    });
    const reopen = await auditOf(() =>
      callerFor(db, u.leader).admin.periodState({ period: '2012Q2', action: 'reopen', reason: '补录数据' }),
    );
    expect(reopen[0]).toMatchObject({
      action: 'period.reopen',
      before: { locked: true },
      after: { locked: false, reason: '补录数据' },
    });

    await callerFor(db, u.unitA).reports.saveInputs({ year: 2011, texts: { problems: '第一稿' } });
    const edit = await auditOf(() =>
      callerFor(db, u.unitA).reports.saveInputs({ year: 2011, texts: { problems: '第二稿' } }),
    );
    expect(edit[0]).toMatchObject({
      actorName: 'opa',
      action: 'report.edit',
      entityId: '2011|T01',
      before: { texts: { problems: '第一稿' } },
      after: { texts: { problems: '第二稿' } },
    });

    const scheme = (await admin.admin.scheme({ year: 2012 })).scheme;
    const set = await auditOf(() => admin.admin.setScheme({ year: 2012, scheme, note: 'same rules' }));
    expect(set[0]).toMatchObject({ action: 'scheme.set', entity: 'scheme', before: scheme, after: scheme });
  });

  it('records password changes and resets without the password or its hash', async () => {
    const change = await auditOf(() =>
      callerFor(db, u.unitB).auth.changePassword({ current: 'opb-password', next: 'opb-password-2' }),
    );
    const reset = await auditOf(() =>
      callerFor(db, u.security).admin.updateUser({ username: 'opb', password: 'Opb-reset-pass' }),
    );
    const created = await auditOf(() =>
      callerFor(db, u.security).admin.createUser({ username: 'newbie', role: 'inspector', password: 'Kao-Qin-s3cret' }),
    );
    expect(change.map((e) => e.action)).toEqual(['user.change_password']);
    expect(reset.map((e) => e.action)).toEqual(['user.reset_password']);
    expect(created.map((e) => e.action)).toEqual(['user.create']);
    const text = JSON.stringify([...change, ...reset, ...created], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const secret of ['opb-password', 'Opb-reset-pass', 'Kao-Qin-s3cret', '$argon2'])
      expect(text).not.toContain(secret);
  });

  it('can be read and filtered by the audit administrator only', async () => {
    for (const reader of [u.auditor]) {
      const c = callerFor(db, reader);
      const all = await c.admin.audit({ limit: 500 });
      expect(all.entries.length).toBe(await db.prisma.auditLog.count());
      const byActor = await c.admin.audit({ actor: 'opa', limit: 500 });
      expect(byActor.entries.length).toBeGreaterThan(0);
      expect(byActor.entries.every((e) => e.actor === 'opa')).toBe(true);
      const findings = await c.admin.audit({ entity: 'finding', limit: 500 });
      expect(findings.entries.map((e) => e.action).sort()).toEqual([
        'finding.create',
        'finding.delete',
        'finding.update',
      ]);
      const values = await c.admin.audit({ action: 'values.', limit: 500 });
      expect(values.entries.map((e) => e.action)).toEqual(['values.return', 'values.submit', 'values.save_draft']);
      expect(values.entries[2]).toMatchObject({
        actor: 'opa',
        entity: 'submission',
        entityId: 'T01|2012Q1',
        before: { values: {} },
        after: { values: { 'pub.news': 3 } },
      });
      expect((await c.admin.audit({ from: '2999-01-01', limit: 500 })).entries).toEqual([]);
      expect((await c.admin.audit({ to: '2000-01-01', limit: 500 })).entries).toEqual([]);
      const recent = await c.admin.audit({ from: new Date(startedAt.getTime() - 60_000).toISOString(), limit: 500 });
      expect(recent.entries.length).toBe(all.entries.length);
      // Pages follow the cursor, newest first, without overlap.
      const page1 = await c.admin.audit({ limit: 3 });
      const page2 = await c.admin.audit({ limit: 3, cursor: page1.nextCursor! });
      const ids = [...page1.entries, ...page2.entries].map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(6);
    }
    // A bare date is a day in China time; a bad bound is BAD_REQUEST (not a database error).
    const leader = callerFor(db, u.auditor);
    const today = todayOf(new Date());
    expect((await leader.admin.audit({ from: today, limit: 500 })).entries.length).toBe(
      await db.prisma.auditLog.count({ where: { at: { gte: new Date(`${today}T00:00:00+08:00`) } } }),
    );
    expect((await leader.admin.audit({ to: today, limit: 500 })).entries.length).toBe(
      await db.prisma.auditLog.count({ where: { at: { lt: new Date(`${today}T00:00:00+08:00`) } } }),
    );
    for (const bad of ['yesterday', '2011-13-45', '', 'x'.repeat(31)]) {
      expect(await codeOf(leader.admin.audit({ from: bad, limit: 5 }))).toBe('BAD_REQUEST');
      expect(await codeOf(leader.admin.audit({ to: bad, limit: 5 }))).toBe('BAD_REQUEST');
    }
    // 三员分立: neither leadership nor the system or security administrator reads the trail.
    for (const other of [u.leader, u.admin, u.security])
      expect(await codeOf(callerFor(db, other).admin.audit({ limit: 5 }))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(db, u.inspector).admin.audit({ limit: 5 }))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(db, u.unitA).admin.audit({ limit: 5 }))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(db, null).admin.audit({ limit: 5 }))).toBe('UNAUTHORIZED');
  });

  it('has no procedure and no server code that changes or deletes entries', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const touching = Object.entries(procedures).filter(([p]) => /audit/i.test(p));
    expect(touching.map(([p, def]) => [p, def._def.type])).toEqual([['admin.audit', 'query']]);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'generated') walk(path.join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
      }
    };
    walk(path.resolve('server'));
    expect(files.length).toBeGreaterThan(20);
    const offending = files.filter((f) => {
      const src = fs.readFileSync(f, 'utf8');
      return (
        /auditLog\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/.test(src) ||
        /(UPDATE|DELETE\s+FROM|TRUNCATE)\s+(TABLE\s+)?"?AuditLog"?/i.test(src)
      );
    });
    expect(offending).toEqual([]);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const before = await wholeLog();
    const count = await db.prisma.auditLog.count();
    expect(count).toBeGreaterThan(5);
    const someId = (await db.prisma.auditLog.findFirstOrThrow({ select: { id: true } })).id;
    const attempts: [string, () => Promise<unknown>][] = [
      ['SQL UPDATE', () => db.sql.exec(`UPDATE "AuditLog" SET "actorName" = 'nobody'`)],
      [
        'SQL UPDATE one row',
        () => db.sql.query(`UPDATE "AuditLog" SET "after" = NULL WHERE id = $1`, [String(someId)]),
      ],
      ['SQL DELETE', () => db.sql.exec(`DELETE FROM "AuditLog"`)],
      ['SQL DELETE one row', () => db.sql.query(`DELETE FROM "AuditLog" WHERE id = $1`, [String(someId)])],
      ['SQL TRUNCATE', () => db.sql.exec(`TRUNCATE "AuditLog"`)],
      ['SQL TRUNCATE CASCADE', () => db.sql.exec(`TRUNCATE TABLE "AuditLog" RESTART IDENTITY CASCADE`)],
      ['Prisma update', () => db.prisma.auditLog.update({ where: { id: someId }, data: { action: 'forged' } })],
      ['Prisma updateMany', () => db.prisma.auditLog.updateMany({ data: { action: 'forged' } })],
      ['Prisma delete', () => db.prisma.auditLog.delete({ where: { id: someId } })],
      ['Prisma deleteMany', () => db.prisma.auditLog.deleteMany({})],
      ['raw via Prisma', () => execute(db.prisma, sql`DELETE FROM "AuditLog" WHERE "actorName" = 'opa'`)],
      [
        'inside a transaction that also writes',
        () =>
          db.prisma.$transaction(async (tx) => {
            await tx.auditLog.create({ data: { actorName: 'x', action: 'x', entity: 'x', entityId: 'x' } });
            await tx.auditLog.deleteMany({ where: { actorName: 'opa' } });
          }),
      ],
    ];
    for (const [what, attempt] of attempts) {
      let error: unknown = null;
      try {
        await attempt();
      } catch (err) {
        error = err;
      }
      expect(error, what).not.toBeNull();
      expect(String((error as Error).message) + JSON.stringify(error), what).toMatch(/append-only/);
    }
    expect(await db.prisma.auditLog.count()).toBe(count);
    expect(await wholeLog()).toBe(before);
    // Appending still works.
    await db.prisma.auditLog.create({
      data: { actorName: 'test', action: 'test.append', entity: 'test', entityId: '1' },
    });
    expect(await db.prisma.auditLog.count()).toBe(count + 1);
  });
});
