/** Layout 1 of annual-report.md: the seed's own 2008–2018 structure, sections 概述 … 七、附表. */
import { REQ_FORM_CODES } from '../catalogue.ts';
import { FEE_KEYS, LEGACY_COMPLAINT_FIRST_KEY, LEGACY_REFUSAL_REASONS } from './extra-figures.ts';
import { indicatorLabel, indicatorMeasure, sumKnown } from './report-figures.ts';
import { formatNumber, type ReportSection, type ReportTable, type TableCell, type TableRow } from './report-model.ts';
import {
  appealSentence,
  approvalParagraphs,
  cell,
  editedOrPlaceholder,
  editedParagraphs,
  generated,
  LEGACY_REPLY_WORDS,
  publicationParagraphs,
  requestParagraph,
  type TextContext,
  withNotRecordedNote,
} from './report-text.ts';

export type LegacyTexts = { organisation?: string; problems?: string; other?: string };

export function buildLegacySections(
  ctx: TextContext,
  texts: LegacyTexts,
  period: { start: string; end: string },
): ReportSection[] {
  const f = ctx.figures;
  const replies = f.total('reply.total');
  const requests = f.total('req.total');
  if (replies !== null && requests !== null && replies > requests) {
    ctx.warnings.push(`对申请的答复总数（${replies}）超过申请总数（${requests}）：差额应为上年结转的申请，请核对。`);
  }

  const sections: ReportSection[] = [
    {
      key: 'summary',
      heading: '概述',
      paragraphs: [
        generated(
          '本年度报告根据国、省、市政府信息公开相关规定编制，内容包括：概述，组织领导，主动公开，依申请公开，' +
            '行政复议、诉讼和申诉，政府信息公开的收费及减免情况，网上审批和电子监察，存在的问题及改进措施，附表。' +
            `本年度报告中所列数据的统计期限自${period.start}起至${period.end}止。`,
        ),
      ],
      tables: [],
    },
    {
      key: 'organisation',
      heading: '一、加强政府信息公开及网上审批组织领导',
      paragraphs: editedOrPlaceholder(texts.organisation, '组织领导', ctx.warnings),
      tables: [],
    },
    {
      key: 'proactive',
      heading: '二、主动、及时、准确公开信息，积极推进政府信息公开工作',
      paragraphs: [...publicationParagraphs(ctx), requestParagraph(ctx, LEGACY_REPLY_WORDS)],
      tables: [],
    },
    { key: 'appeals', heading: '三、行政复议、诉讼和申诉情况', paragraphs: [generated(appealsText(ctx))], tables: [] },
    { key: 'fees', heading: '四、政府信息公开的收费及减免情况', paragraphs: [generated(feesText(ctx))], tables: [] },
    {
      key: 'online_approval',
      heading: '五、推进网上审批和电子监察工作，强化教育培训',
      // The legacy layout has no 其他 section; the seed keeps such narrative (investment, pilots) here.
      paragraphs: [...approvalParagraphs(ctx), ...editedParagraphs(texts.other)],
      tables: [],
    },
    {
      key: 'problems',
      heading: '六、存在的问题及改进措施',
      paragraphs: editedOrPlaceholder(texts.problems, '存在的问题及改进措施', ctx.warnings),
      tables: [],
    },
    {
      key: 'appendix',
      heading: '七、附表',
      paragraphs: [],
      tables: [proactiveTable(ctx), requestTable(ctx), consultationTable(ctx), appealTable(ctx)].map(
        withNotRecordedNote,
      ),
    },
  ];
  return sections;
}

function appealsText(ctx: TextContext): string {
  const f = ctx.figures;
  const counts = [f.value('appeal.review'), f.value('appeal.litigation'), f.value('appeal.complaint')];
  if (counts.every((n) => n === 0)) return '无。';
  return `本年度${appealSentence(ctx)}。`;
}

function feesText(ctx: TextContext): string {
  const charged = ctx.figures.extra(FEE_KEYS.disclosureCharged);
  const waived = ctx.figures.extra(FEE_KEYS.disclosureWaived);
  if ((charged ?? 0) === 0 && (waived ?? 0) === 0) return '无。';
  const parts: string[] = [];
  if (charged !== null) parts.push(`收取检索、复制、邮寄等费用${formatNumber(charged)}元`);
  if (waived !== null) parts.push(`减免费用${formatNumber(waived)}元`);
  return `本年度依申请提供政府信息${parts.join('，')}。`;
}

