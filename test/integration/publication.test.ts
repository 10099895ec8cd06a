import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncompleteItem } from '../../server/domain/publication';
import type { AppError } from '../../server/errors';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Publication (公示) as numbered, frozen snapshots: the pre-publish list, versions, differences, the year's own act.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
}, 600_000);
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

/** Every stored version, exactly as stored. */
const storedVersions = () =>
  db.prisma.publication.findMany({
    orderBy: [{ periodCode: 'asc' }, { version: 'asc' }],
    select: { periodCode: true, version: true, body: true, digest: true, publishedAt: true, reason: true },
  });

/** The pre-publish list of a quarter, computed here straight from the tables (independently of the service). */
async function expectedIncomplete(period: string): Promise<IncompleteItem[]> {
  const units = await db.prisma.unit.findMany({
    where: { active: true },
    select: { id: true, code: true, name: true },
  });
  const subs = await db.prisma.submission.findMany({ where: { periodCode: period } });
  const out: IncompleteItem[] = [];
  const order = ['no_submission', 'not_verified', 'returned', 'claim_pending'];
  for (const u of units) {
    const s = subs.find((x) => x.unitId === u.id);
    const kind =
      !s || s.status === 'draft'
        ? 'no_submission'
        : s.status === 'submitted'
          ? 'not_verified'
          : s.status === 'returned'
            ? 'returned'
            : null;
    if (kind) out.push({ kind, period, unit: u.code, name: u.name });
  }
  const claims = await db.prisma.finding.findMany({
    where: { periodCode: period, rectificationStatus: 'pending', unit: { active: true } },
    select: { id: true, unit: { select: { code: true, name: true } } },
  });
  for (const c of claims)
    out.push({ kind: 'claim_pending', period, unit: c.unit.code, name: c.unit.name, findingId: c.id });
  return out.sort(
    (a, b) =>
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      a.unit!.localeCompare(b.unit!) ||
      (a.findingId ?? 0) - (b.findingId ?? 0),
  );
}

