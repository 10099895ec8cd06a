import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulletinModel } from '../../server/domain/report/bulletin';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The quarterly bulletin (督查情况通报) of a published quarter: as JSON, HTML and a Word file that LibreOffice
// opens, read back through its PDF: both groups' rankings, the commended and criticised units, the counts.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
let app: FastifyInstance;
let leader: string;
let unitA: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-bulletin-'));
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  app = await buildTestApp(db);
  leader = (await loginAs(app, 'leader', DEMO_PASSWORDS.leader)).cookie!;
  unitA = (await loginAs(app, 't01', DEMO_PASSWORDS.unit)).cookie!;
}, 600_000);
afterAll(async () => {
  await app?.close();
  await db?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The figures of the opening paragraph, counted here straight from the tables. */
async function expectedCounts(period: string) {
  const units = await db.prisma.unit.findMany({ where: { active: true }, select: { id: true, group: true } });
  const ids = new Set(units.map((u) => u.id));
  const subs = (
    await db.prisma.submission.findMany({ where: { periodCode: period, status: { in: ['submitted', 'verified'] } } })
  ).filter((s) => ids.has(s.unitId));
  // Due on the 10th day after the quarter ends (2012-01-10 for 2011Q4), China time.
  const due = new Date('2012-01-10T16:00:00Z');
  const findings = await db.prisma.finding.findMany({ where: { periodCode: period, unit: { active: true } } });
  const sev = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    units: units.length,
    grassroots: units.filter((u) => u.group === 'grassroots').length,
    organs: units.filter((u) => u.group === 'organs').length,
    submitted: subs.length,
    onTime: subs.filter((s) => s.submittedAt && s.submittedAt < due).length,
    missing: units.length - subs.length,
    findings: findings.length,
    minor: sev('minor'),
    major: sev('major'),
    veto: sev('veto'),
    deductions: Math.round(findings.reduce((s, f) => s + Number(f.deduction), 0) * 100) / 100,
  };
}

describe('the quarterly bulletin', () => {
  it('exists only once the quarter is published', async () => {
    expect((await getWith(app, '/api/reports/bulletin?period=2011Q4&format=json', leader)).statusCode).toBe(404);
    expect((await getWith(app, '/api/reports/bulletin?period=2011Q4&format=json', unitA)).statusCode).toBe(404);
    expect((await getWith(app, '/api/reports/bulletin?period=2011Q4&format=pdf', leader)).statusCode).toBe(400);
    await callerFor(db, users.leader).admin.periodState({ period: '2011Q4', action: 'publish', reason: '按期公示' });
  });

  it('states counts equal to the data, both rankings as published, commended and criticised units (JSON)', async () => {
    const res = await getWith(app, '/api/reports/bulletin?period=2011Q4&format=json', leader);
    expect(res.statusCode).toBe(200);
    const model = res.json<BulletinModel>();
    expect(model.counts).toMatchObject(await expectedCounts('2011Q4'));
    const published = await callerFor(db, users.leader).scores.published({ period: '2011Q4' });
    for (const g of ['grassroots', 'organs'] as const)
      expect(model.rankings[g].map((r) => [r.unit, r.rank, r.score, r.grade])).toEqual(
        published.filter((r) => r.group === g).map((r) => [r.unit, r.rank, r.score, r.grade]),
      );
    const scores = await db.prisma.score.findMany({
      where: { periodCode: '2011Q4' },
      select: { grade: true, veto: true, unit: { select: { code: true } } },
    });
    const commendations = await db.prisma.commendation.findMany({
      where: { periodCode: '2011Q4' },
      select: { unit: { select: { code: true } } },
    });
    expect(new Set(model.commended.map((c) => c.unit))).toEqual(
      new Set([
        ...scores.filter((s) => s.grade === 'excellent').map((s) => s.unit.code),
        ...commendations.map((c) => c.unit.code),
      ]),
    );
    const overdue30 = await db.prisma.finding.findMany({
      where: { rectifiedAt: null, deadline: { lte: new Date('2011-12-31T00:00:00Z') }, unit: { active: true } },
      select: { deadline: true, unit: { select: { code: true } } },
    });
    expect(new Set(model.criticised.map((c) => c.unit))).toEqual(
      new Set([
        ...scores.filter((s) => s.grade === 'fail' || s.veto).map((s) => s.unit.code),
        // More than 30 days past the deadline on 2012-03-01.
        ...overdue30
          .filter((f) => (Date.parse('2012-03-01') - f.deadline!.getTime()) / 86_400_000 > 30)
          .map((f) => f.unit.code),
      ]),
    );
    expect(model.criticised.length).toBeGreaterThan(0);
    expect(model.title).toBe('关于2011年第四季度政府信息公开工作督查情况的通报');
  });

  it('is a Word file that LibreOffice opens; its pages state the rankings, the units and the counts', async () => {
    const res = await getWith(app, '/api/reports/bulletin?period=2011Q4&format=docx', leader);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const docx = path.join(dir, 'bulletin.docx');
    fs.writeFileSync(docx, res.rawPayload);
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
      stdio: 'pipe',
      timeout: 240_000,
      env: { ...process.env, HOME: dir },
    });
    const pdf = path.join(dir, 'bulletin.pdf');
    expect(fs.existsSync(pdf)).toBe(true);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    const model = (await getWith(app, '/api/reports/bulletin?period=2011Q4&format=json', leader)).json<BulletinModel>();
    const c = model.counts;
    expect(flat).toContain(
      `对全市${c.units}个单位（乡镇街道${c.grassroots}个、市直单位${c.organs}个）政府信息公开工作开展了督查考核`,
    );
    expect(flat).toContain(`按期报送季度数据${c.onTime}个，逾期报送${c.late}个，未报送${c.missing}个`);
    expect(flat).toContain(
      `督查共发现问题${c.findings}个，其中一般问题${c.minor}个、较重问题${c.major}个、一票否决问题${c.veto}个，合计扣${c.deductions}分`,
    );
    expect(flat).toContain(`逾期未整改问题${c.overdue}个`);
    // Both rankings, in rank order, with scores as published.
    const ranking = flat.slice(flat.indexOf('一、考核排名情况'), flat.indexOf('二、通报表彰'));
    for (const g of ['grassroots', 'organs'] as const) {
      let at = 0;
      for (const r of model.rankings[g]) {
        const i = ranking.indexOf(`${r.name}${r.score.toFixed(2)}`, at);
        expect(i, `${r.name} ${r.score.toFixed(2)} after position ${at}`).toBeGreaterThanOrEqual(at);
        at = i;
      }
    }
    const commended = flat.slice(flat.indexOf('二、通报表彰'), flat.indexOf('三、通报批评'));
    for (const u of model.commended) expect(commended).toContain(u.name);
    const criticised = flat.slice(flat.indexOf('三、通报批评'), flat.indexOf('四、督查发现的主要问题'));
    for (const u of model.criticised) expect(criticised).toContain(u.name);
    // Page numbers in the style "— 1 —".
    expect(text).toMatch(/—\s*1\s*—/);
    expect(text).toMatch(/—\s*2\s*—/);
  });

  it('gives a unit operator its own unit part only; edited texts appear; HTML for the preview', async () => {
    const mine = (await getWith(app, '/api/reports/bulletin?period=2011Q4&format=json', unitA)).json<BulletinModel>();
    expect(mine.unit?.code).toBe('T01');
    expect([...mine.rankings.grassroots, ...mine.rankings.organs].map((r) => r.unit)).toEqual(['T01']);
    for (const u of [...mine.commended, ...mine.criticised]) expect(u.unit).toBe('T01');
    const others = await db.prisma.unit.findMany({ where: { code: { not: 'T01' } }, select: { name: true } });
    const html = (await getWith(app, '/api/reports/bulletin?period=2011Q4&format=html', unitA)).body;
    for (const o of others) expect(html).not.toContain(o.name);
    await callerFor(db, users.leader).reports.saveBulletinTexts({
      period: '2011Q4',
      texts: { requirements: '各单位要于2012年3月31日前报送整改报告。' },
    });
    expect((await callerFor(db, users.unitA).reports.bulletin({ period: '2011Q4' })).html).toContain(
      '各单位要于2012年3月31日前报送整改报告。',
    );
    await expect(
      callerFor(db, users.unitA).reports.saveBulletinTexts({ period: '2011Q4', texts: { other: 'x' } }),
    ).rejects.toThrow(/role/);
    await expect(
      callerFor(db, users.leader).reports.saveBulletinTexts({ period: '2011Q4', texts: { nope: 'x' } }),
    ).rejects.toThrow(/Unknown bulletin section nope/);
  });
});
