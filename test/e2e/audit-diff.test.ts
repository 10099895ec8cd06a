/**
 * Browser, the audit administrator's log: an administrator changes the supervision settings and a year's
 * scoring scheme (through tRPC calls, as the pages would); the auditor opens the log, expands the entries and
 * reads a table 字段 / 修改前 / 修改后 in Chinese — the settings' names with 是/否 and day counts, a rule by its
 * name with its points, a target by its indicator's name — and the page, every entry expanded, passes the
 * text scan (no code, machine name or English sentence outside what is marked as stored).
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';
import { callerFor, sessionUserOf } from '../helpers/callers';
import {
  expectVisible,
  FIXED_NOW,
  launchBrowser,
  openPage,
  type RunningApp,
  signIn,
  startApp,
  USERS,
  visit,
} from './harness';
import { describeFindings, type ScanFinding, scanPage } from './text-scan';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const SHOT = process.env.AUDIT_DIFF_SHOT ?? '/tmp/audit-diff.png';

describe('browser: the audit log shows what changed, labelled', () => {
  it('settings and scheme changes read as 字段 / 修改前 / 修改后 in Chinese', async () => {
    const admin = callerFor(app.db, await sessionUserOf(app.db, 'admin'), () => FIXED_NOW);
    await admin.admin.setSupervisionSettings({ fourEyes: false, blueDays: 10, yellowDays: 4 });
    const scheme = structuredClone(DEFAULT_SCHEME);
    const rule = scheme.rules[0]!;
    rule.points += 2;
    scheme.targets['pub.total']!.grassroots = 90;
    await admin.admin.setScheme({ year: 2012, scheme, note: '调整分值' });

    // An inspector's finding, so that a created record (every field 无 → value) is on the page the scan reads.
    const inspector = callerFor(app.db, await sessionUserOf(app.db, 'inspector'), () => FIXED_NOW);
    await inspector.inspection.createFinding({
      unit: 'T01',
      period: '2011Q4',
      severity: 'minor',
      deduction: 0.5,
      description: '公开目录未更新',
      deadline: '2012-02-20',
    });

    const { page, errors } = await openPage(browser);
    await signIn(page, app.url, USERS.auditor);
    await visit(page, app.url, '/admin/audit');
    const rowOf = (action: string) =>
      page.locator('tbody tr').filter({ has: page.locator(`code:text-is("${action}")`) });

    const settings = rowOf('settings.supervision').first();
    await settings.getByText('查看变更').click();
    const settingsDiff = settings.locator('table.audit-diff');
    await expectVisible(settingsDiff);
    expect(await settingsDiff.locator('thead th').allTextContents()).toEqual(['字段', '修改前', '修改后']);
    const cells = async (table: typeof settingsDiff) =>
      (await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())),
        )) as string[][];
    // In the stored record's order (jsonb keeps keys shortest first).
    expect(await cells(settingsDiff)).toEqual([
      ['蓝色预警提前天数', '7', '10'],
      ['整改确认须由他人进行', '是', '否'],
      ['黄色预警提前天数', '3', '4'],
    ]);

    const schemeRow = rowOf('scheme.set').first();
    await schemeRow.getByText('查看变更').click();
    const schemeCells = await cells(schemeRow.locator('table.audit-diff'));
    expect(schemeCells).toEqual([
      [`评分细则 · ${rule.nameZh} · 分值`, String(rule.points - 2), String(rule.points)],
      ['年度目标 · 主动公开信息合计 · 乡镇街道', '80', '90'],
    ]);
    // The stored record stays behind its own toggle, collapsed, and is marked as not text.
    expect(await schemeRow.locator('details.audit-raw').getAttribute('open')).toBeNull();
    expect(await schemeRow.locator('.audit-json').getAttribute('translate')).toBe('no');

    // Every entry of the page expanded: nothing in it is a code or English.
    await page.locator('details.audit-changes').evaluateAll((ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    expect(await page.locator('details.audit-changes[open]').count()).toBeGreaterThan(2);
    const findings: ScanFinding[] = [];
    await scanPage(page, 'auditor /admin/audit, changes expanded', findings);
    expect(describeFindings(findings)).toBe('');
    const finding = rowOf('finding.create').first().locator('table.audit-diff');
    expect(await cells(finding)).toContainEqual(['问题等级', '无', '一般']);
    expect(await cells(finding)).toContainEqual(['整改期限', '无', '2012年2月20日']);
    expect(await cells(finding)).toContainEqual(['考核期间', '无', '2011年第四季度']);
    await page.screenshot({ path: SHOT, fullPage: true });
    expect(fs.statSync(SHOT).size).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
