/**
 * The generated sentences both layouts share. Each states the recorded figures in the seed's wording and says
 * 未统计 where a figure is missing, so that no sentence ever carries a number the data does not hold.
 */
import { APPROVAL_ITEM_CODES, PUB_CATEGORY_CODES, REQ_FORM_CODES } from '../catalogue.ts';
import { type FigureReader, indicatorLabel, indicatorMeasure } from './report-figures.ts';
import {
  type CellValue,
  formatNumber,
  isNotRecorded,
  NOT_RECORDED,
  NOT_RECORDED_TEXT,
  type ReportParagraph,
  type ReportTable,
} from './report-model.ts';

export type TextContext = {
  year: number;
  figures: FigureReader;
  isCity: boolean;
  /** `市`, `县` or `区`: the word the city's own documents use for themselves (市直机关, 全市). */
  placeWord: string;
  grassroots: { deployed: number; total: number } | null;
  trainingBatches: number | null;
  /** The edited clause on the government gazette (出刊17期，发行60000余份), said instead of a count of items. */
  gazetteText: string | null;
  warnings: string[];
};

export type ReplyVocabulary = { granted: string; partial: string; refused: string };

export const LEGACY_REPLY_WORDS: ReplyVocabulary = {
  granted: '同意公开',
  partial: '同意部分公开',
  refused: '否决公开',
};
export const NATIONAL_REPLY_WORDS: ReplyVocabulary = {
  granted: '予以公开',
  partial: '部分公开',
  refused: '不予公开、无法提供或不予处理',
};

/** `475条`, or `未统计`. */
export function amount(n: number | null, measure: string): string {
  return n === null ? NOT_RECORDED_TEXT.zh : `${formatNumber(n)}${measure}`;
}

export function cell(n: number | null): CellValue {
  return n ?? NOT_RECORDED;
}

export function generated(text: string): ReportParagraph {
  return { text, source: 'generated' };
}

export const NOT_RECORDED_NOTE = '注：标“未统计”的数据本年度未作统计，未以任何数字代替。';

/** Adds the explanatory note to a table that shows any 未统计 cell. */
export function withNotRecordedNote(table: ReportTable): ReportTable {
  const hasGap = table.rows.some((r) => r.cells.some((c) => isNotRecorded(c.value)));
  return hasGap ? { ...table, notes: [...table.notes, NOT_RECORDED_NOTE] } : table;
}

const CHANNEL_PHRASES: [code: string, phrase: string][] = [
  ['chan.direct_report', '通过政府信息公开直报系统公开'],
  ['chan.portal', '通过门户网站公开'],
  ['chan.gazette', '通过政府公报公开'],
  ['chan.other_media', '通过其他媒体公开'],
];

const CONSULTATION_PHRASES: [code: string, phrase: string][] = [
  ['consult.service_info', '提供服务类信息'],
  ['consult.online', '受理网上咨询'],
  ['consult.onsite', '现场接待'],
  ['consult.phone', '接听咨询电话'],
  ['consult.page_views', '网站信息公开专栏页面访问量'],
];

function subject(ctx: TextContext): string {
  return ctx.isCity ? `全${ctx.placeWord}各乡镇、街道办事处和${ctx.placeWord}直机关企事业单位` : '本单位';
}

function labelled(codes: readonly string[], figures: FigureReader): string[] {
  return codes.map((code) => `${indicatorLabel(code)}${amount(figures.value(code), indicatorMeasure(code))}`);
}

export function publicationParagraphs(ctx: TextContext): ReportParagraph[] {
  const f = ctx.figures;
  const total = f.total('pub.total');
  const parts = labelled(PUB_CATEGORY_CODES, f);
  const electronic = f.value('pub.electronic');
  const normative = f.value('pub.normative_docs');
  const out = [
    generated(
      `${ctx.year}年，${subject(ctx)}主动公开政府信息${amount(total, '条')}，其中：${parts.join('，')}。` +
        `全文电子化的主动公开信息${amount(electronic, '条')}，新增行政规范性文件${amount(normative, '件')}。`,
    ),
  ];
  // A gazette is counted in issues and copies, not items: with the edited clause the report says so in its words.
  const gazette = ctx.gazetteText?.replace(/[。；;，,\s]+$/u, '') ?? null;
  const channels = CHANNEL_PHRASES.filter(([code]) => !(gazette && code === 'chan.gazette')).map(
    ([code, phrase]) => `${phrase}${amount(f.value(code), indicatorMeasure(code))}`,
  );
  out.push(generated(`从公开渠道看，${channels.join('，')}。${gazette ? `${gazette}。` : ''}`));
  return out;
}

export function requestParagraph(ctx: TextContext, words: ReplyVocabulary): ReportParagraph {
  const f = ctx.figures;
  const requests = f.total('req.total');
  const forms = REQ_FORM_CODES.map((code) => [code, f.value(code)] as const)
    .filter(([, n]) => n !== 0)
    .map(([code, n]) => `${indicatorLabel(code).replace(/数$/, '')}${amount(n, '件')}`);
  const replies = f.total('reply.total');
  const replyParts = (
    [
      [words.granted, f.value('reply.granted')],
      [words.partial, f.value('reply.partial')],
      [words.refused, f.value('reply.refused')],
    ] as const
  )
    .filter(([, n]) => n !== 0)
    .map(([word, n]) => `${word}${amount(n, '件')}`);

  let text = `全年共收到政府信息公开申请${amount(requests, '件')}`;
  if (requests !== 0 && forms.length > 0) text += `（其中${forms.join('，')}）`;
  text += `，作出答复${amount(replies, '件')}`;
  if (replies !== 0 && replyParts.length > 0) text += `，其中${replyParts.join('，')}`;
  return generated(`${text}。`);
}

