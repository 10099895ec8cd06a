import { isQuarterCode, parsePeriod, previousPeriod, quarterOfDate, yearOf } from '../../domain/periods';
import { evaluateUnit, type UnitScore } from '../../domain/scoring/evaluate';
import type { Prisma } from '../../generated/prisma/client';
import { loadScoreInputs } from './load-score-inputs';
import { schemeForYear } from './scheme-for-year';

type Tx = Prisma.TransactionClient;

/** What changed: unit-quarters (values, commendations), findings (their quarter and deadline), or whole periods. */
export type ScoreChange = {
  unitQuarters?: { unitId: number; periodCode: string }[];
  findingDates?: { unitId: number; periodCode: string; deadline: string | null }[];
  /** Every unit in these periods (scheme change, unit moved between groups …). */
  periods?: string[];
  /** These units in every period that has scores (unit created, retyped, deactivated). */
  unitsEverywhere?: number[];
};

/**
 * Brings materialized scores up to date for exactly the affected unit-periods (each quarter
 * and its year), then re-ranks those periods and the rank change of the periods after them.
 * Runs in the caller's transaction.
 */
export async function rescoreAffected(tx: Tx, change: ScoreChange, today: string): Promise<{ periods: number; units: number }> {
  // Locked quarters are frozen: their scores stay as approved.
  const known = new Set((await tx.period.findMany({ where: { lockedAt: null }, select: { code: true } })).map((p) => p.code));
  const perPeriod = new Map<string, Set<number> | 'all'>();
  const add = (period: string, unitId: number | 'all') => {
    if (!known.has(period)) return;
    const cur = perPeriod.get(period);
    if (cur === 'all') return;
    if (unitId === 'all') {
      perPeriod.set(period, 'all');
      return;
    }
    const set = cur ?? new Set<number>();
    set.add(unitId);
    perPeriod.set(period, set);
  };
  const addQuarter = (quarter: string, unitId: number | 'all') => {
    add(quarter, unitId);
    add(String(yearOf(quarter)), unitId);
  };
  for (const uq of change.unitQuarters ?? []) addQuarter(uq.periodCode, uq.unitId);
  for (const f of change.findingDates ?? []) {
    addQuarter(f.periodCode, f.unitId);
    if (f.deadline) addQuarter(quarterOfDate(f.deadline), f.unitId);
  }
  for (const p of change.periods ?? []) {
    if (isQuarterCode(p)) addQuarter(p, 'all');
    else add(p, 'all');
  }
  if (change.unitsEverywhere?.length) for (const p of known) for (const u of change.unitsEverywhere) add(p, u);
  let units = 0;
  for (const [period, set] of [...perPeriod].sort(([a], [b]) => comparePeriods(a, b))) {
    units += await scorePeriod(tx, period, set === 'all' ? null : [...set], today);
  }
  for (const period of [...perPeriod.keys()].sort(comparePeriods)) await rerankPeriod(tx, period);
  return { periods: perPeriod.size, units };
}

/** Years before their quarters is not needed for correctness; a stable order keeps locks predictable. */
function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evaluates units of one period (null = all) and upserts their score rows. Returns how many were scored. */
export async function scorePeriod(tx: Tx, period: string, unitIds: number[] | null, today: string): Promise<number> {
  const scores = await computePeriodScores(tx, period, unitIds, today);
  await writeScores(tx, scores.list, scores.schemeYear, scores.schemeVersion);
  if (unitIds === null) {
    // Units that are no longer active (or gone) keep no score in a full recomputation.
    await tx.$executeRawUnsafe(
      `DELETE FROM "Score" s USING "Unit" u WHERE s."periodCode" = $1 AND u.id = s."unitId" AND NOT u.active`,
      period,
    );
  }
  return scores.list.length;
}

export async function computePeriodScores(tx: Tx, period: string, unitIds: number[] | null, today: string) {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  const inForce = await schemeForYear(tx, p.year);
  const inputs = await loadScoreInputs(tx, period, unitIds);
  const list = inputs.map((u) => evaluateUnit(inForce.scheme, u, { period, today }));
  return { list, schemeYear: inForce.year, schemeVersion: inForce.version };
}

