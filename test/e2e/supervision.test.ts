/**
 * Browser, the supervision loop: a unit operator sees a red warning on its home page, records a rectification
 * with a photo; an inspector sees the photo's preview and confirms; the unit's warning is gone (closed). An
 * inspector sends a 催办 reminder from the rectification board; the unit sees the unread count and acknowledges it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { photoPng } from '../helpers/evidence';
import {
  expectContains,
  expectVisible,
  FIXED_NOW,
  launchBrowser,
  openPage,
  type RunningApp,
  screenshot,
  settle,
  signIn,
  startApp,
  USERS,
  visit,
} from './harness';

let app: RunningApp;
let browser: Browser;
let findingId: number;
let otherId: number;
const DESCRIPTION = '依申请公开答复超过法定期限（督办测试）';
const OTHER = '公开指南未更新（催办测试）';

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const inspector = callerFor(app.db, await sessionUserOf(app.db, 'inspector'), () => FIXED_NOW);
  const create = (description: string, deadline: string) =>
    inspector.inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'minor',
      deduction: 1,
      description,
      deadline,
    });
  findingId = (await create(DESCRIPTION, '2012-02-20')).id;
  otherId = (await create(OTHER, '2012-03-03')).id;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser: the supervision loop', () => {
  it('a photo on a rectification claim, previewed and confirmed by an inspector, closes the red warning', async () => {
    const unit = await openPage(browser);
    await signIn(unit.page, app.url, USERS.t01);
    await settle(unit.page);
    // The unit's home page (its scorecard) shows what is red.
    const panel = unit.page.getByRole('region', { name: '待办预警' });
    await expectVisible(panel);
    const red = panel.locator(`[data-item="finding:${findingId}"]`);
    await expectContains(red, '红色预警');
    await expectContains(red, '逾期 10 天');
    await expectContains(panel.locator(`[data-item="finding:${otherId}"]`), '黄色预警');
    await screenshot(unit.page, 'supervision-unit-home');

    await visit(unit.page, app.url, '/inspection?fperiod=2011Q4');
    const row = unit.page.locator('tr', { hasText: DESCRIPTION });
    await expectContains(row, '红色预警');
    await row.getByRole('button', { name: '登记整改' }).click();
    const dialog = unit.page.getByRole('dialog', { name: '登记整改情况' });
    await dialog.getByLabel('整改措施及结果').fill('已向申请人补充答复，并建立答复期限台账');
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: '整改现场照片.png', mimeType: 'image/png', buffer: photoPng() });
    await dialog.getByRole('button', { name: '提交整改' }).click();
    await expectVisible(unit.page.getByText('整改情况已登记，等待督查员确认'));
    await settle(unit.page);
    // The claim now waits for an inspector: blue (five days to decide), with the photo listed.
    const claimed = unit.page.locator('tr', { hasText: DESCRIPTION });
    await expectContains(claimed, '待确认');
    await expectContains(claimed, '蓝色预警');
    await expectVisible(claimed.getByRole('link', { name: '整改现场照片.png' }));

    const insp = await openPage(browser);
    await signIn(insp.page, app.url, USERS.inspector);
    await visit(insp.page, app.url, '/inspection?tab=confirm');
    const pending = insp.page.locator('tr', { hasText: DESCRIPTION });
    const thumb = pending.locator('.evidence-thumb img');
    await expectVisible(thumb);
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBe(480);
    await pending.locator('.evidence-thumb').click();
    const preview = insp.page.getByRole('dialog', { name: '整改现场照片.png' });
    await expect
      .poll(() => preview.locator('img').evaluate((img: HTMLImageElement) => img.naturalHeight), { timeout: 10_000 })
      .toBe(320);
    await screenshot(insp.page, 'supervision-evidence-preview');
    await preview.getByRole('button', { name: '关闭' }).click();
    await pending.getByRole('button', { name: '确认整改' }).click();
    const confirm = insp.page.getByRole('dialog', { name: '确认整改' });
    await confirm.getByRole('button', { name: '确认整改' }).click();
    await expectVisible(insp.page.getByText('已确认整改'));

    // Back at the unit: the warning is closed (the item is gone from its open items), the finding confirmed.
    await visit(unit.page, app.url, '/supervision');
    expect(await unit.page.locator(`[data-item="finding:${findingId}"]`).count()).toBe(0);
    expect(await unit.page.locator('[data-item^="claim:"]').count()).toBe(0);
    await expectVisible(unit.page.locator(`[data-item="finding:${otherId}"]`));
    await visit(unit.page, app.url, '/inspection?fperiod=2011Q4');
    await expectContains(unit.page.locator('tr', { hasText: DESCRIPTION }), '已确认整改');
    expect([...unit.errors, ...insp.errors]).toEqual([]);
    await unit.context.close();
    await insp.context.close();
  });

  it('an inspector sends a 催办 from the board; the unit sees the unread count and acknowledges it', async () => {
    const insp = await openPage(browser);
    await signIn(insp.page, app.url, USERS.inspector);
    await visit(insp.page, app.url, '/supervision?period=2011');
    await expectVisible(insp.page.getByRole('heading', { name: '整改督办看板' }));
    await insp.page.getByRole('button', { name: '蔡子池街道' }).first().click();
    const row = insp.page.locator(`tr[data-item="finding:${otherId}"]`);
    await expectContains(row, '黄色预警');
    await row.getByRole('button', { name: '催办' }).click();
    const dialog = insp.page.getByRole('dialog', { name: /催办/ });
    await dialog.getByLabel('催办内容').fill('请于3月3日前更新公开指南并上传截图');
    await dialog.getByRole('button', { name: '发送催办' }).click();
    await expectVisible(insp.page.getByText('已向蔡子池街道发出催办'));
    await settle(insp.page);
    await expectContains(insp.page.locator(`tr[data-item="finding:${otherId}"]`), '已催办 1 次');
    await screenshot(insp.page, 'supervision-board');

    const unit = await openPage(browser);
    await signIn(unit.page, app.url, USERS.t01);
    await settle(unit.page);
    const bell = unit.page.locator('.bell-count');
    await expectContains(bell, '1');
    await unit.page.locator('a.bell').click();
    await settle(unit.page);
    const note = unit.page.locator('[data-notification="reminder"]').first();
    await expectContains(note, '请于3月3日前更新公开指南并上传截图');
    await note.getByRole('button', { name: '确认收到' }).click();
    await expectVisible(note.getByText(/已于 .* 确认收到/));
    await expect.poll(() => unit.page.locator('.bell-count').count(), { timeout: 8_000 }).toBe(0);
    await screenshot(unit.page, 'supervision-notifications');

    await visit(insp.page, app.url, '/supervision?period=2011');
    await insp.page.getByRole('button', { name: '蔡子池街道' }).first().click();
    await expectVisible(
      insp.page.locator('tr', { hasText: '请于3月3日前更新公开指南并上传截图' }).getByText(/确认收到/),
    );
    expect([...unit.errors, ...insp.errors]).toEqual([]);
  });
});
