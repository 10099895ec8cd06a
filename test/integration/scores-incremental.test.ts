/**
 * Materialized scores follow writes incrementally (one unit's change shifts only the ranks between its
 * old and new score; unchanged rows are not rewritten); after any sequence of changes they must equal a
 * full recomputation, ranks and rank changes included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../server/db';
import { CITY_SCOPE } from '../../server/domain/names';
import { evaluateUnit } from '../../server/domain/scoring/evaluate';
import { seededRandom as rng } from '../../server/domain/seeded-random';
import { findScorecard } from '../../server/services/scores/find-scorecard';
import { findScores } from '../../server/services/scores/find-scores';
import { loadScoreInputs } from '../../server/services/scoring/load-score-inputs';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { rescoreAffected } from '../../server/services/scoring/rescore';
import { schemeForYear } from '../../server/services/scoring/scheme-for-year';
import { writeTuning } from '../../server/services/scoring/write-scores';
import { sql } from '../../server/sql';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const TODAY = '2012-03-01';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db, TODAY);
});
afterAll(async () => db?.dispose());

const QUARTERS = ['2011Q1', '2011Q2', '2011Q3', '2011Q4'];

async function expectSameAsFullRecomputation() {
  const rep = await db.prisma.$transaction((tx) => rescoreAll(tx, TODAY), { timeout: 120_000 });
  expect(rep.differences).toEqual([]);
}

describe('incremental re-scoring', () => {
  it('keeps scores, ranks and rank changes equal to a full recomputation through random single-unit changes', async () => {
    const r = rng(8);
    const units = await db.prisma.unit.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
    for (let step = 0; step < 60; step++) {
      const unitId = pick(units).id;
      const quarter = pick(QUARTERS);
      const kind = r();
      await db.prisma.$transaction(async (tx) => {
        if (kind < 0.55) {
          // A value up or down (sometimes to what another unit has, making ties).
          const code = pick([
            'pub.news',
            'pub.overview',
            'training.attendees',
            'appeal.review',
            'approval.cases_ontime',
          ]);
          await execute(
            tx,
            sql`UPDATE "Value" SET value = ${Math.floor(r() * 40)} WHERE "unitId" = ${unitId} AND "periodCode" = ${quarter} AND "indicatorCode" = ${code}`,
          );
          await rescoreAffected(tx, { unitQuarters: [{ unitId, periodCode: quarter }] }, TODAY);
        } else if (kind < 0.75) {
          const deadline = `2011-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`;
          await tx.finding.create({
            data: {
              unitId,
              periodCode: quarter,
              severity: r() < 0.1 ? 'veto' : 'minor',
              deduction: Math.floor(r() * 8),
              description: `step ${step}`,
              deadline: new Date(`${deadline}T00:00:00Z`),
            },
          });
          await rescoreAffected(tx, { findingDates: [{ unitId, periodCode: quarter, deadline }] }, TODAY);
        } else if (kind < 0.9) {
          await tx.commendation.create({
            data: { unitId, periodCode: quarter, points: 1 + Math.floor(r() * 4), reason: `step ${step}` },
          });
          await rescoreAffected(tx, { unitQuarters: [{ unitId, periodCode: quarter }] }, TODAY);
        } else {
          // Two units at once, one of them returned (its values stop counting).
          const other = pick(units).id;
          await execute(
            tx,
            sql`UPDATE "Submission" SET status = 'returned' WHERE "unitId" = ${other} AND "periodCode" = ${quarter}`,
          );
          await execute(
            tx,
            sql`UPDATE "Value" SET value = value + 7 WHERE "unitId" = ${unitId} AND "periodCode" = ${quarter}`,
          );
          await rescoreAffected(
            tx,
            {
              unitQuarters: [
                { unitId, periodCode: quarter },
                { unitId: other, periodCode: quarter },
              ],
            },
            TODAY,
          );
        }
      });
      if (step % 15 === 14) await expectSameAsFullRecomputation();
    }
  });

  it('follows a unit that moves to the other group, and a new unit', async () => {
    const unit = await db.prisma.unit.findFirstOrThrow({ where: { group: 'grassroots' }, orderBy: { code: 'asc' } });
    await db.prisma.$transaction(async (tx) => {
      await tx.unit.update({ where: { id: unit.id }, data: { type: 'department', group: 'organs' } });
      await rescoreAffected(tx, { unitsEverywhere: [unit.id] }, TODAY);
    });
    const created = await db.prisma.unit.create({
      data: { code: 'ZZ1', name: '新单位', type: 'township', group: 'grassroots' },
    });
    await db.prisma.$transaction((tx) => rescoreAffected(tx, { unitsEverywhere: [created.id] }, TODAY));
    await expectSameAsFullRecomputation();
    const rows = await findScores(db.prisma, '2011Q4', { group: 'organs' });
    expect(rows.some((s) => s.unit === unit.code)).toBe(true);
  });

  it('gives back, from each stored basis, exactly the explanation a fresh evaluation writes', async () => {
    const units = await db.prisma.unit.findMany({
      where: { active: true },
      select: { id: true, code: true },
      orderBy: { code: 'asc' },
    });
    for (const period of ['2011Q1', '2011Q3', '2011']) {
      const scheme = (await schemeForYear(db.prisma, 2011)).scheme;
      const inputs = await loadScoreInputs(db.prisma, period, null);
      for (const input of inputs.filter((_, i) => i % 7 === 0)) {
        const card = await findScorecard(db.prisma, { period, unitCode: input.unitCode, scope: CITY_SCOPE });
        expect(card.score?.explanation).toEqual(evaluateUnit(scheme, input, { period, today: TODAY }).explanation);
      }
    }
    expect(units.length).toBeGreaterThan(90);
  });

  it('scores a new quarter in bulk (chunked; statistics refreshed before explanations are written)', async () => {
    const saved = { ...writeTuning };
    Object.assign(writeTuning, { chunk: 17, bulkRows: 20 });
    try {
      await db.prisma.$transaction(
        async (tx) => {
          await execute(
            tx,
            sql`INSERT INTO "Period" (code, year, quarter) VALUES ('2012Q1', 2012, 1), ('2012', 2012, NULL) ON CONFLICT DO NOTHING`,
          );
          await execute(
            tx,
            sql`INSERT INTO "Submission" ("unitId", "periodCode", status, version, "updatedAt")
           SELECT "unitId", '2012Q1', status, 1, now() FROM "Submission" WHERE "periodCode" = '2011Q4'`,
          );
          await execute(
            tx,
            sql`INSERT INTO "Value" ("submissionId", "unitId", "periodCode", "indicatorCode", value)
           SELECT n.id, v."unitId", '2012Q1', v."indicatorCode", v.value + 1
             FROM "Value" v JOIN "Submission" n ON n."unitId" = v."unitId" AND n."periodCode" = '2012Q1'
            WHERE v."periodCode" = '2011Q4'`,
          );
          await rescoreAffected(tx, { periods: ['2012Q1'] }, TODAY);
        },
        { timeout: 120_000 },
      );
      const scored = await db.prisma.score.count({ where: { periodCode: { in: ['2012Q1', '2012'] } } });
      const explained = await db.prisma.scoreExplanation.count({ where: { periodCode: { in: ['2012Q1', '2012'] } } });
      expect(scored).toBeGreaterThan(180);
      expect(explained).toBe(scored);
      await expectSameAsFullRecomputation();
      const card = await findScorecard(db.prisma, { period: '2012Q1', unitCode: 'T01', scope: CITY_SCOPE });
      expect(card.score?.explanation.rules.length).toBeGreaterThan(0);
    } finally {
      Object.assign(writeTuning, saved);
    }
  });
});
