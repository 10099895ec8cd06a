/**
 * Layout 2 of annual-report.md: the national format of 国办公开办函〔2021〕30号, sections 一 … 六 with tables
 * 二, 三 and 四. Old data fills what it can (同意公开 → 予以公开 …); the rest prints 未统计 until recorded.
 */
import {
  FEE_KEYS,
  TABLE2_KEYS,
  TABLE3_APPLICANT_COLUMNS,
  TABLE3_REASON_GROUPS,
  TABLE3_ROWS,
  TABLE4_BLOCKS,
  TABLE4_OUTCOMES,
  type Table3RowKey,
  type Table4BlockKey,
  table3Key,
  table4Key,
} from './extra-figures.ts';
import { firstKnown, sumKnown } from './report-figures.ts';
import {
  formatNumber,
  type ReportSection,
  type ReportTable,
  type Table3Check,
  type TableCell,
  type TableRow,
} from './report-model.ts';
import {
  appealSentence,
  approvalParagraphs,
  cell,
  consultationParagraph,
  editedOrPlaceholder,
  generated,
  NATIONAL_REPLY_WORDS,
  publicationParagraphs,
  requestParagraph,
  type TextContext,
  withNotRecordedNote,
} from './report-text.ts';

export type NationalTexts = { organisation?: string; problems?: string; other?: string };

export function buildNationalSections(
  ctx: TextContext,
  texts: NationalTexts,
  period: { start: string; end: string },
): { sections: ReportSection[]; table3Check: Table3Check | null } {
  const table3 = buildTable3(ctx);
  const feeCharged = ctx.figures.extra(FEE_KEYS.disclosureCharged);
  const feeWaived = ctx.figures.extra(FEE_KEYS.disclosureWaived);
  const feeParagraphs =
    feeCharged === null && feeWaived === null
      ? []
      : [
          generated(
            `本年度${feeCharged === null ? '' : `收取信息处理费${formatNumber(feeCharged)}元`}` +
              `${feeCharged !== null && feeWaived !== null ? '，' : ''}${feeWaived === null ? '' : `减免费用${formatNumber(feeWaived)}元`}。`,
          ),
        ];

  const sections: ReportSection[] = [
    {
      key: 'overview',
      heading: '一、总体情况',
      paragraphs: [
        generated(
          '本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》' +
            `（国办公开办函〔2021〕30号）要求编制，所列数据的统计期限自${period.start}起至${period.end}止。`,
        ),
        ...publicationParagraphs(ctx),
        requestParagraph(ctx, NATIONAL_REPLY_WORDS),
        consultationParagraph(ctx),
        ...approvalParagraphs(ctx),
        ...editedOrPlaceholder(texts.organisation, '组织领导', ctx.warnings),
      ],
      tables: [],
    },
    {
      key: 'proactive',
      heading: '二、主动公开政府信息情况',
      paragraphs: [],
      tables: [withNotRecordedNote(buildTable2(ctx))],
    },
    {
      key: 'requests',
      heading: '三、收到和处理政府信息公开申请情况',
      paragraphs: [],
      tables: [withNotRecordedNote(table3.table)],
    },
    {
      key: 'appeals',
      heading: '四、政府信息公开行政复议、行政诉讼情况',
      paragraphs: [generated(`本年度${appealSentence(ctx)}。行政复议、行政诉讼情况如下表。`)],
      tables: [withNotRecordedNote(buildTable4(ctx))],
    },
    {
      key: 'problems',
      heading: '五、存在的主要问题及改进情况',
      paragraphs: editedOrPlaceholder(texts.problems, '存在的主要问题及改进情况', ctx.warnings),
      tables: [],
    },
    {
      key: 'other',
      heading: '六、其他需要报告的事项',
      paragraphs: [...feeParagraphs, ...editedOrPlaceholder(texts.other, '其他需要报告的事项', ctx.warnings)],
      tables: [],
    },
  ];
  return { sections, table3Check: table3.check };
}

const header = (value: string, span: { colSpan?: number; rowSpan?: number } = {}): TableCell => ({
  value,
  role: 'header',
  ...span,
});
const label = (value: string, span: { colSpan?: number; rowSpan?: number } = {}): TableCell => ({
  value,
  role: 'label',
  ...span,
});
const data = (n: number | null, colSpan?: number): TableCell => ({
  value: cell(n),
  role: 'data',
  ...(colSpan ? { colSpan } : {}),
});

