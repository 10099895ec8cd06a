/**
 * Official documents as Word files in the layout of GB/T 9704-2012 党政机关公文格式 (the annual report and the
 * quarterly bulletin share it): A4; top 37 mm, left 28 mm, text area 156 × 225 mm; title in a 小标宋 face at
 * 二号 (22 pt); body in a 仿宋 face at 三号 (16 pt) on a fixed 28.95 pt line (22 lines a page); first-level
 * headings 黑体, second-level 楷体; page numbers "— 1 —" in 宋体 四号, odd pages right, even pages left.
 * Font names are those Word and WPS on a Chinese Windows desktop resolve; the font table gives each an
 * alternative name and the GB2312 character set, so a desktop without 方正小标宋简体 or 仿宋_GB2312 falls
 * back to 宋体 / 仿宋 rather than a Latin face. Built with the `docx` package.
 */

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  type IFontAttributesProperties,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import {
  cellText,
  type TableCell as ModelCell,
  type TableRow as ModelRow,
  type ReportModel,
  type ReportParagraph,
  type ReportSection,
  type ReportTable,
} from '../domain/report/report-model.ts';

export type DocxRenderOptions = {
  /** Put the generation warnings at the top of the document (for drafts). Default false: the .docx is the report. */
  includeWarnings?: boolean;
};

/** What an official document holds, whatever it is (annual report, bulletin). */
export type OfficialDocument = {
  title: string;
  description: string;
  sections: readonly ReportSection[];
  warnings: readonly string[];
  /** 发文机关署名 and 成文日期 under the text, right-aligned. */
  signature?: { issuer: string; date: string } | undefined;
};

// A4 in twips (1 mm = 56.7 twips) with GB/T 9704's margins: top 37, bottom 35, left 28, right 26 mm.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474, footer: 1134 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** 22 lines in the 225 mm text area: a fixed 28.95 pt line. */
const LINE = 579;

/** The faces of GB/T 9704 by the names Chinese Windows (Word, WPS) resolves, each with its fallback. */
export const OFFICIAL_FONTS = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading: { name: '黑体', fallback: 'SimHei' },
  subheading: { name: '楷体_GB2312', fallback: '楷体' },
  pageNumber: { name: '宋体', fallback: 'SimSun' },
} as const;

const face = (eastAsia: string): IFontAttributesProperties => ({
  // Latin digits and letters stay in Times New Roman, as in Chinese government documents.
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
  eastAsia,
});
const TITLE = face(OFFICIAL_FONTS.title.name);
const BODY = face(OFFICIAL_FONTS.body.name);
const HEI = face(OFFICIAL_FONTS.heading.name);
const SONG = face(OFFICIAL_FONTS.pageNumber.name);

// Half-points: 二号 22 pt title, 三号 16 pt body and headings, 四号 14 pt page numbers, 五号 10.5 / 小五 9 pt tables.
const SIZE = { title: 44, body: 32, heading: 32, pageNumber: 28, table: 21, tableCompact: 18, note: 24 };
const BODY_INDENT = 2 * 16 * 20; // two characters of 16 pt, in twips
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/** The annual report as a Word document. */
export async function renderReportDocx(model: ReportModel, options: DocxRenderOptions = {}): Promise<Buffer> {
  return renderOfficialDocx(
    {
      title: model.title,
      description: `${model.issuerName}${model.year}年政府信息公开年度报告`,
      sections: model.sections,
      warnings: model.warnings,
    },
    options,
  );
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  // GB/T 9704 7.5: "— 1 —", 一字线 on each side, one character in from the outer edge.
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: 280 } : { left: 280 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONG, size: SIZE.pageNumber })],
      }),
    ],
  });
}

