import { beforeAll, describe, expect, it } from 'vitest';
import { changedRows, isFormEditable, numberOrNull, setIn } from '../../../client/src/features/admin/scheme-draft';
import { formulaText, noteText } from '../../../client/src/features/scorecard/explain-text';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatScore,
  formatSigned,
} from '../../../client/src/lib/format';
import { loadLanguage, translate } from '../../../client/src/lib/i18n';
import { indicatorLabel, measureLabel } from '../../../client/src/lib/indicators';
import { en } from '../../../client/src/lib/messages-en';
import { zh } from '../../../client/src/lib/messages-zh';
import {
  defaultEntryQuarter,
  defaultPeriod,
  defaultYear,
  entryQuarters,
  pickablePeriods,
  sortPeriodsDesc,
  yearsOf,
} from '../../../client/src/lib/periods';
import { matchPath, withParams } from '../../../client/src/lib/router';
import { ruleCodesOf, ruleMeta, rulePoints } from '../../../client/src/lib/rules';
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue';
import {
  firstDirection,
  type RankingRow,
  searchRankingRows,
  sortRankingRows,
} from '../../../server/domain/ranking-order';
import { EXTRA_FIGURES } from '../../../server/domain/report/extra-figures';
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme';

// English is loaded on demand in the page (lib/i18n.ts); these tests word things in both languages.
beforeAll(() => loadLanguage('en'));

const p = (
  code: string,
  extra: Partial<{
    locked: boolean;
    published: boolean;
    hasData: boolean;
    openForEntry: boolean;
    submitted: number;
    units: number;
  }> = {},
) => ({
  code,
  year: Number(code.slice(0, 4)),
  quarter: code.length > 4 ? Number(code.slice(5)) : null,
  locked: false,
  published: false,
  ...extra,
});

describe('formatting in Chinese conventions', () => {
  it('numbers, scores, percentages', () => {
    expect(formatNumber(13703, 'zh')).toBe('13,703');
    expect(formatScore(56.66, 'zh')).toBe('56.66');
    expect(formatScore(102, 'zh')).toBe('102');
    expect(formatScore(null, 'zh')).toBe('—');
    expect(formatSigned(-3.5, 'zh')).toBe('−3.5');
    expect(formatSigned(2, 'zh')).toBe('+2');
    expect(formatPercent(24, 36, 'zh')).toBe('66.7%');
    expect(formatPercent(1, 0, 'zh')).toBe('—');
  });
  it('dates and periods', () => {
    expect(formatDate('2011-11-27', 'zh')).toBe('2011年11月27日');
    expect(formatDate('2011-11-27', 'en')).toBe('2011-11-27');
    expect(formatDateTime('2012-02-29T16:30:00.000Z', 'zh')).toBe('2012年3月1日 00:30');
    expect(formatPeriod('2011Q4', 'zh')).toBe('2011年第四季度');
    expect(formatPeriod('2011', 'zh')).toBe('2011年度');
    expect(formatPeriod('2011Q1', 'en')).toBe('2011 Q1');
  });
});

describe('i18n', () => {
  it('has every Chinese key in English, and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });
  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) expect(names(en[key]), key).toEqual(names(zh[key]));
  });
  it('fills placeholders', () => {
    expect(translate('zh', 'scorecard.rankOf', { rank: 1, n: 36 })).toBe('第 1 名 / 共 36 个');
    expect(translate('en', 'rank.up', { n: 2 })).toBe('Up 2');
  });
});

