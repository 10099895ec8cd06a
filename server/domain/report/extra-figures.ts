/**
 * Figures the quarterly catalogue does not hold but the annual report's tables need: the national format's
 * applicant types, refusal reasons, carried-over requests, rule-making and enforcement counts, review and
 * litigation outcomes, and the few legacy-table figures without an indicator. They are recorded per year and
 * scope; a key that is absent means "not recorded" and prints 未统计.
 */

export type ExtraFigureGroup = 'table2' | 'table3' | 'table4' | 'fees' | 'legacy';

export type ExtraFigureDef = {
  key: string;
  labelZh: string;
  labelEn: string;
  group: ExtraFigureGroup;
  measure: string;
  /** Money may have decimals; every count is a whole number. */
  allowsDecimals: boolean;
};

/** Rows of table 三 (the national format), in print order. `total` is always computed, never recorded. */
export const TABLE3_ROWS = [
  { key: 'new', labelZh: '一、本年新收政府信息公开申请数量', labelEn: 'New requests this year' },
  { key: 'carried_in', labelZh: '二、上年结转政府信息公开申请数量', labelEn: 'Requests carried over from last year' },
  { key: 'granted', labelZh: '（一）予以公开', labelEn: 'Disclosed' },
  { key: 'partial', labelZh: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', labelEn: 'Partly disclosed' },
  { key: 'withheld.state_secret', labelZh: '1.属于国家秘密', labelEn: 'Withheld: state secret' },
  {
    key: 'withheld.law_prohibited',
    labelZh: '2.其他法律行政法规禁止公开',
    labelEn: 'Withheld: prohibited by other laws',
  },
  {
    key: 'withheld.three_safety',
    labelZh: '3.危及“三安全一稳定”',
    labelEn: 'Withheld: endangers security or stability',
  },
  { key: 'withheld.third_party', labelZh: '4.保护第三方合法权益', labelEn: 'Withheld: third-party rights' },
  { key: 'withheld.internal_affairs', labelZh: '5.属于三类内部事务信息', labelEn: 'Withheld: internal affairs' },
  { key: 'withheld.process_info', labelZh: '6.属于四类过程性信息', labelEn: 'Withheld: process information' },
  { key: 'withheld.enforcement_file', labelZh: '7.属于行政执法案卷', labelEn: 'Withheld: enforcement files' },
  { key: 'withheld.inquiry', labelZh: '8.属于行政查询事项', labelEn: 'Withheld: administrative inquiry matters' },
  { key: 'unavailable.not_held', labelZh: '1.本机关不掌握相关政府信息', labelEn: 'Unavailable: not held' },
  {
    key: 'unavailable.needs_creation',
    labelZh: '2.没有现成信息需要另行制作',
    labelEn: 'Unavailable: would need to be created',
  },
  {
    key: 'unavailable.unclear',
    labelZh: '3.补正后申请内容仍不明确',
    labelEn: 'Unavailable: still unclear after correction',
  },
  {
    key: 'not_processed.petition',
    labelZh: '1.信访举报投诉类申请',
    labelEn: 'Not processed: petitions and complaints',
  },
  { key: 'not_processed.duplicate', labelZh: '2.重复申请', labelEn: 'Not processed: duplicate' },
  { key: 'not_processed.publication', labelZh: '3.要求提供公开出版物', labelEn: 'Not processed: published material' },
  {
    key: 'not_processed.excessive',
    labelZh: '4.无正当理由大量反复申请',
    labelEn: 'Not processed: excessive repeated requests',
  },
  {
    key: 'not_processed.confirmation',
    labelZh: '5.要求行政机关确认或重新出具已获取信息',
    labelEn: 'Not processed: confirmation of information already obtained',
  },
  {
    key: 'other.no_correction',
    labelZh: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    labelEn: 'Other: applicant did not correct in time',
  },
  {
    key: 'other.no_fee',
    labelZh: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    labelEn: 'Other: applicant did not pay the fee in time',
  },
  { key: 'other.other', labelZh: '3.其他', labelEn: 'Other: other' },
  { key: 'total', labelZh: '（七）总计', labelEn: 'Total handled' },
  { key: 'carried_out', labelZh: '四、结转下年度继续办理', labelEn: 'Carried over to next year' },
] as const;
export type Table3RowKey = (typeof TABLE3_ROWS)[number]['key'];

/** The groups of 三、本年度办理结果 that have numbered reasons, with the first word of their row keys. */
export const TABLE3_REASON_GROUPS = [
  { prefix: 'withheld', labelZh: '（三）不予公开' },
  { prefix: 'unavailable', labelZh: '（四）无法提供' },
  { prefix: 'not_processed', labelZh: '（五）不予处理' },
  { prefix: 'other', labelZh: '（六）其他处理' },
] as const;

/** Columns of table 三: the applicant types, then 总计. */
export const TABLE3_COLUMNS = [
  { key: 'natural', labelZh: '自然人', labelEn: 'natural persons' },
  { key: 'business', labelZh: '商业企业', labelEn: 'businesses' },
  { key: 'research', labelZh: '科研机构', labelEn: 'research institutions' },
  { key: 'nonprofit', labelZh: '社会公益组织', labelEn: 'non-profit organisations' },
  { key: 'legal_service', labelZh: '法律服务机构', labelEn: 'legal service providers' },
  { key: 'other_org', labelZh: '其他', labelEn: 'other organisations' },
  { key: 'total', labelZh: '总计', labelEn: 'total' },
] as const;
export type Table3ColumnKey = (typeof TABLE3_COLUMNS)[number]['key'];
export const TABLE3_APPLICANT_COLUMNS = TABLE3_COLUMNS.filter((c) => c.key !== 'total');

/** Table 三 totals the catalogue already provides (req.total, reply.granted, reply.partial): not recordable twice. */
const TABLE3_TOTALS_FROM_DATA: ReadonlySet<string> = new Set(['new', 'granted', 'partial']);

export function table3Key(row: Table3RowKey, column: Table3ColumnKey): string {
  return `t3.${row}.${column}`;
}

export const TABLE4_BLOCKS = [
  { key: 'review', labelZh: '行政复议', labelEn: 'Administrative review' },
  { key: 'litigation_direct', labelZh: '行政诉讼（未经复议直接起诉）', labelEn: 'Lawsuits filed directly' },
  { key: 'litigation_after_review', labelZh: '行政诉讼（复议后起诉）', labelEn: 'Lawsuits filed after review' },
] as const;
export type Table4BlockKey = (typeof TABLE4_BLOCKS)[number]['key'];

export const TABLE4_OUTCOMES = [
  { key: 'upheld', labelZh: '结果维持', labelEn: 'upheld' },
  { key: 'corrected', labelZh: '结果纠正', labelEn: 'corrected' },
  { key: 'other', labelZh: '其他结果', labelEn: 'other outcome' },
  { key: 'pending', labelZh: '尚未审结', labelEn: 'pending' },
  { key: 'total', labelZh: '总计', labelEn: 'total' },
] as const;
export type Table4OutcomeKey = (typeof TABLE4_OUTCOMES)[number]['key'];

export function table4Key(block: Table4BlockKey, outcome: Table4OutcomeKey): string {
  return `t4.${block}.${outcome}`;
}

/** Table 二 figures. 行政规范性文件 本年制发件数 is not here: it is the catalogue's `pub.normative_docs`. */
export const TABLE2_KEYS = {
  rulesIssued: 't2.rules.issued',
  rulesRepealed: 't2.rules.repealed',
  rulesInForce: 't2.rules.in_force',
  normativeRepealed: 't2.normative.repealed',
  normativeInForce: 't2.normative.in_force',
  licensingDecisions: 't2.licensing.decisions',
  penaltyDecisions: 't2.penalty.decisions',
  enforcementDecisions: 't2.enforcement.decisions',
  feesAmount: 't2.fees.amount',
} as const;

export const FEE_KEYS = {
  disclosureCharged: 'fees.disclosure_charged',
  disclosureWaived: 'fees.disclosure_waived',
} as const;

/** The eleven reasons of the legacy table's 否决公开答复, in print order. */
export const LEGACY_REFUSAL_REASONS = [
  {
    key: 'legacy.refusal.not_gov_info',
    labelZh: '（1）非《规定》所指政府信息数',
    labelEn: 'not government information',
  },
  { key: 'legacy.refusal.not_exist', labelZh: '（2）信息不存在', labelEn: 'information does not exist' },
  { key: 'legacy.refusal.not_held', labelZh: '（3）非本部门掌握', labelEn: 'not held by this body' },
  { key: 'legacy.refusal.unclear', labelZh: '（4）申请内容不明确', labelEn: 'request unclear' },
  { key: 'legacy.refusal.exempt_1', labelZh: '（5）免予公开范围1', labelEn: 'exempt, category 1' },
  { key: 'legacy.refusal.exempt_2', labelZh: '（6）免予公开范围2', labelEn: 'exempt, category 2' },
  { key: 'legacy.refusal.exempt_3', labelZh: '（7）免予公开范围3', labelEn: 'exempt, category 3' },
  { key: 'legacy.refusal.exempt_4', labelZh: '（8）免予公开范围4', labelEn: 'exempt, category 4' },
  { key: 'legacy.refusal.exempt_5', labelZh: '（9）免予公开范围5', labelEn: 'exempt, category 5' },
  { key: 'legacy.refusal.exempt_6', labelZh: '（10）免予公开范围6', labelEn: 'exempt, category 6' },
  { key: 'legacy.refusal.other', labelZh: '（11）其它原因', labelEn: 'other reason' },
] as const;
export const LEGACY_COMPLAINT_FIRST_KEY = 'legacy.complaint_first_handling';

function buildCatalogue(): ExtraFigureDef[] {
  const defs: ExtraFigureDef[] = [];
  const count = (key: string, labelZh: string, labelEn: string, group: ExtraFigureGroup, measure = '件') =>
    defs.push({ key, labelZh, labelEn, group, measure, allowsDecimals: false });
  const money = (key: string, labelZh: string, labelEn: string, group: ExtraFigureGroup, measure: string) =>
    defs.push({ key, labelZh, labelEn, group, measure, allowsDecimals: true });

  count(TABLE2_KEYS.rulesIssued, '规章 本年制发件数', 'Rules issued this year', 'table2');
  count(TABLE2_KEYS.rulesRepealed, '规章 本年废止件数', 'Rules repealed this year', 'table2');
  count(TABLE2_KEYS.rulesInForce, '规章 现行有效件数', 'Rules in force', 'table2');
  count(
    TABLE2_KEYS.normativeRepealed,
    '行政规范性文件 本年废止件数',
    'Normative documents repealed this year',
    'table2',
  );
  count(TABLE2_KEYS.normativeInForce, '行政规范性文件 现行有效件数', 'Normative documents in force', 'table2');
  count(TABLE2_KEYS.licensingDecisions, '行政许可 本年处理决定数量', 'Licensing decisions this year', 'table2');
  count(TABLE2_KEYS.penaltyDecisions, '行政处罚 本年处理决定数量', 'Penalty decisions this year', 'table2');
  count(TABLE2_KEYS.enforcementDecisions, '行政强制 本年处理决定数量', 'Coercive measures this year', 'table2');
  money(
    TABLE2_KEYS.feesAmount,
    '行政事业性收费 本年收费金额',
    'Administrative fees collected this year',
    'table2',
    '万元',
  );

  for (const row of TABLE3_ROWS) {
    if (row.key === 'total') continue;
    for (const col of TABLE3_COLUMNS) {
      if (col.key === 'total' && TABLE3_TOTALS_FROM_DATA.has(row.key)) continue;
      count(
        table3Key(row.key, col.key),
        `${table3RowLabel(row.key)}（${col.labelZh}）`,
        `${row.labelEn} (${col.labelEn})`,
        'table3',
      );
    }
  }

  for (const block of TABLE4_BLOCKS) {
    for (const outcome of TABLE4_OUTCOMES) {
      count(
        table4Key(block.key, outcome.key),
        `${block.labelZh} ${outcome.labelZh}`,
        `${block.labelEn}: ${outcome.labelEn}`,
        'table4',
      );
    }
  }

  money(FEE_KEYS.disclosureCharged, '政府信息公开收取的费用', 'Disclosure fees charged', 'fees', '元');
  money(FEE_KEYS.disclosureWaived, '政府信息公开减免的费用', 'Disclosure fees waived', 'fees', '元');

  for (const reason of LEGACY_REFUSAL_REASONS) {
    count(reason.key, `否决公开答复 ${reason.labelZh}`, `Refusals: ${reason.labelEn}`, 'legacy');
  }
  count(
    LEGACY_COMPLAINT_FIRST_KEY,
    '对本部门首次处理不满意的行政申诉数',
    'Complaints about this body’s first handling',
    'legacy',
  );
  return defs;
}

/** A table 三 row's label with its group, so that `1.属于国家秘密` reads as `（三）不予公开 1.属于国家秘密`. */
export function table3RowLabel(row: Table3RowKey): string {
  const def = TABLE3_ROWS.find((r) => r.key === row);
  const group = TABLE3_REASON_GROUPS.find((g) => row.startsWith(`${g.prefix}.`));
  return group ? `${group.labelZh} ${def?.labelZh ?? row}` : (def?.labelZh ?? row);
}

/** Every figure the report accepts in `extra`, with Chinese labels, in form order. */
export const EXTRA_FIGURES: readonly ExtraFigureDef[] = buildCatalogue();
export const EXTRA_FIGURES_BY_KEY: ReadonlyMap<string, ExtraFigureDef> = new Map(EXTRA_FIGURES.map((d) => [d.key, d]));
