import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../server/errors';
import { listEvidence, uploadEvidence } from '../../server/services/evidence/evidence-files';
import { callerFor, FIXED_NOW } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { PNG } from '../helpers/evidence';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// Appeals (申诉复核) against a published version: the window, one open appeal per finding, scope, the decision.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
let findingId: number;
let secondFindingId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  // Two findings of unit A (T01) in 2011Q4, then 2011Q4 published at FIXED_NOW (2012-03-01): the window closes 2012-03-08.
  const inspector = callerFor(db, users.inspector);
  findingId = (
    await inspector.inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'major',
      deduction: 2,
      description: '政务公开栏未按期更新',
      deadline: null,
    })
  ).id;
  secondFindingId = (
    await inspector.inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'minor',
      deduction: 1,
      description: '依申请公开答复超期',
      deadline: null,
    })
  ).id;
  await callerFor(db, users.leader).admin.periodState({ period: '2011Q4', action: 'publish', reason: '按期公示' });
}, 600_000);
afterAll(async () => db?.dispose());

const as = (who: keyof typeof users, now?: Date) => callerFor(db, users[who], now ? () => now : undefined);

async function failure(p: Promise<unknown>): Promise<TRPCError & { cause?: AppError }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError & { cause?: AppError };
  }
  throw new Error('expected the call to be refused');
}

const storedVersions = () =>
  db.prisma.publication.findMany({
    orderBy: [{ periodCode: 'asc' }, { version: 'asc' }],
    select: { periodCode: true, version: true, body: true, digest: true, publishedAt: true, reason: true },
  });

