/** The annual report as a Word document (A4, 宋体 body, 黑体 headings), built with the `docx` package. */
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

// A4 in twips, with the margins of Chinese official documents (GB/T 9704: 28 mm left, 26 mm right).
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1440, bottom: 1440, left: 1588, right: 1474 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

// Latin digits stay in Times New Roman, as in Chinese government documents; Chinese text takes the named face.
const SONG: IFontAttributesProperties = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
  eastAsia: '宋体',
};
const HEI: IFontAttributesProperties = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
  eastAsia: '黑体',
};

// Half-points: 四号 14pt body, 三号 16pt headings, 小二 18pt title, 五号 10.5pt / 小五 9pt tables.
const SIZE = { body: 28, heading: 32, title: 36, table: 21, tableCompact: 18, note: 21 };
const BODY_INDENT = 2 * 14 * 20; // two characters of 14pt, in twips
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

export async function renderReportDocx(model: ReportModel, options: DocxRenderOptions = {}): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  if (options.includeWarnings && model.warnings.length > 0) children.push(...warningParagraphs(model.warnings));
  children.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(model.title)],
    }),
  );
  for (const section of model.sections) children.push(...sectionChildren(section));

  const doc = new Document({
    creator: 'Dukao 督考',
    title: model.title,
    description: `${model.issuerName}${model.year}年政府信息公开年度报告`,
    styles: {
      default: {
        document: {
          run: { font: SONG, size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: 360, lineRule: LineRuleType.AUTO } },
        },
        title: {
          run: { font: HEI, size: SIZE.title, bold: false, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 480 } },
        },
        heading1: {
          run: { font: HEI, size: SIZE.heading, bold: false, italics: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE.note })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function sectionChildren(section: ReportSection): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }),
  ];
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
        spacing: { before: 200, after: 80 },
        children: [new TextRun({ text: table.caption, bold: true })],
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
        spacing: { line: 280, lineRule: LineRuleType.AUTO },
        ...(indentChars > 0 ? { indent: { left: indentChars * size * 10 } } : {}),
        children: [new TextRun({ text: cellText(cell.value), size, bold: cell.role === 'header' })],
      }),
    ],
  });
}

function warningParagraphs(warnings: string[]): Paragraph[] {
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