function buildTable2(ctx: TextContext): ReportTable {
  const x = (key: string) => ctx.figures.extra(key);
  const articleRow = (text: string): TableRow => ({ cells: [header(text, { colSpan: 4 })] });
  const singleHeader = (text: string): TableRow => ({ cells: [header('信息内容'), header(text, { colSpan: 3 })] });
  return {
    id: 'national.proactive',
    caption: null,
    columnCount: 4,
    columnWeights: [3, 2, 2, 2],
    header: [],
    rows: [
      articleRow('第二十条第（一）项'),
      { cells: [header('信息内容'), header('本年制发件数'), header('本年废止件数'), header('现行有效件数')] },
      {
        key: 'rules',
        cells: [
          label('规章'),
          data(x(TABLE2_KEYS.rulesIssued)),
          data(x(TABLE2_KEYS.rulesRepealed)),
          data(x(TABLE2_KEYS.rulesInForce)),
        ],
      },
      {
        key: 'normative',
        cells: [
          label('行政规范性文件'),
          data(ctx.figures.value('pub.normative_docs')),
          data(x(TABLE2_KEYS.normativeRepealed)),
          data(x(TABLE2_KEYS.normativeInForce)),
        ],
      },
      articleRow('第二十条第（五）项'),
      singleHeader('本年处理决定数量'),
      { key: 'licensing', cells: [label('行政许可'), data(x(TABLE2_KEYS.licensingDecisions), 3)] },
      articleRow('第二十条第（六）项'),
      singleHeader('本年处理决定数量'),
      { key: 'penalty', cells: [label('行政处罚'), data(x(TABLE2_KEYS.penaltyDecisions), 3)] },
      { key: 'enforcement', cells: [label('行政强制'), data(x(TABLE2_KEYS.enforcementDecisions), 3)] },
      articleRow('第二十条第（八）项'),
      singleHeader('本年收费金额（单位：万元）'),
      { key: 'fees', cells: [label('行政事业性收费'), data(x(TABLE2_KEYS.feesAmount), 3)] },
    ],
    notes: [],
  };
}

type Table3Figures = { applicants: (number | null)[]; total: number | null };

const HANDLED_ROWS: Table3RowKey[] = TABLE3_ROWS.map((r) => r.key).filter(
  (k): k is Table3RowKey => k !== 'new' && k !== 'carried_in' && k !== 'total' && k !== 'carried_out',
);

function isReasonRow(row: Table3RowKey): boolean {
  return TABLE3_REASON_GROUPS.some((g) => row.startsWith(`${g.prefix}.`));
}

function buildTable3(ctx: TextContext): { table: ReportTable; check: Table3Check | null } {
  const f = ctx.figures;
  const refused = f.value('reply.refused');
  const fromData: Partial<Record<Table3RowKey, number | null>> = {
    new: f.total('req.total'),
    granted: f.value('reply.granted'),
    partial: f.value('reply.partial'),
  };

  const figures = new Map<Table3RowKey, Table3Figures>();
  let applicantGap = false;
  for (const { key } of TABLE3_ROWS) {
    if (key === 'total') continue;
    const recorded = TABLE3_APPLICANT_COLUMNS.map((c) => f.extra(table3Key(key, c.key)));
    const splitSum = sumKnown(recorded);
    // Old data has no reasons of the new list, but with no refusals at all each of them is 0 by arithmetic.
    const reasonZero = isReasonRow(key) && refused === 0 ? 0 : null;
    const total = firstKnown(fromData[key] ?? null, f.extra(table3Key(key, 'total')), splitSum, reasonZero);
    if (splitSum !== null && total !== null && splitSum !== total) {
      ctx.warnings.push(`表三“${rowLabel(key)}”各类申请人之和（${splitSum}）与总计（${total}）不一致。`);
    }
    const applicants = recorded.map((n) => n ?? (total === 0 ? 0 : null));
    // A row whose total is unknown has its own warning (reasons, carry-overs); this one is about the split.
    if (total !== null && total > 0 && applicants.some((n) => n === null)) applicantGap = true;
    figures.set(key, { applicants, total });
  }

  const handled = HANDLED_ROWS.map((k) => figures.get(k) ?? { applicants: [], total: null });
  const handledSum = sumKnown(handled.map((r) => r.total));
  const grandTotal = firstKnown(f.total('reply.total'), handledSum);
  if (handledSum !== null && grandTotal !== null && handledSum !== grandTotal) {
    ctx.warnings.push(`表三本年度办理结果各项之和（${handledSum}）与（七）总计（${grandTotal}）不一致。`);
  }
  figures.set('total', {
    applicants: TABLE3_APPLICANT_COLUMNS.map(
      (_, i) => sumKnown(handled.map((r) => r.applicants[i] ?? null)) ?? (grandTotal === 0 ? 0 : null),
    ),
    total: grandTotal,
  });

  if (refused !== null && refused > 0 && HANDLED_ROWS.filter(isReasonRow).some((k) => figures.get(k)?.total === null)) {
    ctx.warnings.push(`表三：否决公开答复${refused}件尚未按（三）至（六）的处理结果分类记录，相应格显示为“未统计”。`);
  }
  if (applicantGap)
    ctx.warnings.push('表三：申请人类型（自然人、法人或其他组织）的分类数据未统计，相应格显示为“未统计”。');

  return { table: table3Layout(figures), check: table3Check(ctx, figures) };
}

