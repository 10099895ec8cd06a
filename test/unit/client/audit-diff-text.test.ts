import { beforeAll, describe, expect, it } from 'vitest';
import { diffFieldLabel, diffValueText } from '../../../client/src/features/admin/audit-diff-text';
import { loadLanguage } from '../../../client/src/lib/i18n';
import { auditDiff } from '../../../server/domain/audit-diff';
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue';

// English is loaded on demand in the page (lib/i18n.ts); these tests word things in both languages.
beforeAll(() => loadLanguage('en'));

const OVERVIEW = DEFAULT_CATALOGUE.find((d) => d.code === 'pub.overview')!.nameZh;

type Entry = { entity: string; entityId: string; action: string; before: unknown; after: unknown };
/** Each changed row of an entry as [field, before, after] in `lang`, raw parts marked with backticks. */
function words(entry: Entry, lang: 'zh' | 'en' = 'zh') {
  const mark = (w: { text: string; raw: boolean }) => (w.raw ? `\`${w.text}\`` : w.text);
  return auditDiff(entry).rows.map((r) => [
    mark(diffFieldLabel(r, entry, lang)),
    mark(diffValueText(r.before, r, entry, lang)),
    mark(diffValueText(r.after, r, entry, lang)),
  ]);
}

describe('the audit log’s changes in words', () => {
  it('names roles, statuses, periods, dates and booleans as the app does', () => {
    expect(
      words({
        entity: 'user',
        entityId: 'x',
        action: 'user.update',
        before: { role: 'unit', disabled: false, unitId: 3 },
        after: { role: 'inspector', disabled: true, unitId: null },
      }),
    ).toEqual([
      ['角色', '单位信息员', '督查员'],
      ['停用', '否', '是'],
      ['所属单位（内部编号）', '3', '无'],
    ]);
    expect(
      words({
        entity: 'finding',
        entityId: '7',
        action: 'finding.rectify',
        before: { period: '2011Q4', deadline: '2012-02-20', rectificationStatus: 'open', claim: null },
        after: {
          period: '2011Q4',
          deadline: '2012-02-20',
          rectificationStatus: 'pending',
          claim: { status: 'pending', claimedAt: '2012-03-01T04:00:00.000Z' },
        },
      }),
    ).toEqual([
      ['整改状态', '待整改', '待确认'],
      ['整改报告 · 状态', '无', '待确认'],
      ['整改报告 · 报告时间', '无', '2012年3月1日 12:00'],
    ]);
    expect(
      words({
        entity: 'submission',
        entityId: 'T01|2011Q4',
        action: 'values.submit',
        before: { status: 'draft', values: { 'pub.overview': 1 } },
        after: { status: 'submitted', values: { 'pub.overview': 2 } },
      }),
    ).toEqual([
      ['状态', '草稿', '已提交'],
      [`数据 · ${OVERVIEW}`, '1', '2'],
    ]);
  });

  it('names a rule from the scheme in the entry, a renamed rule by its new name; English in English', () => {
    const rule = { code: 'extra_rule', nameZh: '新增细则', nameEn: 'An added rule', points: 5, kind: 'threshold' };
    const entry = {
      entity: 'scheme',
      entityId: '2012v2',
      action: 'scheme.set',
      before: { rules: [] },
      after: { rules: [rule] },
    };
    const zh = words(entry);
    expect(zh).toContainEqual(['评分细则 · 新增细则 · 分值', '无', '5']);
    expect(zh).toContainEqual(['评分细则 · 新增细则 · 计分方式', '无', '达标']);
    expect(words(entry, 'en')).toContainEqual(['Scoring rules · An added rule · Points', 'none', '5']);
  });

  it('shows what it has no words for as stored, marked raw', () => {
    expect(
      words({
        entity: 'user',
        entityId: 'x',
        action: 'x',
        before: { mystery: 'a' },
        after: { mystery: 'b', role: 'boss' },
      }),
    ).toEqual([
      ['`mystery`', 'a', 'b'],
      ['角色', '无', '`boss`'],
    ]);
    // A setting stored as one value is named by its key.
    expect(
      words({
        entity: 'setting',
        entityId: 'appeal.windowDays',
        action: 'setting.update',
        before: { value: 7 },
        after: { value: 14 },
      }),
    ).toEqual([['申诉期（天）', '7', '14']]);
  });
});
