/** The default indicator catalogue of interfaces.md: codes, names, kinds and validation bounds. */

export type IndicatorKind = 'flow' | 'stock';
export type IndicatorCategory =
  | 'publication'
  | 'channel'
  | 'request'
  | 'reply'
  | 'consultation'
  | 'appeal'
  | 'approval'
  | 'training';
export type UnitType = 'township' | 'street' | 'department' | 'institution';
export type RankGroup = 'grassroots' | 'organs';

export const UNIT_TYPES: readonly UnitType[] = ['township', 'street', 'department', 'institution'];
export const RANK_GROUPS: readonly RankGroup[] = ['grassroots', 'organs'];

export function groupOfType(type: UnitType): RankGroup {
  return type === 'township' || type === 'street' ? 'grassroots' : 'organs';
}

export type IndicatorDef = {
  code: string;
  nameZh: string;
  nameEn: string;
  category: IndicatorCategory;
  kind: IndicatorKind;
  /** Measure shown beside the value (条, 件, 人次 …). */
  measure: string;
  min: number;
  max: number | null;
  /** The value may not exceed the sum of these indicators' values (same unit and period). */
  notAboveSumOf: string[];
  /** Only units of this group enter it; null = every unit. */
  group: RankGroup | null;
  sortOrder: number;
};

type Row = [
  code: string,
  nameZh: string,
  nameEn: string,
  category: IndicatorCategory,
  kind: IndicatorKind,
  measure: string,
];

const ROWS: Row[] = [
  ['pub.overview', '概况信息', 'Overview information', 'publication', 'flow', '条'],
  ['pub.plans', '计划总结', 'Plans and summaries', 'publication', 'flow', '条'],
  ['pub.regulations', '法规公文', 'Regulations and official documents', 'publication', 'flow', '条'],
  ['pub.news', '工作动态', 'Work news', 'publication', 'flow', '条'],
  ['pub.personnel', '人事信息', 'Personnel information', 'publication', 'flow', '条'],
  ['pub.finance', '财政信息', 'Financial information', 'publication', 'flow', '条'],
  ['pub.services', '政府事项业务类信息', 'Government services information', 'publication', 'flow', '条'],
  ['pub.annual_reports', '信息公开年度报告', 'Annual disclosure reports', 'publication', 'flow', '篇'],
  ['pub.other', '其它信息', 'Other information', 'publication', 'flow', '条'],
  [
    'pub.electronic',
    '全文电子化的主动公开信息数',
    'Items published as full electronic text',
    'publication',
    'flow',
    '条',
  ],
  ['pub.normative_docs', '新增的行政规范性文件数', 'New normative documents', 'publication', 'flow', '件'],
  ['chan.direct_report', '通过直报系统公开数', 'Published via the direct-report system', 'channel', 'flow', '条'],
  ['chan.portal', '通过门户网站公开数', 'Published on the portal', 'channel', 'flow', '条'],
  ['chan.gazette', '通过政府公报公开数', 'Published in the gazette', 'channel', 'flow', '条'],
  ['chan.other_media', '通过其他媒体公开数', 'Published via other media', 'channel', 'flow', '条'],
  ['req.in_person', '当面申请数', 'Requests in person', 'request', 'flow', '件'],
  ['req.fax', '传真申请数', 'Requests by fax', 'request', 'flow', '件'],
  ['req.email', '电子邮件申请数', 'Requests by e-mail', 'request', 'flow', '件'],
  ['req.online', '网上申请数', 'Requests online', 'request', 'flow', '件'],
  ['req.letter', '信函申请数', 'Requests by letter', 'request', 'flow', '件'],
  ['req.other', '其他形式申请数', 'Requests in other forms', 'request', 'flow', '件'],
  ['reply.granted', '同意公开答复数', 'Replies granting disclosure', 'reply', 'flow', '件'],
  ['reply.partial', '同意部分公开答复数', 'Replies granting partial disclosure', 'reply', 'flow', '件'],
  ['reply.refused', '否决公开答复数', 'Replies refusing disclosure', 'reply', 'flow', '件'],
  ['consult.service_info', '提供服务类信息数', 'Service information provided', 'consultation', 'flow', '条'],
  ['consult.online', '网上咨询数', 'Online consultations', 'consultation', 'flow', '人次'],
  ['consult.onsite', '现场接待人数', 'On-site visitors', 'consultation', 'flow', '人次'],
  ['consult.phone', '咨询电话接听数', 'Phone consultations', 'consultation', 'flow', '人次'],
  ['consult.page_views', '网站专栏页面访问量', 'Disclosure column page views', 'consultation', 'flow', '人次'],
  ['appeal.review', '行政复议数', 'Administrative reviews', 'appeal', 'flow', '件'],
  ['appeal.litigation', '行政诉讼数', 'Administrative lawsuits', 'appeal', 'flow', '件'],
  ['appeal.complaint', '行政申诉数', 'Administrative complaints', 'appeal', 'flow', '件'],
  [
    'approval.deployed',
    '网上审批及电子监察系统已部署',
    'Online approval and e-supervision deployed',
    'approval',
    'stock',
    '是/否',
  ],
  ['approval.items_licensing', '行政许可类事项数', 'Licensing items', 'approval', 'stock', '项'],
  ['approval.items_nonlicensing', '非行政许可类事项数', 'Non-licensing items', 'approval', 'stock', '项'],
  ['approval.items_services', '其它管理服务类事项数', 'Other management service items', 'approval', 'stock', '项'],
  ['approval.items_transfer', '转报件数', 'Transfer items', 'approval', 'stock', '项'],
  ['approval.items_published', '已网上公开的事项数', 'Items published online', 'approval', 'stock', '项'],
  ['approval.cases', '网上办件数', 'Online cases', 'approval', 'flow', '件'],
  ['approval.cases_ontime', '按时办结数', 'Cases completed on time', 'approval', 'flow', '件'],
  ['training.attendees', '参加培训人数', 'Training attendees', 'training', 'flow', '人'],
];

