/** Shared inputs and readers for the annual-report tests: Leiyang's 2011 figures (annual-report.md). */
import { DEFAULT_INDICATOR_CODES } from '../../../server/domain/catalogue.ts';
import type { ReportInput } from '../../../server/domain/report/annual-report.ts';
import {
  type CellValue,
  cellText,
  type ReportModel,
  type ReportTable,
} from '../../../server/domain/report/report-model.ts';

/**
 * The city's 2011 aggregate. Indicators the seed gives as 0 (fax, e-mail … requests, partial and refused
 * replies, appeals) are present as 0; `approval.cases_ontime`, which the seed never states, is absent.
 */
export const CITY_2011_VALUES: Readonly<Record<string, number>> = {
  ...Object.fromEntries(
    DEFAULT_INDICATOR_CODES.filter((code) => code !== 'approval.cases_ontime').map((code) => [code, 0]),
  ),
  'pub.overview': 475,
  'pub.plans': 985,
  'pub.regulations': 1862,
  'pub.news': 3181,
  'pub.personnel': 346,
  'pub.finance': 51,
  'pub.services': 758,
  'pub.annual_reports': 98,
  'pub.other': 1350,
  'pub.electronic': 9106,
  'pub.normative_docs': 97,
  'chan.direct_report': 4900,
  'chan.portal': 7626,
  'chan.gazette': 17,
  'chan.other_media': 2800,
  'req.in_person': 1,
  'reply.granted': 1,
  'consult.service_info': 19052,
  'consult.online': 3557,
  'consult.onsite': 1612,
  'consult.phone': 2015,
  'consult.page_views': 520000,
  'approval.deployed': 24,
  'approval.items_licensing': 247,
  'approval.items_nonlicensing': 75,
  'approval.items_services': 429,
  'approval.items_transfer': 129,
  'approval.items_published': 880,
  'approval.cases': 42896,
  'training.attendees': 206,
};

export const ORGANISATION_TEXT =
  '一是完善组织机制。今年，我市明确了政府信息公开和网上审批工作的领导机构。\n\n二是完善工作机制。';
export const PROBLEMS_TEXT = '（一）存在的问题\n一是思想认识尚有差距。\n（二）改进措施\n一是抓先进带全面。';
export const GAZETTE_TEXT =
  '通过《耒阳政报》将规范性文件、领导讲话、人事任免等信息进行公开，现已出刊17期，发行60000余份。';
export const OTHER_TEXT = '今年我市又投入100余万元，继续完善了各项软、硬件设施。';

export function makeCityInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    year: 2011,
    scope: { kind: 'city' },
    layout: 'national',
    issuerName: '耒阳市人民政府',
    values: { ...CITY_2011_VALUES },
    grassroots: { deployed: 24, total: 36 },
    trainingBatches: 3,
    extra: {},
    texts: { organisation: ORGANISATION_TEXT, problems: PROBLEMS_TEXT, other: OTHER_TEXT, gazette: GAZETTE_TEXT },
    ...overrides,
  };
}

export function makeUnitInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    year: 2011,
    scope: { kind: 'unit', code: 'T01', name: '蔡子池街道办事处' },
    layout: 'national',
    issuerName: '蔡子池街道办事处',
    values: {
      ...Object.fromEntries(DEFAULT_INDICATOR_CODES.map((code) => [code, 0])),
      'pub.overview': 12,
      'pub.news': 40,
      'pub.electronic': 52,
      'req.online': 2,
      'reply.granted': 1,
      'reply.partial': 1,
      'approval.deployed': 1,
      'approval.items_licensing': 5,
      'approval.items_published': 5,
      'approval.cases': 310,
      'approval.cases_ontime': 300,
      'training.attendees': 3,
    },
    extra: {},
    texts: { organisation: '街道成立了政务公开工作小组。', problems: '信息更新不够及时。', other: '无。' },
    ...overrides,
  };
}

/** Everything a reader of the report sees: title, headings, paragraphs, cells and notes. */
export function reportText(model: ReportModel): string {
  const lines = [model.title];
  for (const s of model.sections) {
    lines.push(s.heading, ...s.paragraphs.map((p) => p.text));
    for (const t of s.tables) {
      if (t.caption) lines.push(t.caption);
      for (const r of [...t.header, ...t.rows]) lines.push(r.cells.map((c) => cellText(c.value)).join(' | '));
      lines.push(...t.notes);
    }
  }
  return lines.join('\n');
}

export function sectionText(model: ReportModel, key: string): string {
  const s = model.sections.find((x) => x.key === key);
  if (!s) throw new Error(`no section ${key}`);
  return s.paragraphs.map((p) => p.text).join('\n');
}

export function findTable(model: ReportModel, id: string): ReportTable {
  for (const s of model.sections) for (const t of s.tables) if (t.id === id) return t;
  throw new Error(`no table ${id}`);
}

/** The data cells of a keyed row, left to right. */
export function rowData(table: ReportTable, key: string): CellValue[] {
  const row = table.rows.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key} in ${table.id}`);
  return row.cells.filter((c) => c.role === 'data').map((c) => c.value);
}

/** The single figure of a legacy table row (its 数量 column). */
export function legacyValue(table: ReportTable, key: string): CellValue {
  const data = rowData(table, key);
  if (data.length !== 1) throw new Error(`row ${key} has ${data.length} data cells`);
  return data[0] as CellValue;
}

/** How many grid columns each row of a table covers, counting cells spanned down from rows above. */
export function gridWidths(table: ReportTable): number[] {
  const carried: number[] = []; // carried[col] = rows still covered by a rowSpan from above
  const widths: number[] = [];
  for (const row of [...table.header, ...table.rows]) {
    let col = 0;
    let width = 0;
    const next = [...carried];
    const skipCarried = () => {
      while ((carried[col] ?? 0) > 0) {
        next[col] = (carried[col] ?? 0) - 1;
        col += 1;
        width += 1;
      }
    };
    for (const cell of row.cells) {
      skipCarried();
      const span = cell.colSpan ?? 1;
      for (let i = 0; i < span; i += 1) next[col + i] = (cell.rowSpan ?? 1) - 1;
      col += span;
      width += span;
    }
    skipCarried();
    widths.push(width);
    carried.splice(0, carried.length, ...next);
  }
  return widths;
}
