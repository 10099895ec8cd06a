/**
 * The rankings page asks the server for one page of a group, sorted and searched there: pages join up
 * to the whole group in the same order as the full list, every sort key orders the rows, a search
 * matches names and codes, and bad paging input is refused with a message naming the field.
 */

import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortRankingRows } from '../../server/domain/ranking-order';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';
import type { Scheme } from '../../server/domain/scoring/scheme';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let leader: ReturnType<typeof callerFor>;
let admin: ReturnType<typeof callerFor>;
beforeAll(async () => {
  db = await createTestDatabase();
  const users = await withDemo(db, '2012-03-01');
  leader = callerFor(db, users.leader);
  admin = callerFor(db, users.admin);
});
afterAll(async () => db?.dispose());

describe('scores.rankings, paged on the server', () => {
  it('pages of a group join up to the full list, with counts of both groups', async () => {
    const full = await leader.scores.rankings({ period: '2011Q4', group: 'organs' });
    expect(full.rows).toHaveLength(58);
    expect(full.total).toBe(58);
    expect(full.counts).toEqual({ grassroots: 36, organs: 58 });
    const pages = [];
    for (let offset = 0; offset < 58; offset += 25) {
      const page = await leader.scores.rankings({ period: '2011Q4', group: 'organs', offset, limit: 25 });
      expect(page.total).toBe(58);
      expect(page.offset).toBe(offset);
      pages.push(...page.rows);
    }
    expect(pages.map((r) => r.unit)).toEqual(full.rows.map((r) => r.unit));
    expect((await leader.scores.rankings({ period: '2011Q4', group: 'organs', offset: 100, limit: 25 })).rows).toEqual(
      [],
    );
  });

  it('sorts by every key the page offers, the same as the domain order', async () => {
    const all = (await leader.scores.rankings({ period: '2011', group: 'grassroots' })).rows;
    const ruleCode = Object.keys(all[0]!.rules)[0]!;
    for (const sort of ['score', 'name', 'change', 'deductions', 'bonus', 'base', `rule:${ruleCode}`]) {
      for (const dir of ['asc', 'desc'] as const) {
        const page = await leader.scores.rankings({
          period: '2011',
          group: 'grassroots',
          sort,
          dir,
          limit: 10,
          offset: 5,
        });
        expect(
          page.rows.map((r) => r.unit),
          `${sort} ${dir}`,
        ).toEqual(
          sortRankingRows(all, sort, dir)
            .slice(5, 15)
            .map((r) => r.unit),
        );
      }
    }
    const byScore = (
      await leader.scores.rankings({ period: '2011', group: 'grassroots', sort: 'score', dir: 'desc' })
    ).rows.map((r) => r.score);
    expect(byScore).toEqual([...byScore].sort((a, b) => b - a));
  });

  it('searches names and codes within the group, and counts the matches', async () => {
    const byName = await leader.scores.rankings({ period: '2011Q4', group: 'grassroots', search: '蔡子池', limit: 50 });
    expect(byName.rows.map((r) => r.name)).toEqual(['蔡子池街道']);
    expect(byName.total).toBe(1);
    const byCode = await leader.scores.rankings({ period: '2011Q4', group: 'organs', search: 'd0', limit: 50 });
    expect(byCode.rows.length).toBeGreaterThan(0);
    expect(byCode.rows.every((r) => r.unit.toLowerCase().includes('d0'))).toBe(true);
    expect(byCode.total).toBe(byCode.rows.length);
    expect((await leader.scores.rankings({ period: '2011Q4', group: 'organs', search: '蔡子池' })).total).toBe(0);
  });

  it('refuses bad paging input, naming what was wrong', async () => {
    for (const [input, field] of [
      [{ period: '2011Q4', limit: 0 }, 'limit'],
      [{ period: '2011Q4', limit: 5000 }, 'limit'],
      [{ period: '2011Q4', offset: -1 }, 'offset'],
      [{ period: '2011Q4', sort: 'password' }, 'sort'],
      [{ period: '2011Q4', search: 'x'.repeat(101) }, 'search'],
    ] as const) {
      const err = await leader.scores.rankings(input as never).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, field).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe('BAD_REQUEST');
      expect((err as TRPCError).message).toContain(field);
    }
  });
});

