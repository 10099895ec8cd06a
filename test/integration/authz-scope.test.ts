import { hashPassword } from '../../server/services/auth/passwords';
/**
 * Unit scope: a unit operator (t01, unit T01) never reads or changes another unit's values, scorecard,
 * findings, explanations, exports or reports — by any id, period or filter — and cannot raise its own role.
 * Published rankings are the one cross-unit view, with final score, grade and rank only.
 */

import { TRPCError } from '@trpc/server';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../server/services/auth/sessions';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof withDemo>>;
let unitA: ReturnType<typeof callerFor>;
let cookieA: string;
let t02Id: number;

const PERIODS = ['2011Q1', '2011Q2', '2011Q3', '2011Q4', '2012Q1'];
const PUBLIC_RANKING_KEYS = ['grade', 'group', 'name', 'period', 'rank', 'score', 'unit'];

/** The tRPC error code a call fails with ('ok' when it succeeds). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

/** Everything stored about unit T02 that a unit operator might change. */
async function t02State() {
  const [values, submissions, findings, texts, figures] = await Promise.all([
    db.prisma.value.findMany({
      where: { unitId: t02Id },
      orderBy: [{ periodCode: 'asc' }, { indicatorCode: 'asc' }],
      select: { periodCode: true, indicatorCode: true, value: true },
    }),
    db.prisma.submission.findMany({
      where: { unitId: t02Id },
      orderBy: { id: 'asc' },
      select: { id: true, status: true, version: true },
    }),
    db.prisma.finding.findMany({
      where: { unitId: t02Id },
      orderBy: { id: 'asc' },
      select: { id: true, version: true, rectifiedAt: true, rectificationNote: true, rectificationStatus: true },
    }),
    db.prisma.reportText.findMany({ where: { scope: `unit:${t02Id}` } }),
    db.prisma.reportFigure.findMany({ where: { scope: `unit:${t02Id}` } }),
  ]);
  return JSON.stringify({ values, submissions, findings, texts, figures }, (_k, v) =>
    typeof v === 'bigint' ? String(v) : v,
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  unitA = callerFor(db, users.unitA);
  t02Id = (await db.prisma.unit.findUniqueOrThrow({ where: { code: 'T02' }, select: { id: true } })).id;
  app = await buildTestApp(db);
  const login = await loginAs(app, 't01', DEMO_PASSWORDS.unit);
  expect(login.res.statusCode).toBe(200);
  cookieA = login.cookie!;
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe(`unit scope on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('has a unit operator bound to T01 and another to T02', () => {
    expect([users.unitA.role, users.unitA.unitCode, users.unitB.role, users.unitB.unitCode]).toEqual([
      'unit',
      'T01',
      'unit',
      'T02',
    ]);
  });

  it("reads only its own unit's quarter form (any other unit, period or spelling is NOT_FOUND)", async () => {
    for (const period of PERIODS) {
      const own = await unitA.entry.get({ unit: 'T01', period });
      expect(own.unit.code).toBe('T01');
      for (const unit of ['T02', 't02', 'D01', 'NOPE', ' T02'])
        expect([unit, period, await codeOf(unitA.entry.get({ unit, period }))]).toEqual([unit, period, 'NOT_FOUND']);
    }
    const units = await unitA.meta.units();
    expect(units.map((u) => u.code)).toEqual(['T01']);
  });

  it("cannot save or submit another unit's values", async () => {
    const before = await t02State();
    for (const period of PERIODS) {
      for (const version of [0, 1, 2, 3]) {
        for (const submit of [false, true]) {
          expect(
            await codeOf(unitA.entry.save({ unit: 'T02', period, version, values: { 'pub.news': 999 }, submit })),
          ).toBe('NOT_FOUND');
        }
      }
    }
    expect(await t02State()).toBe(before);
    expect(await db.prisma.auditLog.count({ where: { actorName: 't01', entityId: { startsWith: 'T02' } } })).toBe(0);
  });

  it("cannot read another unit's scorecard or its score explanation, for any period", async () => {
    for (const period of [...PERIODS, '2011', '2010', '2012']) {
      expect(await codeOf(unitA.scores.scorecard({ period, unit: 'T02' }))).toBe('NOT_FOUND');
    }
    const own = await unitA.scores.scorecard({ period: '2011Q3', unit: 'T01' });
    expect(own.unit.code).toBe('T01');
    expect(own.score?.explanation).toBeTruthy();
    const t01Findings = await db.prisma.finding.findMany({
      where: { unit: { code: 'T01' }, periodCode: '2011Q3' },
      select: { id: true },
    });
    expect(own.findings.map((f) => f.id).sort()).toEqual(t01Findings.map((f) => f.id).sort());
    // City-wide figures with every unit's rules and explanations are not for unit operators.
    expect(await codeOf(unitA.scores.rankings({ period: '2011Q3' }))).toBe('FORBIDDEN');
    expect(await codeOf(unitA.scores.overview({ period: '2011Q3' }))).toBe('FORBIDDEN');
    expect(await codeOf(unitA.admin.previewScheme({ period: '2011Q3', scheme: {} }))).toBe('FORBIDDEN');
  });

  it('lists only its own findings, with or without a unit, period or overdue filter', async () => {
    const own = await db.prisma.finding.count({ where: { unit: { code: 'T01' } } });
    expect(await db.prisma.finding.count({ where: { unit: { code: { not: 'T01' } } } })).toBeGreaterThan(0);
    const all = await unitA.inspection.findings({});
    expect(all.length).toBe(own);
    for (const input of [
      {},
      { period: '2011' },
      { period: '2011Q1' },
      { period: '2011Q3' },
      { overdueOnly: true },
      { unit: 'T01' },
      { unit: 'T01', period: '2011Q2', overdueOnly: true },
    ]) {
      const list = await unitA.inspection.findings(input);
      expect(
        list.every((f) => f.unit === 'T01'),
        JSON.stringify(input),
      ).toBe(true);
    }
    for (const unit of ['T02', 'D01', 'NOPE']) {
      expect(await codeOf(unitA.inspection.findings({ unit }))).toBe('NOT_FOUND');
      expect(await codeOf(unitA.inspection.findings({ unit, period: '2011Q1', overdueOnly: true }))).toBe('NOT_FOUND');
    }
    expect(await codeOf(unitA.inspection.rounds({}))).toBe('FORBIDDEN');
  });

  it("cannot rectify another unit's finding by id (the same NOT_FOUND as a missing id)", async () => {
    const before = await t02State();
    const others = await db.prisma.finding.findMany({
      where: { unit: { code: { not: 'T01' } } },
      select: { id: true, version: true },
      take: 20,
    });
    expect(others.length).toBeGreaterThan(0);
    const missing = (await db.prisma.finding.aggregate({ _max: { id: true } }))._max.id! + 1000;
    for (const f of [...others, { id: missing, version: 0 }]) {
      expect(
        await codeOf(
          unitA.inspection.rectify({ id: f.id, version: f.version, rectifiedAt: '2012-02-01', note: 'not ours' }),
        ),
      ).toBe('NOT_FOUND');
    }
    expect(
      await codeOf(
        unitA.inspection.updateFinding({
          id: others[0]!.id,
          version: others[0]!.version,
          severity: 'minor',
          deduction: 0,
          description: 'x',
          deadline: null,
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await codeOf(unitA.inspection.deleteFinding({ id: others[0]!.id, version: others[0]!.version }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(
        unitA.inspection.reviewRectification({ id: others[0]!.id, version: others[0]!.version, confirm: true }),
      ),
    ).toBe('FORBIDDEN');
    expect(await t02State()).toBe(before);
  });

  it('exports only its own values and score rows over HTTP, in every format and period', async () => {
    for (const period of ['2011Q1', '2011Q4', '2011']) {
      const json = await getWith(app, `/api/export/values?period=${period}&format=json`, cookieA);
      expect(json.statusCode).toBe(200);
      const rows = json.json<{ unit: string }[]>();
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.unit))).toEqual(new Set(['T01']));

      const csv = await getWith(app, `/api/export/values?period=${period}&format=csv`, cookieA);
      const lines = csv.body.trim().split(/\r?\n/).slice(1);
      expect(lines.length).toBe(rows.length);
      expect(lines.every((l) => l.startsWith('T01,'))).toBe(true);

      const scores = await getWith(app, `/api/export/scores?period=${period}&format=json`, cookieA);
      expect(scores.statusCode).toBe(200);
      expect(scores.json<{ unit: string }[]>().map((r) => r.unit)).toEqual(['T01']);
      const scoresCsv = await getWith(app, `/api/export/scores?period=${period}&format=csv`, cookieA);
      expect(
        scoresCsv.body
          .trim()
          .split(/\r?\n/)
          .slice(1)
          .map((l) => l.split(',')[0]),
      ).toEqual(['T01']);
    }
    const xlsx = await app.inject({
      method: 'GET',
      url: '/api/export/values?period=2011&format=xlsx',
      headers: { cookie: cookieA },
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const units = new Set<string>();
    book.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) units.add(String(row.getCell(1).value));
    });
    expect(units).toEqual(new Set(['T01']));
    // A city-wide role gets every unit.
    const leader = await loginAs(app, 'leader', DEMO_PASSWORDS.leader);
    const all = await getWith(app, '/api/export/scores?period=2011Q1&format=json', leader.cookie);
    expect(all.json<unknown[]>().length).toBe(await db.prisma.unit.count({ where: { active: true } }));
  });

  it("gets its own annual report without a unit, and NOT_FOUND for another unit's", async () => {
    const own = await getWith(app, '/api/reports/annual?year=2011&format=json', cookieA);
    expect(own.statusCode).toBe(200);
    expect(own.json<{ scope: unknown }>().scope).toMatchObject({ kind: 'unit', code: 'T01' });
    const t02Name = (await db.prisma.unit.findUniqueOrThrow({ where: { code: 'T02' }, select: { name: true } })).name;
    for (const format of ['json', 'html', 'docx']) {
      const other = await getWith(app, `/api/reports/annual?year=2011&unit=T02&format=${format}`, cookieA);
      expect(other.statusCode).toBe(404);
      expect(other.body).not.toContain(t02Name);
    }
    for (const unit of ['D01', 'NOPE'])
      expect((await getWith(app, `/api/reports/annual?year=2011&unit=${unit}&format=json`, cookieA)).statusCode).toBe(
        404,
      );

    const viaTrpc = await unitA.reports.annual({ year: 2011 });
    expect(viaTrpc.model.scope).toMatchObject({ kind: 'unit', code: 'T01' });
    expect(await codeOf(unitA.reports.annual({ year: 2011, unit: 'T02' }))).toBe('NOT_FOUND');
    expect(await codeOf(unitA.reports.annual({ year: 2011, unit: null }))).toBe('ok');
    expect((await unitA.reports.inputs({ year: 2011 })).scope).toBe('T01');
    expect(await codeOf(unitA.reports.inputs({ year: 2011, unit: 'T02' }))).toBe('NOT_FOUND');
  });

  it("edits only its own report's texts, never the city's or another unit's", async () => {
    const before = await t02State();
    const cityBefore = await db.prisma.reportText.findMany({ where: { scope: 'city' }, orderBy: { section: 'asc' } });
    expect(await codeOf(unitA.reports.saveInputs({ year: 2011, unit: 'T02', texts: { problems: 'x' } }))).toBe(
      'NOT_FOUND',
    );
    await unitA.reports.saveInputs({ year: 2011, unit: null, texts: { problems: 'T01 自己的问题' } });
    expect(await db.prisma.reportText.findMany({ where: { scope: 'city' }, orderBy: { section: 'asc' } })).toEqual(
      cityBefore,
    );
    expect(
      await db.prisma.reportText.count({ where: { scope: `unit:${users.unitA.unitId}`, section: 'problems' } }),
    ).toBe(1);
    expect(await t02State()).toBe(before);
  });

  it('cannot raise its own role or bind itself to another unit', async () => {
    // Each call starts only when awaited: a refusal never waits unhandled behind a slower one.
    const attempts = [
      () => unitA.admin.updateUser({ username: 't01', role: 'admin' }),
      () => unitA.admin.updateUser({ username: 't01', unit: 'T02' }),
      () => unitA.admin.updateUser({ username: 'admin', password: 'hijacked-123' }),
      () => unitA.admin.createUser({ username: 'evil', role: 'admin', password: 'evil-password' }),
      () => unitA.admin.users(),
    ];
    for (const a of attempts) expect(await codeOf(a())).toBe('FORBIDDEN');
    // The only self-service write ignores anything but the passwords.
    await unitA.auth.changePassword({
      current: DEMO_PASSWORDS.unit,
      next: 'Kao-Qin-2026x',
      role: 'admin',
      unit: 'T02',
    } as never);
    const me = await db.prisma.user.findUniqueOrThrow({
      where: { username: 't01' },
      select: { role: true, unit: { select: { code: true } } },
    });
    expect(me).toEqual({ role: 'unit', unit: { code: 'T01' } });
    expect(await db.prisma.user.count({ where: { username: 'evil' } })).toBe(0);
    const after = await loginAs(app, 't01', 'Kao-Qin-2026x');
    expect(after.res.json<{ user: SessionUser }>().user).toMatchObject({ role: 'unit', unitCode: 'T01' });
    // The demo password back for the tests below (the policy would refuse it as a new password).
    await db.prisma.user.update({
      where: { username: 't01' },
      data: { passwordHash: await hashPassword(DEMO_PASSWORDS.unit) },
    });
  });

  it('sees a ranking only after publication, with unit, name, group, period, score, grade and rank only', async () => {
    const cookie = (await loginAs(app, 't01', DEMO_PASSWORDS.unit)).cookie;
    expect(await codeOf(unitA.scores.published({ period: '2011Q4' }))).toBe('NOT_FOUND');
    expect((await getWith(app, '/api/rankings/published?period=2011Q4', cookie)).statusCode).toBe(404);
    expect(
      await codeOf(callerFor(db, users.inspector).admin.periodState({ period: '2011Q4', action: 'publish' })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(unitA.admin.periodState({ period: '2011Q4', action: 'publish' }))).toBe('FORBIDDEN');

    await callerFor(db, users.leader).admin.periodState({ period: '2011Q4', action: 'publish', reason: '按期公示' });

    const rows = await unitA.scores.published({ period: '2011Q4' });
    const units = await db.prisma.unit.count({ where: { active: true } });
    expect(rows.length).toBe(units);
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(PUBLIC_RANKING_KEYS);
    const grassroots = await unitA.scores.published({ period: '2011Q4', group: 'grassroots' });
    expect(grassroots.every((r) => r.group === 'grassroots')).toBe(true);
    // The page a unit operator's rankings page asks: public fields only, its own row wherever it falls.
    const page = await unitA.scores.publishedPage({ period: '2011Q4', group: 'organs', limit: 10, offset: 10 });
    expect(page.rows.map((r) => r.unit)).toEqual(
      rows
        .filter((r) => r.group === 'organs')
        .slice(10, 20)
        .map((r) => r.unit),
    );
    expect(page.total).toBe(rows.filter((r) => r.group === 'organs').length);
    for (const r of page.rows) expect(Object.keys(r).sort()).toEqual(PUBLIC_RANKING_KEYS);
    expect(page.own).toEqual(rows.find((r) => r.unit === 'T01'));
    expect(Object.keys(page.own!).sort()).toEqual(PUBLIC_RANKING_KEYS);
    const found = await unitA.scores.publishedPage({
      period: '2011Q4',
      group: 'grassroots',
      limit: 10,
      search: '蔡子池',
    });
    expect(found.rows.map((r) => r.name)).toEqual(['蔡子池街道']);

    const res = await getWith(app, '/api/rankings/published?period=2011Q4', cookie);
    expect(res.statusCode).toBe(200);
    const httpRows = res.json<Record<string, unknown>[]>();
    expect(httpRows.length).toBe(units);
    for (const r of httpRows) expect(Object.keys(r).sort()).toEqual(PUBLIC_RANKING_KEYS);

    // The year is published by its own act; other quarters stay hidden.
    expect(await codeOf(unitA.scores.published({ period: '2011' }))).toBe('NOT_FOUND');
    expect(await codeOf(unitA.scores.publishedPage({ period: '2011', group: 'grassroots', limit: 10 }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(unitA.scores.published({ period: '2011Q3' }))).toBe('NOT_FOUND');
    // Publishing opens the ranking, not the other units' records.
    expect(await codeOf(unitA.scores.scorecard({ period: '2011Q4', unit: 'T02' }))).toBe('NOT_FOUND');
    expect(await codeOf(unitA.entry.get({ unit: 'T02', period: '2011Q4' }))).toBe('NOT_FOUND');
    expect(
      (await getWith(app, '/api/export/scores?period=2011Q4', cookie)).json<{ unit: string }[]>().map((r) => r.unit),
    ).toEqual(['T01']);
  });

  it('refuses a unit operator whose account lost its unit everything (FORBIDDEN: bound to no unit)', async () => {
    const id = (
      await db.prisma.user.create({
        data: { username: 'unbound', role: 'unit', unitId: null, passwordHash: 'x' },
        select: { id: true },
      })
    ).id;
    const unbound = callerFor(db, {
      id,
      username: 'unbound',
      displayName: 'unbound',
      role: 'unit',
      unitId: null,
      unitCode: null,
    });
    expect(await codeOf(unbound.entry.get({ unit: 'T01', period: '2011Q1' }))).toBe('FORBIDDEN');
    expect(await codeOf(unbound.scores.scorecard({ unit: 'T01', period: '2011Q1' }))).toBe('FORBIDDEN');
    expect(await codeOf(unbound.reports.annual({ year: 2011 }))).toBe('FORBIDDEN');
    expect(await codeOf(unbound.reports.annual({ year: 2011, unit: 'T01' }))).toBe('FORBIDDEN');
    expect(await codeOf(unbound.reports.inputs({ year: 2011 }))).toBe('FORBIDDEN');
    expect(await codeOf(unbound.inspection.findings({}))).toBe('FORBIDDEN');
    expect(await codeOf(unbound.meta.units())).toBe('FORBIDDEN');
  });
});
