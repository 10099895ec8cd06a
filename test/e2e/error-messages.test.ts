/**
 * Browser: a server refusal reaches a zh-CN reader in Chinese (issue 15). The security administrator creates a
 * user whose username exists: the dialog shows 用户 leader 已存在。 (the server's `users.alreadyExists` with its
 * parameter), not the English sentence; in English the same dialog says it in English.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectText,
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

describe('browser: server refusals in the page language', () => {
  it('a username that exists: the create-user dialog says so in Chinese', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.security);
    await visit(page, app.url, '/admin/users');
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('leader');
    await dialog.getByLabel('角色').selectOption('leadership');
    await dialog.getByLabel('初始密码').fill('Kao-2012-xyz!');
    await dialog.getByRole('button', { name: '创建' }).click();
    const alert = dialog.getByRole('alert');
    await expectText(alert, '用户 leader 已存在。');
    await screenshot(page, 'error-message-zh-1366');
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    expect(await app.db.prisma.user.count({ where: { username: 'leader' } })).toBe(1);
  });

  it('in English the same refusal is the English sentence', async () => {
    const { page } = await openPage(browser);
    await signIn(page, app.url, USERS.security);
    await page.evaluate(() => window.localStorage.setItem('dukao.lang', 'en'));
    await visit(page, app.url, '/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('leader');
    await dialog.getByLabel('Role').selectOption('leadership');
    await dialog.getByLabel('Initial password').fill('Kao-2012-xyz!');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expectVisible(dialog.getByRole('alert'));
    await expectText(dialog.getByRole('alert'), 'User leader already exists.');
  });
});
