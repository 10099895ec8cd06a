/**
 * Official documents (the annual report, the quarterly bulletin) as HTML: a self-contained fragment for the
 * app, and a printable A4 document for downloads, in the GB/T 9704-2012 page style of the .docx.
 */
import {
  cellText,
  isNotRecorded,
  type ReportSection,
  type ReportTable,
  type TableCell,
  type TableRow,
} from '../domain/report/report-model.ts';

export type HtmlRenderOptions = {
  /** The warnings box is for whoever prepares the report; it never prints. Default true. */
  includeWarnings?: boolean;
  /** Embed the stylesheet in the fragment, so it renders the same wherever it is inserted. Default true. */
  includeStyle?: boolean;
};

const ROOT = 'dukao-report';

/** Scoped under `.dukao-report` so the fragment cannot restyle the page it is inserted into. */
export const REPORT_CSS = `
.${ROOT} { font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt;
  line-height: 28.95pt; color: #000; max-width: 156mm; margin: 0 auto; }
.${ROOT} h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun",
  "Noto Serif CJK SC", serif; font-weight: normal; font-size: 22pt; line-height: 35pt; text-align: center; margin: 0 0 28.95pt; }
.${ROOT} h2 { font-family: "黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-weight: normal;
  font-size: 16pt; margin: 0; text-indent: 2em; }
.${ROOT} p.signature { text-indent: 0; text-align: right; padding-right: 4em; margin: 0; }
.${ROOT} p.signature.first { margin-top: 2em; }
.${ROOT} p { text-indent: 2em; margin: 0 0 0.4em; }
.${ROOT} p.placeholder { color: #777; font-style: italic; }
.${ROOT} figure { margin: 0.8em 0 1.2em; }
.${ROOT} figcaption { font-weight: bold; margin-bottom: 0.3em; }
.${ROOT} table { border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 1.35; page-break-inside: auto; }
.${ROOT} table.compact { font-size: 9pt; }
.${ROOT} th, .${ROOT} td { border: 1px solid #000; padding: 2px 4px; vertical-align: middle; }
.${ROOT} thead th, .${ROOT} tbody th.header { font-weight: bold; text-align: center; background: #f2f2f2; }
.${ROOT} tbody th.label { font-weight: normal; text-align: left; }
.${ROOT} td { text-align: center; }
.${ROOT} td.not-recorded { color: #666; }
.${ROOT} tr { page-break-inside: avoid; }
.${ROOT} p.note { text-indent: 0; font-size: 10.5pt; margin-top: 0.3em; }
.${ROOT} .indent-1 { padding-left: 1.5em; }
.${ROOT} .indent-2 { padding-left: 3em; }
.${ROOT}-warnings { border: 2px solid #c77700; background: #fff7e6; padding: 0.5em 1em; margin: 0 0 1.5em;
  font-family: sans-serif; font-size: 11pt; }
.${ROOT}-warnings h2 { font-size: 12pt; margin: 0 0 0.3em; }
.${ROOT}-warnings ul { margin: 0; padding-left: 1.5em; }
@media print {
  .${ROOT}-warnings { display: none; }
  .${ROOT} { max-width: none; }
}
`;

const PRINT_PAGE_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font: 14pt "宋体", "SimSun", serif; } }
body { margin: 0; padding: 12mm 0; background: #fff; }
@media print { body { padding: 0; } }
`;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** What the HTML renderer draws: a title, sections, warnings and (for a bulletin) the issuer and date. */
export type HtmlDocument = {
  title: string;
  sections: readonly ReportSection[];
  warnings: readonly string[];
  signature?: { issuer: string; date: string } | undefined;
};

/** The document as one `<article>`: title, sections, tables and (unless turned off) the warnings box. */
export function renderReportHtml(model: HtmlDocument, options: HtmlRenderOptions = {}): string {
  const { includeWarnings = true, includeStyle = true } = options;
  const parts: string[] = [`<article class="${ROOT}" lang="zh-CN">`];
  if (includeStyle) parts.push(`<style>${REPORT_CSS}</style>`);
  if (includeWarnings && model.warnings.length > 0) parts.push(renderWarnings(model.warnings));
  parts.push(`<h1>${escapeHtml(model.title)}</h1>`);
  for (const section of model.sections) parts.push(renderSection(section));
  if (model.signature)
    parts.push(
      `<p class="signature first">${escapeHtml(model.signature.issuer)}</p>`,
      `<p class="signature">${escapeHtml(model.signature.date)}</p>`,
    );
  parts.push('</article>');
  return parts.join('\n');
}

/** A complete HTML document with A4 print settings, for download and printing. */
export function renderReportHtmlDocument(model: HtmlDocument, options: HtmlRenderOptions = {}): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${PRINT_PAGE_CSS}${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    renderReportHtml(model, { ...options, includeStyle: false }),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderWarnings(warnings: readonly string[]): string {
  const items = warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  return `<aside class="${ROOT}-warnings" role="note"><h2>生成报告时的提示</h2><ul>${items}</ul></aside>`;
}

function renderSection(section: ReportSection): string {
  const parts = [`<section data-section="${escapeHtml(section.key)}">`];
  if (section.heading) parts.push(`<h2>${escapeHtml(section.heading)}</h2>`);
  for (const p of section.paragraphs) parts.push(`<p class="${p.source}">${escapeHtml(p.text)}</p>`);
  for (const t of section.tables) parts.push(renderTable(t));
  parts.push('</section>');
  return parts.join('\n');
}

function renderTable(table: ReportTable): string {
  const parts = [`<figure class="${ROOT}-table" data-table="${escapeHtml(table.id)}">`];
  if (table.caption) parts.push(`<figcaption>${escapeHtml(table.caption)}</figcaption>`);
  parts.push(`<table${table.columnCount > 6 ? ' class="compact"' : ''}>`);
  const total = table.columnWeights.reduce((a, b) => a + b, 0);
  parts.push(
    `<colgroup>${table.columnWeights.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('')}</colgroup>`,
  );
  if (table.header.length > 0) parts.push(`<thead>${table.header.map((r) => renderRow(r, true)).join('')}</thead>`);
  parts.push(`<tbody>${table.rows.map((r) => renderRow(r, false)).join('')}</tbody>`);
  parts.push('</table>');
  for (const note of table.notes) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
  parts.push('</figure>');
  return parts.join('\n');
}

function renderRow(row: TableRow, inHead: boolean): string {
  const key = row.key ? ` data-row="${escapeHtml(row.key)}"` : '';
  return `<tr${key}>${row.cells.map((c) => renderCell(c, inHead)).join('')}</tr>`;
}

function renderCell(cell: TableCell, inHead: boolean): string {
  const colSpan = cell.colSpan && cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : '';
  const rowSpan = cell.rowSpan && cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : '';
  const spans = `${colSpan}${rowSpan}`;
  const text = escapeHtml(cellText(cell.value));
  if (cell.role === 'data') {
    const cls = isNotRecorded(cell.value)
      ? ' class="not-recorded"'
      : typeof cell.value === 'number'
        ? ' class="num"'
        : '';
    return `<td${cls}${spans}>${text}</td>`;
  }
  if (inHead) return `<th scope="col"${spans}>${text}</th>`;
  const classes = [cell.role, cell.indent ? `indent-${Math.min(cell.indent, 2)}` : ''].filter(Boolean).join(' ');
  return `<th class="${classes}"${cell.role === 'label' ? ' scope="row"' : ''}${spans}>${text}</th>`;
}
