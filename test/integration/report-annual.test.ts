import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { readEnv } from '../../server/env';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof withDemo>>;

beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  app = await buildApp({
    database: db,
    env: readEnv({ DATA_DIR: 'memory://' }),
    now: () => new Date('2012-03-01T04:00:00Z'),
  });
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

async function cookieOf(username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  expect(res.statusCode).toBe(200);
  const set = res.headers['set-cookie'];
  return String(Array.isArray(set) ? set[0] : set).split(';')[0]!;
}

/** The visible text of a .docx: every w:t run, joined per paragraph. */
async function docxText(body: Buffer): Promise<{ text: string; xml: string }> {
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
  return { text: paragraphs.join('\n'), xml };
}

/** Cell texts of every table, row by row. */
function tableCells(xml: string): string[][][] {
  return xml
    .split('<w:tbl>')
    .slice(1)
    .map((tbl) =>
      tbl
        .split('</w:tr>')
        .slice(0, -1)
        .map((tr) =>
          tr
            .split('</w:tc>')
            .slice(0, -1)
            .map((tc) => [...tc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
        ),
    );
}

const SEED_FIGURES = [
  '9106',
  '475',
  '985',
  '1862',
  '3181',
  '346',
  '51',
  '758',
  '98',
  '1350',
  '97',
  '19052',
  '3557',
  '1612',
  '2015',
  '520000',
  '247',
  '75',
  '429',
  '129',
  '42896',
  '206',
];

describe('the city 2011 annual report from the demo data', () => {
  it('national layout as .docx states every figure of the seed, with headings and table 三', async () => {
    const cookie = await cookieOf('leader', 'leader123');
    const res = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?year=2011&format=docx',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const { text, xml } = await docxText(res.rawPayload);
    for (const h of [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]) {
      expect(text).toContain(h);
    }
    for (const f of SEED_FIGURES) expect(text).toContain(f);
    expect(text).toMatch(/24[^0-9]/);
    expect(text).toMatch(/36/);
    expect(text).toMatch(/3\s*批/);
    const tables = tableCells(xml);
    expect(tables.length).toBeGreaterThanOrEqual(3);
    // Table 三: the row 一、本年新收 has 1 in its 总计 column, （一）予以公开 has 1.
    const t3 = tables.find((t) => t.some((r) => r.some((c) => c.includes('本年新收'))))!;
    const newRow = t3.find((r) => r.some((c) => c.includes('本年新收')))!;
    expect(newRow[newRow.length - 1]).toBe('1');
    const granted = t3.find((r) => r.some((c) => c.includes('予以公开')))!;
    expect(granted[granted.length - 1]).toBe('1');
  });

  it('legacy layout carries the seed appendix tables 1–4 with their figures', async () => {
    const cookie = await cookieOf('admin', 'admin123');
    const res = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?year=2011&format=docx&layout=legacy',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const { text, xml } = await docxText(res.rawPayload);
    expect(text).toContain('七、附表');
    const tables = tableCells(xml);
    expect(tables.length).toBe(4);
    const flat = tables.map((t) => t.map((r) => r.join('|')).join('\n')).join('\n');
    for (const f of ['9106', '97', '19052', '3557', '1612', '2015', '520000']) expect(flat).toContain(f);
    expect(flat).toMatch(/申请总数\|[^\n]*\|?1/);
  });

  it('answers JSON and HTML, and the check of table 三 holds', async () => {
    const cookie = await cookieOf('inspector', 'inspector123');
    const json = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?year=2011&format=json',
      headers: { cookie },
    });
    expect(json.statusCode).toBe(200);
    const model = JSON.parse(json.body);
    expect(model.checks.table3.ok).toBe(true);
    const html = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?year=2011&format=html',
      headers: { cookie },
    });
    expect(html.body).toContain('9106');
    expect(html.headers['content-type']).toContain('text/html');
  });

  it('a unit operator gets its own unit report only', async () => {
    const cookie = await cookieOf('t01', 'unit123');
    const own = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?year=2011&format=json',
      headers: { cookie },
    });
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body).scope).toMatchObject({ kind: 'unit', code: 'T01' });
    const other = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?year=2011&format=json&unit=T02',
      headers: { cookie },
    });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('水东江');
  });

  it('edited texts and recorded figures appear in the report and are audited; a broken check warns', async () => {
    const admin = callerFor(db, users.admin);
    await admin.reports.saveInputs({
      year: 2011,
      texts: { problems: '问题文本<script>x</script>' },
      figures: { 't3.carried_out.total': 5 },
    });
    const { model, html } = await admin.reports.annual({ year: 2011, layout: 'national' });
    expect(html).toContain('问题文本&lt;script&gt;');
    expect(model.checks.table3?.ok).toBe(false);
    expect(model.warnings.join(' ')).toMatch(/三/);
    const audit = await callerFor(db, users.auditor).admin.audit({ action: 'report.edit', limit: 5 });
    expect(audit.entries.length).toBeGreaterThan(0);
    await expect(admin.reports.saveInputs({ year: 2011, figures: { 'no.such.figure': 1 } })).rejects.toThrow(
      /Unknown report figure/,
    );
    await admin.reports.saveInputs({ year: 2011, figures: { 't3.carried_out.total': null } });
    expect((await admin.reports.annual({ year: 2011, layout: 'national' })).model.checks.table3?.ok).toBe(true);
  });

  it('a year without data says figures are not recorded instead of inventing them', async () => {
    const { model } = await callerFor(db, users.leader).reports.annual({ year: 2015, layout: 'national' });
    expect(JSON.stringify(model)).toContain('notRecorded');
    expect(model.warnings.length).toBeGreaterThan(0);
  });
});