describe(`appeals on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  let appealId = 0;
  let appealVersion = 0;

  it('a unit operator appeals inside the window, once per finding, with evidence', async () => {
    const window = await as('unitA').appeals.window({ period: '2011Q4' });
    expect(window).toMatchObject({ version: 1, publishedOn: '2012-03-01', windowDays: 7, closesOn: '2012-03-08' });
    const filed = await as('unitA').appeals.file({ findingId, reason: '该栏目已于检查前更新，有截图为证' });
    expect(filed).toMatchObject({
      unit: 'T01',
      period: '2011Q4',
      target: 'finding',
      status: 'open',
      appealedVersion: 1,
      closesOn: '2012-03-08',
    });
    appealId = filed.id;
    appealVersion = filed.version;
    expect(await db.prisma.auditLog.count({ where: { action: 'appeal.file', entityId: String(appealId) } })).toBe(1);

    const again = await failure(as('unitA').appeals.file({ findingId, reason: '再次申诉' }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(new RegExp(`already has an open appeal \\(${appealId}\\)`));
    expect(await db.prisma.appeal.count({ where: { findingId } })).toBe(1);
    // The database holds the rule too (a partial unique index), whatever the service checks.
    await expect(
      db.prisma.appeal.create({
        data: {
          unitId: users.unitA.unitId!,
          periodCode: '2011Q4',
          findingId,
          publicationId: (await db.prisma.publication.findFirstOrThrow({ where: { periodCode: '2011Q4' } })).id,
          reason: 'x',
        },
      }),
    ).rejects.toThrow();

    // Evidence files hang on the appeal, scoped by its unit.
    const unitAActor = { ...users.unitA, role: 'unit' as const };
    await uploadEvidence(db.prisma, unitAActor, {
      ownerKind: 'appeal',
      ownerId: appealId,
      name: '截图.png',
      body: [PNG],
      maxBytes: 1024 * 1024,
      now: FIXED_NOW,
    });
    expect(await listEvidence(db.prisma, unitAActor, { ownerKind: 'appeal', ownerId: appealId })).toHaveLength(1);
    const unitBActor = { ...users.unitB, role: 'unit' as const };
    await expect(
      uploadEvidence(db.prisma, unitBActor, {
        ownerKind: 'appeal',
        ownerId: appealId,
        name: 'x.png',
        body: [PNG],
        maxBytes: 1024 * 1024,
        now: FIXED_NOW,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a unit operator never sees another unit’s appeal, and appeals only its own findings', async () => {
    expect((await failure(as('unitB').appeals.get({ id: appealId }))).code).toBe('NOT_FOUND');
    expect((await as('unitB').appeals.list({})).map((a) => a.id)).not.toContain(appealId);
    expect((await as('unitA').appeals.list({})).map((a) => a.id)).toContain(appealId);
    expect((await failure(as('unitB').appeals.file({ findingId, reason: '代为申诉' }))).code).toBe('NOT_FOUND');
    expect((await failure(as('unitB').evidence.list({ ownerKind: 'appeal', ownerId: appealId }))).code).toBe(
      'NOT_FOUND',
    );
    // City-wide roles file nothing: an appeal is the unit's own.
    expect((await failure(as('inspector').appeals.file({ findingId, reason: 'x' }))).code).toBe('FORBIDDEN');
  });

  it('an appeal after the window is refused with its closing date', async () => {
    const late = new Date('2012-03-09T02:00:00Z'); // 2012-03-09 in China time
    const refused = await failure(as('unitA', late).appeals.file({ findingId: secondFindingId, reason: '迟到的申诉' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/appeal window of 2011Q4 closed on 2012-03-08/);
    expect(await db.prisma.appeal.count({ where: { findingId: secondFindingId } })).toBe(0);
    // The last day itself is inside (China time: 2012-03-08 23:30).
    const lastDay = new Date('2012-03-08T15:30:00Z');
    const figure = await as('unitA', lastDay).appeals.file({
      period: '2011Q4',
      indicator: 'pub.news',
      reason: '网站信息条数漏计',
    });
    expect(figure).toMatchObject({ target: 'figure', indicatorCode: 'pub.news', status: 'open' });
    // An unpublished quarter cannot be appealed.
    expect(
      (await failure(as('unitA').appeals.file({ period: '2012Q1', indicator: 'pub.news', reason: 'x' }))).message,
    ).toMatch(/2012Q1 has not been published/);
  });

  it('inspectors see the queue; leadership decides; an upheld appeal leaves every version as it was and waits for version 2', async () => {
    const queue = await as('inspector').appeals.list({ status: 'open' });
    expect(queue.map((a) => a.id)).toContain(appealId);
    expect(
      (
        await failure(
          as('inspector').appeals.decide({ id: appealId, version: appealVersion, outcome: 'upheld', reason: 'x' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    // A partly upheld decision needs a smaller deduction; a decision needs a reason.
    expect(
      (
        await failure(
          as('leader').appeals.decide({
            id: appealId,
            version: appealVersion,
            outcome: 'partly_upheld',
            reason: '部分采纳',
          }),
        )
      ).message,
    ).toMatch(/needs the new deduction/);
    expect(
      (
        await failure(
          as('leader').appeals.decide({
            id: appealId,
            version: appealVersion,
            outcome: 'partly_upheld',
            reason: '部分采纳',
            newDeduction: 3,
          }),
        )
      ).message,
    ).toMatch(/less than the current 2/);

    // The whole year published too: the upheld appeal must leave the year's version as it is as well.
    for (const period of ['2011Q1', '2011Q2', '2011Q3', '2011'])
      await as('leader').admin.periodState({ period, action: 'publish', reason: '按期公示' });
    const stored = await storedVersions();
    expect(stored.map((v) => `${v.periodCode}#${v.version}`)).toEqual([
      '2011#1',
      '2011Q1#1',
      '2011Q2#1',
      '2011Q3#1',
      '2011Q4#1',
    ]);
    const year = await as('unitA').scores.published({ period: '2011' });
    const published = await as('unitA').scores.published({ period: '2011Q4' });
    const v1Row = published.find((r) => r.unit === 'T01')!;
    const decided = await as('leader').appeals.decide({
      id: appealId,
      version: appealVersion,
      outcome: 'upheld',
      reason: '经核实，该栏目检查前已更新，撤销扣分',
    });
    expect(decided).toMatchObject({ status: 'upheld', newDeduction: 0, reopened: true });
    const finding = await db.prisma.finding.findUniqueOrThrow({ where: { id: findingId } });
    expect(Number(finding.deduction)).toBe(0);
    // Every published version byte for byte as it was; the unit still reads version 1.
    expect(await storedVersions()).toEqual(stored);
    expect(await as('unitA').scores.published({ period: '2011Q4' })).toEqual(published);
    // … and the change waits for version 2.
    const checks = await as('leader').admin.publishChecks({ period: '2011Q4' });
    expect(checks.latestVersion).toBe(1);
    expect(checks.differences).toContainEqual(
      expect.objectContaining({ kind: 'changed', unit: 'T01', field: 'score', published: v1Row.score }),
    );
    expect(await as('unitA').scores.published({ period: '2011' })).toEqual(year);
    expect((await as('leader').admin.publishChecks({ period: '2011' })).differences).toContainEqual(
      expect.objectContaining({ kind: 'changed', unit: 'T01', field: 'score' }),
    );
    // Every step audited: the decision, the reopening with the decision as its reason, the finding's edit.
    const audit = await db.prisma.auditLog.findMany({
      where: { actorName: 'leader', action: { in: ['appeal.decide', 'period.reopen', 'finding.update'] } },
      select: { action: true, entityId: true, after: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(['appeal.decide', 'finding.update', 'period.reopen']);
    expect(audit.find((a) => a.action === 'period.reopen')).toMatchObject({
      entityId: '2011Q4',
      after: expect.objectContaining({ reason: expect.stringContaining(`申诉复核 #${appealId}`) }),
    });
    expect(
      (
        await failure(
          as('leader').appeals.decide({ id: appealId, version: decided.version, outcome: 'rejected', reason: 'x' }),
        )
      ).message,
    ).toMatch(/already decided/);

    // Version 2: the unit sees the outcome and its new standing.
    await as('leader').admin.periodState({ period: '2011Q4', action: 'publish', reason: '申诉复核后重新公示' });
    const mine = (await as('unitA').appeals.list({})).find((a) => a.id === appealId)!;
    expect(mine.status).toBe('upheld');
    expect(mine.decisionReason).toBe('经核实，该栏目检查前已更新，撤销扣分');
    expect(mine.standing.publishedDeduction).toBe(2);
    expect(mine.standing.appealed).toMatchObject({ version: 1, score: v1Row.score, rank: v1Row.rank });
    const v2Row = (await as('unitA').scores.published({ period: '2011Q4' })).find((r) => r.unit === 'T01')!;
    expect(mine.standing.latest).toMatchObject({ version: 2, score: v2Row.score, rank: v2Row.rank });
    expect(v2Row.score).toBeGreaterThan(v1Row.score);
    expect(await as('unitA').scores.published({ period: '2011Q4', version: 1 })).toEqual(published);
  });

  it('a rejected figure appeal changes nothing', async () => {
    const [figure] = await as('unitA').appeals.list({ status: 'open' });
    expect(figure).toMatchObject({ target: 'figure' });
    const before = await storedVersions();
    const lockedBefore = await db.prisma.period.findUniqueOrThrow({ where: { code: '2011Q4' } });
    const res = await as('leader').appeals.decide({
      id: figure!.id,
      version: figure!.version,
      outcome: 'rejected',
      reason: '信息条数以网站后台统计为准',
    });
    expect(res).toMatchObject({ status: 'rejected', reopened: false, newDeduction: null });
    expect(await storedVersions()).toEqual(before);
    expect((await db.prisma.period.findUniqueOrThrow({ where: { code: '2011Q4' } })).lockedAt).toEqual(
      lockedBefore.lockedAt,
    );
    expect((await as('leader').admin.publishChecks({ period: '2011Q4' })).differences).toEqual([]);
  });

  it('two appeals of the same finding at once: one is filed, the other refused', async () => {
    const results = await Promise.allSettled([
      as('unitA').appeals.file({ findingId: secondFindingId, reason: '同时提交一' }),
      as('unitA').appeals.file({ findingId: secondFindingId, reason: '同时提交二' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as TRPCError).code).toBe('CONFLICT');
    expect(await db.prisma.appeal.count({ where: { findingId: secondFindingId, status: 'open' } })).toBe(1);
  });
});
