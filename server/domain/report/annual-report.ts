/**
 * The statutory annual report on government information disclosure (annual-report.md), built from the year's
 * figures. Pure: the caller aggregates the data and loads the edited texts; nothing here reads a clock or a database.
 */
import { z } from 'zod';
import { periodBounds } from '../periods.ts';
import { buildLegacySections } from './legacy-layout.ts';
import { buildNationalSections } from './national-layout.ts';
import { createFigureReader, indicatorLabel } from './report-figures.ts';
import { formatChineseDate, type ReportLayout, type ReportModel, type ReportScope } from './report-model.ts';
import type { TextContext } from './report-text.ts';

/** `gazette`: what the government gazette published (issues, copies), a clause of the channels sentence. */
export type ReportTextKey = 'organisation' | 'problems' | 'other' | 'gazette';
export const REPORT_TEXT_KEYS: readonly ReportTextKey[] = ['organisation', 'problems', 'other', 'gazette'];

/** One unit-quarter whose figures the year's totals do not (fully) rest on. */
export type CoverageGap = { unit: string; name: string; quarter: string };
/** The unit-quarters of the year's reporting quarters that were never submitted, were returned, or wait for review. */
export type ReportCoverage = { missing: CoverageGap[]; returned: CoverageGap[]; unverified: CoverageGap[] };

/** At most this many unit-quarters are named in one warning; the rest are counted. */
export const COVERAGE_NAMES_MAX = 30;

export type ReportInput = {
  year: number;
  scope: ReportScope;
  /** `national` (the default of the app and the CLI) or `legacy`. */
  layout: ReportLayout;
  /** `耒阳市人民政府` for the city, the unit's name for a unit. */
  issuerName: string;
  /**
   * The year's aggregate of catalogue indicators for the scope (flows summed, stocks from the last quarter).
   * An absent code is not recorded; an indicator entered as 0 must be present as 0.
   */
  values: Record<string, number>;
  /** Grassroots units with online approval deployed, of all grassroots units; city scope only. */
  grassroots?: { deployed: number; total: number };
  trainingBatches?: number | null;
  /** Figures of `EXTRA_FIGURES`; an absent key is not recorded. */
  extra: Record<string, number>;
  texts: Partial<Record<ReportTextKey, string>>;
  /** Unit-quarters missing, returned or unverified (absent: not checked). */
  coverage?: ReportCoverage;
};

/** For the edges (HTTP, CLI) that receive a report request from outside. */
export const reportInput: z.ZodType<ReportInput> = z.object({
  year: z.number().int().min(1990).max(2200),
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('city') }),
    z.object({ kind: z.literal('unit'), code: z.string().min(1), name: z.string().min(1) }),
  ]),
  layout: z.enum(['national', 'legacy']),
  issuerName: z.string().min(1),
  values: z.record(z.string(), z.number()),
  grassroots: z.object({ deployed: z.number().int().min(0), total: z.number().int().min(0) }).optional(),
  trainingBatches: z.number().int().min(0).nullable().optional(),
  extra: z.record(z.string(), z.number()),
  texts: z.object({
    organisation: z.string().optional(),
    problems: z.string().optional(),
    other: z.string().optional(),
    gazette: z.string().optional(),
  }),
  coverage: z
    .object({
      missing: z.array(z.object({ unit: z.string(), name: z.string(), quarter: z.string() })),
      returned: z.array(z.object({ unit: z.string(), name: z.string(), quarter: z.string() })),
      unverified: z.array(z.object({ unit: z.string(), name: z.string(), quarter: z.string() })),
    })
    .optional(),
});

