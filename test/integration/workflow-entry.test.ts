import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../server/errors';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Data entry through the routers, per role: draft → submit → return with a reason → edit → resubmit → verify,
// and every refusal on the way. 2012Q1 holds no demo data, so each step starts from a known state.
const Q = '2012Q1';

let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const as = (who: keyof typeof users) => callerFor(db, users[who]);

async function failure(p: Promise<unknown>): Promise<TRPCError & { cause?: AppError }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError & { cause?: AppError };
  }
  throw new Error('expected the call to be refused');
}

const auditCount = (action: string, entityId: string) => db.prisma.auditLog.count({ where: { action, entityId } });

/** A complete, valid quarter for a grassroots unit. */
const GOOD = {
  'pub.overview': 3,
  'pub.news': 10,
  'pub.electronic': 12,
  'req.online': 2,
  'reply.granted': 2,
  'approval.deployed': 1,
  'approval.cases': 40,
  'approval.cases_ontime': 38,
  'training.attendees': 1,
};

describe('data entry of a quarter, role by role', () => {
  it('starts empty for the unit operator; another unit is simply not found; leadership may not enter', async () => {
    const entry = await as('unitA').entry.get({ unit: 'T01', period: Q });
    expect(entry).toMatchObject({ status: 'none', version: 0, locked: false, values: {} });
    expect(entry.catalogue.some((d) => d.code === 'approval.deployed')).toBe(true);
    expect((await failure(as('unitA').entry.get({ unit: 'T02', period: Q }))).code).toBe('NOT_FOUND');
    expect(
      (await failure(as('unitA').entry.save({ unit: 'T02', period: Q, version: 0, values: GOOD, submit: false }))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await failure(as('leader').entry.save({ unit: 'T01', period: Q, version: 0, values: GOOD, submit: false })))
        .code,
    ).toBe('FORBIDDEN');
    expect((await failure(callerFor(db, null).entry.get({ unit: 'T01', period: Q }))).code).toBe('UNAUTHORIZED');
    // Values are entered per quarter, not per year.
    expect((await failure(as('unitA').entry.get({ unit: 'T01', period: '2012' }))).code).toBe('BAD_REQUEST');
  });

  it('refuses negative, fractional and unknown values and sub-counts above their totals, naming unit, period and figures', async () => {
    const save = (values: Record<string, number>) =>
      as('unitA').entry.save({ unit: 'T01', period: Q, version: 0, values, submit: false });
    const neg = await failure(save({ ...GOOD, 'pub.news': -1 }));
    expect(neg.code).toBe('BAD_REQUEST');
    expect(neg.message).toContain('T01 2012Q1: pub.news = -1 is below the minimum 0');
    const frac = await failure(save({ ...GOOD, 'training.attendees': 1.5 }));
    expect(frac.code).toBe('BAD_REQUEST');
    expect(frac.message).toContain('T01 2012Q1: training.attendees must be a whole number, got 1.5');
    const unknown = await failure(save({ ...GOOD, 'pub.nonsense': 1 }));
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(unknown.message).toContain('T01 2012Q1: unknown indicator pub.nonsense');
    const electronic = await failure(save({ ...GOOD, 'pub.electronic': 14 }));
    expect(electronic.message).toMatch(/T01 2012Q1: pub\.electronic = 14 is above the sum of pub\.overview, .* = 13/);
    const ontime = await failure(save({ ...GOOD, 'approval.cases_ontime': 41 }));
    expect(ontime.message).toContain('T01 2012Q1: approval.cases_ontime = 41 is above approval.cases = 40');
    const published = await failure(save({ ...GOOD, 'approval.items_licensing': 3, 'approval.items_published': 5 }));
    expect(published.message).toMatch(
      /T01 2012Q1: approval\.items_published = 5 is above the sum of approval\.items_licensing, .* = 3/,
    );
    const deployed = await failure(save({ ...GOOD, 'approval.deployed': 2 }));
    expect(deployed.message).toContain('T01 2012Q1: approval.deployed = 2 is above the maximum 1');
    // approval.deployed is a grassroots indicator: a department does not enter it.
    const organ = await failure(
      as('organ').entry.save({ unit: 'D01', period: Q, version: 0, values: { 'approval.deployed': 1 }, submit: false }),
    );
    expect(organ.message).toContain('D01 2012Q1: unknown indicator approval.deployed');
    // A whole batch of problems is reported at once, and nothing was written.
    const many = await failure(save({ ...GOOD, 'training.attendees': -1, 'req.fax': 0.5 }));
    expect((many.cause!.details as { errors: unknown[] }).errors).toHaveLength(2);
    expect(await db.prisma.submission.count({ where: { unit: { code: 'T01' }, periodCode: Q } })).toBe(0);
    expect(await auditCount('values.save_draft', `T01|${Q}`)).toBe(0);
  });

  it('saves a draft (which does not count yet), with replies above requests as a warning only', async () => {
    const res = await as('unitA').entry.save({
      unit: 'T01',
      period: Q,
      version: 0,
      values: { ...GOOD, 'reply.refused': 3 },
      submit: false,
    });
    expect(res).toMatchObject({ version: 1, status: 'draft' });
    expect(res.warnings).toEqual([expect.stringContaining('T01 2012Q1: replies (5) exceed requests (2)')]);
    const entry = await as('unitA').entry.get({ unit: 'T01', period: Q });
    expect(entry).toMatchObject({ status: 'draft', version: 1, values: { ...GOOD, 'reply.refused': 3 } });
    expect(entry.warnings).toHaveLength(1);
    expect(await auditCount('values.save_draft', `T01|${Q}`)).toBe(1);
    // A draft never counts: the new quarter is scored for every unit, all unsubmitted.
    const card = await as('unitA').scores.scorecard({ unit: 'T01', period: Q });
    expect(card.score).toMatchObject({ submitted: false, score: 0, grade: 'fail' });
    const ranking = await as('leader').scores.rankings({ period: Q });
    expect(ranking.rows).toHaveLength(await db.prisma.unit.count({ where: { active: true } }));
  });

  it('refuses a save made against an older version with CONFLICT and the current values, overwriting nothing', async () => {
    const stale = await failure(
      as('unitA').entry.save({ unit: 'T01', period: Q, version: 0, values: { 'pub.news': 99 }, submit: true }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.cause?.details).toMatchObject({
      version: 1,
      status: 'draft',
      values: { ...GOOD, 'reply.refused': 3 },
    });
    const entry = await as('unitA').entry.get({ unit: 'T01', period: Q });
    expect(entry).toMatchObject({ status: 'draft', version: 1, values: { ...GOOD, 'reply.refused': 3 } });
  });

  it('submits; the score counts the values; a submitted quarter cannot be edited; its unit cannot verify it', async () => {
    const res = await as('unitA').entry.save({ unit: 'T01', period: Q, version: 1, values: GOOD, submit: true });
    expect(res).toMatchObject({ version: 2, status: 'submitted', warnings: [] });
    expect(await auditCount('values.submit', `T01|${Q}`)).toBe(1);
    const card = await as('unitA').scores.scorecard({ unit: 'T01', period: Q });
    expect(card.score?.submitted).toBe(true);
    expect(card.score?.score).toBeGreaterThan(0);
    expect(card.score?.rules.approval_rollout).toBe(25);

    const edit = await failure(
      as('unitA').entry.save({
        unit: 'T01',
        period: Q,
        version: 2,
        values: { ...GOOD, 'pub.news': 11 },
        submit: false,
      }),
    );
    expect(edit.code).toBe('BAD_REQUEST');
    expect(edit.message).toContain('T01 2012Q1 is submitted');
    expect(
      (await failure(as('unitA').entry.review({ unit: 'T01', period: Q, version: 2, action: 'verify' }))).code,
    ).toBe('FORBIDDEN');
    expect((await failure(as('unitA').entry.pending({}))).code).toBe('FORBIDDEN');
    expect(
      (await failure(as('leader').entry.review({ unit: 'T01', period: Q, version: 2, action: 'verify' }))).code,
    ).toBe('FORBIDDEN');
    expect(await as('inspector').entry.pending({ period: Q })).toEqual([
      expect.objectContaining({ unit: 'T01', period: Q, version: 2 }),
    ]);
  });

  it('returns with a reason (and only with one); the unit edits and resubmits; the inspector verifies', async () => {
    const noReason = await failure(
      as('inspector').entry.review({ unit: 'T01', period: Q, version: 2, action: 'return', reason: '  ' }),
    );
    expect(noReason.code).toBe('BAD_REQUEST');
    const returned = await as('inspector').entry.review({
      unit: 'T01',
      period: Q,
      version: 2,
      action: 'return',
      reason: '培训人数与签到表不符',
    });
    expect(returned).toMatchObject({ status: 'returned', version: 3 });
    expect(await auditCount('values.return', `T01|${Q}`)).toBe(1);
    // Returned values no longer count.
    expect((await as('unitA').scores.scorecard({ unit: 'T01', period: Q })).score?.submitted).toBe(false);
    const entry = await as('unitA').entry.get({ unit: 'T01', period: Q });
    expect(entry).toMatchObject({ status: 'returned', version: 3, returnReason: '培训人数与签到表不符' });

    // The inspector cannot verify a quarter that is not submitted.
    expect(
      (await failure(as('inspector').entry.review({ unit: 'T01', period: Q, version: 3, action: 'verify' }))).code,
    ).toBe('BAD_REQUEST');

    const draft = await as('unitA').entry.save({
      unit: 'T01',
      period: Q,
      version: 3,
      values: { ...GOOD, 'training.attendees': 2 },
      submit: false,
    });
    expect(draft).toMatchObject({ status: 'draft', version: 4 });
    const resubmitted = await as('unitA').entry.save({
      unit: 'T01',
      period: Q,
      version: 4,
      values: { ...GOOD, 'training.attendees': 2 },
      submit: true,
    });
    expect(resubmitted).toMatchObject({ status: 'submitted', version: 5 });
    expect((await as('unitA').entry.get({ unit: 'T01', period: Q })).returnReason).toBeNull();

    // A verification made against an older version is a conflict, too.
    expect(
      (await failure(as('inspector').entry.review({ unit: 'T01', period: Q, version: 4, action: 'verify' }))).code,
    ).toBe('CONFLICT');
    const verified = await as('inspector').entry.review({ unit: 'T01', period: Q, version: 5, action: 'verify' });
    expect(verified).toMatchObject({ status: 'verified', version: 6 });
    expect(await auditCount('values.verify', `T01|${Q}`)).toBe(1);
    const card = await as('unitA').scores.scorecard({ unit: 'T01', period: Q });
    expect(card.score).toMatchObject({ submitted: true });
    expect(card.score?.rules.training).toBe(10);
    expect(await as('inspector').entry.pending({ period: Q })).toEqual([]);
    // A verified quarter is not editable either.
    expect(
      (await failure(as('unitA').entry.save({ unit: 'T01', period: Q, version: 6, values: GOOD, submit: false })))
        .message,
    ).toContain('is verified');
  });

  it('lets inspectors and administrators enter for any unit, and records who did it', async () => {
    const res = await as('admin').entry.save({ unit: 'T02', period: Q, version: 0, values: GOOD, submit: true });
    expect(res.status).toBe('submitted');
    const entry = await db.prisma.auditLog.findFirst({ where: { action: 'values.submit', entityId: `T02|${Q}` } });
    expect(entry?.actorName).toBe('admin');
    expect(entry?.before).toMatchObject({ status: 'draft', version: 0 });
    expect(entry?.after).toMatchObject({ status: 'submitted', version: 1, values: GOOD });
  });
});
