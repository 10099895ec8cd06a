/**
 * Browser, the Excel round trip of the entry page: a unit operator downloads the pre-filled template from the page,
 * edits one figure, the file is saved again by LibreOffice Calc, and uploading it through the page changes exactly
 * that figure. A CSV loads into the form; a Latin-1 one is refused, in Chinese, naming encodings and row.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resaveWithLibreOffice } from '../helpers/libreoffice';
import {
  expectContains,
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

const Q = '2012Q1';
async function stored(): Promise<Record<string, number>> {
  const rows = await app.db.prisma.value.findMany({ where: { unit: { code: 'T01' }, periodCode: Q } });
  return Object.fromEntries(rows.map((r) => [r.indicatorCode, r.value]));
}

describe('browser: the entry page’s Excel template', () => {
  it('downloads the pre-filled template, and an upload saved again by LibreOffice changes exactly the edited figure', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.t01);
    await visit(page, app.url, '/entry');
    // A draft first, so the template is pre-filled with figures the upload must keep.
    await page.locator('[name="pub.news"]').fill('10');
    await page.locator('[name="pub.electronic"]').fill('10');
    await page.locator('[name="training.attendees"]').fill('3');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expectVisible(page.getByText('草稿已保存'));
    const before = await stored();
    expect(before).toMatchObject({ 'pub.news': 10, 'pub.electronic': 10, 'training.attendees': 3 });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载预填 Excel 模板' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`dukao-T01-${Q}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('数据填报')!;
    let row = 0;
    ws.eachRow((r) => {
      if (r.getCell(1).value === 'pub.news') row = r.number;
    });
    expect(ws.getRow(row).getCell(3).value).toBe('工作动态');
    expect(ws.getRow(row).getCell(4).value).toBe('条');
    expect(ws.getRow(row).getCell(5).value).toBe(10);
    ws.getRow(row).getCell(5).value = 12;
    const edited = resaveWithLibreOffice(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(edited.subarray(0, 2).toString()).toBe('PK');
    const file = path.join(fs.mkdtempSync('/tmp/dukao-upload-'), `dukao-T01-${Q}.xlsx`);
    fs.writeFileSync(file, edited);

    await page.getByLabel('上传填好的模板（Excel；批量用户也可上传 CSV）').setInputFiles(file);
    await expectVisible(page.getByText(/已从 dukao-T01-2012Q1\.xlsx 读入并保存为草稿/));
    expect(await page.locator('[name="pub.news"]').inputValue()).toBe('12');
    expect(await stored()).toEqual({ ...before, 'pub.news': 12 });
    await screenshot(page, 't01-entry-template-uploaded-1366');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads a CSV of the bulk format into the form and refuses a Latin-1 one, naming the encodings and the row in Chinese', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.t02);
    await visit(page, app.url, '/entry');
    const dir = fs.mkdtempSync('/tmp/dukao-csv-');
    // Excel's "CSV UTF-8" starts with a BOM.
    fs.writeFileSync(path.join(dir, 'values.csv'), `\uFEFFunit,period,indicator,value\r\nT02,${Q},pub.news,7\r\n`);
    const input = page.getByLabel('上传填好的模板（Excel；批量用户也可上传 CSV）');
    await input.setInputFiles(path.join(dir, 'values.csv'));
    await expectVisible(page.getByText('已从 values.csv 载入 1 项，请核对后保存或提交。'));
    expect(await page.locator('[name="pub.news"]').inputValue()).toBe('7');

    fs.writeFileSync(
      path.join(dir, 'latin1.csv'),
      Buffer.concat([
        Buffer.from(`unit,period,indicator,value\nT02,${Q},pub.news,7\nT02,${Q},Caf`),
        Buffer.from([0xe9, 0x2c, 0x0a]),
      ]),
    );
    await input.setInputFiles(path.join(dir, 'latin1.csv'));
    await expectContains(
      page.locator('.template-tools [role="alert"]'),
      '文件既不是 UTF-8 也不是 GB18030/GBK 编码：第 3 行',
    );
    await screenshot(page, 't02-entry-csv-refused-1366');
    expect(errors).toEqual([]);
    await context.close();
  });
});
