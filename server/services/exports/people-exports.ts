import ExcelJS from 'exceljs';
import type { Tx } from '../../db';
import type { RankGroup } from '../../domain/catalogue';
import { findScoreView, isPublished, type RuleInfo, type ScoreRow } from '../scores/find-scores';
import { csvText } from './export-files';

export type PeopleLang = 'zh' | 'en';
export type PeopleFile = { body: Buffer; contentType: string; fileName: string };

/**
 * The ranking as office staff read it (the rankings page's 导出 Excel / CSV): a title row naming period, group and
 * whether the ranking is published, headers in the reader's language (rules by their names and points), grades and
 * yes/no as words, scores with two decimals, widths, a frozen header and an autofilter. CSV: the same table (no
 * title row) in UTF-8 with a BOM, which Excel opens as UTF-8. The machine formats of interfaces.md
 * (`/api/export/scores`, `export scores`) are export-files.ts and stay as they are.
 */
const TEXT = {
  zh: {
    title: (period: string, group: string) => `${period} 考核排名（${group}）`,
    published: '已发布',
    unpublished: '未发布（内部核对用）',
    generated: '导出日期',
    rank: '排名',
    change: '排名变化',
    code: '单位编码',
    name: '单位名称',
    submitted: '是否报送',
    base: '基础分',
    deductions: '扣分',
    bonus: '加分',
    score: '总分',
    grade: '等级',
    veto: '一票否决',
    yes: '是',
    no: '否',
    points: (n: number) => `（${n}分）`,
    grades: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' },
    groups: { grassroots: '乡镇街道', organs: '市直单位' },
    sheet: '考核排名',
  },
  en: {
    title: (period: string, group: string) => `Ranking ${period} (${group})`,
    published: 'published',
    unpublished: 'not published (for internal checking)',
    generated: 'Exported',
    rank: 'Rank',
    change: 'Change',
    code: 'Unit code',
    name: 'Unit',
    submitted: 'Submitted',
    base: 'Base',
    deductions: 'Deductions',
    bonus: 'Bonus',
    score: 'Score',
    grade: 'Grade',
    veto: 'Veto',
    yes: 'yes',
    no: 'no',
    points: (n: number) => ` (${n} pts)`,
    grades: { excellent: 'Excellent', good: 'Good', pass: 'Pass', fail: 'Fail' },
    groups: { grassroots: 'Townships and streets', organs: 'City departments' },
    sheet: 'Ranking',
  },
} as const;

const QUARTER_ZH = ['一', '二', '三', '四'];
/** `2011Q3` → `2011年第三季度` / `2011 Q3`; `2011` → `2011年度` / `Year 2011` (as the client's formatPeriod). */
export function periodLabel(code: string, lang: PeopleLang): string {
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return lang === 'zh' ? `${q[1]}年第${QUARTER_ZH[Number(q[2]) - 1]}季度` : `${q[1]} Q${q[2]}`;
  return lang === 'zh' ? `${code}年度` : `Year ${code}`;
}

type Column = {
  header: string;
  width: number;
  numFmt?: string;
  center?: boolean;
  value: (r: ScoreRow) => string | number | null;
};

function columns(rules: readonly RuleInfo[], lang: PeopleLang): Column[] {
  const t = TEXT[lang];
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  return [
    { header: t.rank, width: 7, numFmt: '0', value: (r) => r.rank },
    { header: t.change, width: 9, numFmt: '+0;-0;0', value: (r) => r.rank_change },
    { header: t.code, width: 10, center: true, value: (r) => r.unit },
    { header: t.name, width: 26, value: (r) => r.name },
    { header: t.submitted, width: 9, center: true, value: (r) => yesNo(r.submitted) },
    ...rules.map<Column>((rule) => {
      const header = `${lang === 'zh' ? rule.nameZh : rule.nameEn}${t.points(rule.points)}`;
      return {
        header,
        width: Math.min(16, Math.max(10, [...header].length * (lang === 'zh' ? 2 : 1) + 2)),
        numFmt: '0.00',
        value: (r) => (r.rules[rule.code] === undefined ? null : round2(r.rules[rule.code]!)),
      };
    }),
    { header: t.base, width: 9, numFmt: '0.00', value: (r) => round2(r.base) },
    { header: t.deductions, width: 8, numFmt: '0.00', value: (r) => round2(r.deductions) },
    { header: t.bonus, width: 8, numFmt: '0.00', value: (r) => round2(r.bonus) },
    { header: t.score, width: 9, numFmt: '0.00', value: (r) => round2(r.score) },
    { header: t.grade, width: 8, center: true, value: (r) => t.grades[r.grade] },
    { header: t.veto, width: 9, center: true, value: (r) => (r.veto ? t.yes : '') },
  ];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The people's ranking file of one group of a period (see the note above). `today` dates the title row. */
export async function rankingFileForPeople(
  tx: Tx,
  input: { period: string; group: RankGroup; format: 'xlsx' | 'csv'; lang: PeopleLang; today: string },
): Promise<PeopleFile> {
  const [{ rows: all, rules: allRules }, published] = await Promise.all([
    findScoreView(tx, input.period),
    isPublished(tx, input.period),
  ]);
  const t = TEXT[input.lang];
  const rows = all.filter((r) => r.group === input.group);
  const rules = allRules.filter((r) => r.groups.includes(input.group));
  const cols = columns(rules, input.lang);
  const fileName = `ranking-${input.period}-${input.group}.${input.format}`;
  if (input.format === 'csv') {
    // The one CSV writer: text cells that a spreadsheet would run as formulas are neutralised (OWASP).
    const body = csvText(
      cols.map((c) => c.header),
      rows.map((r) => cols.map((c) => c.value(r))),
    );
    return {
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]),
      contentType: 'text/csv; charset=utf-8',
      fileName,
    };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dukao 督考';
  const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = cols.map((c) => ({ width: c.width }));
  const last = ws.getColumn(cols.length).letter;
  ws.mergeCells(`A1:${last}1`);
  const title = ws.getCell('A1');
  title.value = t.title(periodLabel(input.period, input.lang), t.groups[input.group]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 24;
  ws.mergeCells(`A2:${last}2`);
  const sub = ws.getCell('A2');
  sub.value = `${published ? t.published : t.unpublished} · ${t.generated} ${input.today}`;
  sub.font = { color: { argb: 'FF666666' } };
  sub.alignment = { horizontal: 'center' };
  const header = ws.getRow(3);
  header.values = cols.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF999999' } } };
  });
  for (const r of rows) ws.addRow(cols.map((c) => c.value(r)));
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.numFmt) col.numFmt = c.numFmt;
    if (c.center)
      col.eachCell((cell, row) => {
        if (row > 3) cell.alignment = { horizontal: 'center' };
      });
  });
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3 + rows.length, column: cols.length } };
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' };
  return {
    body: Buffer.from(await wb.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
  };
}
