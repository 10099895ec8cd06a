import { beforeAll, describe, expect, it } from 'vitest';
import { notificationText } from '../../client/src/features/notifications/notification-text';
import { loadLanguage } from '../../client/src/lib/i18n';
import {
  cityDigestOf,
  notificationTextZh,
  type OpenItem,
  openItemOf,
  reminderOf,
  unitDigestOf,
} from '../../server/domain/supervision';

// English is loaded on demand in the page (lib/i18n.ts); these tests word things in both languages.
beforeAll(() => loadLanguage('en'));

const RULES = { blueDays: 7, yellowDays: 3, reviewDays: 5, resubmitDays: 5 };
const TODAY = '2012-03-06';
const finding = openItemOf(
  {
    kind: 'finding',
    unitId: 2,
    period: '2011Q4',
    findingId: 9,
    severity: 'minor',
    description: '公开目录未更新，而且这条描述很长很长很长很长很长很长很长很长很长很长很长很长很长很长',
    deadline: '2012-02-20',
    recordedOn: '2012-01-15',
  },
  TODAY,
  RULES,
);
const submission = openItemOf(
  { kind: 'submission', unitId: 2, period: '2012Q1', deadline: '2012-03-08' },
  TODAY,
  RULES,
);
const quiet = openItemOf({ kind: 'submission', unitId: 3, period: '2012Q1', deadline: '2012-04-10' }, TODAY, RULES);
const named = (i: OpenItem, unitName: string) => ({ ...i, unitName });

describe('notifications as data', () => {
  it('a unit digest names its coloured items; the Chinese text for mail comes from the same data', () => {
    const p = unitDigestOf([finding, submission, quiet], TODAY);
    expect(p).toMatchObject({ type: 'unitDigest', day: TODAY, counts: { red: 1, yellow: 1, blue: 0 } });
    if (p?.type !== 'unitDigest') throw new Error('no digest');
    expect(p.items.map((i) => i.kind)).toEqual(['finding', 'submission']);
    expect(p.items[0]?.description).toHaveLength(41); // 40 characters and an ellipsis
    expect(notificationTextZh(p)).toEqual({
      title: '2012-03-06 督办提醒：红色预警 1 项，黄色预警 1 项',
      body: `【红色预警】一般问题待整改：${p.items[0]?.description}（期限 2012-02-20，已逾期 15 天）\n【黄色预警】2012年第一季度数据尚未报送（期限 2012-03-08）`,
    });
    expect(unitDigestOf([quiet], TODAY)).toBeNull();
  });

  it('the client words it in the page language, with no Chinese in English and no English in Chinese', () => {
    const p = unitDigestOf([finding, submission], TODAY);
    const zh = notificationText({ title: 'old', body: 'old', params: p }, 'zh');
    expect(zh.title).toBe('2012年3月6日 督办提醒：红色预警 1 项，黄色预警 1 项');
    expect(zh.body).toContain('2012年第一季度数据尚未报送');
    // The page and the mail tag a line with the same words for its level.
    const tags = (body: string) => body.split('\n').map((l) => /^【[^】]*】/.exec(l)?.[0]);
    expect(tags(zh.body)).toEqual(tags(notificationTextZh(p!).body));
    expect(tags(zh.body)).toEqual(['【红色预警】', '【黄色预警】']);
    expect(zh.body).not.toMatch(/[A-Za-z]{2,} [A-Za-z]{2,}/);
    const en = notificationText({ title: 'old', body: 'old', params: p }, 'en');
    expect(en.body).toContain('figures not yet submitted');
    expect(en.title).not.toMatch(/督办|红色/);
  });

  it('a city digest counts and names units; a reminder carries the message and sender', () => {
    const city = cityDigestOf(
      [named(finding, '水东江街道'), named(submission, '水东江街道'), named(quiet, '黄市镇')],
      TODAY,
    );
    expect(city).toMatchObject({
      type: 'cityDigest',
      total: 3,
      claims: 0,
      longRed: 0,
      counts: { red: 1, yellow: 1, blue: 0 },
    });
    expect(notificationTextZh(city!).title).toBe('2012-03-06 督办日报：红色 1 项，黄色 1 项，蓝色 0 项');
    expect(notificationText({ title: '', body: '', params: city }, 'zh').body.split('\n')[1]).toMatch(
      /^【红色预警】水东江街道：/,
    );
    const r = reminderOf(finding, '请于3月5日前完成整改', 'inspector');
    expect(notificationTextZh(r).body).toMatch(/^请于3月5日前完成整改\n\n事项：一般问题待整改：.*\n催办人：inspector$/);
    expect(notificationText({ title: '', body: '', params: r }, 'zh').title).toMatch(/^催办：一般问题待整改：/);
  });

  it('a notification stored before params is shown as stored', () => {
    expect(notificationText({ title: '催办：旧', body: '旧正文', params: null }, 'en')).toEqual({
      title: '催办：旧',
      body: '旧正文',
    });
  });
});
