import { type Tx, transactional } from '../../db';
import { DEFAULT_INDICATOR_CODES } from '../../domain/catalogue';
import { CITY_SCOPE, COUNTED_STATUSES, type Scope } from '../../domain/names';
import { quartersOfYear } from '../../domain/periods';
import {
  buildAnnualReport,
  type CoverageGap,
  REPORT_TEXT_KEYS,
  type ReportCoverage,
  type ReportTextKey,
} from '../../domain/report/annual-report';
import { EXTRA_FIGURES_BY_KEY } from '../../domain/report/extra-figures';
import type { ReportLayout, ReportModel } from '../../domain/report/report-model';
import { AppError } from '../../errors';
import { type Actor, recordAudit } from '../audit/record-audit';
import { unitInScope } from '../scores/find-scores';
import { aggregateTotals } from '../values/aggregate-values';

export const CITY_ISSUER = '耒阳市人民政府';
/** Recorded per year like the national-format figures, but used in the text (三批次). */
export const TRAINING_BATCHES_KEY = 'training.batches';

/** The city's texts and figures are stored under this key. */
export const CITY_REPORT_SCOPE = 'city';

/**
 * The key a unit's report texts and figures are stored under: its id, never its code, so that no unit code
 * (a unit coded `city`, say) can name the city's report or another unit's.
 */
export const unitReportScope = (unitId: number) => `unit:${unitId}`;

/** Whose report: a unit operator's is always its own unit's; the city's when no unit is named. */
async function reportOf(tx: Tx, unitCode: string | null | undefined, scope: Scope) {
  if (scope.kind === 'unit') {
    const own = await tx.unit.findUnique({ where: { id: scope.unitId }, select: { code: true } });
    if (!own) throw new AppError('NOT_FOUND', 'common.notBoundToUnit');
    const unit = await unitInScope(tx, unitCode ?? own.code, scope);
    return { key: unitReportScope(unit.id), unit };
  }
  if (!unitCode) return { key: CITY_REPORT_SCOPE, unit: null };
  const unit = await unitInScope(tx, unitCode, scope);
  return { key: unitReportScope(unit.id), unit };
}

/**
 * Which unit-quarters of the year the totals leave out or hold unreviewed: over the year's reporting quarters
 * (those any unit has submitted), each active unit in scope is missing (never submitted, or a draft), returned
 * (sent back and not submitted again) or unverified (submitted, not yet verified).
 */
export async function reportCoverage(tx: Tx, year: number, unitId: number | null): Promise<ReportCoverage> {
  const quarters = quartersOfYear(year);
  const subs = await tx.submission.findMany({
    where: { periodCode: { in: quarters }, ...(unitId !== null ? { unitId } : {}) },
    select: { unitId: true, periodCode: true, status: true },
  });
  const reporting = new Set(
    (
      await tx.submission.groupBy({
        by: ['periodCode'],
        where: { periodCode: { in: quarters }, status: { in: ['submitted', 'verified', 'returned'] } },
      })
    ).map((r) => r.periodCode),
  );
  const units = await tx.unit.findMany({
    where: { active: true, ...(unitId !== null ? { id: unitId } : {}) },
    select: { id: true, code: true, name: true },
    orderBy: { code: 'asc' },
  });
  const status = new Map(subs.map((s) => [`${s.unitId}|${s.periodCode}`, s.status]));
  const out: ReportCoverage = { missing: [], returned: [], unverified: [] };
  for (const q of quarters.filter((c) => reporting.has(c))) {
    for (const u of units) {
      const gap: CoverageGap = { unit: u.code, name: u.name, quarter: q };
      const s = status.get(`${u.id}|${q}`);
      if (s === 'returned') out.returned.push(gap);
      else if (s === 'submitted') out.unverified.push(gap);
      else if (s !== 'verified') out.missing.push(gap);
    }
  }
  return out;
}

