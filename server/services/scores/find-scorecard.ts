import type { Tx } from '../../db';
import { queryRows } from '../../db';
import type { RankGroup } from '../../domain/catalogue';
import type { UnitPeriodInput } from '../../domain/inputs/scores';
import type { Scope } from '../../domain/names';
import { parsePeriod, periodBounds, quartersOfPeriod, quartersOfYear } from '../../domain/periods';
import { evaluateUnit, type ScoreExplanation } from '../../domain/scoring/evaluate';
import { upgradeStoredExplanation } from '../../domain/scoring/legacy-explanation';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { explain, isBasis } from '../scoring/explanation-basis';
import { loadScoreInputs } from '../scoring/load-score-inputs';
import { schemeVersion } from '../scoring/scheme-for-year';
import { unitInScope } from './find-scores';

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** One unit's scorecard: score, grade, rank, each rule against the group average, deductions, bonuses, trend. */
export async function findScorecard(tx: Tx, input: UnitPeriodInput & { scope: Scope }) {
  const unit = await unitInScope(tx, input.unitCode, input.scope);
  const p = parsePeriod(input.period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period: input.period });
  const score = await tx.score.findUnique({
    where: { periodCode_unitId: { periodCode: input.period, unitId: unit.id } },
    include: { explanation: { select: { body: true } } },
  });
  const averages = await queryRows<{ rule: string; avg: string }>(
    tx,
    sql`SELECT r.key AS rule, avg(r.value::numeric)::text AS avg
       FROM "Score" s, jsonb_each_text(s.rules) r
      WHERE s."periodCode" = ${input.period} AND s."group" = ${unit.group}::"RankGroup"
      GROUP BY r.key`,
  );
  const groupStats = await queryRows<{ n: number; avg: string | null }>(
    tx,
    sql`SELECT count(*)::int AS n, avg(score)::text AS avg FROM "Score" WHERE "periodCode" = ${input.period} AND "group" = ${unit.group}::"RankGroup"`,
  );
  const trendPeriods = [...quartersOfYear(p.year - 1), String(p.year - 1), ...quartersOfYear(p.year), String(p.year)];
  const trend = await tx.score.findMany({
    where: { unitId: unit.id, periodCode: { in: trendPeriods } },
    select: { periodCode: true, score: true, grade: true, rank: true },
    orderBy: { periodCode: 'asc' },
  });
  const quarters = quartersOfPeriod(p);
  const findings = await tx.finding.findMany({
    where: { unitId: unit.id, periodCode: { in: quarters } },
    orderBy: [{ periodCode: 'asc' }, { id: 'asc' }],
  });
  const commendations = await tx.commendation.findMany({
    where: { unitId: unit.id, periodCode: { in: quarters } },
    orderBy: { id: 'asc' },
  });
  return {
    unit: { code: unit.code, name: unit.name, group: unit.group, type: unit.type },
    period: input.period,
    score: score
      ? {
          submitted: score.submitted,
          rules: score.rules as Record<string, number>,
          base: Number(score.base),
          deductions: Number(score.deductions),
          bonus: Number(score.bonus),
          score: Number(score.score),
          grade: score.grade,
          veto: score.veto,
          rank: score.rank,
          rankChange: score.rankChange,
          explanation: await explanationOf(tx, score, unit, input.period),
          schemeVersion: score.schemeVersion,
        }
      : null,
    groupSize: groupStats[0]?.n ?? 0,
    groupAverage: groupStats[0]?.avg ? Number(groupStats[0].avg) : null,
    ruleAverages: Object.fromEntries(averages.map((a) => [a.rule, Math.round(Number(a.avg) * 100) / 100])),
    trend: trend.map((t) => ({ period: t.periodCode, score: Number(t.score), grade: t.grade, rank: t.rank })),
    findings: findings.map((f) => ({
      id: f.id,
      period: f.periodCode,
      severity: f.severity,
      deduction: Number(f.deduction),
      description: f.description,
      deadline: iso(f.deadline),
      rectifiedAt: iso(f.rectifiedAt),
      rectificationNote: f.rectificationNote,
      rectificationStatus: f.rectificationStatus,
    })),
    commendations: commendations.map((c) => ({
      id: c.id,
      period: c.periodCode,
      points: Number(c.points),
      reason: c.reason,
    })),
  };
}

/** The stored score's explanation: evaluated again from its stored basis with the scheme version it was computed with. */
export async function explanationOf(
  tx: Tx,
  score: {
    schemeYear: number;
    schemeVersion: number;
    group: string;
    submitted: boolean;
    explanation: { body: string } | null;
  },
  unit: { id: number; code: string },
  period: string,
): Promise<ScoreExplanation> {
  const scheme = await schemeVersion(tx, score.schemeYear, score.schemeVersion);
  if (!score.explanation) {
    // Every score row is written with its explanation; a row made some other way is explained from today's data.
    const [input] = await loadScoreInputs(tx, period, [unit.id]);
    const day = await tx.setting.findUnique({ where: { key: 'scores.day' }, select: { value: true } });
    const today = typeof day?.value === 'string' ? day.value : periodBounds(period).end;
    if (input) return evaluateUnit(scheme, input, { period, today }).explanation;
    return explain(
      scheme,
      { v: 1, t: today, x: [] },
      { unitId: unit.id, unitCode: unit.code, group: score.group as RankGroup, submitted: false },
      period,
    ).explanation;
  }
  const stored: unknown = JSON.parse(score.explanation.body);
  // Stored whole, before bases: its formulas and notes may still be English text.
  if (!isBasis(stored)) return upgradeStoredExplanation(stored as ScoreExplanation);
  return explain(
    scheme,
    stored,
    { unitId: unit.id, unitCode: unit.code, group: score.group as RankGroup, submitted: score.submitted },
    period,
  ).explanation;
}
