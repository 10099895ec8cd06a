import { describe, expect, it } from 'vitest';
import { buildAnnualReport } from '../../../server/domain/report/annual-report.ts';
import { LEGACY_COMPLAINT_FIRST_KEY, LEGACY_REFUSAL_REASONS } from '../../../server/domain/report/extra-figures.ts';
import { isNotRecorded, NOT_RECORDED } from '../../../server/domain/report/report-model.ts';
import {
  CITY_2011_VALUES,
  findTable,
  legacyValue,
  makeCityInput,
  makeUnitInput,
  OTHER_TEXT,
  reportText,
  sectionText,
} from './report-fixtures.ts';

const legacyCity = (overrides: Parameters<typeof makeCityInput>[0] = {}) =>
  buildAnnualReport(makeCityInput({ layout: 'legacy', ...overrides }));

describe('legacy layout: Leiyang 2011, city-wide', () => {
  const model = legacyCity();
  const text = reportText(model);

  it('has the seed title and its sections in order', () => {
    expect(model.title).toBe('耒阳市2011年政府信息公开年度工作报告');
    expect(model.layout).toBe('legacy');
    expect(model.sections.map((s) => s.heading)).toEqual([
      '概述',
      '一、加强政府信息公开及网上审批组织领导',
      '二、主动、及时、准确公开信息，积极推进政府信息公开工作',
      '三、行政复议、诉讼和申诉情况',
      '四、政府信息公开的收费及减免情况',
      '五、推进网上审批和电子监察工作，强化教育培训',
      '六、存在的问题及改进措施',
      '七、附表',
    ]);
  });

  it('states the statistical period in Chinese dates', () => {
    expect(sectionText(model, 'summary')).toContain('统计期限自2011年1月1日起至2011年12月31日止');
    expect(model.period).toEqual({ start: '2011-01-01', end: '2011-12-31' });
  });

  it.each([
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
    '收到政府信息公开申请1件',
    '当面申请1件',
    '同意公开1件',
  ])('section 二 states %s', (phrase) => {
    expect(sectionText(model, 'proactive')).toContain(phrase);
  });

  it.each([
    '共有36个乡镇、街道办事处，其中已有24个部署了网上审批及电子监察系统',
    '完成率为66.7%',
    '行政许可类247项',
    '非行政许可类75项',
    '其它管理服务类429项',
    '转报件129项',
    '共880项，已全部在网上公开',
    '网上办件42896件',
    '分3批次',
    '参训206人',
  ])('section 五 states %s', (phrase) => {
    expect(sectionText(model, 'online_approval')).toContain(phrase);
  });

  it('does not state an on-time figure the data does not hold', () => {
    expect(text).not.toContain('按时办结');
  });

  it('says 无 for appeals and fees when there were none', () => {
    expect(sectionText(model, 'appeals')).toBe('无。');
    expect(sectionText(model, 'fees')).toBe('无。');
  });

  it('keeps the edited texts as paragraphs and puts the other text in section 五', () => {
    const organisation = model.sections.find((s) => s.key === 'organisation');
    expect(organisation?.paragraphs).toEqual([
      { text: '一是完善组织机制。今年，我市明确了政府信息公开和网上审批工作的领导机构。', source: 'edited' },
      { text: '二是完善工作机制。', source: 'edited' },
    ]);
    expect(sectionText(model, 'problems')).toContain('（二）改进措施');
    expect(sectionText(model, 'online_approval')).toContain(OTHER_TEXT);
  });

  it('appends the four tables of 七、附表 with their figures', () => {
    const appendix = model.sections.find((s) => s.key === 'appendix');
    expect(appendix?.tables.map((t) => t.caption)).toEqual([
      '1. 主动公开情况统计',
      '2. 依申请公开情况统计',
      '3. 咨询情况统计',
      '4. 申诉情况统计',
    ]);
    const t1 = findTable(model, 'legacy.proactive');
    expect(legacyValue(t1, 'pub.total')).toBe(9106);
    expect(legacyValue(t1, 'pub.electronic')).toBe(9106);
    expect(legacyValue(t1, 'pub.normative_docs')).toBe(97);

    const t2 = findTable(model, 'legacy.requests');
    expect(legacyValue(t2, 'req.total')).toBe(1);
    expect(legacyValue(t2, 'req.in_person')).toBe(1);
    for (const code of ['req.fax', 'req.email', 'req.online', 'req.letter', 'req.other'])
      expect(legacyValue(t2, code)).toBe(0);
    expect(legacyValue(t2, 'reply.total')).toBe(1);
    expect(legacyValue(t2, 'reply.granted')).toBe(1);
    expect(legacyValue(t2, 'reply.partial')).toBe(0);
    expect(legacyValue(t2, 'reply.refused')).toBe(0);
    expect(LEGACY_REFUSAL_REASONS).toHaveLength(11);
    for (const r of LEGACY_REFUSAL_REASONS) expect(legacyValue(t2, r.key)).toBe(0);
    expect(t2.notes).toContain('注：免予公开范围指《规定》第十条所列免予公开的政府信息范围。');

    const t3 = findTable(model, 'legacy.consultations');
    expect(
      ['consult.service_info', 'consult.online', 'consult.onsite', 'consult.phone', 'consult.page_views'].map((c) =>
        legacyValue(t3, c),
      ),
    ).toEqual([19052, 3557, 1612, 2015, 520000]);

    const t4 = findTable(model, 'legacy.appeals');
    expect(
      ['appeal.review', 'appeal.litigation', 'appeal.complaint', LEGACY_COMPLAINT_FIRST_KEY].map((c) =>
        legacyValue(t4, c),
      ),
    ).toEqual([0, 0, 0, 0]);
  });

  it('labels the legacy tables as the seed does', () => {
    expect(text).toContain('其中：全文电子化的主动公开信息数');
    expect(text).toContain('其中：1. 当面申请数');
    expect(text).toContain('（11）其它原因');
    expect(text).toContain('网站专栏页面访问量 | 人次 | 520000');
  });

  it('has no table 三 check and, with all texts written, no warnings', () => {
    expect(model.checks.table3).toBeNull();
    expect(model.warnings).toEqual([]);
  });
});

