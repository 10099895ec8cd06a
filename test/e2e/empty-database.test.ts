/**
 * Browser, an empty database (no units, no periods, no demo): every page shows a helpful empty state and no
 * error; an administrator adds the first unit and its form opens.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/services/auth/passwords';
import { TEST_TOTP_SECRET } from '../helpers/http';
import {
  expectCount,
  expectPageLacks,
  expectVisible,
  launchBrowser,
  openPage,
  type RunningApp,
  screenshot,
  signIn,
  startApp,
  tour,
  VIEWPORTS,
  visit,
} from './harness';

/** The only account: a system administrator (not the demo's), so with a second factor as every administrator. */
const ADMIN = { username: 'root', password: 'root-password', totpSecret: TEST_TOTP_SECRET };

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ demo: false }), launchBrowser()]);
  await app.db.prisma.user.create({
    data: {
      username: ADMIN.username,
      displayName: '管理员',
      role: 'admin',
      passwordHash: await hashPassword(ADMIN.password),
      totpSecret: ADMIN.totpSecret,
      totpEnabledAt: new Date(),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser: empty database', () => {
  it('every page of an administrator shows an empty state, and the first unit can be added', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, app.url, ADMIN);
    await visit(page, app.url, '/overview');
    await expectVisible(page.getByText('尚无考核数据'));
    await expectPageLacks(page, '示例数据（仅供演示）');
    await screenshot(page, 'empty-overview-1366');
    await tour(page, app.url, 'empty', [
      '/rankings',
      '/scorecard',
      '/entry',
      '/inspection',
      '/inspection?tab=pending',
      '/reports',
      '/admin/units',
      '/admin/catalogue',
      '/admin/scheme',
      '/admin/periods',
    ]);

    await visit(page, app.url, '/admin/units');
    await expectVisible(page.getByText('尚无单位'));
    await page.getByRole('button', { name: '新增单位' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('代码').fill('T99');
    await dialog.getByLabel('名称').fill('测试乡');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expectVisible(page.getByText('单位 T99 已保存'));
    await expectCount(page.locator('tbody tr', { hasText: '测试乡' }), 1);

    await visit(page, app.url, '/entry?unit=T99');
    await expectVisible(page.locator('[name="pub.news"]'));
    await page.setViewportSize(VIEWPORTS.large);
    await screenshot(page, 'empty-entry-new-unit-1920');
    expect(errors).toEqual([]);
    await context.close();
  });
});
