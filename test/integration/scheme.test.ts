import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';
import type { Scheme } from '../../server/domain/scoring/scheme';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const clone = (): Scheme => JSON.parse(JSON.stringify(DEFAULT_SCHEME)) as Scheme;

describe('scoring schemes per year: validated, versioned, re-scored', () => {
  it('uses the default scheme for a year without its own', async () => {
    const s = await callerFor(db, users.admin).admin.scheme({ year: 2011 });
    expect(s.isDefault).toBe(true);
    expect(s.version).toBe(0);
    expect(s.scheme.rules.map((r) => r.code)).toEqual([
      'disclosure_volume',
      'electronic_rate',
      'request_reply_rate',
      'approval_rollout',
      'approval_ontime',
      'training',
      'appeals',
    ]);
  });

  it.each([
    [
      'an unknown indicator',
      (s: Scheme) => ({
        ...s,
        rules: s.rules.map((r, i) => (i === 0 && r.kind === 'ratio' ? { ...r, numerator: 'pub.nope' } : r)),
      }),
      /pub\.nope/,
    ],
    ['a duplicate rule code', (s: Scheme) => ({ ...s, rules: [...s.rules, s.rules[0]!] }), /disclosure_volume/],
    ['grade bands out of order', (s: Scheme) => ({ ...s, grades: [...s.grades].reverse() }), /order|band|grade/i],
    [
      'non-positive points',
      (s: Scheme) => ({ ...s, rules: s.rules.map((r, i) => (i === 1 ? { ...r, points: 0 } : r)) }),
      /points|positive/i,
    ],
  ])('refuses %s with a clear error and stores nothing', async (_name, mutate, message) => {
    const admin = callerFor(db, users.admin);
    const audits = await db.prisma.auditLog.count();
    await expect(admin.admin.setScheme({ year: 2011, scheme: mutate(clone()) })).rejects.toThrow(message);
    expect(await db.prisma.scheme.count()).toBe(0);
    expect(await db.prisma.auditLog.count()).toBe(audits);
  });

  it('previews, then stores a new version and re-scores the year to match a full recomputation', async () => {
    const admin = callerFor(db, users.admin);
    const changed = clone();
    changed.targets['pub.total'] = { grassroots: 200, organs: 300 };
    const preview = await admin.admin.previewScheme({ period: '2011', scheme: changed });
    expect(preview.changed).toBeGreaterThan(10);
    expect(await db.prisma.scheme.count()).toBe(0);
    const before = await db.prisma.score.aggregate({ _avg: { score: true }, where: { periodCode: '2011' } });
    const res = await admin.admin.setScheme({ year: 2011, scheme: changed, note: 'raise the publication targets' });
    expect(res.version).toBe(1);
    const after = await db.prisma.score.aggregate({ _avg: { score: true }, where: { periodCode: '2011' } });
    expect(Number(after._avg.score)).toBeLessThan(Number(before._avg.score));
    const byPreview = new Map(preview.rows.map((r) => [r.unit, r.proposed]));
    const stored = await db.prisma.score.findMany({
      where: { periodCode: '2011' },
      select: { score: true, schemeVersion: true, unit: { select: { code: true } } },
    });
    for (const s of stored) {
      expect(s.schemeVersion).toBe(1);
      expect(Number(s.score)).toBe(byPreview.get(s.unit.code));
    }
    const rep = await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01'), { timeout: 120_000 });
    expect(rep.differences).toEqual([]);
    expect((await admin.admin.scheme({ year: 2011 })).versions.map((v) => v.version)).toEqual([1]);
  });

  it('rescales a group whose rules add up to less than 100', async () => {
    const admin = callerFor(db, users.admin);
    const s = clone();
    s.rules = s.rules.filter((r) => r.code !== 'appeals');
    await admin.admin.setScheme({ year: 2011, scheme: s });
    const card = await callerFor(db, users.leader).scores.scorecard({ period: '2011Q4', unit: 'T01' });
    expect(card.score?.explanation.available).toBe(85);
    expect(card.score?.explanation.rescaled).toBe(true);
  });
});
