import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// Why my rank moved: the scorecard's comparison with the previous quarter, from both quarters' stored explanations.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
}, 600_000);
afterAll(async () => db?.dispose());

const as = (who: keyof typeof users) => callerFor(db, users[who]);

describe(`why my rank moved on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('compares every rule, each deduction and the bonus with the previous quarter, and the rank change', async () => {
    const m = await as('leader').scores.movement({ period: '2011Q4', unit: 'T01' });
    const q3 = (await as('leader').scores.scorecard({ period: '2011Q3', unit: 'T01' })).score!;
    const q4 = (await as('leader').scores.scorecard({ period: '2011Q4', unit: 'T01' })).score!;
    expect(m).not.toBeNull();
    expect(m!.previousPeriod).toBe('2011Q3');
    expect(m!.score).toEqual({
      before: q3.score,
      after: q4.score,
      change: Math.round((q4.score - q3.score) * 100) / 100,
    });
    expect(m!.bonus).toMatchObject({ before: q3.bonus, after: q4.bonus });
    expect(m!.deductions).toMatchObject({ before: q3.deductions, after: q4.deductions });
    expect(m!.rank).toEqual({ before: q3.rank, after: q4.rank, change: q3.rank! - q4.rank! });
    for (const r of q4.explanation.rules)
      expect(m!.rules.find((x) => x.code === r.code)).toMatchObject({
        after: r.earnedRounded,
        before: q3.explanation.rules.find((x) => x.code === r.code)?.earnedRounded ?? 0,
      });
    // Every deduction line of either quarter that differs is named, finding by finding.
    const key = (d: { findingId: number; kind: string }) => `${d.findingId}|${d.kind}`;
    const q3Lines = new Map(q3.explanation.deductions.map((d) => [key(d), d.points]));
    const q4Lines = new Map(q4.explanation.deductions.map((d) => [key(d), d.points]));
    const differing = [...new Set([...q3Lines.keys(), ...q4Lines.keys()])].filter(
      (k) => (q3Lines.get(k) ?? 0) !== (q4Lines.get(k) ?? 0),
    );
    expect(m!.deductionLines.map(key).sort()).toEqual(differing.sort());
  });

  it('a unit operator sees it only once both quarters are published, and never for another unit', async () => {
    expect(await as('unitA').scores.movement({ period: '2011Q4', unit: 'T01' })).toBeNull();
    for (const period of ['2011Q3', '2011Q4'])
      await as('leader').admin.periodState({ period, action: 'publish', reason: '按期公示' });
    expect(await as('unitA').scores.movement({ period: '2011Q4', unit: 'T01' })).toEqual(
      await as('leader').scores.movement({ period: '2011Q4', unit: 'T01' }),
    );
    const refused = await as('unitB')
      .scores.movement({ period: '2011Q4', unit: 'T01' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('NOT_FOUND');
  });
});