describe('the annual report names the unit-quarters behind its totals', () => {
  it('keeps the gazette as report text, names unverified unit-quarters and warns when one is returned', async () => {
    const leader = callerFor(db, users.leader);
    const before = await leader.reports.annual({ year: 2011, layout: 'national' });
    const text = JSON.stringify(before.model.sections);
    expect(text).toContain(
      '通过《耒阳政报》将规范性文件、领导讲话、人事任免等信息进行公开，现已出刊17期，发行60000余份。',
    );
    expect(text).not.toContain('通过政府公报公开17条');
    // The demo leaves five unit-quarters of 2011Q4 waiting for verification; none is missing or returned.
    const waiting = await db.prisma.submission.findMany({
      where: { periodCode: { startsWith: '2011Q' }, status: 'submitted' },
      select: { unit: { select: { code: true, name: true } }, periodCode: true },
      orderBy: { unit: { code: 'asc' } },
    });
    expect(waiting.length).toBe(5);
    const unverified = before.model.warnings.find((w) => w.includes('尚未审核'))!;
    expect(unverified).toContain('以下5个单位季度已报送但尚未审核');
    for (const w of waiting) expect(unverified).toContain(`${w.unit.name}（${w.unit.code}）2011年第四季度`);
    expect(before.model.warnings.some((w) => w.includes('未报送') || w.includes('退回'))).toBe(false);
    expect(before.html).toContain('尚未审核');

    // Returned: its figures leave the totals, and the report says which unit-quarter is missing from them.
    const t33 = await db.prisma.submission.findFirstOrThrow({
      where: { unit: { code: 'T33' }, periodCode: '2011Q4' },
      include: { unit: true },
    });
    await callerFor(db, users.inspector).entry.review({
      unit: 'T33',
      period: '2011Q4',
      version: t33.version,
      action: 'return',
      reason: '数据有误',
    });
    const after = await leader.reports.annual({ year: 2011, layout: 'national' });
    const returned = after.model.warnings.find((w) => w.includes('退回'));
    expect(returned).toBe(
      `以下1个单位季度已被退回修改、尚未重新报送，其数据未计入本报告：${t33.unit.name}（T33）2011年第四季度。`,
    );
    expect(after.model.warnings.find((w) => w.includes('尚未审核'))).toContain('以下4个单位季度');
    const total = (m: typeof after.model) => /主动公开政府信息(\d+)条/.exec(JSON.stringify(m.sections))?.[1];
    expect(Number(total(after.model))).toBeLessThan(9106);
    // A unit's own report checks only its own quarters.
    const own = await callerFor(db, users.unitA).reports.annual({ year: 2011, layout: 'national' });
    expect(own.model.warnings.some((w) => w.includes('单位季度'))).toBe(false);
  });
});
