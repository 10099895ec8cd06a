import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPeriod, defaultYear, pickablePeriods } from '../../client/src/lib/periods';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// Honest defaults: pages open on the latest quarter closed for entry, pickers skip empty quarters, and a
// quarter still open for entry says how many units have submitted.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const at = (day: string) => () => new Date(`${day}T10:00:00+08:00`);
const as = (who: keyof typeof users, day = '2012-03-01') => callerFor(db, users[who], at(day));
const periods = async (day = '2012-03-01') => as('leader', day).meta.periods();
const byCode = async (day?: string) => new Map((await periods(day)).map((p) => [p.code, p]));

describe(`period defaults on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('tells which periods hold data, which quarter is open for entry and how many units submitted it', async () => {
    const units = await db.prisma.unit.count({ where: { active: true } });
    const submittedQ4 = await db.prisma.submission.count({
      where: { periodCode: '2011Q4', status: { in: ['submitted', 'verified'] } },
    });
    const p = await byCode();
    expect(p.get('2011Q4')).toMatchObject({ hasData: true, openForEntry: true, submitted: submittedQ4, units });
    // 2011Q3 is neither today's quarter (2012Q1) nor the one before it.
    expect(p.get('2011Q3')).toMatchObject({ hasData: true, openForEntry: false });
    expect(p.get('2011')).toMatchObject({ hasData: true, openForEntry: false, submitted: null });
  });

  it('an empty quarter (a deadline set ahead) is not offered; a draft with figures is data, a submission is counted', async () => {
    await as('admin').admin.setSubmissionDeadline({ period: '2013Q2', deadline: '2013-07-20' });
    let p = await byCode();
    expect(p.get('2013Q2')).toMatchObject({ hasData: false, openForEntry: false, submitted: 0 });
    expect(p.get('2013')).toMatchObject({ hasData: false });
    expect(pickablePeriods([...p.values()]).map((x) => x.code)).not.toContain('2013Q2');
    expect(pickablePeriods([...p.values()]).map((x) => x.code)).not.toContain('2013');

    const saved = await as('unitA').entry.save({
      unit: 'T01',
      period: '2012Q1',
      version: 0,
      values: { 'pub.news': 3 },
      submit: false,
    });
    p = await byCode();
    expect(p.get('2012Q1')).toMatchObject({ hasData: true, openForEntry: true, submitted: 0 });
    await as('unitA').entry.save({
      unit: 'T01',
      period: '2012Q1',
      version: saved.version,
      values: { 'pub.news': 3 },
      submit: true,
    });
    p = await byCode();
    expect(p.get('2012Q1')).toMatchObject({ submitted: 1 });
    // The case: one unit has submitted the quarter being entered; nothing is locked yet. Pages open on
    // the latest quarter whose figures are in (every unit submitted 2011Q4), not on 2012Q1 with 93 units at 0.
    expect(defaultPeriod([...p.values()], null)).toBe('2011Q4');
    expect(defaultPeriod([...p.values()], '2012Q1')).toBe('2012Q1');
  });

  it('a quarter holding only a finding, or only a commendation, holds data', async () => {
    const unit = await db.prisma.unit.findFirstOrThrow({ where: { active: true }, orderBy: { code: 'asc' } });
    for (const code of ['2013Q3', '2013Q4'])
      await db.prisma.period.upsert({
        where: { code },
        create: { code, year: 2013, quarter: Number(code.slice(-1)) },
        update: {},
      });
    let p = await byCode();
    expect([p.get('2013Q3')?.hasData, p.get('2013Q4')?.hasData]).toEqual([false, false]);
    await db.prisma.finding.create({
      data: { unitId: unit.id, periodCode: '2013Q3', severity: 'minor', deduction: 1, description: '未按时更新' },
    });
    await db.prisma.commendation.create({ data: { unitId: unit.id, periodCode: '2013Q4', points: 1, reason: '表彰' } });
    p = await byCode();
    expect([p.get('2013Q3')?.hasData, p.get('2013Q4')?.hasData]).toEqual([true, true]);
    expect(p.get('2013')).toMatchObject({ hasData: true });
  });

  it('once a quarter is locked, pages open on it rather than on the quarter units are entering', async () => {
    await as('leader').admin.periodState({ period: '2011Q4', action: 'lock' });
    const list = await periods();
    const q4 = list.find((x) => x.code === '2011Q4')!;
    expect(q4).toMatchObject({ locked: true, openForEntry: false });
    expect(defaultPeriod(list, null)).toBe('2011Q4');
    expect(defaultPeriod(list, '2012Q1')).toBe('2012Q1');
    expect(defaultYear(list, null)).toBe(2011);
    // A year later neither quarter is open for entry any more, and the 2013 quarter still holds nothing.
    const later = await byCode('2013-05-01');
    expect(later.get('2012Q1')).toMatchObject({ openForEntry: false, hasData: true });
    expect(later.get('2013Q2')).toMatchObject({ openForEntry: true, hasData: false });
  });
});