const HEADER: TableRow[] = [
  {
    cells: [
      { value: '指标', role: 'header' },
      { value: '单位', role: 'header' },
      { value: '数量', role: 'header' },
    ],
  },
];

function row(key: string, label: string, measure: string, value: TableCell['value'], indent = 0): TableRow {
  return {
    key,
    cells: [
      { value: label, role: 'label', ...(indent > 0 ? { indent } : {}) },
      { value: measure, role: 'label' },
      { value, role: 'data' },
    ],
  };
}

function table(id: string, caption: string, rows: TableRow[], notes: string[] = []): ReportTable {
  return { id, caption, columnCount: 3, columnWeights: [6, 1.2, 1.8], header: HEADER, rows, notes };
}

function indicatorRow(ctx: TextContext, code: string, label: string, indent = 0): TableRow {
  return row(code, label, indicatorMeasure(code), cell(ctx.figures.value(code)), indent);
}

function proactiveTable(ctx: TextContext): ReportTable {
  return table('legacy.proactive', '1. 主动公开情况统计', [
    row('pub.total', '主动公开信息数', '条', cell(ctx.figures.total('pub.total'))),
    indicatorRow(ctx, 'pub.electronic', '其中：全文电子化的主动公开信息数', 1),
    indicatorRow(ctx, 'pub.normative_docs', '新增的行政规范性文件数'),
  ]);
}

function requestTable(ctx: TextContext): ReportTable {
  const f = ctx.figures;
  const refused = f.value('reply.refused');
  const reasons = LEGACY_REFUSAL_REASONS.map((r) => {
    // With no refusals every reason is 0 by arithmetic; with some, only a recorded split may be shown.
    const recorded = f.extra(r.key);
    return { ...r, value: recorded ?? (refused === 0 ? 0 : null) };
  });
  const reasonSum = sumKnown(LEGACY_REFUSAL_REASONS.map((r) => f.extra(r.key)));
  if (reasonSum !== null && refused !== null && reasonSum !== refused) {
    ctx.warnings.push(`否决公开答复的各项原因之和（${reasonSum}）与否决公开答复总数（${refused}）不一致。`);
  }
  const rows: TableRow[] = [
    row('req.total', '申请总数', '件', cell(f.total('req.total'))),
    ...REQ_FORM_CODES.map((code, i) =>
      indicatorRow(ctx, code, `${i === 0 ? '其中：' : ''}${i + 1}. ${indicatorLabel(code)}`, 1),
    ),
    row('reply.total', '对申请的答复总数', '件', cell(f.total('reply.total'))),
    indicatorRow(ctx, 'reply.granted', '其中：1. 同意公开答复数', 1),
    indicatorRow(ctx, 'reply.partial', '2. 同意部分公开答复数', 1),
    row('reply.refused', '3. 否决公开答复总数', '件', cell(refused), 1),
    ...reasons.map((r, i) => row(r.key, `${i === 0 ? '其中：' : ''}${r.labelZh}`, '件', cell(r.value), 2)),
  ];
  return table('legacy.requests', '2. 依申请公开情况统计', rows, [
    '注：免予公开范围指《规定》第十条所列免予公开的政府信息范围。',
  ]);
}

function consultationTable(ctx: TextContext): ReportTable {
  return table('legacy.consultations', '3. 咨询情况统计', [
    indicatorRow(ctx, 'consult.service_info', '提供服务类信息数'),
    indicatorRow(ctx, 'consult.online', '网上咨询数'),
    indicatorRow(ctx, 'consult.onsite', '现场接待人数'),
    indicatorRow(ctx, 'consult.phone', '咨询电话接听数'),
    indicatorRow(ctx, 'consult.page_views', '网站专栏页面访问量'),
  ]);
}

function appealTable(ctx: TextContext): ReportTable {
  const f = ctx.figures;
  const complaints = f.value('appeal.complaint');
  const firstHandling = f.extra(LEGACY_COMPLAINT_FIRST_KEY) ?? (complaints === 0 ? 0 : null);
  return table('legacy.appeals', '4. 申诉情况统计', [
    indicatorRow(ctx, 'appeal.review', '行政复议数'),
    indicatorRow(ctx, 'appeal.litigation', '行政诉讼数'),
    row('appeal.complaint', '行政申诉数', '件', cell(complaints)),
    row(LEGACY_COMPLAINT_FIRST_KEY, '其中：对本部门首次处理不满意的行政申诉数', '件', cell(firstHandling), 1),
  ]);
}
