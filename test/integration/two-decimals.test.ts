import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../server/errors';
import { checkCommendationRows, checkFindingRows } from '../../server/services/imports/import-findings';
import { readTable } from '../../server/services/imports/read-table';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// The two-decimal check, end to end: every value 0.00–100.00 in steps of 0.01 through a CSV file (the path of
// `cli import findings|commendations` and POST /api/import/*) and sampled through the procedures; 0.005 refused.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const values = Array.from({ length: 10_001 }, (_, h) => (h / 100).toFixed(2));
// How people type them: 1.1, 0.57, 2.3, 9.88, 100 (no trailing zeros).
const typed = values.map((v) => String(Number(v)));

describe(`two decimals on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('accepts all 10,001 deductions and 10,000 positive points in a CSV file, as written and as typed', async () => {
    for (const list of [values, typed]) {
      const findings = Buffer.from(
        `unit,period,severity,deduction,description,deadline,rectified_at\n${list
          .map((d) => `T01,2011Q4,minor,${d},抽查问题,,`)
          .join('\n')}\n`,
      );
      const rows = await db.prisma.$transaction((tx) =>
        readTable(findings, 'findings.csv').then((t) => checkFindingRows(tx, t)),
      );
      expect(rows).toHaveLength(10_001);
      expect(rows.map((r) => Math.round(r.deduction * 100))).toEqual(list.map((_, h) => h));
      const commendations = Buffer.from(
        `unit,period,points,reason\n${list
          .slice(1)
          .map((p) => `T01,2011Q4,${p},表彰`)
          .join('\n')}\n`,
      );
      const points = await db.prisma.$transaction((tx) =>
        readTable(commendations, 'commendations.csv').then((t) => checkCommendationRows(tx, t)),
      );
      expect(points).toHaveLength(10_000);
    }
  });

  it('refuses 0.005 in a file, naming the row', async () => {
    const file = Buffer.from(
      'unit,period,severity,deduction,description,deadline,rectified_at\nT01,2011Q4,minor,0.005,x,,\n',
    );
    const err = await db.prisma
      .$transaction((tx) => readTable(file, 'f.csv').then((t) => checkFindingRows(tx, t)))
      .then(
        () => null,
        (e: unknown) => e as AppError,
      );
    expect(err?.message).toMatch(/1 problem; nothing was imported/);
    expect((err!.details as { rowErrors: string[] }).rowErrors).toEqual([expect.stringMatching(/^row 2: .*0\.005/)]);
  });

  it('the procedures take the issue’s values and refuse 0.005', async () => {
    const inspector = callerFor(db, users.inspector);
    for (const deduction of [1.1, 0.57, 2.3, 9.88, 0.01, 99.99, 100]) {
      const f = await inspector.inspection.createFinding({
        unit: 'T02',
        period: '2011Q4',
        severity: 'minor',
        deduction,
        description: `扣 ${deduction} 分`,
        deadline: null,
      });
      expect(f.deduction).toBe(deduction);
    }
    for (const points of [1.1, 0.57, 2.3, 9.88]) {
      const c = await inspector.inspection.createCommendation({
        unit: 'T02',
        period: '2011Q4',
        points,
        reason: '表彰',
      });
      expect(c).toBeTruthy();
    }
    await expect(
      inspector.inspection.createFinding({
        unit: 'T02',
        period: '2011Q4',
        severity: 'minor',
        deduction: 0.005,
        description: 'x',
        deadline: null,
      }),
    ).rejects.toThrow(/at most 2 decimals/);
    await expect(
      inspector.inspection.createCommendation({ unit: 'T02', period: '2011Q4', points: 0.005, reason: 'x' }),
    ).rejects.toThrow(/2 decimals/);
  });
});
