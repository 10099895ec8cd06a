/** The annual disclosure report as plain data: what the HTML, .docx and JSON renderers all draw from. */

export type ReportLayout = 'national' | 'legacy';
export type ReportScope = { kind: 'city' } | { kind: 'unit'; code: string; name: string };

/** A figure the data does not hold. Kept distinct from 0 so that no renderer can print it as a number. */
export type NotRecorded = { notRecorded: true };
export type CellValue = number | string | NotRecorded;

export type TableCellRole = 'header' | 'label' | 'data';
export type TableCell = {
  value: CellValue;
  role: TableCellRole;
  colSpan?: number;
  rowSpan?: number;
  /** Indentation level of a label (sub-items such as "其中：…"). */
  indent?: number;
};
/** `key` names the row for code that reads the table back (e.g. `granted`, `withheld.state_secret`). */
export type TableRow = { key?: string; cells: TableCell[] };

export type ReportTable = {
  id: string;
  caption: string | null;
  columnCount: number;
  /** Relative column widths, one per grid column; renderers scale them to the page. */
  columnWeights: number[];
  header: TableRow[];
  rows: TableRow[];
  /** Printed under the table (e.g. "注：…"). */
  notes: string[];
};

export type ParagraphSource = 'generated' | 'edited' | 'placeholder';
export type ReportParagraph = { text: string; source: ParagraphSource };

export type ReportSection = {
  key: string;
  heading: string;
  paragraphs: ReportParagraph[];
  /** Printed after the paragraphs. */
  tables: ReportTable[];
};

export type Table3Check = {
  ok: boolean;
  /** 一 + 二 */
  lhs: number;
  /** 三（七） + 四 */
  rhs: number;
  message: string;
  /** Terms (`二`, `四`) that were not recorded and were taken as 0 to compute the check. */
  assumedZero: string[];
};

export type ReportModel = {
  title: string;
  year: number;
  layout: ReportLayout;
  scope: ReportScope;
  issuerName: string;
  /** Statistical period, ISO dates, inclusive. */
  period: { start: string; end: string };
  sections: ReportSection[];
  /** `table3` is null for the legacy layout and when 一 or 三（七） is not recorded. */
  checks: { table3: Table3Check | null };
  warnings: string[];
};

export const NOT_RECORDED: NotRecorded = Object.freeze({ notRecorded: true }) as NotRecorded;
export const NOT_RECORDED_TEXT = { zh: '未统计', en: 'not recorded' } as const;

export function isNotRecorded(value: unknown): value is NotRecorded {
  return typeof value === 'object' && value !== null && (value as { notRecorded?: unknown }).notRecorded === true;
}

/** The printed text of a cell: plain digits (no thousands separators), `未统计` for a figure not recorded. */
export function cellText(value: CellValue, lang: 'zh' | 'en' = 'zh'): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return NOT_RECORDED_TEXT[lang];
}

/** Plain digits; fractional amounts (万元) keep at most 4 decimals so float noise never reaches the page. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/** `2011-12-31` → `2011年12月31日` (no leading zeros, as Chinese documents write dates). */
export function formatChineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`invalid date ${isoDate}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}