export const PUB_CATEGORY_CODES = [
  'pub.overview',
  'pub.plans',
  'pub.regulations',
  'pub.news',
  'pub.personnel',
  'pub.finance',
  'pub.services',
  'pub.annual_reports',
  'pub.other',
] as const;
export const REQ_FORM_CODES = [
  'req.in_person',
  'req.fax',
  'req.email',
  'req.online',
  'req.letter',
  'req.other',
] as const;
export const REPLY_CODES = ['reply.granted', 'reply.partial', 'reply.refused'] as const;
export const APPEAL_CODES = ['appeal.review', 'appeal.litigation', 'appeal.complaint'] as const;
export const APPROVAL_ITEM_CODES = [
  'approval.items_licensing',
  'approval.items_nonlicensing',
  'approval.items_services',
  'approval.items_transfer',
] as const;

const SUM_BOUNDS: Record<string, string[]> = {
  'pub.electronic': [...PUB_CATEGORY_CODES],
  'approval.items_published': [...APPROVAL_ITEM_CODES],
  'approval.cases_ontime': ['approval.cases'],
};

export const DEFAULT_CATALOGUE: readonly IndicatorDef[] = ROWS.map(
  ([code, nameZh, nameEn, category, kind, measure], i) => ({
    code,
    nameZh,
    nameEn,
    category,
    kind,
    measure,
    min: 0,
    max: code === 'approval.deployed' ? 1 : null,
    notAboveSumOf: SUM_BOUNDS[code] ?? [],
    group: code === 'approval.deployed' ? 'grassroots' : null,
    sortOrder: (i + 1) * 10,
  }),
);

export const DEFAULT_INDICATOR_CODES: readonly string[] = DEFAULT_CATALOGUE.map((d) => d.code);

/** Derived totals that rules may read as if they were indicators (scoring.md). */
export const DERIVED_TOTALS: Record<string, readonly string[]> = {
  'pub.total': PUB_CATEGORY_CODES,
  'req.total': REQ_FORM_CODES,
  'reply.total': REPLY_CODES,
  'appeal.total': APPEAL_CODES,
};

export const CATEGORY_LABELS: Record<IndicatorCategory, { zh: string; en: string }> = {
  publication: { zh: '主动公开', en: 'Proactive disclosure' },
  channel: { zh: '公开渠道', en: 'Channels' },
  request: { zh: '依申请公开', en: 'Requests' },
  reply: { zh: '申请答复', en: 'Replies' },
  consultation: { zh: '咨询', en: 'Consultations' },
  appeal: { zh: '复议诉讼申诉', en: 'Appeals' },
  approval: { zh: '网上审批', en: 'Online approval' },
  training: { zh: '培训', en: 'Training' },
};
