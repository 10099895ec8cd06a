import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAnnualReport } from '../../../server/domain/report/annual-report.ts';
import type { ReportModel } from '../../../server/domain/report/report-model.ts';
import { renderReportDocx } from '../../../server/report-render/render-report-docx.ts';
import { makeCityInput } from './report-fixtures.ts';

type DocxParts = { documentXml: string; stylesXml: string; text: string; tables: string[] };

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of a piece of WordprocessingML: runs joined, one line per paragraph. */
function xmlText(xml: string): string {
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1] ?? '')).join(''))
    .join('\n');
}

async function readDocx(model: ReportModel): Promise<DocxParts> {
  const buffer = await renderReportDocx(model);
  expect(Buffer.isBuffer(buffer)).toBe(true);
  expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
  const zip = await JSZip.loadAsync(buffer);
  const documentXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const tables = [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
  return { documentXml, stylesXml, text: xmlText(documentXml), tables };
}

/** Grid columns each row of a Word table covers (gridSpan counted, vertically merged cells included). */
function rowGridWidths(tableXml: string): number[] {
  return [...tableXml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].reduce((sum, tc) => {
      const span = /<w:gridSpan w:val="(\d+)"\/>/.exec(tc[1] ?? '');
      return sum + (span ? Number(span[1]) : 1);
    }, 0),
  );
}

describe('renderReportDocx, national layout', () => {
  const model = buildAnnualReport(makeCityInput());
  let docx: DocxParts;
  beforeAll(async () => {
    docx = await readDocx(model);
  });

  it('holds the title and the six headings, as headings', () => {
    expect(docx.text).toContain('耒阳市人民政府2011年政府信息公开工作年度报告');
    for (const heading of [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]) {
      expect(docx.text).toContain(heading);
    }
    expect((docx.documentXml.match(/<w:pStyle w:val="Heading1"\/>/g) ?? []).length).toBe(6);
    expect(docx.documentXml).toContain('<w:pStyle w:val="Title"/>');
  });

  it('holds the figures in paragraphs and table cells', () => {
    for (const phrase of [
      '主动公开政府信息9106条',
      '网上办件42896件',
      '页面访问量520000人次',
      '其中已有24个部署',
      '共有36个',
      '分3批次',
      '参训206人',
    ]) {
      expect(docx.text).toContain(phrase);
    }
    expect(docx.text).toContain('未统计');
    expect(docx.text).toContain('第一项加第二项之和，等于第三项加第四项之和');
  });

  it('writes tables 二, 三 and 四 as real Word tables with header rows on a full grid', () => {
    expect(docx.tables).toHaveLength(3);
    const [t2, t3, t4] = docx.tables as [string, string, string];
    expect(xmlText(t2)).toContain('行政规范性文件');
    expect(xmlText(t2)).toContain('97');
    expect(rowGridWidths(t2).every((w) => w === 4)).toBe(true);
    expect(rowGridWidths(t3)).toEqual(Array(3 + 25).fill(10));
    expect(rowGridWidths(t4)).toEqual([15, 15, 15, 15]);
    expect((t3.match(/<w:tblHeader\/>/g) ?? []).length).toBe(3);
    expect(t3).toContain('<w:vMerge w:val="restart"/>');
    expect(xmlText(t3)).toContain('（七）总计');
    expect(xmlText(t4)).toContain('复议后起诉');
  });

  it('is laid out after GB/T 9704: A4, its margins, 小标宋 二号 title, 仿宋 三号 body, 黑体 headings, "— 1 —"', async () => {
    expect(docx.documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (twips).
    expect(docx.documentXml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"/);
    expect(docx.stylesXml).toMatch(/w:eastAsia="方正小标宋简体"[\s\S]*?<w:sz w:val="44"\/>/);
    expect(docx.stylesXml).toMatch(/w:eastAsia="仿宋_GB2312"[\s\S]*?<w:sz w:val="32"\/>/);
    expect(docx.stylesXml).toContain('w:eastAsia="黑体"');
    const zip = await JSZip.loadAsync(await renderReportDocx(model));
    const fonts = (await zip.file('word/fontTable.xml')?.async('string')) ?? '';
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/>');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^word\/footer\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(footers.length).toBe(2);
    for (const f of footers) expect(xmlText(f).replace(/\s+/g, '')).toBe('——');
    for (const f of footers) expect(f).toContain('PAGE');
  });

  it('leaves the warnings out unless asked', async () => {
    expect(docx.text).not.toContain('生成报告时的提示');
    const withWarnings = await renderReportDocx(model, { includeWarnings: true });
    const xml = (await (await JSZip.loadAsync(withWarnings)).file('word/document.xml')?.async('string')) ?? '';
    expect(xmlText(xml)).toContain('生成报告时的提示');
    expect(xmlText(xml)).toContain('核对勾稽关系时按0计算');
  });

  it('escapes free text into valid XML', async () => {
    const hostile = buildAnnualReport(
      makeCityInput({ texts: { organisation: '<script>alert(1)</script> & 其他', problems: 'x', other: 'y' } }),
    );
    const parts = await readDocx(hostile);
    expect(parts.documentXml).not.toContain('<script>');
    expect(parts.text).toContain('<script>alert(1)</script> & 其他');
  });
});

describe('renderReportDocx, legacy layout', () => {
  const model = buildAnnualReport(makeCityInput({ layout: 'legacy' }));
  let docx: DocxParts;
  beforeAll(async () => {
    docx = await readDocx(model);
  });

  it('holds 七、附表 with its four tables and their figures', () => {
    expect(docx.text).toContain('耒阳市2011年政府信息公开年度工作报告');
    expect(docx.text).toContain('七、附表');
    for (const caption of ['1. 主动公开情况统计', '2. 依申请公开情况统计', '3. 咨询情况统计', '4. 申诉情况统计']) {
      expect(docx.text).toContain(caption);
    }
    expect(docx.tables).toHaveLength(4);
    const [t1, t2, t3, t4] = docx.tables.map(xmlText) as [string, string, string, string];
    expect(t1).toContain('主动公开信息数');
    expect(t1).toContain('9106');
    expect(t1).toContain('97');
    expect(t2).toContain('（11）其它原因');
    expect(t3).toContain('19052');
    expect(t3).toContain('520000');
    expect(t4).toContain('行政申诉数');
    expect(docx.tables.every((t) => rowGridWidths(t).every((w) => w === 3))).toBe(true);
    expect(docx.text).toContain('网上办件42896件');
  });
});