/** The annual report of a year for the city or one unit, built from the data, the edited texts and recorded figures. */
export async function buildReportFor(
  tx: Tx,
  input: { year: number; unitCode?: string | null; layout?: ReportLayout; scope: Scope },
): Promise<ReportModel> {
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2200)
    throw new AppError('BAD_REQUEST', 'common.badYear', { year: input.year });
  const scope = await reportOf(tx, input.unitCode, input.scope);
  const totals = await aggregateTotals(
    tx,
    String(input.year),
    scope.unit ? { kind: 'unit', unitId: scope.unit.id } : CITY_SCOPE,
  );
  const hasData =
    (await tx.submission.count({
      where: {
        periodCode: { in: quartersOfYear(input.year) },
        status: { in: [...COUNTED_STATUSES] },
        ...(scope.unit ? { unitId: scope.unit.id } : {}),
      },
    })) > 0;
  // Indicators with no row count as 0 once the scope has submitted for the year; with no data at all, nothing is recorded.
  const values: Record<string, number> = {};
  if (hasData) for (const code of DEFAULT_INDICATOR_CODES) values[code] = totals[code] ?? 0;
  const texts = await tx.reportText.findMany({
    where: { year: input.year, scope: scope.key },
    select: { section: true, text: true },
  });
  const figures = await tx.reportFigure.findMany({
    where: { year: input.year, scope: scope.key },
    select: { key: true, value: true },
  });
  const extra: Record<string, number> = {};
  let trainingBatches: number | null = null;
  for (const f of figures) {
    if (f.key === TRAINING_BATCHES_KEY) trainingBatches = Number(f.value);
    else extra[f.key] = Number(f.value);
  }
  let grassroots: { deployed: number; total: number } | undefined;
  if (!scope.unit) {
    const total = await tx.unit.count({ where: { active: true, group: 'grassroots' } });
    grassroots = { deployed: values['approval.deployed'] ?? 0, total };
  }
  return buildAnnualReport({
    year: input.year,
    scope: scope.unit ? { kind: 'unit', code: scope.unit.code, name: scope.unit.name } : { kind: 'city' },
    layout: input.layout ?? 'national',
    issuerName: scope.unit ? scope.unit.name : CITY_ISSUER,
    values,
    ...(grassroots ? { grassroots } : {}),
    trainingBatches,
    extra,
    texts: Object.fromEntries(
      texts.filter((t) => (REPORT_TEXT_KEYS as readonly string[]).includes(t.section)).map((t) => [t.section, t.text]),
    ) as Partial<Record<ReportTextKey, string>>,
    coverage: await reportCoverage(tx, input.year, scope.unit?.id ?? null),
  });
}

export async function getReportInputs(tx: Tx, input: { year: number; unitCode?: string | null; scope: Scope }) {
  const scope = await reportOf(tx, input.unitCode, input.scope);
  const texts = await tx.reportText.findMany({
    where: { year: input.year, scope: scope.key },
    select: { section: true, text: true, updatedAt: true },
  });
  const figures = await tx.reportFigure.findMany({
    where: { year: input.year, scope: scope.key },
    select: { key: true, value: true },
  });
  return {
    scope: scope.unit ? scope.unit.code : CITY_REPORT_SCOPE,
    texts: Object.fromEntries(texts.map((t) => [t.section, t.text])) as Record<string, string>,
    figures: Object.fromEntries(figures.map((f) => [f.key, Number(f.value)])) as Record<string, number>,
  };
}

/** Saves the edited free-text sections and recorded figures of a report (audited). Empty figure = not recorded. */
export const saveReportInputs = transactional(async function saveReportInputs(
  tx: Tx,
  actor: Actor,
  input: {
    year: number;
    unitCode?: string | null;
    scope: Scope;
    texts?: Partial<Record<ReportTextKey, string>>;
    figures?: Record<string, number | null>;
  },
) {
  const scope = await reportOf(tx, input.unitCode, input.scope);
  const before = await getReportInputs(tx, input);
  for (const [section, text] of Object.entries(input.texts ?? {})) {
    if (!(REPORT_TEXT_KEYS as readonly string[]).includes(section))
      throw new AppError('BAD_REQUEST', 'reports.unknownSection', { section });
    if ((text ?? '').length > 20_000) throw new AppError('BAD_REQUEST', 'common.sectionTooLong', { section });
    await tx.reportText.upsert({
      where: { year_scope_section: { year: input.year, scope: scope.key, section } },
      create: { year: input.year, scope: scope.key, section, text: text ?? '', updatedById: actor.id },
      update: { text: text ?? '', updatedById: actor.id },
    });
  }
  for (const [key, value] of Object.entries(input.figures ?? {})) {
    if (key !== TRAINING_BATCHES_KEY && !EXTRA_FIGURES_BY_KEY.has(key))
      throw new AppError('BAD_REQUEST', 'reports.unknownFigure', { key });
    if (value === null) {
      await tx.reportFigure.deleteMany({ where: { year: input.year, scope: scope.key, key } });
      continue;
    }
    const def = EXTRA_FIGURES_BY_KEY.get(key);
    const label = def?.labelZh ?? key;
    if (!Number.isFinite(value) || value < 0 || value > 1e12)
      throw new AppError('BAD_REQUEST', 'reports.figureNotNumber', { key, label, value });
    if (def && !def.allowsDecimals && !Number.isInteger(value))
      throw new AppError('BAD_REQUEST', 'reports.figureNotWhole', { key, label, value });
    await tx.reportFigure.upsert({
      where: { year_scope_key: { year: input.year, scope: scope.key, key } },
      create: { year: input.year, scope: scope.key, key, value, updatedById: actor.id },
      update: { value, updatedById: actor.id },
    });
  }
  await recordAudit(tx, actor, {
    action: 'report.edit',
    entity: 'report',
    entityId: `${input.year}|${scope.unit ? scope.unit.code : CITY_REPORT_SCOPE}`,
    before,
    after: { texts: input.texts ?? {}, figures: input.figures ?? {} },
  });
});