describe('legacy layout: figures that were not recorded', () => {
  it('shows refusal reasons as not recorded when there were refusals and no split', () => {
    const model = legacyCity({ values: { ...CITY_2011_VALUES, 'reply.refused': 2 } });
    const t2 = findTable(model, 'legacy.requests');
    expect(legacyValue(t2, 'reply.refused')).toBe(2);
    for (const r of LEGACY_REFUSAL_REASONS) expect(legacyValue(t2, r.key)).toEqual(NOT_RECORDED);
    expect(t2.notes.some((n) => n.includes('未统计'))).toBe(true);
    expect(sectionText(model, 'proactive')).toContain('否决公开2件');
  });

  it('shows a recorded refusal split and warns when it does not add up', () => {
    const values = { ...CITY_2011_VALUES, 'reply.refused': 2 };
    const extra = Object.fromEntries(LEGACY_REFUSAL_REASONS.map((r) => [r.key, 0]));
    extra['legacy.refusal.not_exist'] = 1;
    const model = legacyCity({ values, extra });
    const t2 = findTable(model, 'legacy.requests');
    expect(legacyValue(t2, 'legacy.refusal.not_exist')).toBe(1);
    expect(legacyValue(t2, 'legacy.refusal.other')).toBe(0);
    expect(model.warnings.some((w) => w.includes('否决公开答复的各项原因之和（1）'))).toBe(true);
  });

  it('prints 未统计 for missing indicators, never a number, and lists them in a warning', () => {
    const values: Record<string, number> = { ...CITY_2011_VALUES };
    delete values['consult.online'];
    delete values['req.fax'];
    const model = legacyCity({ values });
    expect(legacyValue(findTable(model, 'legacy.consultations'), 'consult.online')).toEqual(NOT_RECORDED);
    const t2 = findTable(model, 'legacy.requests');
    expect(isNotRecorded(legacyValue(t2, 'req.fax'))).toBe(true);
    // The total cannot be known without every part.
    expect(isNotRecorded(legacyValue(t2, 'req.total'))).toBe(true);
    expect(sectionText(model, 'proactive')).toContain('收到政府信息公开申请未统计');
    expect(model.warnings[0]).toBe('以下指标本年度没有数据，报告中显示为“未统计”：传真申请数、网上咨询数。');
  });

  it('counts appeals when there were some', () => {
    const model = legacyCity({ values: { ...CITY_2011_VALUES, 'appeal.review': 2 } });
    expect(sectionText(model, 'appeals')).toBe('本年度涉及政府信息公开的行政复议2件，行政诉讼0件，行政申诉0件。');
  });

  it('reports disclosure fees when recorded', () => {
    const model = legacyCity({ extra: { 'fees.disclosure_charged': 120, 'fees.disclosure_waived': 30.5 } });
    expect(sectionText(model, 'fees')).toBe(
      '本年度依申请提供政府信息收取检索、复制、邮寄等费用120元，减免费用30.5元。',
    );
  });

  it('warns when replies exceed requests', () => {
    const model = legacyCity({ values: { ...CITY_2011_VALUES, 'reply.granted': 3 } });
    expect(model.warnings.some((w) => w.includes('答复总数（3）超过申请总数（1）'))).toBe(true);
  });

  it('writes a placeholder and a warning for missing free text', () => {
    const model = legacyCity({ texts: {} });
    const organisation = model.sections.find((s) => s.key === 'organisation');
    expect(organisation?.paragraphs).toHaveLength(1);
    expect(organisation?.paragraphs[0]?.source).toBe('placeholder');
    expect(organisation?.paragraphs[0]?.text).toContain('尚未撰写');
    expect(model.warnings).toContain('“组织领导”尚未撰写，报告中以占位文字代替。');
    expect(model.warnings).toContain('“存在的问题及改进措施”尚未撰写，报告中以占位文字代替。');
  });

  it('says 未统计 when the grassroots roll-out is not provided', () => {
    const model = legacyCity({ grassroots: undefined, values: { ...CITY_2011_VALUES } });
    expect(sectionText(model, 'online_approval')).toContain('已有24个乡镇、街道办事处部署了网上审批及电子监察系统');
    expect(sectionText(model, 'online_approval')).toContain('总数未统计');
    expect(model.warnings.some((w) => w.includes('部署情况'))).toBe(true);
  });
});

describe('legacy layout: one unit', () => {
  const model = buildAnnualReport(makeUnitInput({ layout: 'legacy' }));

  it('is titled with the unit and speaks of the unit', () => {
    expect(model.title).toBe('蔡子池街道办事处2011年政府信息公开年度工作报告');
    expect(model.scope).toEqual({ kind: 'unit', code: 'T01', name: '蔡子池街道办事处' });
    expect(sectionText(model, 'proactive')).toContain('2011年，本单位主动公开政府信息52条');
    expect(sectionText(model, 'proactive')).toContain('网上申请2件');
    expect(sectionText(model, 'proactive')).toContain('同意公开1件，同意部分公开1件');
    expect(sectionText(model, 'online_approval')).toContain('本单位已部署网上审批及电子监察系统');
    expect(sectionText(model, 'online_approval')).toContain('网上办件310件，其中按时办结300件');
    expect(sectionText(model, 'online_approval')).not.toContain('36');
    expect(legacyValue(findTable(model, 'legacy.requests'), 'req.total')).toBe(2);
  });
});
