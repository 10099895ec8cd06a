import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleExplanation } from '../../server/domain/scoring/evaluate';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// A score row stored with its whole explanation, as before bases and before formulas were data, still shows.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
}, 600_000);
afterAll(async () => db?.dispose());

// The engine's former English wording of a line (evaluate.ts before RuleFormula and RuleNote).
function oldLine(r: RuleExplanation): Record<string, unknown> {
  const f = r.formula;
  const formula =
    f.kind === 'ratio'
      ? `${f.points} × min(1, ${f.numerator} / ${f.denominator})`
      : f.kind === 'fixed'
        ? String(f.points)
        : f.kind === 'threshold'
          ? `${f.points} if ${f.value} ≥ ${f.min}, else 0`
          : f.kind === 'perCount'
            ? `max(0, ${f.points} − ${f.perCount} × ${f.count})`
            : f.kind === 'timeliness'
              ? `${f.points} × ${f.onTime} / ${f.due}`
              : f.kind === 'noneDue'
                ? '0'
                : f.kind === 'notSubmitted'
                  ? 'not submitted'
                  : f.text;
  const n = r.note;
  const note =
    n === undefined
      ? undefined
      : n.kind === 'quarterTarget'
        ? `quarter target = year target ${n.values.yearTarget} / ${n.values.parts}`
        : n.kind === 'denominatorZero'
          ? `denominator ${n.values.denominator} is 0: ${n.values.points} points`
          : n.kind === 'noValue'
            ? 'no submitted or verified value in the period: 0 points'
            : n.kind === 'noQuarterDue'
              ? 'no quarter of the period was due: 0 points'
              : n.values.text;
  return { ...r, formula, ...(note === undefined ? {} : { note }) };
}

describe(`explanations stored whole in English, on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('are shown with their formulas and notes as data and the same numbers', async () => {
    const leader = callerFor(db, users.leader);
    const fresh = (await leader.scores.scorecard({ period: '2011Q4', unit: 'T01' })).score!;
    // A quarter target and a zero denominator among the lines, so both notes are read back.
    expect(fresh.explanation.rules.map((r) => r.note?.kind)).toEqual(
      expect.arrayContaining(['quarterTarget', 'denominatorZero']),
    );
    const old = { ...fresh.explanation, rules: fresh.explanation.rules.map(oldLine) };
    const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'T01' }, select: { id: true } });
    await db.prisma.scoreExplanation.update({
      where: { periodCode_unitId: { periodCode: '2011Q4', unitId: unit.id } },
      data: { body: JSON.stringify(old) },
    });
    const shown = (await leader.scores.scorecard({ period: '2011Q4', unit: 'T01' })).score!;
    expect(shown.explanation).toEqual(fresh.explanation);
    expect(shown.score).toBe(fresh.score);
  });
});
