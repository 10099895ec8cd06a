import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../server/errors';
import { SYSTEM_ACTOR } from '../../server/services/audit/record-audit';
import { readTable } from '../../server/services/imports/read-table';
import { runImport } from '../../server/services/imports/run-import';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Leadership approves (locks) and publishes a quarter: every write to it is then refused with a clear message,
// its scores are frozen, and reopening needs a reason and is audited.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const as = (who: keyof typeof users) => callerFor(db, users[who]);

async function failure(p: Promise<unknown>): Promise<TRPCError & { cause?: AppError }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError & { cause?: AppError };
  }
  throw new Error('expected the call to be refused');
}

const FINDING = { severity: 'minor' as const, description: '公开目录未及时更新' };

async function scoreOf(unit: string, period: string) {
  const card = await as('leader').scores.scorecard({ unit, period });
  return card.score!;
}

describe('locking a quarter', () => {
  let finding: { id: number; version: number };
  let q4Deductions: number;

  it('may be done by leadership and administrators only', async () => {
    finding = await as('inspector').inspection.createFinding({
      unit: 'T01',
      period: '2011Q3',
      deduction: 1,
      deadline: '2011-09-30',
      ...FINDING,
    });
    for (const who of ['unitA', 'inspector'] as const) {
      expect((await failure(as(who).admin.periodState({ period: '2011Q3', action: 'lock' }))).code).toBe('FORBIDDEN');
    }
    expect((await failure(as('leader').admin.periodState({ period: '2011', action: 'lock' }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(await as('leader').admin.periodState({ period: '2011Q3', action: 'lock' })).toEqual({
      period: '2011Q3',
      action: 'lock',
      version: null,
    });
    expect((await failure(as('leader').admin.periodState({ period: '2011Q3', action: 'lock' }))).message).toContain(
      'already locked',
    );
    expect(await db.prisma.auditLog.count({ where: { action: 'period.lock', entityId: '2011Q3' } })).toBe(1);
  });

  it('refuses every write to the locked quarter with a clear message, and writes nothing', async () => {
    const auditBefore = await db.prisma.auditLog.count();
    const scoresBefore = await db.prisma.score.findMany({
      where: { periodCode: '2011Q3' },
      orderBy: { unitId: 'asc' },
    });
    const entry = await as('unitA').entry.get({ unit: 'T01', period: '2011Q3' });
    expect(entry.locked).toBe(true);
    const refusals: (() => Promise<unknown>)[] = [
      () =>
        as('unitA').entry.save({
          unit: 'T01',
          period: '2011Q3',
          version: entry.version,
          values: { 'pub.news': 1 },
          submit: false,
        }),
      () =>
        as('inspector').entry.review({
          unit: 'T01',
          period: '2011Q3',
          version: entry.version,
          action: 'return',
          reason: 'x',
        }),
      () =>
        as('inspector').inspection.createFinding({
          unit: 'T01',
          period: '2011Q3',
          deduction: 1,
          deadline: null,
          ...FINDING,
        }),
      () =>
        as('inspector').inspection.updateFinding({
          id: finding.id,
          version: finding.version,
          deduction: 5,
          deadline: null,
          ...FINDING,
        }),
      () => as('inspector').inspection.deleteFinding({ id: finding.id, version: finding.version }),
      // (A rectification claim is not refused: a claim changes no score; see supervision-claims.test.ts.)
      () => as('inspector').inspection.createCommendation({ unit: 'T01', period: '2011Q3', points: 1, reason: 'x' }),
      () => as('inspector').inspection.createRound({ period: '2011Q3', date: '2011-09-01', offices: [], note: '' }),
    ];
    for (const refuse of refusals) {
      const err = await failure(refuse());
      expect(err.code).toBe('PRECONDITION_FAILED');
      expect(err.cause?.code).toBe('LOCKED');
      expect(err.message).toBe('2011Q3 is locked: its values, findings and scores are frozen. Reopen it first.');
    }
    // Imports are refused row by row, too.
    const table = await readTable(Buffer.from('unit,period,indicator,value\nT01,2011Q3,pub.news,1\n'), 'v.csv');
    const err = await runImport(db.prisma, SYSTEM_ACTOR, 'values', table, '2012-03-01').catch((e: AppError) => e);
    expect((err as AppError).details).toEqual({
      rowErrors: ['row 2: T01 2011Q3: the quarter is locked; reopen it before importing'],
      rowMessages: [{ row: 2, key: 'rows.lockedImport', params: { unit: 'T01', period: '2011Q3' } }],
    });
    expect(await db.prisma.auditLog.count()).toBe(auditBefore);
    expect(await db.prisma.score.findMany({ where: { periodCode: '2011Q3' }, orderBy: { unitId: 'asc' } })).toEqual(
      scoresBefore,
    );
  });

  it('freezes the locked quarter’s scores while later writes elsewhere go on', async () => {
    // A 2011Q3 finding already counted before the lock; one falling due in the locked Q4 does not move Q4's frozen score.
    await as('leader').admin.periodState({ period: '2011Q4', action: 'lock' });
    q4Deductions = (await scoreOf('T01', '2011Q4')).deductions;
    const f = await as('inspector').inspection.createFinding({
      unit: 'T01',
      period: '2011Q2',
      deduction: 1,
      deadline: '2011-10-31',
      ...FINDING,
    });
    expect(f.overdue).toBe(true);
    expect((await scoreOf('T01', '2011Q4')).deductions).toBe(q4Deductions);
    // The full recomputation leaves locked quarters alone as well.
    expect((await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01'))).differences).toEqual([]);
  });

  it('publishes: unit operators then see the ranking, with final scores, grades and ranks only', async () => {
    expect((await failure(as('unitA').scores.published({ period: '2011Q3' }))).code).toBe('NOT_FOUND');
    await as('leader').admin.periodState({ period: '2011Q3', action: 'publish', reason: '按期公示' });
    const ranking = await as('unitA').scores.published({ period: '2011Q3' });
    expect(ranking.length).toBe(await db.prisma.unit.count({ where: { active: true } }));
    expect(Object.keys(ranking[0]!).sort()).toEqual(['grade', 'group', 'name', 'period', 'rank', 'score', 'unit']);
    expect((await failure(as('unitA').scores.rankings({ period: '2011Q3' }))).code).toBe('FORBIDDEN');
    expect(await db.prisma.auditLog.count({ where: { action: 'period.publish', entityId: '2011Q3' } })).toBe(1);
  });

  it('reopens only with a reason, audited; the quarter is editable again and its scores catch up', async () => {
    expect((await failure(as('leader').admin.periodState({ period: '2011Q4', action: 'reopen' }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(
      (await failure(as('leader').admin.periodState({ period: '2011Q4', action: 'reopen', reason: '   ' }))).code,
    ).toBe('BAD_REQUEST');
    await as('admin').admin.periodState({ period: '2011Q4', action: 'reopen', reason: '核对整改期限' });
    const audit = await db.prisma.auditLog.findFirst({ where: { action: 'period.reopen', entityId: '2011Q4' } });
    expect(audit).toMatchObject({
      actorName: 'admin',
      after: { locked: false, published: false, reason: '核对整改期限' },
    });
    expect(
      await db.prisma.periodLockEvent.findFirst({ where: { periodCode: '2011Q4', action: 'reopen' } }),
    ).toMatchObject({ reason: '核对整改期限' });
    // The finding that fell due in Q4 while it was locked now counts.
    expect((await scoreOf('T01', '2011Q4')).deductions).toBe(q4Deductions + 1);
    expect((await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01'))).differences).toEqual([]);

    const published = await as('unitA').scores.published({ period: '2011Q3' });
    await as('admin').admin.periodState({ period: '2011Q3', action: 'reopen', reason: '更正数据' });
    // Reopening changes live data only: the published version stays as it was, for everyone.
    expect(await as('unitA').scores.published({ period: '2011Q3' })).toEqual(published);
    const c = await as('inspector').inspection.createCommendation({
      unit: 'T01',
      period: '2011Q3',
      points: 1,
      reason: '整改及时',
    });
    expect(c.id).toBeGreaterThan(0);
  });
});
