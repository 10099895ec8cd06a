/**
 * Browser, appeals (申诉复核): a unit operator appeals a deduction of the published quarter with a reason and
 * an evidence file; leadership upholds it in the queue; after version 2 the unit sees the outcome and its new rank.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { PNG } from '../helpers/evidence';
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
const DESCRIPTION = '政务公开栏目未按期更新（申诉测试）';

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const inspector = callerFor(app.db, await sessionUserOf(app.db, 'inspector'), () => FIXED_NOW);
  findingId = (
    await inspector.inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'major',
      deduction: 3,
      description: DESCRIPTION,
      deadline: null,
    })
  ).id;
  const leader = callerFor(app.db, await sessionUserOf(app.db, 'leader'), () => FIXED_NOW);
  await leader.admin.periodState({ period: '2011Q4', action: 'publish', reason: '按期公示' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser: appeals', () => {
  it('a unit operator files an appeal; leadership upholds it; the unit sees the outcome and its new rank', async () => {
    const unit = await openPage(browser);
    await signIn(unit.page, app.url, USERS.t01);
    await visit(unit.page, app.url, '/inspection?fperiod=2011Q4');
    const row = unit.page.locator('tr', { hasText: DESCRIPTION });
    await row.getByRole('button', { name: '申诉' }).click();
    const dialog = unit.page.getByRole('dialog', { name: '提出申诉' });
    await expectContains(dialog, '申诉期至 2012年3月8日');
    await dialog.getByLabel('申诉理由').fill('该栏目已于检查前更新，附截图');
    await dialog.locator('input[type=file]').setInputFiles({ name: '截图.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: '提交申诉' }).click();
    await expectVisible(unit.page.getByText(/申诉已提交/));
    await settle(unit.page);
    await expectVisible(row.getByText('申诉待复核'));
    await screenshot(unit.page, 'unit-appeal-filed-1366');

    const appeal = await app.db.prisma.appeal.findFirstOrThrow({ where: { findingId } });
    expect(appeal.status).toBe('open');
    expect(
      await app.db.prisma.evidenceFile.count({ where: { ownerKind: 'appeal', ownerId: appeal.id, state: 'ready' } }),
    ).toBe(1);

    const leader = await openPage(browser);
    await signIn(leader.page, app.url, USERS.leader);
    await visit(leader.page, app.url, '/appeals');
    const queued = leader.page.locator(`tr[data-appeal="${appeal.id}"]`);
    await expectContains(queued, DESCRIPTION);
    // The unit's evidence is at hand for the decision.
    await expectVisible(queued.getByRole('link', { name: '截图.png' }));
    await queued.getByRole('button', { name: '复核决定' }).click();
    const decide = leader.page.getByRole('dialog', { name: '申诉复核决定' });
    await decide.getByLabel('复核结果').selectOption('upheld');
    await decide.getByLabel('复核意见').fill('经核实，检查前已更新，撤销扣分');
    await decide.getByRole('button', { name: '复核决定' }).click();
    await expectVisible(leader.page.getByText(/已重新开放/));
    await screenshot(leader.page, 'leader-appeal-decided-1366');
    const decided = await app.db.prisma.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
    expect(decided.status).toBe('upheld');
    expect(Number((await app.db.prisma.finding.findUniqueOrThrow({ where: { id: findingId } })).deduction)).toBe(0);

    // Version 2 published: the unit's appeals list names the outcome and its standing in both versions.
    const leaderCaller = callerFor(app.db, await sessionUserOf(app.db, 'leader'), () => FIXED_NOW);
    await leaderCaller.admin.periodState({ period: '2011Q4', action: 'publish', reason: '申诉复核后重新公示' });
    const v2 = (await leaderCaller.scores.published({ period: '2011Q4' })).find((r) => r.unit === 'T01')!;
    await visit(unit.page, app.url, '/appeals');
    const mine = unit.page.locator(`tr[data-appeal="${appeal.id}"]`);
    await expectContains(mine, '申诉成立');
    await expectContains(
      mine,
      `公示第2版：${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(v2.score)} 分，第 ${v2.rank} 名`,
    );
    await screenshot(unit.page, 'unit-appeal-outcome-1366');
    // Why the rank moved: the scorecard compares 2011Q4 with 2011Q3, down to the withdrawn deduction's quarter.
    await visit(leader.page, app.url, '/scorecard/T01?period=2011Q4');
    const movement = leader.page.getByTestId('movement');
    await expectContains(movement, '排名变化原因（与2011年第三季度相比）');
    await expectContains(movement, `第 ${v2.rank} 名`);
    await screenshot(leader.page, 'leader-scorecard-movement-1366');
    expect(unit.errors).toEqual([]);
    expect(leader.errors).toEqual([]);
    await unit.context.close();
    await leader.context.close();
  });
});