/** Any official document in the GB/T 9704 page style. */
export async function renderOfficialDocx(doc: OfficialDocument, options: DocxRenderOptions = {}): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  if (options.includeWarnings && doc.warnings.length > 0) children.push(...warningParagraphs(doc.warnings));
  children.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(doc.title)],
    }),
  );
  for (const section of doc.sections) children.push(...sectionChildren(section));
  if (doc.signature) {
    children.push(new Paragraph({ children: [] }), new Paragraph({ children: [] }));
    for (const line of [doc.signature.issuer, doc.signature.date])
      children.push(
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          indent: { right: 4 * 16 * 20 },
          children: [new TextRun(line)],
        }),
      );
  }

  const document = new Document({
    creator: 'Dukao 督考',
    title: doc.title,
    description: doc.description,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: BODY, size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
        },
        title: {
          run: { font: TITLE, size: SIZE.title, bold: false, color: '000000' },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { before: 0, after: LINE, line: 700, lineRule: LineRuleType.EXACT },
          },
        },
        heading1: {
          run: { font: HEI, size: SIZE.heading, bold: false, italics: false, color: '000000' },
          paragraph: { spacing: { before: 0, after: 0 }, indent: { firstLine: BODY_INDENT }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return withFontFallbacks(await Packer.toBuffer(document));
}

/**
 * Rewrites the font table: every face the document names, with its fallback (w:altName), the GB2312
 * character set and its family, which is what Word and WPS use to substitute a face a desktop lacks.
 */
async function withFontFallbacks(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const fonts = [
    ...Object.values(OFFICIAL_FONTS).map(
      (f) =>
        `<w:font w:name="${f.name}"><w:altName w:val="${f.fallback}"/><w:charset w:val="86"/>` +
        `<w:family w:val="${f.name === '黑体' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`,
    ),
    '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>',
  ];
  zip.file(
    'word/fontTable.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      fonts.join('') +
      '</w:fonts>',
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function sectionChildren(section: ReportSection): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = section.heading
    ? [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] })]
    : [];
  for (const p of section.paragraphs) out.push(bodyParagraph(p));
  for (const t of section.tables) out.push(...tableChildren(t));
  return out;
}

function bodyParagraph(p: ReportParagraph): Paragraph {
  const isPlaceholder = p.source === 'placeholder';
  return new Paragraph({
    indent: { firstLine: BODY_INDENT },
    alignment: AlignmentType.JUSTIFIED,
    children: [new TextRun({ text: p.text, ...(isPlaceholder ? { italics: true, color: '808080' } : {}) })],
  });
}

function tableChildren(table: ReportTable): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  if (table.caption) {
    out.push(
      new Paragraph({
        keepNext: true,
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: table.caption, font: HEI })],
      }),
    );
  }
  const size = table.columnCount > 6 ? SIZE.tableCompact : SIZE.table;
  const weightSum = table.columnWeights.reduce((a, b) => a + b, 0);
  const columnWidths = table.columnWeights.map((w) => Math.floor((w / weightSum) * TEXT_WIDTH));
  out.push(
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths,
      layout: TableLayoutType.FIXED,
      borders: {
        top: BORDER,
        bottom: BORDER,
        left: BORDER,
        right: BORDER,
        insideHorizontal: BORDER,
        insideVertical: BORDER,
      },
      rows: [
        ...table.header.map((r) => tableRow(r, size, columnWidths, true)),
        ...table.rows.map((r) => tableRow(r, size, columnWidths, false)),
      ],
    }),
  );
  for (const note of table.notes) {
    out.push(new Paragraph({ spacing: { before: 60 }, children: [new TextRun({ text: note, size: SIZE.note })] }));
  }
  // Word glues consecutive tables together; an empty paragraph keeps them apart.
  out.push(new Paragraph({ children: [] }));
  return out;
}

function tableRow(row: ModelRow, size: number, columnWidths: number[], isHeader: boolean): TableRow {
  let column = 0;
  const cells = row.cells.map((c) => {
    const span = c.colSpan ?? 1;
    const width = columnWidths.slice(column, column + span).reduce((a, b) => a + b, 0);
    column += span;
    return tableCell(c, size, width);
  });
  return new TableRow({ tableHeader: isHeader, cantSplit: true, children: cells });
}

function tableCell(cell: ModelCell, size: number, width: number): TableCell {
  const isLabel = cell.role === 'label';
  const indentChars = cell.indent ?? 0;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    ...(cell.colSpan && cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
    ...(cell.rowSpan && cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
    children: [
      new Paragraph({
        alignment: isLabel ? AlignmentType.LEFT : AlignmentType.CENTER,
        spacing: { line: 300, lineRule: LineRuleType.AUTO },
        ...(indentChars > 0 ? { indent: { left: indentChars * size * 10 } } : {}),
        children: [new TextRun({ text: cellText(cell.value), size, bold: cell.role === 'header' })],
      }),
    ],
  });
}

function warningParagraphs(warnings: readonly string[]): Paragraph[] {
  const border = { style: BorderStyle.SINGLE, size: 8, color: 'C77700' };
  const boxed = { top: border, bottom: border, left: border, right: border };
  return [
    new Paragraph({
      border: boxed,
      children: [new TextRun({ text: '生成报告时的提示（定稿前请删除）', font: HEI, size: SIZE.note })],
    }),
    ...warnings.map(
      (w) => new Paragraph({ border: boxed, children: [new TextRun({ text: `• ${w}`, size: SIZE.note })] }),
    ),
    new Paragraph({ children: [] }),
  ];
}
