/**
 * Browser, the other city-wide roles: an inspector and an administrator land on the overview and open their
 * pages; no console errors; screenshots.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser: inspector and administrator', () => {
  it('an inspector lands on the overview and works in entry and inspection', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.inspector);
    expect(new URL(page.url()).pathname).toBe('/overview');
    await settle(page);
    await expectText(page.getByTestId('rollout'), '24/36');
    await tour(page, app.url, 'inspector', [
      '/inspection?tab=pending',
      '/inspection?tab=new',
      '/inspection?tab=confirm',
      '/entry?unit=T33&period=2011Q4',
    ]);
    // A reviewer sees the review panel (verify, return, outlier flags), not the unit operator's waiting note.
    await expectVisible(page.getByText('审核本季度数据'));
    await expectCount(page.getByRole('link', { name: '系统管理' }), 0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the separated administrators (三员分立): users are the security administrator’s, the log the auditor’s', async () => {
    const sec = await openPage(browser);
    await signIn(sec.page, app.url, USERS.security);
    expect(new URL(sec.page.url()).pathname).toBe('/admin/users');
    await settle(sec.page);
    await expectCount(sec.page.locator('tbody tr', { hasText: 't01' }), 1);
    await expectCount(sec.page.getByRole('tab', { name: '审计日志' }), 0);
    await screenshot(sec.page, 'security-users-1366');
    expect(sec.errors).toEqual([]);
    await sec.context.close();
    const aud = await openPage(browser);
    await signIn(aud.page, app.url, USERS.auditor);
    expect(new URL(aud.page.url()).pathname).toBe('/admin/audit');
    await settle(aud.page);
    await expectVisible(aud.page.getByRole('link', { name: '导出 CSV' }));
    await expectCount(aud.page.getByRole('tab', { name: '用户' }), 0);
    await screenshot(aud.page, 'auditor-audit-1366');
    expect(aud.errors).toEqual([]);
    await aud.context.close();
  });

  it('the system administrator sees units, catalogue, scheme and quarters, not users or the audit log', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.admin);
    expect(new URL(page.url()).pathname).toBe('/overview');
    await tour(page, app.url, 'admin', ['/admin/units', '/admin/catalogue', '/admin/scheme', '/admin/periods']);
    await expectCount(page.getByRole('tab', { name: '用户' }), 0);
    await expectCount(page.getByRole('tab', { name: '审计日志' }), 0);
    await visit(page, app.url, '/admin/scheme');
    await expectVisible(page.getByText('方案校验通过'));
    await page.getByRole('button', { name: '预览' }).click();
    await expectVisible(page.getByText(/个单位的得分均不变/));
    await screenshot(page, 'admin-scheme-preview-1366');
    await page.setViewportSize(VIEWPORTS.large);
    await tour(page, app.url, 'admin', ['/admin/scheme', '/entry?unit=T01&period=2011Q4'], 'large');
    expect(errors).toEqual([]);
    await context.close();
  });
});