export function buildAnnualReport(input: ReportInput): ReportModel {
  const bounds = periodBounds(String(input.year));
  const warnings: string[] = [];
  const figures = createFigureReader(input.values, input.extra, warnings);
  const isCity = input.scope.kind === 'city';
  const place = placeName(input);
  const grassroots = isCity ? checkedGrassroots(input.grassroots, warnings) : null;
  const ctx: TextContext = {
    year: input.year,
    figures,
    isCity,
    placeWord: placeWordOf(place),
    grassroots,
    trainingBatches: input.trainingBatches ?? null,
    gazetteText: input.texts.gazette?.trim() || null,
    warnings,
  };
  const period = { start: formatChineseDate(bounds.start), end: formatChineseDate(bounds.end) };

  let sections: ReportModel['sections'];
  let table3: ReportModel['checks']['table3'] = null;
  if (input.layout === 'legacy') {
    sections = buildLegacySections(ctx, input.texts, period);
  } else {
    const national = buildNationalSections(ctx, input.texts, period);
    sections = national.sections;
    table3 = national.table3Check;
  }

  if (isCity && !ctx.gazetteText && (input.values['chan.gazette'] ?? 0) > 0)
    warnings.push('“政府公报”一段未填写：报告按条数表述公报公开情况，请在报告文字中写明出刊期数和发行份数。');
  if (input.coverage) warnings.unshift(...coverageWarnings(input.coverage));

  const missing = figures.missingCodes();
  if (missing.length > 0) {
    // First, because a missing indicator usually explains the other warnings.
    warnings.unshift(`以下指标本年度没有数据，报告中显示为“未统计”：${missing.map(indicatorLabel).join('、')}。`);
  }

  return {
    title: reportTitle(input, place),
    year: input.year,
    layout: input.layout,
    scope: input.scope,
    issuerName: input.issuerName,
    period: bounds,
    sections,
    checks: { table3 },
    warnings,
  };
}

const QUARTER_ZH = ['一', '二', '三', '四'];
const quarterZh = (code: string) =>
  `${code.slice(0, 4)}年第${QUARTER_ZH[Number(code.slice(5)) - 1] ?? code.slice(5)}季度`;

function namedGaps(gaps: readonly CoverageGap[]): string {
  const names = gaps.slice(0, COVERAGE_NAMES_MAX).map((g) => `${g.name}（${g.unit}）${quarterZh(g.quarter)}`);
  const rest = gaps.length - names.length;
  return `${names.join('、')}${rest > 0 ? `等${gaps.length}个单位季度` : ''}`;
}

/** The warnings naming the unit-quarters the totals leave out (missing, returned) or hold unreviewed. */
export function coverageWarnings(c: ReportCoverage): string[] {
  const out: string[] = [];
  if (c.missing.length)
    out.push(`以下${c.missing.length}个单位季度未报送，其数据未计入本报告：${namedGaps(c.missing)}。`);
  if (c.returned.length)
    out.push(
      `以下${c.returned.length}个单位季度已被退回修改、尚未重新报送，其数据未计入本报告：${namedGaps(c.returned)}。`,
    );
  if (c.unverified.length)
    out.push(
      `以下${c.unverified.length}个单位季度已报送但尚未审核，其数据已计入本报告，审核中如有修改将改变合计：${namedGaps(c.unverified)}。`,
    );
  return out;
}

/** The seed's title for the legacy layout; the national format names the issuing body in full. */
function reportTitle(input: ReportInput, place: string): string {
  return input.layout === 'legacy'
    ? `${place}${input.year}年政府信息公开年度工作报告`
    : `${input.issuerName}${input.year}年政府信息公开工作年度报告`;
}

/** `耒阳市人民政府` → `耒阳市`: the seed's title names the place, not the government. */
function placeName(input: ReportInput): string {
  if (input.scope.kind === 'unit') return input.issuerName;
  return input.issuerName.replace(/人民政府$/, '') || input.issuerName;
}

function placeWordOf(place: string): string {
  const last = place.slice(-1);
  return ['市', '县', '区', '旗'].includes(last) ? last : '市';
}

function checkedGrassroots(
  grassroots: ReportInput['grassroots'],
  warnings: string[],
): { deployed: number; total: number } | null {
  if (!grassroots) return null;
  const { deployed, total } = grassroots;
  const valid =
    Number.isInteger(deployed) && Number.isInteger(total) && deployed >= 0 && total >= 0 && deployed <= total;
  if (!valid) {
    warnings.push(`基层单位部署情况无效（已部署${deployed}，共${total}），报告中按未统计处理。`);
    return null;
  }
  return grassroots;
}
