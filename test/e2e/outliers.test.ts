/**
 * Browser, issue 15: an inspector about to verify a unit's quarter sees the figure that is far from its peer
 * group's (DHIS2-style modified z-score, server/domain/validation/outliers.ts) flagged, with the reason, in the
 * review panel and beside the field; a quarter without such a figure says so.
 */

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  appAndBrowser,
  expectCount,
  expectVisible,
  openPage,
  screenshot,
  settle,
  signIn,
  USERS,
  visit,
} from './harness';

const run = appAndBrowser();

/** The review panel's line for `name` flagged against its peer group. */
const peerFlag = (page: Page, name: string) =>
  page.locator('.outlier-list li', {
    hasText: new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*：.*同组 \\d+ 个单位本季度的中位数`),
  });

describe('browser: outlier flags while verifying', () => {
  it('an inspector sees a figure far from its peer group flagged, with its name and the reason', async () => {
    const { page, context, errors } = await openPage(run.browser);
    await signIn(page, run.app.url, USERS.inspector);
    await settle(page);

    // The unit's figure that its peers spread most on: not flagged at first.
    const unit = await run.app.db.prisma.unit.findUniqueOrThrow({ where: { code: 'T33' } });
    const [pick] = await run.app.db.prisma.$queryRaw<{ code: string; top: number }[]>`
      SELECT v."indicatorCode" AS code, max(v.value)::int AS top
        FROM "Value" v JOIN "Unit" u ON u.id = v."unitId"
       WHERE v."periodCode" = '2011Q4' AND u."group" = ${unit.group}::"RankGroup"
       GROUP BY v."indicatorCode" HAVING count(DISTINCT v.value) >= 5
       ORDER BY count(DISTINCT v.value) DESC, v."indicatorCode" LIMIT 1`;
    expect(pick).toBeDefined();
    const indicator = await run.app.db.prisma.indicator.findUniqueOrThrow({ where: { code: pick!.code } });
    await visit(page, run.app.url, '/entry?unit=T33&period=2011Q4');
    await expectVisible(page.getByText('审核本季度数据'));
    await expectCount(peerFlag(page, indicator.nameZh), 0);

    // The same figure a hundred times its peers' largest: flagged, named, with the reason, and beside the field.
    await run.app.db.prisma.value.update({
      where: { periodCode_unitId_indicatorCode: { periodCode: '2011Q4', unitId: unit.id, indicatorCode: pick!.code } },
      data: { value: Math.max(1, pick!.top) * 100 },
    });
    await visit(page, run.app.url, '/entry?unit=T33&period=2011Q4');
    await expectVisible(page.getByText('以下数值与以往或同组单位相差很大，请核实后再审核'));
    await expectVisible(peerFlag(page, indicator.nameZh));
    await expectVisible(page.getByText('偏离较大，请核实').first());
    await screenshot(page, 'inspector-outlier-flag-1366');
    expect(errors).toEqual([]);
    await context.close();
  });
});
