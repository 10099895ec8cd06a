import type { Tx } from '../../db';
import type { UnitPeriodInput } from '../../domain/inputs/scores';
import type { Scope } from '../../domain/names';
import { parsePeriod, previousPeriod } from '../../domain/periods';
import { compareScores, type ScoreMovement, type ScoreSide } from '../../domain/score-movement';
import { AppError } from '../../errors';
import { explanationOf } from './find-scorecard';
import { unitInScope } from './find-scores';

/**
 * Why the unit's rank moved: its stored score of the period against the previous period's (quarter
 * against quarter, year against year). A unit operator gets it only when both periods are published
 * (it sees nothing of an unpublished ranking); null when either period has no score (or is unpublished).
 */
export async function findScoreMovement(
  tx: Tx,
  input: UnitPeriodInput & { scope: Scope },
): Promise<ScoreMovement | null> {
  const unit = await unitInScope(tx, input.unitCode, input.scope);
  if (!parsePeriod(input.period)) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period: input.period });
  const before = previousPeriod(input.period);
  if (input.scope.kind === 'unit') {
    const published = await tx.publication.findMany({
      where: { periodCode: { in: [input.period, before] } },
      select: { periodCode: true },
      distinct: ['periodCode'],
    });
    if (published.length < 2) return null;
  }
  const side = async (period: string): Promise<ScoreSide | null> => {
    const s = await tx.score.findUnique({
      where: { periodCode_unitId: { periodCode: period, unitId: unit.id } },
      include: { explanation: { select: { body: true } } },
    });
    if (!s) return null;
    return {
      period,
      group: s.group,
      base: Number(s.base),
      deductions: Number(s.deductions),
      bonus: Number(s.bonus),
      score: Number(s.score),
      rank: s.rank,
      explanation: await explanationOf(tx, s, unit, period),
    };
  };
  const [prev, cur] = [await side(before), await side(input.period)];
  return prev && cur ? compareScores(prev, cur) : null;
}