describe('periods', () => {
  const periods = [p('2011'), p('2011Q1'), p('2011Q2'), p('2011Q4'), p('2011Q3')];
  it('sorts newest first with a year after its last quarter', () => {
    expect(sortPeriodsDesc(['2011Q1', '2011', '2012Q1', '2011Q4'])).toEqual(['2012Q1', '2011', '2011Q4', '2011Q1']);
  });
  it('opens on the requested period when known, else the latest quarter', () => {
    expect(defaultPeriod(periods, null)).toBe('2011Q4');
    expect(defaultPeriod(periods, '2011')).toBe('2011');
    expect(defaultPeriod(periods, '2015Q1')).toBe('2011Q4');
    expect(defaultPeriod(periods, '2011', { quartersOnly: true })).toBe('2011Q4');
    expect(defaultPeriod([], null)).toBeNull();
  });
  it('opens on the latest quarter closed for entry, not the latest with any data', () => {
    const list = [
      p('2011'),
      p('2011Q3', { locked: true }),
      p('2011Q4', { published: true, locked: true }),
      p('2026'),
      p('2026Q1', { hasData: false }),
      p('2026Q3', { openForEntry: true, hasData: false }),
      p('2026Q4', { openForEntry: true }),
    ];
    expect(defaultPeriod(list, null)).toBe('2011Q4');
    expect(defaultYear(list, null)).toBe(2011);
    // A quarter still open for entry is offered and opens when asked for; an empty closed one is not offered.
    expect(defaultPeriod(list, '2026Q4')).toBe('2026Q4');
    expect(defaultPeriod(list, '2026Q1')).toBe('2011Q4');
    expect(pickablePeriods(list).map((x) => x.code)).toEqual(['2011', '2011Q3', '2011Q4', '2026', '2026Q3', '2026Q4']);
    expect(defaultYear(list, 2026)).toBe(2026);
    // Nothing locked yet: the latest quarter whose figures are in, not one units are still entering.
    const open = [p('2011Q4'), p('2012Q1', { openForEntry: true, hasData: false })];
    expect(defaultPeriod(open, null)).toBe('2011Q4');
    const entering = [
      p('2011Q3', { submitted: 94, units: 94 }),
      p('2011Q4', { openForEntry: true, submitted: 94, units: 94 }),
      p('2012Q1', { openForEntry: true, submitted: 1, units: 94 }),
    ];
    expect(defaultPeriod(entering, null)).toBe('2011Q4');
    expect(defaultPeriod(entering.slice(2), null)).toBe('2012Q1');
    expect(defaultPeriod([p('2012Q1', { openForEntry: true, hasData: false })], null)).toBe('2012Q1');
  });
  it('offers entry for the known quarters, today’s and the one before', () => {
    expect(entryQuarters(periods, '2012-03-01')).toEqual(['2012Q1', '2011Q4', '2011Q3', '2011Q2', '2011Q1']);
    expect(entryQuarters([], '2012-03-01')).toEqual(['2012Q1', '2011Q4']);
    expect(defaultEntryQuarter(['2012Q1', '2011Q4'], null, '2012-03-01')).toBe('2012Q1');
    expect(defaultEntryQuarter(['2012Q1', '2011Q4'], '2011Q4', '2012-03-01')).toBe('2011Q4');
    expect(defaultEntryQuarter(['2012Q1', '2011Q4'], '2011', '2012-03-01')).toBe('2012Q1');
  });
  it('lists the years', () => {
    expect(yearsOf([p('2011Q1'), p('2012Q1'), p('2011')])).toEqual([2012, 2011]);
  });
});

describe('router helpers', () => {
  it('matches patterns with optional parameters', () => {
    expect(matchPath('/scorecard/:unit?', '/scorecard/T01')).toEqual({ unit: 'T01' });
    expect(matchPath('/scorecard/:unit?', '/scorecard')).toEqual({});
    expect(matchPath('/scorecard/:unit?', '/scorecard/T01/x')).toBeNull();
    expect(matchPath('/overview', '/rankings')).toBeNull();
    expect(matchPath('/scorecard/:unit', '/scorecard/%E4%B8%AD')).toEqual({ unit: '中' });
  });
  it('sets and removes query parameters', () => {
    expect(withParams('/rankings', 'period=2011Q4&group=organs', { group: null })).toBe('/rankings?period=2011Q4');
    expect(withParams('/entry', '', { unit: 'T01', period: '2012Q1' })).toBe('/entry?unit=T01&period=2012Q1');
  });
});