async function writeScores(tx: Tx, scores: UnitScore[], schemeYear: number, schemeVersion: number): Promise<void> {
  for (let i = 0; i < scores.length; i += 2000) {
    const chunk = scores.slice(i, i + 2000).map((s) => ({
      periodCode: s.period,
      unitId: s.unitId,
      group: s.group,
      submitted: s.submitted,
      rules: s.rules,
      base: s.base,
      deductions: s.deductions,
      bonus: s.bonus,
      score: s.score,
      grade: s.grade,
      veto: s.veto,
      explanation: s.explanation,
    }));
    await tx.$executeRawUnsafe(
      `INSERT INTO "Score" ("periodCode", "unitId", "group", submitted, rules, base, deductions, bonus, score, grade, veto,
                            "schemeYear", "schemeVersion", explanation, "computedAt")
       SELECT r."periodCode", r."unitId", r."group"::"RankGroup", r.submitted, r.rules, r.base, r.deductions, r.bonus, r.score,
              r.grade::"Grade", r.veto, $2, $3, r.explanation, now()
         FROM jsonb_to_recordset($1::jsonb) AS r("periodCode" text, "unitId" int, "group" text, submitted boolean, rules jsonb,
              base numeric, deductions numeric, bonus numeric, score numeric, grade text, veto boolean, explanation jsonb)
       ON CONFLICT ("periodCode", "unitId") DO UPDATE SET
         "group" = EXCLUDED."group", submitted = EXCLUDED.submitted, rules = EXCLUDED.rules, base = EXCLUDED.base,
         deductions = EXCLUDED.deductions, bonus = EXCLUDED.bonus, score = EXCLUDED.score, grade = EXCLUDED.grade,
         veto = EXCLUDED.veto, "schemeYear" = EXCLUDED."schemeYear", "schemeVersion" = EXCLUDED."schemeVersion",
         explanation = EXCLUDED.explanation, "computedAt" = EXCLUDED."computedAt"`,
      JSON.stringify(chunk),
      schemeYear,
      schemeVersion,
    );
  }
}

/** Competition ranks within each group (SQL rank() = 1, 2, 2, 4) and rank changes against the previous period. */
export async function rerankPeriod(tx: Tx, period: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `WITH r AS (
       SELECT "unitId", rank() OVER (PARTITION BY "group" ORDER BY score DESC) AS rk FROM "Score" WHERE "periodCode" = $1
     )
     UPDATE "Score" s SET rank = r.rk FROM r
      WHERE s."periodCode" = $1 AND s."unitId" = r."unitId" AND s.rank IS DISTINCT FROM r.rk`,
    period,
  );
  const next = nextPeriod(period);
  for (const [cur, prev] of [
    [period, previousPeriod(period)],
    [next, period],
  ] as const) {
    await tx.$executeRawUnsafe(
      `UPDATE "Score" s SET "rankChange" = sub.chg
         FROM (SELECT c."unitId", p.rank - c.rank AS chg
                 FROM "Score" c
                 LEFT JOIN "Score" p ON p."periodCode" = $2 AND p."unitId" = c."unitId" AND p."group" = c."group"
                WHERE c."periodCode" = $1) sub
        WHERE s."periodCode" = $1 AND s."unitId" = sub."unitId" AND s."rankChange" IS DISTINCT FROM sub.chg`,
      cur,
      prev,
    );
  }
}

function nextPeriod(period: string): string {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  if (p.kind === 'year') return String(p.year + 1);
  return p.quarter === 4 ? `${p.year + 1}Q1` : `${p.year}Q${p.quarter + 1}`;
}

export type RescoreReport = { periods: string[]; units: number; differences: { period: string; unit: string; field: string; stored: unknown; computed: unknown }[] };

/** Recomputes every stored period (or one year's) from scratch and reports what differed from the materialized rows. */
export async function rescoreAll(tx: Tx, today: string, year?: number): Promise<RescoreReport> {
  const periods = (
    await tx.period.findMany({ where: { lockedAt: null, ...(year ? { year } : {}) }, select: { code: true }, orderBy: { code: 'asc' } })
  ).map((p) => p.code);
  const differences: RescoreReport['differences'] = [];
  let units = 0;
  for (const period of periods) {
    const before = await tx.score.findMany({
      where: { periodCode: period },
      select: { unitId: true, score: true, grade: true, veto: true, submitted: true, rank: true, rankChange: true, unit: { select: { code: true } } },
    });
    units += await scorePeriod(tx, period, null, today);
    await rerankPeriod(tx, period);
    const after = await tx.score.findMany({
      where: { periodCode: period },
      select: { unitId: true, score: true, grade: true, veto: true, submitted: true, rank: true, rankChange: true, unit: { select: { code: true } } },
    });
    const prior = new Map(before.map((b) => [b.unitId, b]));
    for (const a of after) {
      const b = prior.get(a.unitId);
      if (!b) {
        differences.push({ period, unit: a.unit.code, field: 'score', stored: null, computed: Number(a.score) });
        continue;
      }
      const pairs: [string, unknown, unknown][] = [
        ['score', Number(b.score), Number(a.score)],
        ['grade', b.grade, a.grade],
        ['veto', b.veto, a.veto],
        ['submitted', b.submitted, a.submitted],
        ['rank', b.rank, a.rank],
        ['rankChange', b.rankChange, a.rankChange],
      ];
      for (const [field, s, c] of pairs) if (s !== c) differences.push({ period, unit: a.unit.code, field, stored: s, computed: c });
    }
  }
  return { periods, units, differences };
}
