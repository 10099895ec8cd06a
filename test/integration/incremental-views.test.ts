/**
 * The cold path kept exact (issue 17). Two things are kept up to date by writes instead of recomputed on
 * the first read after one:
 * - the city totals of each quarter and its deployed units (services/values/maintained-totals.ts), which
 *   must equal a recomputation from the rows, read here through Prisma and summed in JavaScript;
 * - the cached score view of each period, brought up to date from the rows changed since it was read
 *   (services/scores/find-scores.ts), which must equal a fresh read inside a transaction (never cached).
 * Random writes of every kind the write paths make — values up and down, submissions returned, verified
 * and back to draft, values removed, units deactivated and moved between groups, a whole period re-scored
 * — each followed by re-scoring in its own transaction, as the services do.
 */
import { describe, expect, it } from 'vitest';
import { execute } from '../../server/db';
import { COUNTED_STATUSES } from '../../server/domain/names';
import { quartersOfYear } from '../../server/domain/periods';
import { seededRandom as rng } from '../../server/domain/seeded-random';
import { findScores } from '../../server/services/scores/find-scores';
import { rescoreAffected } from '../../server/services/scoring/rescore';
import { SHIFTS_KEPT } from '../../server/services/scoring/score-versions';
import { writeTuning } from '../../server/services/scoring/write-scores';
import { maintainedQuarterTotals } from '../../server/services/values/maintained-totals';
import { sql } from '../../server/sql';
import { openDemoYear } from '../helpers/demo';

const TODAY = '2012-03-01';
const QUARTERS = quartersOfYear(2011);
const PERIODS = [...QUARTERS, '2011'];

const demo = openDemoYear(TODAY);

/** A quarter's totals and deployed units from the rows, summed here (no SQL of the app). */
async function recomputed(quarter: string) {
  const subs = await demo.db.prisma.submission.findMany({
    where: { periodCode: quarter, status: { in: [...COUNTED_STATUSES] } },
    select: { id: true },
  });
  const values = await demo.db.prisma.value.findMany({
    where: { periodCode: quarter, submissionId: { in: subs.map((s) => s.id) } },
    select: { unitId: true, indicatorCode: true, value: true },
  });
  const totals: Record<string, number> = {};
  for (const v of values) totals[v.indicatorCode] = (totals[v.indicatorCode] ?? 0) + Number(v.value);
  const grassroots = new Set(
    (await demo.db.prisma.unit.findMany({ where: { active: true, group: 'grassroots' }, select: { id: true } })).map(
      (u) => u.id,
    ),
  );
  const deployed = new Set(
    values
      .filter((v) => v.indicatorCode === 'approval.deployed' && Number(v.value) >= 1 && grassroots.has(v.unitId))
      .map((v) => v.unitId),
  ).size;
  return { totals: sorted(totals), deployed };
}

const sorted = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** What the app keeps, for every quarter: maintained totals (built by the first write that touches a quarter). */
async function maintained(quarter: string) {
  const kept = await maintainedQuarterTotals(demo.db.prisma, quarter);
  return kept ? { totals: sorted(kept.totals), deployed: kept.deployed } : null;
}

/** Every period's cached score view (read outside a transaction) against a fresh read in one. */
async function expectViewsFresh() {
  for (const period of PERIODS) {
    const cached = await findScores(demo.db.prisma, period);
    const fresh = await demo.db.prisma.$transaction((tx) => findScores(tx, period));
    expect(JSON.parse(JSON.stringify(cached)), period).toEqual(JSON.parse(JSON.stringify(fresh)));
  }
}

async function rescored(change: Parameters<typeof rescoreAffected>[1], write: (tx: any) => Promise<unknown>) {
  await demo.db.prisma.$transaction(async (tx) => {
    await write(tx);
    await rescoreAffected(tx, change, TODAY);
  });
}

