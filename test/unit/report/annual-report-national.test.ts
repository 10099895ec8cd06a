import { describe, expect, it } from 'vitest';
import { buildAnnualReport, reportInput } from '../../../server/domain/report/annual-report.ts';
import {
  TABLE3_APPLICANT_COLUMNS,
  TABLE3_ROWS,
  type Table3RowKey,
  table3Key,
  table4Key,
} from '../../../server/domain/report/extra-figures.ts';
import { cellText, isNotRecorded, NOT_RECORDED } from '../../../server/domain/report/report-model.ts';
import {
  CITY_2011_VALUES,
  findTable,
  gridWidths,
  makeCityInput,
  makeUnitInput,
  ORGANISATION_TEXT,
  reportText,
  rowData,
  sectionText,
} from './report-fixtures.ts';

const NATIONAL_HEADINGS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];
const APPLICANTS = 6;
/** Index of 总计 among a table 三 row's data cells. */
const TOTAL = 6;

/** Extra figures splitting a table 三 row by applicant type: `natural` for 自然人, `others` for each of the five others. */
const applicantSplit = (row: Table3RowKey, natural: number, others = 0): Record<string, number> =>
  Object.fromEntries(
    TABLE3_APPLICANT_COLUMNS.map((c) => [table3Key(row, c.key), c.key === 'natural' ? natural : others]),
  );

const nationalCity = (overrides: Parameters<typeof makeCityInput>[0] = {}) =>
  buildAnnualReport(makeCityInput(overrides));
const table3Total = (model: ReturnType<typeof nationalCity>, row: string) =>
  rowData(findTable(model, 'national.requests'), row)[TOTAL];

