/**
 * One truth per rule (issue 12): production aggregates a period's values, ranks and counts completion in
 * set-based SQL (services/scoring/load-score-inputs.ts, rescore.ts, scores/find-overview.ts); the domain
 * scores one unit (evaluate.ts). On random data, this test checks the real loader and the real SQL against
 * the pure engine and the independent oracle (test/helpers/scoring-oracle.ts), whose inputs are read here
 * row by row through Prisma, not through the loader: a loader that summed stock indicators, dropped a
 * finding, counted a returned submission or ranked ties differently fails it.
 */
import { describe, expect, it } from 'vitest';
import { execute } from '../../server/db';
import { COUNTED_STATUSES } from '../../server/domain/names';
import { parsePeriod, previousPeriod, quartersOfYear } from '../../server/domain/periods';
import { evaluateUnit, type UnitInput } from '../../server/domain/scoring/evaluate';
import { seededRandom as rng } from '../../server/domain/seeded-random';
import { findOverview } from '../../server/services/scores/find-overview';
import { loadScoreInputs } from '../../server/services/scoring/load-score-inputs';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { schemeForYear } from '../../server/services/scoring/scheme-for-year';
import { sql } from '../../server/sql';
import { openDemoYear } from '../helpers/demo';
import {
  aggregatePeriod,
  completionRates,
  indicatorKinds,
  type RankedUnitScore,
  rankScores,
} from '../helpers/scoring-oracle';
import { ON_POSTGRES } from '../helpers/test-db';

const TODAY = '2012-03-01';
const QUARTERS = quartersOfYear(2011);
const PERIODS = [...QUARTERS, '2011'];

const demo = openDemoYear(TODAY);

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Random changes straight to the tables: values (stocks among them), statuses, missing values, findings, commendations. */
async function scramble(seed: number) {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const units = await demo.db.prisma.unit.findMany({ select: { id: true } });
  const stocks = (await demo.db.prisma.indicator.findMany({ where: { kind: 'stock' }, select: { code: true } })).map(
    (i) => i.code,
  );
  const flows = (await demo.db.prisma.indicator.findMany({ where: { kind: 'flow' }, select: { code: true } })).map(
    (i) => i.code,
  );
  expect(stocks.length).toBeGreaterThan(0);
  for (let step = 0; step < 120; step++) {
    const unitId = pick(units).id;
    const quarter = pick(QUARTERS);
    const kind = r();
    if (kind < 0.5) {
      // A stock or a flow up or down, often to a small number (ties, zeros, the deployed flag).
      const indicator = r() < 0.5 ? pick(stocks) : pick(flows);
      const value = Math.floor(r() * (r() < 0.5 ? 3 : 60));
      await execute(
        demo.db.prisma,
        sql`UPDATE "Value" SET value = ${value}
             WHERE "unitId" = ${unitId} AND "periodCode" = ${quarter} AND "indicatorCode" = ${indicator}`,
      );
    } else if (kind < 0.6) {
      // A stock left out of a quarter: the year keeps the last quarter that has one.
      await demo.db.prisma.value.deleteMany({ where: { unitId, periodCode: quarter, indicatorCode: pick(stocks) } });
    } else if (kind < 0.72) {
      await demo.db.prisma.submission.updateMany({
        where: { unitId, periodCode: quarter },
        data: { status: pick(['draft', 'submitted', 'verified', 'returned'] as const), onTime: r() < 0.5 },
      });
    } else if (kind < 0.9) {
      const deadline = `${pick(['2011', '2012'])}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`;
      const rectified = r() < 0.5 ? `2011-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-20` : null;
      await demo.db.prisma.finding.create({
        data: {
          unitId,
          periodCode: quarter,
          severity: r() < 0.05 ? 'veto' : pick(['minor', 'major'] as const),
          deduction: Math.floor(r() * 6) + (r() < 0.3 ? 0.25 : 0),
          description: `oracle ${step}`,
          deadline: r() < 0.2 ? null : new Date(`${deadline}T00:00:00Z`),
          rectifiedAt: rectified ? new Date(`${rectified}T00:00:00Z`) : null,
        },
      });
    } else {
      await demo.db.prisma.commendation.create({
        data: { unitId, periodCode: quarter, points: 1 + Math.floor(r() * 3), reason: `oracle ${step}` },
      });
    }
  }
}

