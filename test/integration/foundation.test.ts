import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FIGURES } from '../../server/demo/leiyang-2011';
import { CITY_SCOPE } from '../../server/domain/names';
import { applyMigrations } from '../../server/migrate';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { exportValueRows } from '../../server/services/values/aggregate-values';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

describe(`foundation on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('applies migrations once and records them in _prisma_migrations', async () => {
    const again = await applyMigrations(db.sql);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThanOrEqual(1);
    const rows = await db.sql.query<{ migration_name: string; finished_at: Date | null }>(
      'SELECT migration_name, finished_at FROM "_prisma_migrations"',
    );
    expect(rows.length).toBe(again.alreadyApplied);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('loads the demo whose 2011 city totals equal the annual report', async () => {
    await withDemo(db);
    const rows = await exportValueRows(db.prisma, '2011', CITY_SCOPE);
    const totals: Record<string, number> = {};
    for (const r of rows) totals[r.indicator] = (totals[r.indicator] ?? 0) + r.value;
    for (const [code, expected] of Object.entries(DEMO_FIGURES))
      expect([code, totals[code] ?? 0]).toEqual([code, expected]);
    expect(totals['pub.electronic']).toBe(9106);
    expect(totals['approval.cases']).toBe(42896);
    expect(totals['approval.deployed']).toBe(24);
    expect(totals['training.attendees']).toBe(206);
    expect(await db.prisma.unit.count({ where: { group: 'grassroots' } })).toBe(36);
  });

  it('materializes scores that equal a full recomputation', async () => {
    const rep = await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01'), { timeout: 120_000 });
    expect(rep.differences).toEqual([]);
    expect(rep.units).toBe(94 * 5);
  });

  it('refuses to change or delete audit entries', async () => {
    expect(await db.prisma.auditLog.count()).toBeGreaterThan(0);
    await expect(db.sql.exec('UPDATE "AuditLog" SET action = \'x\'')).rejects.toThrow(/append-only/);
    await expect(db.sql.exec('DELETE FROM "AuditLog"')).rejects.toThrow(/append-only/);
    await expect(db.sql.exec('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/);
  });
});
