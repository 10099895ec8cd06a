/**
 * Browser, leadership: the JavaScript budget of the login page and the overview, the overview (24/36), both
 * rankings, the other pages at 1366×768 and 1920×1080, the English switch; no console errors; screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAttribute,
  expectContains,
  expectCount,
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

const BUDGET_BYTES = 350_000;

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser: leadership', () => {
  it('loads at most 350 KB of gzipped JavaScript for the login page and the overview', async () => {
    const { page, context, errors } = await openPage(browser);
    const scripts = new Map<string, number>();
    const pending: Promise<void>[] = [];
    page.on('response', (res) => {
      if (!new URL(res.url()).pathname.endsWith('.js') || res.status() !== 200) return;
      pending.push(
        res.body().then(
          (body) => {
            scripts.set(res.url(), gzipSync(body).length);
          },
          () => undefined,
        ),
      );
    });
    await visit(page, app.url, '/login');
    await Promise.all(pending);
    const loginBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
    await signIn(page, app.url, USERS.leader);
    await settle(page);
    await expectText(page.getByTestId('rollout'), '24/36');
    await Promise.all(pending);
    const totalBytes = [...scripts.values()].reduce((a, b) => a + b, 0);

    // The overview drawn after a navigation: every chart has drawn its option (recorded, not asserted: no timed asserts).
    await page.goto(`${app.url}/overview`);
    const drawnMs = await page.evaluate(async () => {
      const drawn = () => {
        const charts = [...document.querySelectorAll('.chart')];
        return charts.length >= 5 && charts.every((c) => c.querySelector('[data-drawn]'));
      };
      while (!drawn()) {
        await new Promise((r) => requestAnimationFrame(r));
      }
      return Math.round(performance.now());
    });
    fs.mkdirSync('test-artifacts', { recursive: true });
    fs.writeFileSync(
      path.join('test-artifacts', 'client-budget.json'),
      `${JSON.stringify(
        {
          loginGzipBytes: loginBytes,
          loginAndOverviewGzipBytes: totalBytes,
          budgetBytes: BUDGET_BYTES,
          overviewDrawnMs: drawnMs,
          scripts: Object.fromEntries(scripts),
        },
        null,
        2,
      )}\n`,
    );
    expect(loginBytes).toBeLessThan(totalBytes);
    expect(totalBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('leadership lands on the overview (24/36) and sees both rankings', async () => {
    const { page, context, errors } = await openPage(browser);
    await visit(page, app.url, '/login');
    await screenshot(page, 'login-1366');
    await signIn(page, app.url, USERS.leader);
    expect(new URL(page.url()).pathname).toBe('/overview');
    await settle(page);
    await expectText(page.getByTestId('rollout'), '24/36');
    await expectVisible(page.getByText('示例数据（仅供演示）').first());
    await expectVisible(page.getByRole('link', { name: '系统管理' }));
    await expectCount(page.getByRole('link', { name: '数据填报' }), 0);
    await screenshot(page, 'leader-overview-1366');

    await visit(page, app.url, '/rankings');
    const rows = page.getByTestId('ranking-table').locator('tbody tr');
    await expectCount(rows, 36);
    await expectContains(rows.first(), '蔡子池街道');
    await page.getByRole('button', { name: /最终得分/ }).click();
    await expectContains(page.locator('th[aria-sort="descending"]'), '最终得分');
    await page.getByLabel('搜索').fill('蔡子池');
    await expectCount(rows, 1);
    await page.getByLabel('搜索').fill('');
    await screenshot(page, 'leader-rankings-grassroots-1366');
    await page.getByRole('tab', { name: /市直单位/ }).click();
    // 58 organs: 50 to a page, the server pages them.
    await expectCount(rows, 50);
    await expectContains(page.getByRole('navigation', { name: '分页' }).first(), '第 1–50 个，共 58 个');
    await page.getByRole('button', { name: '下一页' }).first().click();
    await expectCount(rows, 8);
    await page.getByRole('button', { name: '上一页' }).first().click();
    await expectCount(rows, 50);
    await expectAttribute(
      page.getByRole('link', { name: '导出 Excel' }),
      'href',
      /\/api\/export\/ranking\?period=2011Q4&group=\w+&lang=zh&format=xlsx/,
    );
    await screenshot(page, 'leader-rankings-organs-1366');

    await tour(page, app.url, 'leader', [
      '/scorecard/T01',
      '/inspection',
      '/inspection?tab=overdue',
      '/reports',
      '/admin/periods',
    ]);

    // English on request, remembered; then back to Chinese.
    await page.getByRole('button', { name: 'EN' }).click();
    await expectVisible(page.getByRole('link', { name: 'Overview' }));
    await visit(page, app.url, '/overview');
    await expectVisible(page.getByText('Illustrative data').first());
    await screenshot(page, 'leader-overview-en-1366');
    await page.getByRole('button', { name: '中文' }).click();
    await expectVisible(page.getByRole('link', { name: '总览' }));

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('leadership pages at 1920×1080', async () => {
    const { page, context, errors } = await openPage(browser, VIEWPORTS.large);
    await signIn(page, app.url, USERS.leader);
    await tour(page, app.url, 'leader', ['/overview', '/rankings', '/scorecard/D01', '/reports'], 'large');
    expect(errors).toEqual([]);
    await context.close();
  });
});
