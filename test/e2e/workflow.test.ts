/**
 * Browser, the quarter's workflow: a unit operator enters a new quarter (inline validation, draft, submit) and
 * sees its scorecard; an inspector records a finding and the unit's score drops by its deduction.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectContains,
  expectCount,
  expectText,
  expectVisible,
  launchBrowser,
  openPage,
  type RunningApp,
  screenshot,
  signIn,
  startApp,
  USERS,
  VIEWPORTS,
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

describe('browser: workflow', () => {
  it('a unit operator submits 2012Q1 and sees its scorecard for it', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.t01);

    // Before: 2012Q1 has no score, so the scorecard does not offer it.
    await visit(page, app.url, '/scorecard/T01?period=2012Q1');
    await expectCount(page.locator('option[value="2012Q1"]'), 0);

    // The entry form opens on today's quarter (the test clock says 2012-03-01).
    await visit(page, app.url, '/entry');
    await expectContains(page.locator('.page-subtitle'), '2012年第一季度');
    await expectContains(page.locator('.page-subtitle'), '未填报');

    const field = (code: string) => page.locator(`[name="${code}"]`);
    await field('pub.news').fill('1.5');
    await expectVisible(page.getByText('请填写 0 或正整数'));
    await field('pub.news').fill('10');
    await field('pub.electronic').fill('11');
    await expectVisible(page.getByText(/不得超过 .*之和（10）/));
    await field('pub.electronic').fill('10');
    await expectCount(page.locator('.field-error'), 0);
    await field('approval.deployed').selectOption('1');
    await screenshot(page, 't01-entry-filling-1366');

    await page.getByRole('button', { name: '保存草稿' }).click();
    await expectVisible(page.getByText('草稿已保存'));
    await expectContains(page.locator('.page-subtitle'), '草稿');

    // Optimistic concurrency: a second window holds the draft while the first saves again.
    const other = await openPage(browser);
    await signIn(other.page, app.url, USERS.t01);
    await visit(other.page, app.url, '/entry');
    expect(await other.page.locator('[name="pub.news"]').inputValue()).toBe('10');
    await field('training.attendees').fill('1');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expectVisible(page.getByText('草稿已保存'));
    await other.page.locator('[name="pub.other"]').fill('5');
    await other.page.getByRole('button', { name: '保存草稿' }).click();
    const conflict = other.page.locator('.conflict');
    await expectContains(conflict, '数据已被他人修改');
    await expectContains(conflict.locator('tbody'), '参加培训人数');
    await expectContains(conflict.locator('tbody'), '其它信息');
    await screenshot(other.page, 't01-entry-conflict-1366');
    await conflict.getByRole('button', { name: '载入最新数据' }).click();
    await expectCount(other.page.locator('.conflict'), 0);
    expect(await other.page.locator('[name="training.attendees"]').inputValue()).toBe('1');
    expect(await other.page.locator('[name="pub.other"]').inputValue()).toBe('');
    // The refused save is a 409 in the console; nothing else may be.
    expect(other.errors.filter((e) => !/409/.test(e))).toEqual([]);
    await other.context.close();

    await page.getByRole('button', { name: '提交', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expectContains(dialog, '提交2012年第一季度数据');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await expectVisible(page.getByText('已提交，得分已更新'));
    await expectContains(page.locator('.page-subtitle'), '已提交');
    await screenshot(page, 't01-entry-submitted-1366');

    // After: 30×10/20 + 10 + 10 + 25 + 10 + 15 = 85, graded good.
    await page.getByRole('link', { name: '查看本期考核卡' }).click();
    await page.waitForURL((u) => u.pathname === '/scorecard/T01');
    await expectText(page.getByTestId('final-score'), '85');
    await expectContains(page.locator('.score-big'), '良好');
    expect(await page.getByLabel('考核期间').inputValue()).toBe('2012Q1');
    await page.setViewportSize(VIEWPORTS.large);
    await screenshot(page, 't01-scorecard-2012Q1-1920');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an inspector records a finding and the unit’s score drops by its deduction', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.inspector);
    await visit(page, app.url, '/scorecard/T02?period=2011Q4');
    await expectText(page.getByTestId('final-score'), '100');

    await visit(page, app.url, '/inspection?tab=new');
    await page.getByLabel('单位', { exact: true }).selectOption('T02');
    await page.getByLabel('季度').selectOption('2011Q4');
    await page.getByLabel('性质').selectOption('major');
    await page.getByLabel('扣分').fill('3.5');
    await page.getByLabel('问题描述').fill('政府信息公开目录未按期更新');
    await page.getByLabel('整改期限').fill('2012-04-30');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expectVisible(page.getByText('已登记：水东江街道 扣 3.5 分，得分已更新'));
    await screenshot(page, 'inspector-finding-recorded-1366');

    await page.getByRole('link', { name: '查看该单位考核卡' }).click();
    await page.waitForURL((u) => u.pathname === '/scorecard/T02');
    await expectText(page.getByTestId('final-score'), '96.5');
    await expectVisible(page.getByText('政府信息公开目录未按期更新').first());
    await screenshot(page, 'inspector-scorecard-T02-after-finding-1366');

    // The finding is on the unit's list, where its operator records the rectification.
    const unit = await openPage(browser);
    await signIn(unit.page, app.url, USERS.t02);
    await visit(unit.page, app.url, '/inspection');
    const row = unit.page.locator('tbody tr', { hasText: '政府信息公开目录未按期更新' });
    await row.getByRole('button', { name: '登记整改' }).click();
    await unit.page.getByLabel('整改措施及结果').fill('已更新公开目录并建立月度检查制度');
    await unit.page.getByRole('dialog').getByRole('button', { name: '提交整改' }).click();
    await expectVisible(unit.page.getByText('整改情况已登记，等待督查员确认'));
    await expectContains(row, '待确认');
    await screenshot(unit.page, 't02-inspection-rectified-1366');
    expect(unit.errors).toEqual([]);
    await unit.context.close();

    // Back with the inspector: the rectification waits for confirmation.
    await visit(page, app.url, '/inspection?tab=confirm');
    const pending = page.locator('tbody tr', { hasText: '政府信息公开目录未按期更新' });
    await pending.getByRole('button', { name: '确认整改' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认整改' }).click();
    await expectVisible(page.getByText('已确认整改', { exact: true }));
    expect(errors).toEqual([]);
    await context.close();
  });
});
