/**
 * Browser, a unit operator: it lands on its own scorecard, sees nothing of another unit by typing its address
 * (not even a request is made for it), cannot open city-wide pages, and sees the ranking only once published.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectContains,
  expectCount,
  expectPageLacks,
  expectText,
  expectVisible,
  launchBrowser,
  openPage,
  type RunningApp,
  screenshot,
  settle,
  signIn,
  startApp,
  tour,
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

describe('browser: a unit operator', () => {
  it('a unit operator lands on its own scorecard and sees no other unit by typing its address', async () => {
    const { page, context, errors } = await openPage(browser);
    const trpcCalls: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/trpc/')) trpcCalls.push(decodeURIComponent(req.url()));
    });
    await signIn(page, app.url, USERS.t01);
    expect(new URL(page.url()).pathname).toBe('/scorecard/T01');
    await settle(page);
    await expectContains(page.getByRole('heading', { level: 1 }), '蔡子池街道');
    await expectText(page.getByTestId('final-score'), '102');
    await screenshot(page, 't01-scorecard-1366');
    await expectCount(page.getByRole('link', { name: '总览' }), 0);

    trpcCalls.length = 0;
    await visit(page, app.url, '/scorecard/T02');
    await expectVisible(page.getByText('无法查看其他单位的考核卡'));
    await expectPageLacks(page, '水东江街道');
    expect(trpcCalls.filter((u) => u.includes('T02'))).toEqual([]);
    await screenshot(page, 't01-scorecard-T02-1366');

    await visit(page, app.url, '/overview');
    await expectVisible(page.getByText('您的角色无权访问此页面'));
    await visit(page, app.url, '/rankings');
    await expectVisible(page.getByText(/排名尚未公示/));
    await tour(page, app.url, 't01', ['/rankings', '/entry', '/entry?period=2011Q4', '/inspection', '/reports']);
    await expectPageLacks(page, '水东江街道');
    await page.setViewportSize(VIEWPORTS.large);
    await tour(page, app.url, 't01', ['/scorecard/T01', '/entry'], 'large');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('leadership publishes 2011Q4; the unit operator then sees the final scores, grades and ranks only', async () => {
    const leader = await openPage(browser);
    await signIn(leader.page, app.url, USERS.leader);
    await visit(leader.page, app.url, '/rankings?period=2011Q4');
    await leader.page.getByRole('button', { name: '审定公示' }).click();
    const dialog = leader.page.getByRole('dialog');
    await expectContains(dialog, '公示2011年第四季度考核结果');
    // The demo quarter is incomplete (submissions waiting for verification …): the dialog lists it and asks a reason.
    await expectContains(dialog, '未完成');
    await dialog.getByLabel('公示理由').fill('按期公示，缺项另行通报');
    await dialog.getByRole('button', { name: '审定公示' }).click();
    await expectVisible(leader.page.getByText('2011年第四季度考核结果已公示'));
    await expectVisible(leader.page.getByRole('button', { name: '发布新版本' }));
    expect(leader.errors).toEqual([]);
    await leader.context.close();

    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.t01);
    await visit(page, app.url, '/rankings?period=2011Q4');
    const rows = page.locator('tbody tr');
    await expectCount(rows, 36);
    await expectContains(page.locator('tr.row-own'), '蔡子池街道');
    await expectContains(page.getByTestId('own-rank'), '本单位（蔡子池街道）：第');
    // Other groups are a tab away; 58 organs come 50 to a page.
    await page.getByRole('tab', { name: /市直单位/ }).click();
    await expectCount(rows, 50);
    await page.getByRole('button', { name: '下一页' }).first().click();
    await expectCount(rows, 8);
    await page.getByRole('tab', { name: /乡镇/ }).click();
    await expectCount(rows, 36);
    await expectContains(page.locator('thead'), '最终得分');
    await expectPageLacks(page, '基础分');
    await screenshot(page, 't01-rankings-published-1366');
    expect(errors).toEqual([]);
    await context.close();
  });
});