describe('rule and indicator labels', () => {
  it('names rules of the default scheme and falls back to the code', () => {
    expect(ruleMeta('approval_rollout', 'zh')).toEqual({
      code: 'approval_rollout',
      label: '网上审批及电子监察系统部署',
      short: '网上审批部署',
      points: 25,
    });
    expect(ruleMeta('new_rule', 'en')).toEqual({
      code: 'new_rule',
      label: 'new_rule',
      short: 'new_rule',
      points: null,
    });
  });
  it("names, orders and sizes rules as the year's scheme says, when the view sends it", () => {
    const scheme = [
      { code: 'appeals', nameZh: '行政复议与诉讼', nameEn: 'Appeals', points: 10 },
      {
        code: 'approval_rollout',
        nameZh: '网上审批及电子监察系统部署',
        nameEn: 'Online approval and e-supervision rollout',
        points: 20,
      },
      { code: 'open_data', nameZh: '数据开放', nameEn: 'Open data', points: 5 },
    ];
    expect(ruleMeta('open_data', 'zh', scheme)).toEqual({
      code: 'open_data',
      label: '数据开放',
      short: '数据开放',
      points: 5,
    });
    // Renamed: its own name, not the default's short column name.
    expect(ruleMeta('appeals', 'en', scheme)).toMatchObject({ label: 'Appeals', short: 'Appeals', points: 10 });
    // Same name as the default: keeps the short column name; points from the scheme.
    expect(ruleMeta('approval_rollout', 'zh', scheme)).toMatchObject({ short: '网上审批部署', points: 20 });
    const rows = [{ rules: { approval_rollout: 20, open_data: 5, appeals: 10 } }];
    expect(ruleCodesOf(rows, scheme)).toEqual(['appeals', 'approval_rollout', 'open_data']);
    expect(rulePoints('approval_rollout', rows, scheme)).toBe(20);
  });
  it('orders rule codes as the scheme does and finds their maximum', () => {
    const rows: { rules: Record<string, number> }[] = [
      { rules: { appeals: 15, disclosure_volume: 30, approval_rollout: 25 } },
      { rules: { approval_ontime: 25, extra: 40 } },
    ];
    expect(ruleCodesOf(rows)).toEqual(['disclosure_volume', 'approval_rollout', 'approval_ontime', 'appeals', 'extra']);
    expect(rulePoints('appeals', rows)).toBe(15);
    expect(rulePoints('extra', rows)).toBe(40);
  });
  it('labels indicators, derived totals and targets', () => {
    expect(indicatorLabel('pub.news', 'zh')).toBe('工作动态');
    expect(indicatorLabel('pub.total', 'zh')).toBe('主动公开信息合计');
    expect(indicatorLabel('target:training.attendees', 'en')).toBe('Target: Training attendees');
    expect(measureLabel('人次', 'en')).toBe('person-times');
    expect(measureLabel('人次', 'zh')).toBe('人次');
    expect(measureLabel('吨', 'en')).toBe('吨');
    // Every measure the app ships (catalogue and report figures, 条 among them) has its English word.
    for (const m of new Set([...DEFAULT_CATALOGUE.map((d) => d.measure), ...EXTRA_FIGURES.map((d) => d.measure)]))
      expect(measureLabel(m, 'en'), m).toMatch(/^[a-z0-9 /-]+$/i);
  });
  it('words the engine’s formulas in the page language, never in English in zh', () => {
    expect(formulaText({ kind: 'ratio', points: 30, numerator: 4321, denominator: 80 }, 'zh')).toBe(
      '30 × min(1, 4321 / 80)',
    );
    expect(formulaText({ kind: 'threshold', points: 25, value: 1, min: 1 }, 'zh')).toBe(
      '实际值 1 ≥ 1 得 25 分，否则 0 分',
    );
    expect(formulaText({ kind: 'threshold', points: 25, value: 0, min: 1 }, 'en')).toBe('25 if 0 ≥ 1, else 0');
    expect(formulaText({ kind: 'notSubmitted' }, 'zh')).toBe('未报送');
    expect(formulaText({ kind: 'notSubmitted' }, 'en')).toBe('not submitted');
    expect(formulaText({ kind: 'fixed', points: 10 }, 'zh')).toBe('得 10 分');
    expect(formulaText({ kind: 'perCount', points: 15, perCount: 5, count: 2 }, 'zh')).toBe('max(0, 15 − 5 × 2)');
    expect(formulaText({ kind: 'timeliness', points: 8, onTime: 3, due: 4 }, 'zh')).toBe('8 × 3 / 4');
    expect(formulaText({ kind: 'ratio', points: 10, numerator: 1, denominator: 0.5 }, 'zh')).toBe(
      '10 × min(1, 1 / 0.5)',
    );
  });
  it('words the engine’s notes with indicator names, not codes', () => {
    const zero = { kind: 'denominatorZero', values: { denominator: 'req.total', points: 10 } } as const;
    expect(noteText(zero, 'zh')).toBe('分母“申请合计”为 0：得 10 分');
    expect(noteText(zero, 'en')).not.toContain('req.total');
    expect(noteText({ kind: 'quarterTarget', values: { yearTarget: 80, parts: 4 } }, 'zh')).toBe(
      '季度目标 = 年度目标 80 ÷ 4',
    );
    expect(noteText({ kind: 'noValue', values: {} }, 'zh')).toBe('本期无已报送或已核验的数据：得 0 分');
    expect(noteText({ kind: 'noQuarterDue', values: {} }, 'zh')).toBe('本期没有应报送的季度：得 0 分');
  });
});

