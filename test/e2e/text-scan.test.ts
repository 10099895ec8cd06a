/**
 * Browser, every role in zh-CN: each page of the role's menu (and the notifications, and a scorecard with its
 * explanation), then each tab of the page; after every step the visible text is scanned for indicator codes,
 * rule codes, machine names and English phrases (text-scan.ts), and the page is screenshotted to
 * /tmp/scan-shots/<role>-<page>.png (SCAN_SHOTS_DIR) for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../server/services/supervision/daily-job';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { FIXED_NOW, launchBrowser, openPage, type RunningApp, settle, signIn, startApp, USERS, visit } from './harness';
import { describeFindings, type ScanFinding, scanPage, scanText } from './text-scan';

const SHOTS = process.env.SCAN_SHOTS_DIR ?? '/tmp/scan-shots';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  fs.mkdirSync(SHOTS, { recursive: true });
  // Notifications to read: a finding for T01 and D01 with a reminder about it, then the day's digests for everyone.
  const inspector = callerFor(app.db, await sessionUserOf(app.db, 'inspector'), () => FIXED_NOW);
  for (const unit of ['T01', 'D01']) {
    const f = await inspector.inspection.createFinding({
      unit,
      period: '2011Q4',
      severity: 'minor',
      deduction: 0.5,
      description: '公开目录未更新',
      deadline: '2012-02-20',
    });
    await inspector.supervision.remind({ unit, itemKey: `finding:${f.id}`, message: '请于3月5日前完成整改' });
  }
  await runDailyJob(app.db.prisma, { today: '2012-03-01', now: () => FIXED_NOW, server: 'scan' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const slug = (s: string) =>
  s
    .replace(/^\//, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-+$/, '') || 'home';

/** The menu's links of the signed-in user, as paths with their query. */
async function menuPaths(page: Page): Promise<string[]> {
  const hrefs = await page.locator('nav.mainnav a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.filter((h) => h.startsWith('/'));
}

/** Visits each path, scans it, clicks each of its tabs and scans again; screenshots every step. */
async function scanRole(
  role: string,
  user: (typeof USERS)[keyof typeof USERS],
  extra: string[],
): Promise<ScanFinding[]> {
  const { page, context, errors } = await openPage(browser);
  const findings: ScanFinding[] = [];
  try {
    await signIn(page, app.url, user);
    await settle(page);
    const paths = [...new Set([...(await menuPaths(page)), ...extra])];
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      await visit(page, app.url, p);
      const failed = await page.locator('.state-error').allTextContents();
      if (failed.length) throw new Error(`${role} ${p} shows an error: ${failed.join(' | ')}`);
      await scanPage(page, `${role} ${p}`, findings);
      await page.screenshot({ path: path.join(SHOTS, `${role}-${slug(p)}.png`), fullPage: true });
      const tabs = page.getByRole('tab');
      const count = await tabs.count();
      for (let i = 0; i < count; i++) {
        const tab = tabs.nth(i);
        if ((await tab.getAttribute('aria-selected')) === 'true') continue;
        const label = ((await tab.textContent()) ?? '').trim();
        await tab.click();
        await settle(page);
        await scanPage(page, `${role} ${p} › ${label}`, findings);
        await page.screenshot({ path: path.join(SHOTS, `${role}-${slug(p)}-tab${i + 1}.png`), fullPage: true });
      }
    }
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
  return findings;
}

describe('text scan', () => {
  it('finds codes and English phrases in a text, and lets the allowed words and data be', () => {
    const found = scanText(
      '计算方法 not submitted；分母 req.total 为 0；disclosure_volume；pub.overview；period.lock',
      'x',
    );
    expect(found.map((f) => [f.kind, f.text])).toEqual([
      ['indicator code', 'req.total'],
      ['indicator code', 'pub.overview'],
      ['rule code', 'disclosure_volume'],
      ['machine name', 'period.lock'],
      ['English', 'not submitted'],
    ]);
    expect(scanText('T01 蔡子池街道 2011Q3 导出 Excel / CSV，30 × min(1, 4321 / 80)，上传 清单.xlsx', 'x')).toEqual([]);
  });
});

describe('browser: no code or English sentence reaches a zh-CN page, for every role', () => {
  const cases: [string, (typeof USERS)[keyof typeof USERS], string[]][] = [
    ['leader', USERS.leader, ['/scorecard/T01?period=2011Q4', '/scorecard/D01?period=2011', '/notifications']],
    [
      'inspector',
      USERS.inspector,
      ['/scorecard/T01?period=2011Q4', '/entry?unit=T33&period=2011Q4', '/inspection?tab=overdue', '/notifications'],
    ],
    ['unit', USERS.t01, ['/scorecard/T01?period=2011Q4', '/entry?period=2011Q4', '/notifications']],
    ['organ', USERS.d01, ['/notifications']],
    ['admin', USERS.admin, ['/scorecard/D01?period=2011Q4', '/entry?unit=T01&period=2011Q4', '/notifications']],
    ['security', USERS.security, []],
    ['auditor', USERS.auditor, []],
  ];
  it.each(cases)(
    '%s',
    async (role, user, extra) => {
      const findings = await scanRole(role, user, extra);
      expect(describeFindings(findings)).toBe('');
    },
    240_000,
  );
});