/** A period's engine inputs read row by row (no SQL of the loader), values aggregated by the oracle. */
async function oracleInputs(period: string): Promise<UnitInput[]> {
  const p = parsePeriod(period)!;
  const quarters = p.kind === 'year' ? quartersOfYear(p.year) : [p.code];
  const kinds = indicatorKinds(
    (await demo.db.prisma.indicator.findMany({ select: { code: true, kind: true } })).map((d) => ({
      code: d.code,
      kind: d.kind === 'stock' ? ('stock' as const) : ('flow' as const),
    })),
  );
  const units = await demo.db.prisma.unit.findMany({
    where: { active: true },
    select: { id: true, code: true, group: true },
    orderBy: { code: 'asc' },
  });
  const subs = await demo.db.prisma.submission.findMany({
    where: { periodCode: { in: quarters }, status: { in: [...COUNTED_STATUSES] } },
    select: { id: true, unitId: true, periodCode: true, onTime: true },
  });
  const values = await demo.db.prisma.value.findMany({
    where: { submissionId: { in: subs.map((s) => s.id) } },
    select: { unitId: true, periodCode: true, indicatorCode: true, value: true },
  });
  const findings = await demo.db.prisma.finding.findMany({
    select: {
      id: true,
      unitId: true,
      periodCode: true,
      severity: true,
      deduction: true,
      description: true,
      deadline: true,
      rectifiedAt: true,
    },
  });
  const commendations = await demo.db.prisma.commendation.findMany({
    select: { id: true, unitId: true, periodCode: true, points: true, reason: true },
  });
  return units.map((u) => {
    const own = subs.filter((s) => s.unitId === u.id);
    const byQuarter = new Map<string, Record<string, number>>();
    for (const v of values.filter((x) => x.unitId === u.id)) {
      const q = byQuarter.get(v.periodCode) ?? {};
      q[v.indicatorCode] = v.value;
      byQuarter.set(v.periodCode, q);
    }
    return {
      unitId: u.id,
      unitCode: u.code,
      group: u.group,
      submitted: own.length > 0,
      timeliness: { onTime: own.filter((s) => s.onTime).length, due: quarters.length },
      values: aggregatePeriod(
        [...byQuarter].map(([quarter, v]) => ({ quarter, values: v })),
        kinds,
      ),
      // Every finding and commendation of the unit: the engine picks those of the period.
      findings: findings
        .filter((f) => f.unitId === u.id)
        .map((f) => ({
          id: f.id,
          quarter: f.periodCode,
          severity: f.severity,
          deduction: Number(f.deduction),
          description: f.description,
          deadline: iso(f.deadline),
          rectifiedAt: iso(f.rectifiedAt),
        })),
      commendations: commendations
        .filter((c) => c.unitId === u.id)
        .map((c) => ({ id: c.id, quarter: c.periodCode, points: Number(c.points), reason: c.reason })),
    };
  });
}

describe(`the real loader and SQL against the pure engine and the oracle on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('loads, scores, ranks and counts completion on random data as the oracle does', async () => {
    await scramble(12);
    await demo.db.prisma.$transaction((tx) => rescoreAll(tx, TODAY), { timeout: 300_000 });
    const scheme = (await schemeForYear(demo.db.prisma, 2011)).scheme;
    const ranked = new Map<string, RankedUnitScore[]>();
    for (const period of PERIODS) {
      const expected = await oracleInputs(period);
      // The loader: the same units, submitted flags, timeliness and aggregated values.
      const loaded = await loadScoreInputs(demo.db.prisma, period, null);
      const essentials = (list: UnitInput[]) =>
        list.map((u) => ({
          unit: u.unitCode,
          group: u.group,
          submitted: u.submitted,
          timeliness: u.timeliness,
          values: u.values,
        }));
      expect(essentials(loaded), `inputs of ${period}`).toEqual(essentials(expected));

      // The stored scores and ranks (set-based SQL): the engine's scores, ranked by the oracle.
      const scores = rankScores(
        expected.map((u) => evaluateUnit(scheme, u, { period, today: TODAY })),
        null,
      );
      ranked.set(period, scores);
      const previous = ranked.get(previousPeriod(period));
      const stored = await demo.db.prisma.score.findMany({
        where: { periodCode: period },
        select: { unitId: true, score: true, rank: true, rankChange: true, grade: true, veto: true, submitted: true },
      });
      const byUnit = new Map(stored.map((s) => [s.unitId, s]));
      const previousRank = new Map(previous?.map((s) => [s.unitId, s.rank]) ?? []);
      const mismatches = scores.flatMap((s) => {
        const row = byUnit.get(s.unitId);
        const want = {
          score: s.score,
          rank: s.rank,
          grade: s.grade,
          veto: s.veto,
          submitted: s.submitted,
          ...(previous ? { rankChange: previousRank.has(s.unitId) ? previousRank.get(s.unitId)! - s.rank : null } : {}),
        };
        const got = row && {
          score: Number(row.score),
          rank: row.rank,
          grade: row.grade,
          veto: row.veto,
          submitted: row.submitted,
          ...(previous ? { rankChange: row.rankChange } : {}),
        };
        return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ period, unit: s.unitCode, want, got }];
      });
      expect(mismatches).toEqual([]);
      expect(stored.length).toBe(scores.length);

      // The overview's completion rates (SQL) against the oracle's over the same inputs.
      const overview = await findOverview(demo.db.prisma, period, TODAY);
      const rates = completionRates(expected, { period, today: TODAY });
      expect(
        { approvalRollout: overview.approvalRollout, submission: overview.submission },
        `rates of ${period}`,
      ).toEqual({ approvalRollout: rates.approvalRollout, submission: rates.submission });
    }
    // The random changes reached the scores: not every unit is where the demo put it.
    expect(new Set([...ranked.values()].flat().map((s) => s.score)).size).toBeGreaterThan(10);
  });
});
