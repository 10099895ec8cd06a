import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpScores } from '../../server/services/scoring/catch-up';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  // Scores computed as of mid-2011: later deadlines are not overdue yet.
  await withDemo(db, '2011-07-01');
});
afterAll(async () => db?.dispose());

describe('scores follow the calendar', () => {
  it('adds overdue points for findings that fell due since the last day, and matches a full recomputation', async () => {
    const before = await db.prisma.score.aggregate({ _sum: { deductions: true }, where: { periodCode: '2011' } });
    const res = await catchUpScores(db.prisma, '2012-03-01');
    expect(res.from).toBe('2011-07-01');
    expect(res.findings).toBeGreaterThan(0);
    const after = await db.prisma.score.aggregate({ _sum: { deductions: true }, where: { periodCode: '2011' } });
    expect(Number(after._sum.deductions)).toBeGreaterThan(Number(before._sum.deductions));
    const rep = await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01'), { timeout: 120_000 });
    expect(rep.differences).toEqual([]);
    expect((await catchUpScores(db.prisma, '2012-03-01')).findings).toBe(0);
  });
});