export function consultationParagraph(ctx: TextContext): ReportParagraph {
  const parts = CONSULTATION_PHRASES.map(
    ([code, phrase]) => `${phrase}${amount(ctx.figures.value(code), indicatorMeasure(code))}`,
  );
  return generated(`全年${parts.join('，')}。`);
}

export function appealSentence(ctx: TextContext): string {
  const f = ctx.figures;
  return (
    `涉及政府信息公开的行政复议${amount(f.value('appeal.review'), '件')}，` +
    `行政诉讼${amount(f.value('appeal.litigation'), '件')}，行政申诉${amount(f.value('appeal.complaint'), '件')}`
  );
}

/** Roll-out, items, cases and training: the seed's 网上审批和电子监察 part. */
export function approvalParagraphs(ctx: TextContext): ReportParagraph[] {
  const f = ctx.figures;
  const out: ReportParagraph[] = [];
  const w = ctx.placeWord;

  if (ctx.isCity) {
    const g = ctx.grassroots;
    if (g) {
      const rate = g.total > 0 ? `，完成率为${formatNumber(Math.round((g.deployed / g.total) * 1000) / 10)}%` : '';
      out.push(
        generated(
          `全${w}共有${g.total}个乡镇、街道办事处，其中已有${g.deployed}个部署了网上审批及电子监察系统并投入运行${rate}。`,
        ),
      );
    } else {
      const deployed = f.peek('approval.deployed');
      ctx.warnings.push('基层单位网上审批及电子监察系统的部署情况（已部署数和总数）未提供，报告中显示为“未统计”。');
      out.push(
        generated(
          deployed === null
            ? `乡镇、街道办事处网上审批及电子监察系统部署情况${NOT_RECORDED_TEXT.zh}。`
            : `全${w}已有${deployed}个乡镇、街道办事处部署了网上审批及电子监察系统并投入运行，乡镇、街道办事处总数${NOT_RECORDED_TEXT.zh}。`,
        ),
      );
    }
  } else {
    // Only grassroots units enter approval.deployed; for anyone else its absence says nothing.
    const deployed = f.peek('approval.deployed');
    if (deployed !== null) {
      out.push(
        generated(
          deployed > 0 ? '本单位已部署网上审批及电子监察系统并投入运行。' : '本单位尚未部署网上审批及电子监察系统。',
        ),
      );
    }
  }

  const items = APPROVAL_ITEM_CODES.map((code) => f.value(code));
  const itemsTotal = items.every((n): n is number => n !== null) ? items.reduce((a, b) => a + b, 0) : null;
  const published = f.value('approval.items_published');
  const itemParts = [
    `行政许可类${amount(items[0] ?? null, '项')}`,
    `非行政许可类${amount(items[1] ?? null, '项')}`,
    `其它管理服务类${amount(items[2] ?? null, '项')}`,
    `转报件${amount(items[3] ?? null, '项')}`,
  ];
  let publishedText: string;
  if (published === null) publishedText = `网上公开情况${NOT_RECORDED_TEXT.zh}`;
  else if (itemsTotal !== null && published === itemsTotal) publishedText = `共${itemsTotal}项，已全部在网上公开`;
  else publishedText = `${itemsTotal === null ? '' : `共${itemsTotal}项，`}其中已在网上公开${published}项`;
  out.push(
    generated(
      `网上政务事项梳理方面，${ctx.isCity ? '目前' : '本单位'}已梳理出${itemParts.join('，')}，${publishedText}。`,
    ),
  );

  const cases = f.value('approval.cases');
  const onTime = f.peek('approval.cases_ontime');
  out.push(
    generated(`${ctx.year}年网上办件${amount(cases, '件')}${onTime === null ? '' : `，其中按时办结${onTime}件`}。`),
  );

  const attendees = f.value('training.attendees');
  const batches = ctx.trainingBatches;
  const who = ctx.isCity ? `组织全${w}各单位操作人员` : '';
  if (batches !== null) {
    out.push(
      generated(`全年${who}分${batches}批次开展政府信息公开及网上审批业务培训，参训${amount(attendees, '人')}。`),
    );
  } else {
    out.push(generated(`全年参加政府信息公开及网上审批业务培训${amount(attendees, '人')}。`));
  }
  return out;
}

/** Splits edited text into paragraphs; indentation is the renderers' business, so leading spaces go. */
export function editedParagraphs(text: string | undefined): ReportParagraph[] {
  if (text === undefined) return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((line) => line.length > 0)
    .map((line) => ({ text: line, source: 'edited' as const }));
}

/** The edited text, or a placeholder and a warning when nobody has written it yet. */
export function editedOrPlaceholder(text: string | undefined, label: string, warnings: string[]): ReportParagraph[] {
  const paragraphs = editedParagraphs(text);
  if (paragraphs.length > 0) return paragraphs;
  warnings.push(`“${label}”尚未撰写，报告中以占位文字代替。`);
  return [{ text: `（“${label}”部分尚未撰写，请在系统中填写后重新生成报告。）`, source: 'placeholder' }];
}
