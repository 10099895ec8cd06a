import { describe, expect, it } from 'vitest';
import { buildAnnualReport } from '../../../server/domain/report/annual-report.ts';
import { renderReportHtml, renderReportHtmlDocument } from '../../../server/report-render/render-report-html.ts';
import { makeCityInput, makeUnitInput } from './report-fixtures.ts';

const SCRIPT = '<script>alert("x")</script>';

describe('renderReportHtml', () => {
  const model = buildAnnualReport(makeCityInput());
  const html = renderReportHtml(model);

  it('renders the title, every heading and the figures', () => {
    expect(html).toContain('<h1>耒阳市人民政府2011年政府信息公开工作年度报告</h1>');
    for (const s of model.sections) expect(html).toContain(`<h2>${s.heading}</h2>`);
    for (const figure of [
      '9106',
      '42896',
      '520000',
      '19052',
      '3557',
      '1612',
      '2015',
      '24',
      '36',
      '247',
      '75',
      '429',
      '129',
      '206',
    ]) {
      expect(html).toContain(figure);
    }
  });

  it('renders tables with spans, header cells and 未统计 cells', () => {
    expect((html.match(/<table/g) ?? []).length).toBe(3);
    expect(html).toContain('rowspan="22"');
    expect(html).toContain('<th scope="col" colspan="7">申请人情况</th>');
    expect(html).toContain('<td class="not-recorded">未统计</td>');
    expect(html).toContain('<td class="num">97</td>');
    expect(html).toContain('border: 1px solid #000');
  });

  it('shows the warnings in a box that does not print, unless turned off', () => {
    expect(html).toContain('class="dukao-report-warnings"');
    expect(html).toContain('核对勾稽关系时按0计算');
    expect(html).toMatch(/@media print \{\s*\.dukao-report-warnings \{ display: none; \}/);
    expect(renderReportHtml(model, { includeWarnings: false })).not.toContain('dukao-report-warnings"');
  });

  it('escapes free text and names', () => {
    const hostile = buildAnnualReport(
      makeUnitInput({
        issuerName: 'A&B <b>局</b>',
        texts: { organisation: `前言${SCRIPT}`, problems: '"引号" & \'单引号\'', other: '无' },
      }),
    );
    const out = renderReportHtmlDocument(hostile);
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<b>');
    expect(out).toContain('前言&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('A&amp;B &lt;b&gt;局&lt;/b&gt;');
    expect(out).toContain('&quot;引号&quot; &amp; &#39;单引号&#39;');
  });

  it('marks placeholders so they stand out', () => {
    const out = renderReportHtml(buildAnnualReport(makeCityInput({ texts: {} })));
    expect(out).toContain('<p class="placeholder">');
  });
});

describe('renderReportHtmlDocument', () => {
  it('is a complete A4 document with its styles in the head', () => {
    const model = buildAnnualReport(makeCityInput({ layout: 'legacy' }));
    const doc = renderReportHtmlDocument(model);
    expect(doc.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(doc).toContain('<html lang="zh-CN">');
    expect(doc).toContain('<meta charset="utf-8">');
    expect(doc).toContain('<title>耒阳市2011年政府信息公开年度工作报告</title>');
    expect(doc).toContain('@page { size: A4;');
    expect((doc.match(/<style>/g) ?? []).length).toBe(1);
    expect(doc).toContain('<figcaption>2. 依申请公开情况统计</figcaption>');
    expect((doc.match(/<table/g) ?? []).length).toBe(4);
    expect(doc.trimEnd().endsWith('</html>')).toBe(true);
  });
});
