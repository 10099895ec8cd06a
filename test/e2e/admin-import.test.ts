/**
 * Browser, the administrator's import page: a GBK CSV of units (as Excel on a Chinese Windows saves it)
 * imports through the page and its units show in the units tab with their names intact; a file with bad
 * rows is refused whole, with its row problems in a table (in Chinese), and nothing of it is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectContains,
  expectCount,
  expectVisible,
  launchBrowser,
  openPage,
  type RunningApp,
  screenshot,
  signIn,
  startApp,
  USERS,
  visit,
} from './harness';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../fixtures/encodings');

describe('browser: the administrator’s import page', () => {
  it('imports a GBK CSV of units and shows them; a bad file lists its row errors and writes nothing', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.admin);
    await visit(page, app.url, '/admin/import');
    await expectVisible(page.getByRole('tab', { name: '批量导入' }));
    await page.getByLabel('导入内容').selectOption('units');
    await page.getByLabel('选择文件').setInputFiles(path.join(FIXTURES, 'units-gbk.csv'));
    await expectContains(page.getByTestId('import-result'), '已导入 units-gbk.csv（2 行）');
    await expectContains(page.getByTestId('import-result'), '新增 2 个');
    const stored = await app.db.prisma.unit.findMany({
      where: { code: { in: ['X01', 'X02'] } },
      orderBy: { code: 'asc' },
    });
    expect(stored.map((u) => u.name)).toEqual(['测试乡镇一', '测试部门二']);
    await screenshot(page, 'admin-import-units-done-1366');

    await page.getByRole('tab', { name: '单位' }).click();
    await page.getByLabel('搜索').fill('测试');
    await expectVisible(page.getByRole('cell', { name: '测试乡镇一' }));
    await expectVisible(page.getByRole('cell', { name: '测试部门二' }));

    // Two bad rows and one good: the whole file is refused and the good row is not written either.
    const dir = fs.mkdtempSync('/tmp/dukao-import-');
    const bad = path.join(dir, 'bad-units.csv');
    fs.writeFileSync(bad, 'code,name,type\nX03,好的单位,township\nX04,坏的单位,village\nX03,重复单位,street\n');
    await page.getByRole('tab', { name: '批量导入' }).click();
    await page.getByLabel('选择文件').setInputFiles(bad);
    await expectContains(page.getByTestId('import-failure'), 'bad-units.csv 未导入，未写入任何数据');
    const table = page.getByTestId('import-errors');
    await expectCount(table.locator('tbody tr'), 2);
    expect(await table.locator('tbody tr').nth(0).locator('td').first().textContent()).toBe('3');
    expect(await table.locator('tbody tr').nth(1).locator('td').first().textContent()).toBe('4');
    // The problems in Chinese (the server's rowMessages), not the English `row N: …` lines.
    expect(await table.locator('tbody tr').nth(0).locator('td').nth(1).textContent()).toMatch(
      /^单位 X04：类型“village”须为 .+ 之一$/,
    );
    expect(await table.locator('tbody tr').nth(1).locator('td').nth(1).textContent()).toBe(
      '单位 X03 重复出现（首次出现在第 2 行）',
    );
    expect(await app.db.prisma.unit.count({ where: { code: { in: ['X03', 'X04'] } } })).toBe(0);
    await screenshot(page, 'admin-import-units-refused-1366');
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