function rowLabel(key: Table3RowKey): string {
  return TABLE3_ROWS.find((r) => r.key === key)?.labelZh ?? key;
}

function table3Check(ctx: TextContext, figures: Map<Table3RowKey, Table3Figures>): Table3Check | null {
  const n1 = figures.get('new')?.total ?? null;
  const n2 = figures.get('carried_in')?.total ?? null;
  const n3 = figures.get('total')?.total ?? null;
  const n4 = figures.get('carried_out')?.total ?? null;
  if (n1 === null || n3 === null) {
    ctx.warnings.push(
      `表三的勾稽关系（一 + 二 = 三（七） + 四）无法核对：${n1 === null ? '“一、本年新收政府信息公开申请数量”' : '“（七）总计”'}未统计。`,
    );
    return null;
  }
  // Carried-over requests were never collected before the national format, so an unrecorded one is taken as 0
  // (the common case) and the user is told, rather than leaving the check uncomputable for every old year.
  const assumedZero: string[] = [];
  if (n2 === null) {
    assumedZero.push('二');
    ctx.warnings.push(`表三“${rowLabel('carried_in')}”未统计，核对勾稽关系时按0计算。`);
  }
  if (n4 === null) {
    assumedZero.push('四');
    ctx.warnings.push(`表三“${rowLabel('carried_out')}”未统计，核对勾稽关系时按0计算。`);
  }
  const lhs = n1 + (n2 ?? 0);
  const rhs = n3 + (n4 ?? 0);
  const ok = lhs === rhs;
  const terms = `一（${n1}）+ 二（${n2 ?? 0}）= ${lhs}，三（七）（${n3}）+ 四（${n4 ?? 0}）= ${rhs}`;
  const message = ok ? `表三勾稽关系成立：${terms}。` : `表三勾稽关系不成立：${terms}，两者应相等。`;
  if (!ok) ctx.warnings.push(message);
  return { ok, lhs, rhs, message, assumedZero };
}

