/**
 * Browser, honest defaults: after one unit submits the quarter being entered, the rankings and the overview still
 * open on the last quarter whose figures are in; choosing the open quarter says 填报中：1/94 已报送 and ranks no
 * unit that has not submitted; the picker offers no empty quarter; an overdue item past a year shows its deadline.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, sessionUserOf } from '../helpers/callers';
import {
  expectContains,
  expectVisible,
  FIXED_NOW,
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
  const as = async (username: string) => callerFor(app.db, await sessionUserOf(app.db, username), () => FIXED_NOW);
  const t01 = await as('t01');
  const draft = await t01.entry.save({
    unit: 'T01',
    period: '2012Q1',
    version: 0,
    values: { 'pub.news': 3 },
    submit: false,
  });
  await t01.entry.save({
    unit: 'T01',
    period: '2012Q1',
    version: draft.version,
    values: { 'pub.news': 3 },
    submit: true,
  });
  // An empty quarter row (a deadline set ahead) that no picker should offer.
  await (await as('admin')).admin.setSubmissionDeadline({ period: '2013Q2', deadline: '2013-07-20' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser: honest period defaults', () => {
  it('opens on the quarter whose figures are in, and an open quarter says how many units have submitted', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.leader);
    const units = await app.db.prisma.unit.count({ where: { active: true } });

    await visit(page, app.url, '/rankings');
    const picker = page.getByLabel('考核期间');
    expect(await picker.inputValue()).toBe('2011Q4');
    const offered = await picker.locator('option').allTextContents();
    expect(offered).toContain('2012年第一季度');
    expect(offered.join('|')).not.toContain('2013');

    await picker.selectOption('2012Q1');
    await expectContains(page.getByTestId('entry-open-banner'), `填报中：1/${units} 已报送`);
    // The previous quarter's rows stay on screen while the new ones load (placeholder data, aria-busy): wait for them.
    await expectVisible(page.locator('.table-scroll[aria-busy="false"]'));
    const rows = page.getByTestId('ranking-table').locator('tbody tr');
    const own = rows.filter({ hasText: 'T01' });
    await expectVisible(own);
    expect(await own.locator('td').first().textContent()).toBe('1');
    const others = rows.filter({ hasNotText: 'T01' });
    expect(await others.count()).toBeGreaterThan(0);
    for (const text of await others.locator('td.rank-cell').allTextContents()) expect(text).toBe('—');
    // No grade for a unit that could not be scored yet: "未报送", not 0 分 不合格.
    expect(await others.filter({ hasText: '不合格' }).count()).toBe(0);
    expect(await others.filter({ hasText: '未报送' }).count()).toBe(await others.count());
    await screenshot(page, 'leader-rankings-open-quarter-1366');

    await visit(page, app.url, '/overview');
    expect(await page.getByLabel('考核期间').inputValue()).toBe('2011Q4');
    await visit(page, app.url, '/reports');
    expect(await page.getByLabel('年度', { exact: true }).inputValue()).toBe('2011');
    expect(errors).toEqual([]);
  });

  it('shows the deadline of an item overdue for more than a year instead of a count of days', async () => {
    const { page } = await openPage(browser);
    await signIn(page, app.url, USERS.inspector);
    // The demo's findings of 2011 are viewed on 2012-03-01; move one deadline back by two years.
    const f = await app.db.prisma.finding.findFirstOrThrow({ where: { rectifiedAt: null, deadline: { not: null } } });
    await app.db.prisma.finding.update({ where: { id: f.id }, data: { deadline: new Date('2010-01-31T00:00:00Z') } });
    await visit(page, app.url, '/inspection?tab=overdue');
    await expectVisible(page.getByText('逾期（期限 2010年1月31日）'));
    const text = (await page.locator('body').textContent()) ?? '';
    const days = [...text.matchAll(/已逾期 (\d+) 天/g)].map((m) => Number(m[1]));
    expect(days.length).toBeGreaterThan(0);
    for (const n of days) expect(n).toBeLessThanOrEqual(365);
    await screenshot(page, 'inspector-overdue-deadline-1366');
  });
});