describe('publishing', () => {
  it('shows exactly what is incomplete first, and publishing anyway needs a reason kept with the list', async () => {
    // Make the list interesting: T33's submission returned, T02's put back to waiting, a claim waiting for confirmation.
    const t33 = await as('inspector').entry.get({ unit: 'T33', period: '2011Q4' });
    await as('inspector').entry.review({
      unit: 'T33',
      period: '2011Q4',
      version: t33.version,
      action: 'return',
      reason: '数据有误',
    });
    const finding = await as('inspector').inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'minor',
      deduction: 1,
      description: '公开目录未及时更新',
      deadline: '2012-03-31',
    });
    await as('unitA').inspection.rectify({
      id: finding.id,
      version: finding.version,
      rectifiedAt: '2012-03-01',
      note: '已更新目录',
    });
    const checks = await as('leader').admin.publishChecks({ period: '2011Q4' });
    const expected = await expectedIncomplete('2011Q4');
    expect(checks.incomplete).toEqual(expected);
    expect(checks.incomplete).toContainEqual({
      kind: 'returned',
      period: '2011Q4',
      unit: 'T33',
      name: expect.any(String),
    });
    expect(checks.incomplete).toContainEqual({
      kind: 'claim_pending',
      period: '2011Q4',
      unit: 'T01',
      name: expect.any(String),
      findingId: finding.id,
    });
    expect(checks.counts.returned).toBe(1);
    expect(checks.latestVersion).toBeNull();

    const refused = await failure(as('leader').admin.periodState({ period: '2011Q4', action: 'publish' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/2011Q4 is incomplete \(.*returned 1.*\); publishing anyway needs a reason/);
    expect(await db.prisma.publication.count()).toBe(0);
    expect(await db.prisma.period.findUnique({ where: { code: '2011Q4' }, select: { lockedAt: true } })).toEqual({
      lockedAt: null,
    });

    const res = await as('leader').admin.periodState({
      period: '2011Q4',
      action: 'publish',
      reason: '按期公示，缺项另行通报',
    });
    expect(res).toMatchObject({ period: '2011Q4', action: 'publish', version: 1 });
    const [v1] = await as('leader').scores.publications({ period: '2011Q4' });
    expect(v1).toMatchObject({
      version: 1,
      reason: '按期公示，缺项另行通报',
      publishedBy: 'leader',
      incomplete: expected,
    });
    // Unit operators see the versions, not other units' incomplete items.
    expect((await as('unitA').scores.publications({ period: '2011Q4' }))[0]).toMatchObject({
      version: 1,
      incomplete: [],
    });
    expect((await failure(as('unitA').admin.publishChecks({ period: '2011Q4' }))).code).toBe('FORBIDDEN');
    expect(
      (await failure(as('leader').admin.periodState({ period: '2011Q4', action: 'publish', reason: 'x' }))).message,
    ).toMatch(/already published \(version 1\) and nothing has changed/);
  });

  it('a year is published by its own act, and a version is never changed by anything', async () => {
    for (const q of ['2011Q1', '2011Q2', '2011Q3'])
      await as('leader').admin.periodState({ period: q, action: 'publish', reason: '按期公示' });
    expect((await failure(as('unitA').scores.published({ period: '2011' }))).code).toBe('NOT_FOUND');
    const yearChecks = await as('leader').admin.publishChecks({ period: '2011' });
    expect(yearChecks.counts.quarter_unpublished).toBe(0);
    expect((await failure(as('leader').admin.periodState({ period: '2011', action: 'lock' }))).code).toBe(
      'BAD_REQUEST',
    );
    await as('leader').admin.periodState({ period: '2011', action: 'publish', reason: '年度公示' });
    const year = await as('unitA').scores.published({ period: '2011' });
    const q4 = await as('unitA').scores.published({ period: '2011Q4' });
    const stored = await storedVersions();
    expect(stored.map((s) => `${s.periodCode}#${s.version}`)).toEqual([
      '2011#1',
      '2011Q1#1',
      '2011Q2#1',
      '2011Q3#1',
      '2011Q4#1',
    ]);
    const unchanged = async () => {
      expect(await storedVersions()).toEqual(stored);
      expect(await as('unitA').scores.published({ period: '2011' })).toEqual(year);
      expect(await as('unitA').scores.published({ period: '2011Q4' })).toEqual(q4);
    };
    const diffOf = async (period: string, unit: string) =>
      (await as('leader').admin.publishChecks({ period })).differences.filter((d) => d.unit === unit);

    // The database itself refuses to change a version.
    await expect(db.sql.exec(`UPDATE "Publication" SET reason = 'x'`)).rejects.toThrow(/frozen/);
    await expect(db.sql.exec(`DELETE FROM "Publication"`)).rejects.toThrow(/frozen/);
    await expect(db.sql.exec(`TRUNCATE "Publication" CASCADE`)).rejects.toThrow(/frozen/);

    // Reopening Q4 (audited) lets later changes reach its live scores; the published version stays.
    await as('leader').admin.periodState({ period: '2011Q4', action: 'reopen', reason: '复核整改情况' });
    await unchanged();

    // 1. A scheme change: every unit's year score moves; the published year does not.
    const scheme = structuredClone((await as('admin').admin.scheme({ year: 2011 })).scheme);
    const training = scheme.rules.find((r) => r.code === 'training')!;
    const volume = scheme.rules.find((r) => r.code === 'disclosure_volume')!;
    training.points += 5;
    volume.points -= 5;
    if (volume.kind === 'ratio') volume.whenZero = volume.points;
    await as('admin').admin.setScheme({ year: 2011, scheme, note: '调整权重' });
    await unchanged();
    const yearDiff = (await as('leader').admin.publishChecks({ period: '2011' })).differences;
    expect(yearDiff.some((d) => d.kind === 'changed' && d.field === 'score')).toBe(true);

    // 2. A unit retyped: live it moves group; published it stays where it was.
    const t33Before = year.find((r) => r.unit === 'T33')!;
    await as('admin').admin.saveUnit({ code: 'T33', name: t33Before.name, type: 'department', parent: null });
    await unchanged();
    expect(await diffOf('2011', 'T33')).toContainEqual(
      expect.objectContaining({ kind: 'changed', field: 'group', published: 'grassroots', live: 'organs' }),
    );

    // 3. A confirmed rectification of an overdue Q4 item: the live Q4 score moves, the published one does not.
    const overdue = await db.prisma.finding.findFirst({
      where: {
        deadline: { gte: new Date('2011-10-01'), lte: new Date('2011-12-31') },
        rectifiedAt: null,
        unit: { group: 'grassroots', code: { not: 'T33' } },
      },
      select: { id: true, version: true, periodCode: true, deadline: true, unit: { select: { code: true } } },
      orderBy: { id: 'asc' },
    });
    expect(overdue).not.toBeNull();
    const before = await diffOf('2011Q4', overdue!.unit.code);
    const claimed = await as('admin').inspection.rectify({
      id: overdue!.id,
      version: overdue!.version,
      rectifiedAt: overdue!.deadline!.toISOString().slice(0, 10),
      note: '已整改',
    });
    await as('inspector').inspection.reviewRectification({ id: overdue!.id, version: claimed.version, confirm: true });
    await unchanged();
    const after = await diffOf('2011Q4', overdue!.unit.code);
    expect(after).not.toEqual(before);
    expect(after).toContainEqual(expect.objectContaining({ kind: 'changed', field: 'score' }));

    // Version 2 of the year: needs a reason, carries the live scores; version 1 stays readable as it was.
    expect((await failure(as('leader').admin.periodState({ period: '2011', action: 'publish' }))).message).toMatch(
      /version 2 of 2011 needs a reason/,
    );
    await as('leader').admin.periodState({ period: '2011', action: 'publish', reason: '权重调整及单位类型变更' });
    expect(await as('unitA').scores.published({ period: '2011', version: 1 })).toEqual(year);
    const v2 = await as('unitA').scores.published({ period: '2011' });
    expect(v2).not.toEqual(year);
    expect(v2.find((r) => r.unit === 'T33')!.group).toBe('organs');
    expect((await as('leader').admin.publishChecks({ period: '2011' })).differences).toEqual([]);
    const now = await storedVersions();
    expect(now.filter((s) => !(s.periodCode === '2011' && s.version === 2))).toEqual(stored);
    const page = await as('unitA').scores.publishedPage({ period: '2011', group: 'organs', limit: 200, version: 1 });
    expect(page.version).toBe(1);
    expect(page.rows.some((r) => r.unit === 'T33')).toBe(false);
    expect((await failure(as('unitA').scores.published({ period: '2011', version: 3 }))).code).toBe('NOT_FOUND');
    expect(await db.prisma.auditLog.count({ where: { action: 'period.publish', entityId: '2011' } })).toBe(2);
  });
});