function table3Layout(figures: Map<Table3RowKey, Table3Figures>): ReportTable {
  const values = (key: Table3RowKey): TableCell[] => {
    const r = figures.get(key) ?? { applicants: [], total: null };
    return [...TABLE3_APPLICANT_COLUMNS.map((_, i) => data(r.applicants[i] ?? null)), data(r.total)];
  };
  const rows: TableRow[] = [];
  const handledCount = HANDLED_ROWS.length + 1; // + （七）总计
  for (const def of TABLE3_ROWS) {
    const key = def.key;
    const lead: TableCell[] = [];
    if (key === 'new' || key === 'carried_in' || key === 'carried_out') {
      lead.push(label(def.labelZh, { colSpan: 3 }));
    } else {
      if (key === 'granted') lead.push(label('三、本年度办理结果', { rowSpan: handledCount }));
      const group = TABLE3_REASON_GROUPS.find((g) => key.startsWith(`${g.prefix}.`));
      if (!group) {
        lead.push(label(def.labelZh, { colSpan: 2 }));
      } else {
        const members = TABLE3_ROWS.filter((r) => r.key.startsWith(`${group.prefix}.`));
        if (members[0]?.key === key) lead.push(label(group.labelZh, { rowSpan: members.length }));
        lead.push(label(def.labelZh));
      }
    }
    rows.push({ key, cells: [...lead, ...values(key)] });
  }
  return {
    id: 'national.requests',
    caption: null,
    columnCount: 10,
    columnWeights: [1.3, 1.5, 3.4, 1, 1, 1, 1, 1, 1, 1],
    header: [
      {
        cells: [
          header('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { colSpan: 3, rowSpan: 3 }),
          header('申请人情况', { colSpan: 7 }),
        ],
      },
      {
        cells: [
          header('自然人', { rowSpan: 2 }),
          header('法人或其他组织', { colSpan: 5 }),
          header('总计', { rowSpan: 2 }),
        ],
      },
      { cells: TABLE3_APPLICANT_COLUMNS.slice(1).map((c) => header(c.labelZh)) },
    ],
    rows,
    notes: [],
  };
}

function buildTable4(ctx: TextContext): ReportTable {
  const f = ctx.figures;
  const outcomeKeys = TABLE4_OUTCOMES.filter((o) => o.key !== 'total');
  const recordedOutcomes = (block: Table4BlockKey) => outcomeKeys.map((o) => f.extra(table4Key(block, o.key)));
  const recordedTotal = (block: Table4BlockKey) =>
    firstKnown(f.extra(table4Key(block, 'total')), sumKnown(recordedOutcomes(block)));

  const review = f.value('appeal.review');
  const litigation = f.value('appeal.litigation');
  const totals: Record<Table4BlockKey, number | null> = {
    review: firstKnown(review, recordedTotal('review')),
    litigation_direct: recordedTotal('litigation_direct'),
    litigation_after_review: recordedTotal('litigation_after_review'),
  };
  if (review !== null && recordedTotal('review') !== null && recordedTotal('review') !== review) {
    ctx.warnings.push(`表四：行政复议结果之和（${recordedTotal('review')}）与行政复议数（${review}）不一致。`);
  }
  if (litigation !== null) {
    const direct = totals.litigation_direct;
    const after = totals.litigation_after_review;
    // The catalogue counts lawsuits without telling the two kinds apart; only arithmetic may split them.
    if (direct === null && after === null && litigation === 0) {
      totals.litigation_direct = 0;
      totals.litigation_after_review = 0;
    } else if (direct === null && after !== null && after <= litigation) {
      totals.litigation_direct = litigation - after;
    } else if (after === null && direct !== null && direct <= litigation) {
      totals.litigation_after_review = litigation - direct;
    }
    const split = sumKnown([totals.litigation_direct, totals.litigation_after_review]);
    if (split !== null && split !== litigation) {
      ctx.warnings.push(`表四：两类行政诉讼之和（${split}）与行政诉讼数（${litigation}）不一致。`);
    } else if (split === null && litigation > 0) {
      ctx.warnings.push(
        `表四：行政诉讼${litigation}件尚未区分“未经复议直接起诉”和“复议后起诉”，相应格显示为“未统计”。`,
      );
    }
  }
  for (const block of TABLE4_BLOCKS) {
    const total = totals[block.key];
    if (total !== null && total > 0 && recordedOutcomes(block.key).some((n) => n === null)) {
      ctx.warnings.push(`表四：${block.labelZh}${total}件的审理结果未统计。`);
    }
  }

  const cells = TABLE4_BLOCKS.flatMap((block) => {
    const total = totals[block.key];
    return [...recordedOutcomes(block.key).map((n) => data(n ?? (total === 0 ? 0 : null))), data(total)];
  });
  const outcomeHeaders = TABLE4_BLOCKS.flatMap(() => TABLE4_OUTCOMES.map((o) => header(o.labelZh)));
  return {
    id: 'national.appeals',
    caption: null,
    columnCount: 15,
    columnWeights: Array.from({ length: 15 }, () => 1),
    header: [
      { cells: [header('行政复议', { colSpan: 5, rowSpan: 2 }), header('行政诉讼', { colSpan: 10 })] },
      { cells: [header('未经复议直接起诉', { colSpan: 5 }), header('复议后起诉', { colSpan: 5 })] },
      { cells: outcomeHeaders },
    ],
    rows: [{ key: 'counts', cells }],
    notes: [],
  };
}
