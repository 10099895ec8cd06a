import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// A claim is not a fact: rectification claims, four eyes, and reviews in locked and published quarters.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const at = (day: string) => () => new Date(`${day}T10:00:00+08:00`);
const as = (who: keyof typeof users, day = '2012-03-01') => callerFor(db, users[who], at(day));

async function failure(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError;
  }
  throw new Error('expected the call to be refused');
}

async function scoreOf(unit: string, period: string) {
  const card = await as('leader').scores.scorecard({ unit, period });
  return card.score!;
}
const published = async (period: string) =>
  (await as('unitB').scores.published({ period })).find((r) => r.unit === 'T01');

describe(`rectification claims on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  let f: { id: number; version: number };
  let q4: number;

  it("the issue's case: a backdated or future claim is refused, and a claim alone changes no score", async () => {
    q4 = (await scoreOf('T01', '2011Q4')).score;
    f = await as('inspector').inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'minor',
      deduction: 0,
      description: '政务公开栏目更新不及时',
      deadline: '2011-11-30',
    });
    expect(f).toMatchObject({ recordedOn: '2012-03-01', overdue: true, claim: null });
    expect((await scoreOf('T01', '2011Q4')).score).toBeCloseTo(q4 - 1, 10);

    const backdated = await failure(
      as('unitA').inspection.rectify({ ...f, rectifiedAt: '2011-10-01', note: '已整改' }),
    );
    expect(backdated.code).toBe('BAD_REQUEST');
    expect(backdated.message).toBe('Rectification date 2011-10-01 is before the finding was recorded (2012-03-01).');
    const future = await failure(as('unitA').inspection.rectify({ ...f, rectifiedAt: '2012-03-02', note: '已整改' }));
    expect(future.message).toBe('Rectification date 2012-03-02 is in the future (today is 2012-03-01).');

    const claimed = await as('unitA').inspection.rectify({ ...f, rectifiedAt: '2012-03-01', note: '已更新栏目' });
    expect(claimed).toMatchObject({
      rectificationStatus: 'pending',
      rectifiedAt: null,
      overdue: true,
      claim: { rectifiedAt: '2012-03-01', status: 'pending', note: '已更新栏目', claimedById: users.unitA.id },
    });
    expect((await scoreOf('T01', '2011Q4')).score).toBeCloseTo(q4 - 1, 10);
    // Even after a full recomputation.
    await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01', 2011), { timeout: 120_000 });
    expect((await scoreOf('T01', '2011Q4')).score).toBeCloseTo(q4 - 1, 10);
    // A second claim waits for the first to be reviewed.
    const twice = await failure(
      as('unitA').inspection.rectify({ id: f.id, version: claimed.version, rectifiedAt: '2012-03-01', note: 'x' }),
    );
    expect(twice.message).toMatch(/already has a rectification claim waiting/);
    f = claimed;
  });

  it('an inspector rejects the claim in a published quarter: it succeeds and nothing published changes', async () => {
    await as('leader').admin.periodState({ period: '2011Q4', action: 'publish', reason: '督查结果按期公示' });
    const before = await published('2011Q4');
    const stored = await scoreOf('T01', '2011Q4');
    const rejected = await as('inspector').inspection.reviewRectification({
      ...f,
      confirm: false,
      reason: '未见整改照片',
    });
    expect(rejected).toMatchObject({ rectificationStatus: 'rejected', rejectionReason: '未见整改照片' });
    expect(rejected.claim).toMatchObject({ status: 'rejected', reviewReason: '未见整改照片' });
    expect(await published('2011Q4')).toEqual(before);
    expect(await scoreOf('T01', '2011Q4')).toEqual(stored);
    expect(await db.prisma.auditLog.count({ where: { action: 'finding.reject', entityId: String(f.id) } })).toBe(1);
    f = rejected;
  });

  it('the same person cannot claim and confirm (four eyes); an administrator may relax it', async () => {
    const claimed = await as('inspector').inspection.rectify({ ...f, rectifiedAt: '2012-03-01', note: '现场核实' });
    const self = await failure(as('inspector').inspection.reviewRectification({ ...claimed, confirm: true }));
    expect(self.code).toBe('FORBIDDEN');
    expect(self.message).toMatch(/another inspector must confirm it \(four eyes\)/);
    await as('admin').admin.setSupervisionSettings({ fourEyes: false, blueDays: 7, yellowDays: 3 });
    try {
      const confirmed = await as('inspector').inspection.reviewRectification({ ...claimed, confirm: true });
      expect(confirmed).toMatchObject({ rectificationStatus: 'confirmed', rectifiedAt: '2012-03-01' });
    } finally {
      await as('admin').admin.setSupervisionSettings({ fourEyes: true, blueDays: 7, yellowDays: 3 });
    }
  });

  it('a confirmation in a locked quarter waits: stored scores stay, the period shows it, reopening applies it', async () => {
    // Recorded on 2011-11-20 with a deadline of 2011-11-30; claimed on time on 2011-11-25.
    const g = await as('inspector', '2011-11-20').inspection.createFinding({
      unit: 'T01',
      period: '2011Q3',
      severity: 'minor',
      deduction: 0,
      description: '依申请公开答复超期',
      deadline: '2011-11-30',
    });
    const claimed = await as('unitA', '2011-11-25').inspection.rectify({
      ...g,
      rectifiedAt: '2011-11-25',
      note: '已答复',
    });
    // By 2012-03-01 the claim is still unconfirmed, so the finding is overdue in 2011Q4.
    await as('leader').admin.periodState({ period: '2011Q4', action: 'reopen', reason: '复核' });
    const open = (await scoreOf('T01', '2011Q4')).score;
    await as('leader').admin.periodState({ period: '2011Q4', action: 'lock' });
    const locked = await scoreOf('T01', '2011Q4');
    const confirmed = await as('admin').inspection.reviewRectification({ ...claimed, confirm: true });
    expect(confirmed).toMatchObject({
      rectificationStatus: 'confirmed',
      overdue: false,
      waitsForReopening: ['2011Q4'],
    });
    expect(await scoreOf('T01', '2011Q4')).toEqual(locked);
    const periods = await as('leader').meta.periods();
    expect(periods.find((p) => p.code === '2011Q4')).toMatchObject({ locked: true, waitingChanges: 1 });
    await as('leader').admin.periodState({ period: '2011Q4', action: 'reopen', reason: '整改确认后重新计分' });
    expect((await scoreOf('T01', '2011Q4')).score).toBeCloseTo(open + 1, 10);
    expect((await as('leader').meta.periods()).find((p) => p.code === '2011Q4')).toMatchObject({
      locked: false,
      waitingChanges: 0,
    });
  });
});
