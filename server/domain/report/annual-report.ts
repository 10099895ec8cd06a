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

export type ReportTextKey = 'organisation' | 'problems' | 'other';
export const REPORT_TEXT_KEYS: readonly ReportTextKey[] = ['organisation', 'problems', 'other'];

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
  }),
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