describe('the overview heatmap', () => {
  it('shows every unit of a city-sized group, and only the lowest-ranked 60 of a larger one', async () => {
    const before = await leader.scores.overview({ period: '2011Q4' });
    expect(before.heatmap.filter((r) => r.group === 'organs')).toHaveLength(58);
    expect(before.heatmap.filter((r) => r.group === 'grassroots')).toHaveLength(36);
    // Three more organs: 61, one more than the heatmap shows.
    for (const code of ['X91', 'X92', 'X93'])
      await admin.admin.saveUnit({ code, name: `新设单位${code}`, type: 'department', parent: null });
    const after = await leader.scores.overview({ period: '2011Q4' });
    expect(after.groups.organs.count).toBe(61);
    const organs = after.heatmap.filter((r) => r.group === 'organs');
    expect(organs).toHaveLength(60);
    const ranking = (await leader.scores.rankings({ period: '2011Q4', group: 'organs' })).rows;
    expect(organs.map((r) => r.unit)).toEqual(ranking.slice(-60).map((r) => r.unit));
    // Top and bottom five, grade counts and counts: as the full ranking of each group says.
    for (const g of ['grassroots', 'organs'] as const) {
      const rows = (await leader.scores.rankings({ period: '2011Q4', group: g })).rows;
      const view = after.groups[g];
      expect(view.count).toBe(rows.length);
      expect(view.top.map((r) => [r.unit, r.rank, r.score])).toEqual(
        rows.slice(0, 5).map((r) => [r.unit, r.rank, r.score]),
      );
      expect(view.bottom.map((r) => [r.unit, r.rank, r.score])).toEqual(
        rows
          .slice(-5)
          .reverse()
          .map((r) => [r.unit, r.rank, r.score]),
      );
      expect(view.grades).toEqual(
        (['excellent', 'good', 'pass', 'fail'] as const).map((grade) => ({
          grade,
          count: rows.filter((r) => r.grade === grade).length,
        })),
      );
      expect(after.heatmap.filter((r) => r.group === g).map((r) => r.rules)).toEqual(
        rows.slice(-60).map((r) => r.rules),
      );
    }
  });
});

describe('the rules a view is scored with', () => {
  it("come with the rankings and the overview: the year's scheme, its names, points and order", async () => {
    const before = await leader.scores.rankings({ period: '2011Q4', group: 'grassroots', limit: 5 });
    expect(before.rules.map((r) => r.code)).toEqual(
      DEFAULT_SCHEME.rules.filter((r) => r.groups.includes('grassroots')).map((r) => r.code),
    );
    const scheme = JSON.parse(JSON.stringify(DEFAULT_SCHEME)) as Scheme;
    const renamed = scheme.rules.find((r) => r.groups.includes('organs'))!;
    renamed.nameZh = '信息公开数量（新）';
    renamed.nameEn = 'Items published (new)';
    scheme.rules.reverse();
    await admin.admin.setScheme({ year: 2011, scheme, note: 'renamed a rule' });
    const after = await leader.scores.rankings({ period: '2011Q4', group: 'organs', limit: 5 });
    const organRules = scheme.rules.filter((r) => r.groups.includes('organs'));
    expect(after.rules.map((r) => r.code)).toEqual(organRules.map((r) => r.code));
    expect(after.rules.find((r) => r.code === renamed.code)).toMatchObject({
      nameZh: '信息公开数量（新）',
      nameEn: 'Items published (new)',
      points: renamed.points,
    });
    const overview = await leader.scores.overview({ period: '2011' });
    expect(overview.rules.map((r) => r.code)).toEqual(scheme.rules.map((r) => r.code));
  });
});