describe('national layout: Leiyang 2011, city-wide', () => {
  const model = nationalCity();
  const overview = sectionText(model, 'overview');

  it('has the national title and the six sections in order', () => {
    expect(model.title).toBe('耒阳市人民政府2011年政府信息公开工作年度报告');
    expect(model.sections.map((s) => s.heading)).toEqual(NATIONAL_HEADINGS);
  });

  it.each([
    '统计期限自2011年1月1日起至2011年12月31日止',
    '主动公开政府信息9106条',
    '概况信息475条',
    '计划总结985条',
    '法规公文1862条',
    '工作动态3181条',
    '人事信息346条',
    '财政信息51条',
    '政府事项业务类信息758条',
    '信息公开年度报告98篇',
    '其它信息1350条',
    '全文电子化的主动公开信息9106条',
    '新增行政规范性文件97件',
    '通过政府信息公开直报系统公开4900条',
    '通过门户网站公开7626条',
    '通过门户网站公开7626条，通过其他媒体公开2800条。通过《耒阳政报》将规范性文件、领导讲话、人事任免等信息进行公开，现已出刊17期，发行60000余份',
    '通过其他媒体公开2800条',
    '收到政府信息公开申请1件（其中当面申请1件）',
    '作出答复1件，其中予以公开1件',
    '提供服务类信息19052条',
    '受理网上咨询3557人次',
    '现场接待1612人次',
    '接听咨询电话2015人次',
    '页面访问量520000人次',
    '共有36个乡镇、街道办事处，其中已有24个部署',
    '行政许可类247项，非行政许可类75项，其它管理服务类429项，转报件129项，共880项，已全部在网上公开',
    '网上办件42896件',
    '分3批次',
    '参训206人',
  ])('一、总体情况 states %s', (phrase) => {
    expect(overview).toContain(phrase);
  });

  it('opens 总体情况 with the generated figures, then the edited organisation text', () => {
    const paragraphs = model.sections[0]?.paragraphs ?? [];
    const firstEdited = paragraphs.findIndex((p) => p.source === 'edited');
    expect(firstEdited).toBeGreaterThan(0);
    expect(paragraphs.slice(0, firstEdited).every((p) => p.source === 'generated')).toBe(true);
    expect(paragraphs[firstEdited]?.text).toBe(ORGANISATION_TEXT.split('\n')[0]);
  });

  it('fills table 二 from the data and prints 未统计 for the rest', () => {
    const t2 = findTable(model, 'national.proactive');
    expect(rowData(t2, 'normative')).toEqual([97, NOT_RECORDED, NOT_RECORDED]);
    expect(rowData(t2, 'rules')).toEqual([NOT_RECORDED, NOT_RECORDED, NOT_RECORDED]);
    for (const key of ['licensing', 'penalty', 'enforcement', 'fees']) expect(rowData(t2, key)).toEqual([NOT_RECORDED]);
    const text = reportText(model);
    for (const label of [
      '第二十条第（一）项',
      '第二十条第（五）项',
      '第二十条第（六）项',
      '第二十条第（八）项',
      '本年收费金额（单位：万元）',
    ]) {
      expect(text).toContain(label);
    }
  });

  it('fills the 总计 column of table 三 from the old data', () => {
    const t3 = findTable(model, 'national.requests');
    expect(table3Total(model, 'new')).toBe(1);
    expect(table3Total(model, 'granted')).toBe(1);
    expect(table3Total(model, 'partial')).toBe(0);
    expect(table3Total(model, 'total')).toBe(1);
    // No refusals: every reason of the new list is 0, for every applicant type too.
    for (const row of TABLE3_ROWS.filter((r) => /^(withheld|unavailable|not_processed|other)\./.test(r.key))) {
      expect(rowData(t3, row.key)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    }
    // The applicant split of a non-zero row was never recorded.
    expect(rowData(t3, 'new').slice(0, APPLICANTS)).toEqual(Array(APPLICANTS).fill(NOT_RECORDED));
    expect(rowData(t3, 'granted').slice(0, APPLICANTS)).toEqual(Array(APPLICANTS).fill(NOT_RECORDED));
    expect(rowData(t3, 'carried_in')).toEqual(Array(7).fill(NOT_RECORDED));
    expect(rowData(t3, 'carried_out')).toEqual(Array(7).fill(NOT_RECORDED));
  });

  it('passes the table 三 check, taking the unrecorded carry-overs as 0 and saying so', () => {
    expect(model.checks.table3).toEqual({
      ok: true,
      lhs: 1,
      rhs: 1,
      message: '表三勾稽关系成立：一（1）+ 二（0）= 1，三（七）（1）+ 四（0）= 1。',
      assumedZero: ['二', '四'],
    });
    expect(model.warnings).toContain('表三“二、上年结转政府信息公开申请数量”未统计，核对勾稽关系时按0计算。');
    expect(model.warnings).toContain('表三“四、结转下年度继续办理”未统计，核对勾稽关系时按0计算。');
  });

  it('lays table 三 out on the official grid, with the check in its corner', () => {
    const t3 = findTable(model, 'national.requests');
    expect(t3.columnCount).toBe(10);
    expect(t3.columnWeights).toHaveLength(10);
    expect(gridWidths(t3)).toEqual(Array(t3.header.length + t3.rows.length).fill(10));
    expect(cellText(t3.header[0]?.cells[0]?.value ?? '')).toContain('第一项加第二项之和，等于第三项加第四项之和');
    const labels = reportText(model);
    for (const label of [
      '自然人',
      '法人或其他组织',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '（三）不予公开',
      '8.属于行政查询事项',
      '（七）总计',
    ]) {
      expect(labels).toContain(label);
    }
    expect(t3.rows.map((r) => r.key)).toEqual(TABLE3_ROWS.map((r) => r.key));
  });

  it('lays tables 二 and 四 out on full grids', () => {
    const t2 = findTable(model, 'national.proactive');
    expect(gridWidths(t2)).toEqual(Array(t2.rows.length).fill(4));
    const t4 = findTable(model, 'national.appeals');
    expect(gridWidths(t4)).toEqual([15, 15, 15, 15]);
  });

  it('gives table 四 zeros when there were no reviews or lawsuits', () => {
    const t4 = findTable(model, 'national.appeals');
    expect(rowData(t4, 'counts')).toEqual(Array(15).fill(0));
    expect(sectionText(model, 'appeals')).toContain('行政复议0件，行政诉讼0件，行政申诉0件');
  });

  it('uses the edited texts for 五 and 六', () => {
    expect(sectionText(model, 'problems')).toContain('一是思想认识尚有差距。');
    expect(sectionText(model, 'other')).toContain('100余万元');
  });
});

describe('national layout: the table 三 check', () => {
  it('fails when replies exceed requests and nothing was carried over', () => {
    const model = nationalCity({ values: { ...CITY_2011_VALUES, 'reply.granted': 3 } });
    const check = model.checks.table3;
    expect(check?.ok).toBe(false);
    expect(check?.lhs).toBe(1);
    expect(check?.rhs).toBe(3);
    expect(check?.message).toBe('表三勾稽关系不成立：一（1）+ 二（0）= 1，三（七）（3）+ 四（0）= 3，两者应相等。');
    expect(model.warnings).toContain(check?.message);
  });

  it('holds again once the carried-over requests are recorded', () => {
    const model = nationalCity({
      values: { ...CITY_2011_VALUES, 'reply.granted': 3 },
      extra: { [table3Key('carried_in', 'total')]: 2, [table3Key('carried_out', 'total')]: 0 },
    });
    expect(model.checks.table3).toMatchObject({ ok: true, lhs: 3, rhs: 3, assumedZero: [] });
    expect(model.warnings.some((w) => w.includes('按0计算'))).toBe(false);
    expect(table3Total(model, 'carried_in')).toBe(2);
    // A zero row is zero for every applicant type.
    expect(rowData(findTable(model, 'national.requests'), 'carried_out')).toEqual(Array(7).fill(0));
  });

  it('cannot be computed when the requests were not recorded', () => {
    const values: Record<string, number> = { ...CITY_2011_VALUES };
    delete values['req.in_person'];
    const model = nationalCity({ values });
    expect(model.checks.table3).toBeNull();
    expect(isNotRecorded(table3Total(model, 'new'))).toBe(true);
    expect(model.warnings.some((w) => w.includes('无法核对'))).toBe(true);
  });
});

describe('national layout: figures recorded only for the national format', () => {
  it('shows a recorded applicant split and sums each column into （七）总计', () => {
    const model = nationalCity({
      extra: { ...applicantSplit('new', 1), ...applicantSplit('granted', 1) },
    });
    const t3 = findTable(model, 'national.requests');
    expect(rowData(t3, 'new')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(rowData(t3, 'total')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(model.warnings.some((w) => w.includes('申请人类型'))).toBe(false);
  });

  it('warns when the applicant split does not add up to the total', () => {
    const model = nationalCity({ extra: applicantSplit('new', 1, 1) });
    expect(model.warnings).toContain('表三“一、本年新收政府信息公开申请数量”各类申请人之和（6）与总计（1）不一致。');
  });

  it('leaves the new reasons not recorded when there were refusals, until they are recorded', () => {
    const values = { ...CITY_2011_VALUES, 'req.in_person': 3, 'reply.refused': 2 };
    const unsplit = nationalCity({ values });
    expect(isNotRecorded(table3Total(unsplit, 'withheld.state_secret'))).toBe(true);
    expect(isNotRecorded(table3Total(unsplit, 'unavailable.not_held'))).toBe(true);
    expect(table3Total(unsplit, 'total')).toBe(3);
    expect(unsplit.warnings.some((w) => w.includes('否决公开答复2件尚未按'))).toBe(true);

    const reasons = Object.fromEntries(
      TABLE3_ROWS.filter((r) => /^(withheld|unavailable|not_processed|other)\./.test(r.key)).map((r) => [
        table3Key(r.key, 'total'),
        0,
      ]),
    );
    const split = nationalCity({
      values,
      extra: {
        ...reasons,
        [table3Key('unavailable.not_held', 'total')]: 1,
        [table3Key('not_processed.duplicate', 'total')]: 1,
      },
    });
    expect(table3Total(split, 'unavailable.not_held')).toBe(1);
    expect(table3Total(split, 'withheld.state_secret')).toBe(0);
    expect(split.warnings.some((w) => w.includes('否决公开答复'))).toBe(false);
    expect(split.warnings.some((w) => w.includes('各项之和'))).toBe(false);
  });

  it('fills table 二 from recorded figures, fees with decimals', () => {
    const model = nationalCity({
      extra: { 't2.licensing.decisions': 1520, 't2.fees.amount': 12.35, 't2.rules.issued': 0 },
    });
    const t2 = findTable(model, 'national.proactive');
    expect(rowData(t2, 'licensing')).toEqual([1520]);
    expect(rowData(t2, 'fees')).toEqual([12.35]);
    expect(rowData(t2, 'rules')[0]).toBe(0);
  });

  it('fills table 四 from appeal counts and recorded outcomes', () => {
    const values = { ...CITY_2011_VALUES, 'appeal.review': 2, 'appeal.litigation': 1 };
    const plain = rowData(findTable(nationalCity({ values }), 'national.appeals'), 'counts');
    expect(plain[4]).toBe(2); // 行政复议 总计 from appeal.review
    expect(plain.slice(0, 4).every(isNotRecorded)).toBe(true);
    expect(plain.slice(5).every(isNotRecorded)).toBe(true); // lawsuits not split into the two kinds

    const recorded = nationalCity({
      values,
      extra: {
        [table4Key('review', 'upheld')]: 1,
        [table4Key('review', 'corrected')]: 1,
        [table4Key('review', 'other')]: 0,
        [table4Key('review', 'pending')]: 0,
        [table4Key('litigation_after_review', 'total')]: 1,
        [table4Key('litigation_after_review', 'pending')]: 1,
      },
    });
    const counts = rowData(findTable(recorded, 'national.appeals'), 'counts');
    expect(counts.slice(0, 5)).toEqual([1, 1, 0, 0, 2]);
    expect(counts.slice(5, 10)).toEqual([0, 0, 0, 0, 0]); // direct = 1 lawsuit − 1 after review
    expect(counts[13]).toBe(1);
    expect(counts[14]).toBe(1);
  });

  it('mentions disclosure fees in 六 when recorded', () => {
    const model = nationalCity({ extra: { 'fees.disclosure_charged': 0 } });
    expect(sectionText(model, 'other')).toContain('本年度收取信息处理费0元。');
  });

  it('ignores unknown and invalid figures with a warning instead of printing them', () => {
    const model = nationalCity({
      values: { ...CITY_2011_VALUES, 'consult.phone': -5 },
      extra: { 't3.bogus.natural': 4, 't2.licensing.decisions': 2.5 },
    });
    expect(model.warnings.some((w) => w.includes('t3.bogus.natural'))).toBe(true);
    expect(model.warnings.some((w) => w.includes('咨询电话接听数') && w.includes('-5'))).toBe(true);
    expect(rowData(findTable(model, 'national.proactive'), 'licensing')).toEqual([NOT_RECORDED]);
    expect(sectionText(model, 'overview')).toContain('接听咨询电话未统计');
  });
});

describe('national layout: nothing recorded at all', () => {
  const model = buildAnnualReport(
    makeCityInput({ values: {}, grassroots: undefined, trainingBatches: null, texts: {} }),
  );

  it('prints 未统计 in every table cell and never a number', () => {
    for (const section of model.sections) {
      for (const table of section.tables) {
        for (const row of table.rows) {
          for (const c of row.cells.filter((x) => x.role === 'data')) {
            expect(typeof c.value).not.toBe('number');
            expect(cellText(c.value)).toBe('未统计');
          }
        }
      }
    }
  });

  it('says 未统计 in the text instead of inventing figures', () => {
    const overview = sectionText(model, 'overview');
    expect(overview).toContain('主动公开政府信息未统计');
    expect(overview).toContain('收到政府信息公开申请未统计');
    expect(overview).toContain('网上办件未统计');
    expect(overview).toContain('参加政府信息公开及网上审批业务培训未统计');
    // Digits only where the text names the year, the period or the regulation.
    const stripped = overview.replace(/2011年|1月1日|12月31日|〔2021〕30号/g, '');
    expect(stripped).not.toMatch(/\d/);
  });

  it('has placeholders for every free text and no table 三 check', () => {
    expect(model.checks.table3).toBeNull();
    for (const key of ['problems', 'other']) {
      expect(model.sections.find((s) => s.key === key)?.paragraphs.map((p) => p.source)).toEqual(['placeholder']);
    }
    expect(model.warnings.filter((w) => w.includes('尚未撰写'))).toHaveLength(3);
    expect(model.warnings[0]).toMatch(/^以下指标本年度没有数据/);
  });
});

describe('national layout: one unit', () => {
  const model = buildAnnualReport(makeUnitInput());

  it('reports the unit’s own figures', () => {
    expect(model.title).toBe('蔡子池街道办事处2011年政府信息公开工作年度报告');
    const overview = sectionText(model, 'overview');
    expect(overview).toContain('本单位主动公开政府信息52条');
    expect(overview).toContain('予以公开1件，部分公开1件');
    expect(overview).toContain('本单位已部署网上审批及电子监察系统并投入运行');
    expect(overview).toContain('网上办件310件，其中按时办结300件');
    expect(overview).toContain('参加政府信息公开及网上审批业务培训3人');
    expect(overview).not.toContain('乡镇、街道办事处，其中');
    expect(table3Total(model, 'new')).toBe(2);
    expect(table3Total(model, 'granted')).toBe(1);
    expect(table3Total(model, 'partial')).toBe(1);
    expect(table3Total(model, 'total')).toBe(2);
    expect(model.checks.table3?.ok).toBe(true);
  });

  it('ignores the city-only grassroots figure for a unit', () => {
    const withGrassroots = buildAnnualReport(makeUnitInput({ grassroots: { deployed: 24, total: 36 } }));
    expect(sectionText(withGrassroots, 'overview')).not.toContain('36');
  });
});

describe('the gazette and the unit-quarters behind the totals', () => {
  it('says the gazette in its issues and copies; without that text it counts items and asks for it', () => {
    const withText = sectionText(nationalCity(), 'overview');
    expect(withText).toContain('现已出刊17期，发行60000余份。');
    expect(withText).not.toContain('通过政府公报公开17条');
    const base = makeCityInput();
    const bare = nationalCity({ texts: { ...base.texts, gazette: '  ' } });
    expect(sectionText(bare, 'overview')).toContain('通过政府公报公开17条');
    expect(bare.warnings.some((w) => w.includes('“政府公报”一段未填写'))).toBe(true);
    expect(nationalCity().warnings.some((w) => w.includes('政府公报'))).toBe(false);
  });

  it('names the unit-quarters missing, returned or unverified, first among the warnings', () => {
    const gap = (unit: string, name: string, quarter: string) => ({ unit, name, quarter });
    const model = nationalCity({
      coverage: {
        missing: [gap('T05', '三架街道', '2011Q2')],
        returned: [gap('T01', '蔡子池街道', '2011Q4')],
        unverified: [gap('T33', '某某乡', '2011Q4'), gap('D36', '某某局', '2011Q4')],
      },
    });
    expect(model.warnings.slice(0, 3)).toEqual([
      '以下1个单位季度未报送，其数据未计入本报告：三架街道（T05）2011年第二季度。',
      '以下1个单位季度已被退回修改、尚未重新报送，其数据未计入本报告：蔡子池街道（T01）2011年第四季度。',
      '以下2个单位季度已报送但尚未审核，其数据已计入本报告，审核中如有修改将改变合计：某某乡（T33）2011年第四季度、某某局（D36）2011年第四季度。',
    ]);
    const many = Array.from({ length: 40 }, (_, i) => gap(`X${i}`, `单位${i}`, '2011Q1'));
    const long = nationalCity({ coverage: { missing: many, returned: [], unverified: [] } });
    expect(long.warnings[0]).toMatch(/^以下40个单位季度未报送.*单位29（X29）2011年第一季度等40个单位季度。$/);
    expect(long.warnings[0]).not.toContain('单位30（');
    expect(nationalCity({ coverage: { missing: [], returned: [], unverified: [] } }).warnings).toEqual(
      nationalCity().warnings,
    );
  });
});

describe('reportInput schema', () => {
  it('accepts the city input and rejects a malformed one', () => {
    expect(reportInput.safeParse(makeCityInput()).success).toBe(true);
    expect(reportInput.safeParse({ ...makeCityInput(), scope: { kind: 'unit' } }).success).toBe(false);
    expect(reportInput.safeParse({ ...makeCityInput(), year: 11 }).success).toBe(false);
  });
});