describe('rankings table', () => {
  const rows: RankingRow[] = [
    {
      unit: 'T02',
      name: '水东江街道',
      rank: 2,
      rank_change: 1,
      score: 100,
      deductions: 0,
      grade: 'excellent',
      rules: { training: 10 },
    },
    {
      unit: 'T01',
      name: '蔡子池街道',
      rank: 1,
      rank_change: 2,
      score: 102,
      deductions: 0,
      grade: 'excellent',
      rules: { training: 10 },
    },
    {
      unit: 'T26',
      name: '上架乡',
      rank: 36,
      rank_change: -2,
      score: 47,
      deductions: 1.5,
      grade: 'fail',
      rules: { training: 0 },
    },
    {
      unit: 'T03',
      name: '五里牌街道',
      rank: 2,
      rank_change: null,
      score: 100,
      deductions: 0,
      grade: 'excellent',
      rules: {},
    },
  ];
  it('sorts by any column; ties keep rank then code order; missing values go last', () => {
    expect(sortRankingRows(rows, 'rank', 'asc').map((r) => r.unit)).toEqual(['T01', 'T02', 'T03', 'T26']);
    expect(sortRankingRows(rows, 'score', 'asc').map((r) => r.unit)).toEqual(['T26', 'T02', 'T03', 'T01']);
    expect(sortRankingRows(rows, 'deductions', 'desc').map((r) => r.unit)).toEqual(['T26', 'T01', 'T02', 'T03']);
    expect(sortRankingRows(rows, 'change', 'desc').map((r) => r.unit)).toEqual(['T01', 'T02', 'T26', 'T03']);
    expect(sortRankingRows(rows, 'rule:training', 'asc').map((r) => r.unit)).toEqual(['T26', 'T01', 'T02', 'T03']);
  });
  it('searches by name or code', () => {
    expect(searchRankingRows(rows, '蔡子 池').map((r) => r.unit)).toEqual(['T01']);
    expect(searchRankingRows(rows, 't2').map((r) => r.unit)).toEqual(['T26']);
    expect(searchRankingRows(rows, '')).toHaveLength(4);
  });
  it('sorts figures from high to low on the first click', () => {
    expect(firstDirection('score')).toBe('desc');
    expect(firstDirection('rank')).toBe('asc');
  });
});

describe('scheme draft', () => {
  it('replaces a value deep inside without touching the original', () => {
    const scheme = structuredClone(DEFAULT_SCHEME);
    const next = setIn(scheme, ['rules', 0, 'points'], 40);
    expect(next.rules[0]?.points).toBe(40);
    expect(scheme.rules[0]?.points).toBe(30);
    expect(next.rules[1]).toBe(scheme.rules[1]);
  });
  it('knows when the form editor can show a draft', () => {
    expect(isFormEditable(structuredClone(DEFAULT_SCHEME))).toBe(true);
    expect(isFormEditable({ rules: 'x' })).toBe(false);
    expect(isFormEditable(null)).toBe(false);
  });
  it('reads number inputs', () => {
    expect(numberOrNull('')).toBeNull();
    expect(numberOrNull('2.5')).toBe(2.5);
    expect(numberOrNull('x')).toBeNull();
  });
  it('lists changed units, biggest change first', () => {
    const rows = [
      { unit: 'A', current: 80, proposed: 80 },
      { unit: 'B', current: 70, proposed: 72 },
      { unit: 'C', current: 90, proposed: 80 },
      { unit: 'D', current: null, proposed: 0 },
    ];
    expect(changedRows(rows).map((r) => r.unit)).toEqual(['C', 'B', 'D']);
  });
});