describe('maintained totals and refreshed score views', () => {
  it('equal a recomputation after random writes of every kind', async () => {
    // Views cached before any write, so that every later read is a refresh from the rows changed since.
    await expectViewsFresh();
    const r = rng(17);
    const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
    const units = await demo.db.prisma.unit.findMany({ select: { id: true, group: true } });
    const indicators = (await demo.db.prisma.indicator.findMany({ select: { code: true } })).map((i) => i.code);
    let builtChecks = 0;
    for (let step = 0; step < 90; step++) {
      const unit = pick(units);
      const quarter = pick(QUARTERS);
      const uq = { unitQuarters: [{ unitId: unit.id, periodCode: quarter }] };
      const kind = r();
      if (kind < 0.45) {
        const indicator = r() < 0.25 ? 'approval.deployed' : pick(indicators);
        const value = indicator === 'approval.deployed' ? Math.floor(r() * 2) : Math.floor(r() * (r() < 0.5 ? 3 : 80));
        await rescored(uq, (tx) =>
          execute(
            tx,
            sql`UPDATE "Value" SET value = ${value}
                 WHERE "unitId" = ${unit.id} AND "periodCode" = ${quarter} AND "indicatorCode" = ${indicator}`,
          ),
        );
      } else if (kind < 0.55) {
        // A value removed: when it was the last of its indicator in the quarter, the key goes.
        await rescored(uq, (tx) =>
          tx.value.deleteMany({ where: { unitId: unit.id, periodCode: quarter, indicatorCode: pick(indicators) } }),
        );
      } else if (kind < 0.75) {
        await rescored(uq, (tx) =>
          tx.submission.updateMany({
            where: { unitId: unit.id, periodCode: quarter },
            data: { status: pick(['draft', 'submitted', 'verified', 'returned'] as const) },
          }),
        );
      } else if (kind < 0.85) {
        // Deactivated or reactivated, or moved to the other group: its deployed flag and its rankings change.
        const change = r() < 0.5;
        await rescored({ unitsEverywhere: [unit.id] }, (tx) =>
          change
            ? tx.unit.update({ where: { id: unit.id }, data: { active: r() < 0.7 } })
            : tx.unit.update({
                where: { id: unit.id },
                data: { group: unit.group === 'grassroots' ? 'organs' : 'grassroots' },
              }),
        );
        if (!change) unit.group = unit.group === 'grassroots' ? 'organs' : 'grassroots';
      } else if (kind < 0.9) {
        // A whole period (a scheme change, a reopened quarter): its quarters are rebuilt by the next write.
        await rescored({ periods: [pick(PERIODS)] }, async () => undefined);
      } else {
        // Several units of one quarter at once, as an import writes them.
        const many = Array.from({ length: 6 }, () => ({ unitId: pick(units).id, periodCode: quarter }));
        await rescored({ unitQuarters: many }, (tx) =>
          execute(
            tx,
            sql`UPDATE "Value" SET value = value + 1
                 WHERE "unitId" = ANY(${many.map((m) => m.unitId)}::int[]) AND "periodCode" = ${quarter}`,
          ),
        );
      }
      if (step % 9 === 8) {
        for (const q of QUARTERS) {
          const kept = await maintained(q);
          if (kept) {
            expect(kept, `${q} after step ${step}`).toEqual(await recomputed(q));
            builtChecks++;
          }
        }
        await expectViewsFresh();
      }
    }
    // Every quarter was written to after the last whole-period change at least sometimes: the checks ran.
    expect(builtChecks).toBeGreaterThan(10);
    // An indicator no unit reports any more in a quarter leaves its totals, as a recomputation has no such key.
    const gone = indicators.find((c) => c !== 'approval.deployed')!;
    const all = units.map((u) => ({ unitId: u.id, periodCode: QUARTERS[1]! }));
    await rescored({ unitQuarters: all }, async () => undefined);
    expect((await maintained(QUARTERS[1]!))?.totals[gone]).toBeDefined();
    await rescored({ unitQuarters: all }, (tx) =>
      tx.value.deleteMany({ where: { periodCode: QUARTERS[1]!, indicatorCode: gone } }),
    );
    expect((await maintained(QUARTERS[1]!))?.totals[gone]).toBeUndefined();
    // A unit deactivated keeps its rows until a whole period is re-scored, which deletes them: no changed row
    // tells of a deleted one, so the view must notice the deletion itself (the units have not changed since).
    const leaving = units.find((u) => u.group === 'grassroots')!;
    await rescored({ unitsEverywhere: [leaving.id] }, (tx) =>
      tx.unit.update({ where: { id: leaving.id }, data: { active: false } }),
    );
    await expectViewsFresh();
    await rescored({ periods: ['2011Q3'] }, async () => undefined);
    expect(await demo.db.prisma.score.count({ where: { periodCode: '2011Q3', unitId: leaving.id } })).toBe(0);
    await expectViewsFresh();
    // And at the end, each quarter built by one more write equals its recomputation.
    for (const q of QUARTERS) {
      await rescored({ unitQuarters: [{ unitId: units[0]!.id, periodCode: q }] }, async () => undefined);
      expect(await maintained(q), q).toEqual(await recomputed(q));
    }
    await expectViewsFresh();
  });

  it('a view older than the rank-shift log kept is read afresh, not brought up to date from what is left', async () => {
    await expectViewsFresh();
    const quarter = QUARTERS[3]!;
    const shifts = () => demo.db.prisma.scoreShift.count({ where: { periodCode: quarter } });
    // A change that moves other units' ranks: logged as a shift, not as their rows' change numbers.
    const ranked = await demo.db.prisma.score.findMany({
      where: { periodCode: quarter, group: 'grassroots' },
      orderBy: { rank: 'desc' },
      select: { unitId: true },
    });
    const before = await shifts();
    for (const { unitId } of ranked) {
      await rescored({ unitQuarters: [{ unitId, periodCode: quarter }] }, (tx) =>
        execute(
          tx,
          sql`UPDATE "Value" SET value = value * 3 + 40 WHERE "unitId" = ${unitId} AND "periodCode" = ${quarter}`,
        ),
      );
      if ((await shifts()) > before) break;
    }
    expect(await shifts()).toBeGreaterThan(before);
    // The log grows past twice what is kept: the next small write prunes it, the shift above with it.
    await execute(
      demo.db.prisma,
      sql`INSERT INTO "ScoreShift" (seq, "periodCode", "unitIds")
          SELECT nextval('"ScoreChangeSeq"'), '1999Q1', '{}' FROM generate_series(1, ${2 * SHIFTS_KEPT + 1})`,
    );
    const stamp = () => demo.db.prisma.setting.findUnique({ where: { key: 'scores.deletions' } });
    const stampBefore = JSON.stringify(await stamp());
    const every = writeTuning.vacuumRows;
    writeTuning.vacuumRows = 1;
    try {
      const other = ranked.at(-1)!.unitId;
      await rescored({ unitQuarters: [{ unitId: other, periodCode: QUARTERS[0]! }] }, (tx) =>
        execute(
          tx,
          sql`UPDATE "Value" SET value = value + 7 WHERE "unitId" = ${other} AND "periodCode" = ${QUARTERS[0]!}`,
        ),
      );
    } finally {
      writeTuning.vacuumRows = every;
    }
    expect(await demo.db.prisma.scoreShift.count()).toBeLessThanOrEqual(SHIFTS_KEPT + 4);
    expect(await shifts()).toBe(0);
    await expectViewsFresh();
    expect(JSON.stringify(await stamp())).not.toBe(stampBefore);
  });
});
