/**
 * Cached score views (rankings rows, the overview) answer from memory only while their data version
 * holds: any re-scoring write, a renamed unit or a rolled-back write must never leave a stale view.
 * The overview's totals equal the per-unit aggregates of the values export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../server/db';
import { PUB_CATEGORY_CODES } from '../../server/domain/catalogue';
import { CITY_SCOPE } from '../../server/domain/names';
import { findOverview } from '../../server/services/scores/find-overview';
import { findScores } from '../../server/services/scores/find-scores';
import { rescoreAffected } from '../../server/services/scoring/rescore';
import { exportValueRows } from '../../server/services/values/aggregate-values';
import { sql } from '../../server/sql';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const TODAY = '2012-03-01';
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db, TODAY);
});
afterAll(async () => db?.dispose());

async function exportTotals(period: string): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const r of await exportValueRows(db.prisma, period, CITY_SCOPE))
    totals[r.indicator] = (totals[r.indicator] ?? 0) + r.value;
  return totals;
}

describe('cached score views', () => {
  it('overview totals equal the sums of each unit’s aggregate, for quarters and the year', async () => {
    for (const period of ['2011Q2', '2011']) {
      const overview = await findOverview(db.prisma, period, TODAY);
      expect(overview.totals).toEqual(await exportTotals(period));
    }
    const overview = await findOverview(db.prisma, '2011Q3', TODAY);
    for (const t of overview.trend) {
      const totals = await exportTotals(t.period);
      expect(t.onlineCases).toBe(totals['approval.cases'] ?? 0);
    }
  });

  it('shows a re-scored write at once, and never what a rolled-back write did', async () => {
    const leader = callerFor(db, users.leader);
    const before = await leader.scores.overview({ period: '2011Q4' });
    const ranking = await leader.scores.rankings({ period: '2011Q4', group: 'grassroots' });
    const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: ranking.rows.at(-1)!.unit } });
    // A rolled-back write: its transaction's stamp must never be taken for the current data.
    await expect(
      db.prisma.$transaction(async (tx) => {
        await execute(
          tx,
          sql`UPDATE "Value" SET value = value + 1000 WHERE "unitId" = ${unit.id} AND "periodCode" = '2011Q4' AND "indicatorCode" = 'approval.cases'`,
        );
        await rescoreAffected(tx, { unitQuarters: [{ unitId: unit.id, periodCode: '2011Q4' }] }, TODAY);
        expect((await findOverview(tx, '2011Q4', TODAY)).totals['approval.cases']).toBe(
          (before.totals['approval.cases'] ?? 0) + 1000,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await leader.scores.overview({ period: '2011Q4' })).totals['approval.cases']).toBe(
      before.totals['approval.cases'],
    );
    // A committed write.
    await db.prisma.$transaction(async (tx) => {
      await execute(
        tx,
        sql`UPDATE "Value" SET value = value + 500 WHERE "unitId" = ${unit.id} AND "periodCode" = '2011Q4' AND "indicatorCode" LIKE 'pub.%'`,
      );
      await rescoreAffected(tx, { unitQuarters: [{ unitId: unit.id, periodCode: '2011Q4' }] }, TODAY);
    });
    const after = await leader.scores.overview({ period: '2011Q4' });
    expect(after.headline.published).toBeGreaterThan(before.headline.published);
    const moved = (await leader.scores.rankings({ period: '2011Q4', group: 'grassroots' })).rows.find(
      (r) => r.unit === unit.code,
    )!;
    expect(moved.rank).toBeLessThan(ranking.rows.at(-1)!.rank!);
    expect((await leader.scores.overview({ period: '2011' })).totals).toEqual(await exportTotals('2011'));
  });

  it("keeps each quarter's totals in the trend until a write in that quarter, through the real workflow", async () => {
    const leader = callerFor(db, users.leader);
    const inspector = callerFor(db, users.inspector);
    const trendOf = async () =>
      Object.fromEntries(
        (await leader.scores.overview({ period: '2011Q4' })).trend.map((t) => [t.period, t.published]),
      );
    const exportPublished = async (q: string) => {
      const totals = await exportTotals(q);
      return PUB_CATEGORY_CODES.reduce((n, c) => n + (totals[c] ?? 0), 0);
    };
    const before = await trendOf();
    expect(before['2011Q2']).toBe(await exportPublished('2011Q2'));
    // Returned to the unit: its values stop counting in 2011Q2's totals; the other quarters' stay as they were.
    const form = await inspector.entry.get({ unit: 'T05', period: '2011Q2' });
    await inspector.entry.review({
      unit: 'T05',
      period: '2011Q2',
      version: form.version,
      action: 'return',
      reason: '请核对',
    });
    const afterReturn = await trendOf();
    expect(afterReturn['2011Q2']).toBeLessThan(before['2011Q2']!);
    expect(afterReturn['2011Q2']).toBe(await exportPublished('2011Q2'));
    for (const q of ['2011Q1', '2011Q3', '2011Q4']) expect(afterReturn[q], q).toBe(before[q]);
    // Corrected and submitted again: counted again, with the new figure.
    const again = await inspector.entry.get({ unit: 'T05', period: '2011Q2' });
    const values = { ...again.values, 'pub.news': (again.values['pub.news'] ?? 0) + 7 };
    await inspector.entry.save({ unit: 'T05', period: '2011Q2', version: again.version, values, submit: true });
    const afterSubmit = await trendOf();
    expect(afterSubmit['2011Q2']).toBe(before['2011Q2']! + 7);
    expect(afterSubmit['2011Q2']).toBe(await exportPublished('2011Q2'));
    for (const q of ['2011Q1', '2011Q3', '2011Q4']) expect(afterSubmit[q], q).toBe(before[q]);
  });

  it('shows a renamed unit at once (no score changes)', async () => {
    const rows = await findScores(db.prisma, '2011Q3', { group: 'organs' });
    const first = rows[0]!;
    await db.prisma.unit.update({ where: { code: first.unit }, data: { name: `${first.name}（新）` } });
    expect((await findScores(db.prisma, '2011Q3', { group: 'organs' }))[0]!.name).toBe(`${first.name}（新）`);
  });

  it('hands out frozen rows, so that no caller can change what the next one sees', async () => {
    const rows = await findScores(db.prisma, '2011Q2');
    expect(Object.isFrozen(rows)).toBe(true);
    expect(Object.isFrozen(rows[0])).toBe(true);
    expect(() => {
      (rows[0] as { score: number }).score = 1;
    }).toThrow();
  });
});
