import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../server/errors';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Inspection rounds, findings, rectification and commendations through the routers, and how they move scores.
// Today is 2012-03-01 (the callers' fixed clock), after every 2011 deadline.
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

async function scoreOf(unit: string, period: string) {
  const card = await as('leader').scores.scorecard({ unit, period });
  if (!card.score) throw new Error(`no score for ${unit} ${period}`);
  return card.score;
}

const audits = (action: string, entityId: number) =>
  db.prisma.auditLog.count({ where: { action, entityId: String(entityId) } });

const FINDING = {
  severity: 'minor' as const,
  description: '政务公开栏目更新不及时',
  evidence: '2011-09-20 现场检查记录',
};

describe('inspection rounds', () => {
  it('records a round with its offices; only inspectors and administrators may', async () => {
    const round = await as('inspector').inspection.createRound({
      period: '2011Q3',
      date: '2011-09-20',
      offices: ['市监察局', '市纪委', '市法制办', '市政务服务中心'],
      note: '第三季度联合督查',
    });
    const rounds = await as('inspector').inspection.rounds({ period: '2011Q3' });
    expect(rounds).toContainEqual(
      expect.objectContaining({
        id: round.id,
        date: '2011-09-20',
        offices: ['市监察局', '市纪委', '市法制办', '市政务服务中心'],
      }),
    );
    expect(await audits('round.create', round.id)).toBe(1);
    expect(
      (
        await failure(
          as('unitA').inspection.createRound({ period: '2011Q3', date: '2011-09-20', offices: [], note: '' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          as('leader').inspection.createRound({ period: '2011Q3', date: '2011-09-20', offices: [], note: '' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    // A finding may name the round of its own quarter only.
    const other = await failure(
      as('inspector').inspection.createFinding({
        unit: 'T01',
        period: '2011Q2',
        roundId: round.id,
        deduction: 1,
        deadline: null,
        ...FINDING,
      }),
    );
    expect(other.code).toBe('BAD_REQUEST');
  });
});

describe('findings', () => {
  it('refuses a deadline before the finding’s quarter, bad deductions, wrong roles and unknown units', async () => {
    const early = await failure(
      as('inspector').inspection.createFinding({
        unit: 'T01',
        period: '2011Q3',
        deduction: 1,
        deadline: '2011-06-30',
        ...FINDING,
      }),
    );
    expect(early.code).toBe('BAD_REQUEST');
    expect(early.message).toContain("Deadline 2011-06-30 is before the finding's quarter 2011Q3 (2011-07-01)");
    expect(
      (
        await failure(
          as('inspector').inspection.createFinding({
            unit: 'T01',
            period: '2011Q3',
            deduction: -1,
            deadline: null,
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          as('inspector').inspection.createFinding({
            unit: 'T01',
            period: '2011Q3',
            deduction: 1.234,
            deadline: null,
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          as('inspector').inspection.createFinding({
            unit: 'T01',
            period: '2011',
            deduction: 1,
            deadline: null,
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          as('inspector').inspection.createFinding({
            unit: 'NOPE',
            period: '2011Q3',
            deduction: 1,
            deadline: null,
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await failure(
          as('unitA').inspection.createFinding({
            unit: 'T01',
            period: '2011Q3',
            deduction: 1,
            deadline: null,
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          as('leader').inspection.createFinding({
            unit: 'T01',
            period: '2011Q3',
            deduction: 1,
            deadline: null,
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(await db.prisma.finding.count({ where: { unit: { code: 'T01' } } })).toBe(0);
  });

  it('lowers the unit’s score by exactly the deduction, follows edits and deletion, and refuses stale versions', async () => {
    const before = await scoreOf('T01', '2011Q3');
    const year = await scoreOf('T01', '2011');
    expect(before).toMatchObject({ deductions: 0 });
    expect(before.score).toBeGreaterThan(10);
    const f = await as('inspector').inspection.createFinding({
      unit: 'T01',
      period: '2011Q3',
      deduction: 3.5,
      deadline: '2012-06-30',
      ...FINDING,
    });
    expect(f).toMatchObject({
      unit: 'T01',
      period: '2011Q3',
      deduction: 3.5,
      overdue: false,
      version: 1,
      rectificationStatus: 'open',
    });
    expect(await audits('finding.create', f.id)).toBe(1);
    expect((await scoreOf('T01', '2011Q3')).score).toBeCloseTo(before.score - 3.5, 10);
    expect((await scoreOf('T01', '2011Q3')).deductions).toBe(3.5);
    // A year holds its quarters' deductions.
    expect((await scoreOf('T01', '2011')).score).toBeCloseTo(year.score - 3.5, 10);

    const edited = await as('inspector').inspection.updateFinding({
      id: f.id,
      version: 1,
      deduction: 2,
      deadline: '2012-06-30',
      ...FINDING,
      severity: 'major',
    });
    expect(edited).toMatchObject({ version: 2, deduction: 2, severity: 'major' });
    expect((await scoreOf('T01', '2011Q3')).score).toBeCloseTo(before.score - 2, 10);
    const stale = await failure(
      as('inspector').inspection.updateFinding({ id: f.id, version: 1, deduction: 9, deadline: null, ...FINDING }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect((await scoreOf('T01', '2011Q3')).score).toBeCloseTo(before.score - 2, 10);
    expect(
      (
        await failure(
          as('inspector').inspection.updateFinding({
            id: f.id,
            version: 2,
            deduction: 2,
            deadline: '2011-01-01',
            ...FINDING,
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(await audits('finding.update', f.id)).toBe(1);

    expect((await failure(as('unitA').inspection.deleteFinding({ id: f.id, version: 2 }))).code).toBe('FORBIDDEN');
    await as('inspector').inspection.deleteFinding({ id: f.id, version: 2 });
    expect(await audits('finding.delete', f.id)).toBe(1);
    expect((await scoreOf('T01', '2011Q3')).score).toBe(before.score);
  });

  it('makes a veto finding a fail whatever the score', async () => {
    const f = await as('inspector').inspection.createFinding({
      unit: 'T01',
      period: '2011Q2',
      deduction: 0,
      deadline: null,
      ...FINDING,
      severity: 'veto',
    });
    expect(await scoreOf('T01', '2011Q2')).toMatchObject({ veto: true, grade: 'fail' });
    await as('inspector').inspection.deleteFinding({ id: f.id, version: 1 });
    expect((await scoreOf('T01', '2011Q2')).veto).toBe(false);
  });
});

describe('rectification and overdue points', () => {
  let late: { id: number };
  let onTime: { id: number };
  let q3: number;
  let q4: number;

  it('adds the overdue point to the deadline’s quarter, and lists the finding with its days overdue', async () => {
    q3 = (await scoreOf('T02', '2011Q3')).score;
    q4 = (await scoreOf('T02', '2011Q4')).score;
    expect((await scoreOf('T02', '2011Q4')).deductions).toBe(0);
    late = await as('inspector').inspection.createFinding({
      unit: 'T02',
      period: '2011Q3',
      deduction: 2,
      deadline: '2011-10-15',
      ...FINDING,
    });
    expect(late).toMatchObject({ overdue: true, daysOverdue: 138 });
    // The deduction belongs to the finding's quarter, the overdue point to the deadline's quarter.
    expect(await scoreOf('T02', '2011Q3')).toMatchObject({ deductions: 2 });
    expect((await scoreOf('T02', '2011Q3')).score).toBeCloseTo(q3 - 2, 10);
    expect(await scoreOf('T02', '2011Q4')).toMatchObject({ deductions: 1 });
    expect((await scoreOf('T02', '2011Q4')).score).toBeCloseTo(q4 - 1, 10);
    const overdue = await as('inspector').inspection.findings({ overdueOnly: true });
    expect(overdue).toContainEqual(expect.objectContaining({ id: late.id, unit: 'T02', daysOverdue: 138 }));
    // The unit sees its own overdue finding, and nobody else's.
    const mine = await as('unitB').inspection.findings({ overdueOnly: true });
    expect(mine.map((f) => f.id)).toContain(late.id);
    expect(mine.every((f) => f.unit === 'T02')).toBe(true);
    expect((await as('unitA').inspection.findings({ period: '2011Q3' })).map((f) => f.id)).not.toContain(late.id);
    expect((await failure(as('unitA').inspection.findings({ unit: 'T02' }))).code).toBe('NOT_FOUND');
  });

  it('lets the unit record a rectification; rectified late still counts as overdue; an inspector confirms it', async () => {
    expect(
      (
        await failure(
          as('unitA').inspection.rectify({ id: late.id, version: 1, rectifiedAt: '2011-11-20', note: '已整改' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await failure(
          as('unitB').inspection.rectify({ id: late.id, version: 1, rectifiedAt: '2012-03-02', note: '已整改' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    // Before the finding was recorded (2012-03-01, the callers' clock).
    expect(
      (
        await failure(
          as('unitB').inspection.rectify({ id: late.id, version: 1, rectifiedAt: '2011-11-20', note: '已整改' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const rec = await as('unitB').inspection.rectify({
      id: late.id,
      version: 1,
      rectifiedAt: '2012-03-01',
      note: '已更新政务公开栏目',
    });
    // A claim, not a fact: the finding's rectification date stays empty until an inspector confirms.
    expect(rec).toMatchObject({
      rectificationStatus: 'pending',
      rectifiedAt: null,
      claim: { rectifiedAt: '2012-03-01', status: 'pending' },
      overdue: true,
      daysOverdue: 138,
      version: 2,
    });
    expect(await audits('finding.rectify', late.id)).toBe(1);
    expect((await scoreOf('T02', '2011Q4')).deductions).toBe(1);
    expect(
      (await failure(as('unitB').inspection.reviewRectification({ id: late.id, version: 2, confirm: true }))).code,
    ).toBe('FORBIDDEN');
    const confirmed = await as('inspector').inspection.reviewRectification({ id: late.id, version: 2, confirm: true });
    expect(confirmed).toMatchObject({ rectificationStatus: 'confirmed', rectifiedAt: '2012-03-01', version: 3 });
    expect(await audits('finding.confirm', late.id)).toBe(1);
    expect(
      (await failure(as('inspector').inspection.reviewRectification({ id: late.id, version: 3, confirm: true }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          as('unitB').inspection.rectify({ id: late.id, version: 3, rectifiedAt: '2012-03-01', note: 'again' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect((await scoreOf('T02', '2011Q4')).deductions).toBe(1);
    // Rectified, so no longer on the open overdue list.
    expect((await as('inspector').inspection.findings({ overdueOnly: true })).map((f) => f.id)).not.toContain(late.id);
  });

  it('keeps the overdue point while a claim waits, and after the inspector rejects it', async () => {
    onTime = await as('inspector').inspection.createFinding({
      unit: 'T02',
      period: '2011Q3',
      deduction: 1,
      deadline: '2011-12-31',
      ...FINDING,
    });
    expect((await scoreOf('T02', '2011Q4')).deductions).toBe(2);
    await as('unitB').inspection.rectify({ id: onTime.id, version: 1, rectifiedAt: '2012-03-01', note: '按期整改' });
    expect((await scoreOf('T02', '2011Q4')).deductions).toBe(2);
    expect(
      (await failure(as('inspector').inspection.reviewRectification({ id: onTime.id, version: 2, confirm: false })))
        .code,
    ).toBe('BAD_REQUEST');
    const rejected = await as('inspector').inspection.reviewRectification({
      id: onTime.id,
      version: 2,
      confirm: false,
      reason: '整改材料不全',
    });
    expect(rejected).toMatchObject({
      rectificationStatus: 'rejected',
      rectifiedAt: null,
      rejectionReason: '整改材料不全',
      overdue: true,
    });
    expect(await audits('finding.reject', onTime.id)).toBe(1);
    expect((await scoreOf('T02', '2011Q4')).deductions).toBe(2);
    expect((await scoreOf('T02', '2011Q4')).score).toBeCloseTo(q4 - 2, 10);
    expect((await scoreOf('T02', '2011Q3')).score).toBeCloseTo(q3 - 3, 10);
  });
});

describe('commendations', () => {
  it('raise the score by their points, capped at 5 a period; only inspectors and administrators give them', async () => {
    const before = await scoreOf('D01', '2011Q3');
    expect(before.bonus).toBe(0);
    const c = await as('inspector').inspection.createCommendation({
      unit: 'D01',
      period: '2011Q3',
      points: 3,
      reason: '政务公开工作成效突出',
    });
    expect(await audits('commendation.create', c.id)).toBe(1);
    expect((await scoreOf('D01', '2011Q3')).score).toBeCloseTo(before.score + 3, 10);
    await as('admin').inspection.createCommendation({ unit: 'D01', period: '2011Q3', points: 4, reason: '省级表彰' });
    expect(await scoreOf('D01', '2011Q3')).toMatchObject({ bonus: 5 });
    expect((await scoreOf('D01', '2011Q3')).score).toBeCloseTo(before.score + 5, 10);
    expect(
      (
        await failure(
          as('organ').inspection.createCommendation({ unit: 'D01', period: '2011Q3', points: 1, reason: 'self' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          as('inspector').inspection.createCommendation({ unit: 'D01', period: '2011Q3', points: 0, reason: 'zero' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          as('inspector').inspection.createCommendation({ unit: 'D01', period: '2011Q3', points: 1, reason: '' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('leaves materialized scores equal to a full recomputation', async () => {
    const rep = await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01'), { timeout: 120_000 });
    expect(rep.differences).toEqual([]);
  });
});
