import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The rankings page's exports for people (GET /api/export/ranking): a title row, Chinese headers, grade words,
// number formats, widths, a frozen header and an autofilter; CSV in UTF-8 with a BOM. The machine format of
// interfaces.md (GET /api/export/scores) is unchanged.
let db: TestDatabase;
let app: FastifyInstance;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
  app = await buildTestApp(db);
  for (const [name, password] of [
    ['leader', DEMO_PASSWORDS.leader],
    ['t01', DEMO_PASSWORDS.unit],
  ] as const) {
    cookies[name] = (await loginAs(app, name, password)).cookie!;
  }
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

async function workbook(query: string) {
  const res = await getWith(app, `/api/export/ranking?${query}`, cookies.leader);
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return { res, ws: wb.worksheets[0]! };
}

describe('the people’s ranking export', () => {
  it('is a workbook with title, Chinese headers, grade words, number formats, widths, frozen header and filter', async () => {
    const { res, ws } = await workbook('period=2011Q4&group=grassroots&format=xlsx');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ranking-2011Q4-grassroots.xlsx"');
    expect(ws.name).toBe('考核排名');
    expect(ws.getCell('A1').value).toBe('2011年第四季度 考核排名（乡镇街道）');
    expect(String(ws.getCell('A2').value)).toMatch(/^(已发布|未发布（内部核对用）) · 导出日期 \d{4}-\d{2}-\d{2}$/);
    const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 5)).toEqual(['排名', '排名变化', '单位编码', '单位名称', '是否报送']);
    expect(header.slice(-6)).toEqual(['基础分', '扣分', '加分', '总分', '等级', '一票否决']);
    // Rules by name and points, never by code.
    const ruleHeaders = header.slice(5, -6);
    expect(ruleHeaders.length).toBeGreaterThan(3);
    for (const h of ruleHeaders) expect(h).toMatch(/^[\u4e00-\u9fff、（）]+（\d+(\.\d+)?分）$/);
    expect(header.join(' ')).not.toMatch(/[a-z_]{4,}/);
    const grades = new Set<string>();
    for (let r = 4; r <= ws.rowCount; r++) grades.add(String(ws.getRow(r).getCell(header.length - 1).value));
    expect([...grades].every((g) => ['优秀', '良好', '合格', '不合格'].includes(g))).toBe(true);
    expect(ws.getRow(4).getCell(1).value).toBe(1);
    expect(ws.getRow(4).getCell(5).value).toMatch(/^[是否]$/);
    const scoreCell = ws.getRow(4).getCell(header.indexOf('总分') + 1);
    expect(typeof scoreCell.value).toBe('number');
    expect(scoreCell.numFmt).toBe('0.00');
    expect(ws.getRow(4).getCell(2).numFmt).toBe('+0;-0;0');
    expect(ws.getColumn(4).width).toBe(26);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    // Read back, the filter is the range from the header row to the last row.
    expect(ws.autoFilter).toBe(`A3:${ws.getColumn(header.length).letter}${ws.rowCount}`);
    // Every grassroots unit, none of the other group.
    const units = await db.prisma.unit.count({ where: { group: 'grassroots' } });
    expect(ws.rowCount - 3).toBe(units);
  });

  it('names the other group and speaks English when asked', async () => {
    const { ws } = await workbook('period=2011&group=organs&format=xlsx&lang=en');
    expect(ws.getCell('A1').value).toBe('Ranking Year 2011 (City departments)');
    expect((ws.getRow(3).values as unknown[]).slice(1, 4)).toEqual(['Rank', 'Change', 'Unit code']);
  });

  it('gives CSV in UTF-8 with a BOM and Chinese headers and words', async () => {
    const res = await getWith(app, '/api/export/ranking?period=2011Q4&group=grassroots&format=csv', cookies.leader);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^排名,排名变化,单位编码,单位名称,是否报送,/);
    expect(lines[0]).toMatch(/,总分,等级,一票否决$/);
    expect(lines[1]).toMatch(/^1,[^,]*,T\d+,[^,]+,[是否],/);
    expect(lines[1]).toMatch(/,(优秀|良好|合格|不合格),(是)?$/);
  });

  it('is for city-wide roles; the machine export keeps its documented columns', async () => {
    expect((await getWith(app, '/api/export/ranking?period=2011Q4', cookies.t01)).statusCode).toBe(403);
    expect((await getWith(app, '/api/export/ranking?period=2011Q4')).statusCode).toBe(401);
    expect((await getWith(app, '/api/export/ranking?period=20', cookies.leader)).statusCode).toBe(400);
    const machine = await getWith(app, '/api/export/scores?period=2011Q4&format=csv', cookies.leader);
    expect(machine.body.split('\n')[0]).toMatch(
      /^unit,name,group,period,submitted,.*,base,deductions,bonus,score,grade,veto,rank,rank_change$/,
    );
  });
});
