import { TX_LIMITS, type Tx, transactional } from '../../db';
import type { Scope } from '../../domain/names';
import type { ServerMessage } from '../../domain/server-messages';
import { parseCountCell } from '../../domain/validation/counts';
import { checkQuarterValues } from '../../domain/validation/values';
import type { Actor } from '../audit/record-audit';
import { loadCatalogue } from '../catalogue/load-catalogue';
import { cellMessage, shorten } from '../imports/read-table';
import { RowErrors } from '../imports/row-errors';
import { unitInScope } from '../scores/find-scores';
import { loadValues } from '../values/write-values';
import { assertQuarterOpen, saveQuarter } from '../workflow/quarter-entry';
import type { ReadTemplate } from './read-template';

export type TemplateImportResult = {
  unit: string;
  period: string;
  status: string;
  version: number;
  /** How many indicators hold a value after the upload. */
  values: number;
  warnings: string[];
  warningMessages: ServerMessage[];
};

/**
 * Saves an uploaded template as the unit's draft of that quarter (or submits it), through the same path as the
 * form (saveQuarter: lock, version and status checks, validation, audit, re-scoring). Every problem is reported
 * as `row N: …` with N the row number Excel shows, and nothing is written while there is any.
 * Rows left out of the file keep their stored values; a cleared value cell removes the value.
 */
export const importTemplate = transactional(async function importTemplate(
  tx: Tx,
  actor: Actor,
  input: { template: ReadTemplate; scope: Scope; submit: boolean; today: string; now: Date },
): Promise<TemplateImportResult> {
  const { meta, lines } = input.template;
  const unit = await unitInScope(tx, meta.unit, input.scope);
  await assertQuarterOpen(tx, meta.period);
  const where = { unit: unit.code, period: meta.period };
  const catalogue = (await loadCatalogue(tx)).filter((d) => d.group === null || d.group === unit.group);
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const current =
    (await loadValues(tx, [{ unitId: unit.id, periodCode: meta.period }])).get(`${unit.id}|${meta.period}`) ?? {};
  const errors = new RowErrors();
  const values: Record<string, number> = { ...current };
  const rowOf = new Map<string, number>();
  const badCells = new Set<string>();
  for (const line of lines) {
    const def = byCode.get(line.key);
    if (line.key === '') {
      errors.add(line.row, { key: 'rows.noIndicatorKey', params: where });
      continue;
    }
    if (!def) {
      errors.add(line.row, { key: 'rows.unknownIndicator', params: { ...where, indicator: shorten(line.key) } });
      continue;
    }
    if (rowOf.has(def.code)) {
      const figure = { ...where, indicator: def.code, indicatorZh: def.nameZh };
      errors.add(line.row, { key: 'rows.appearsAgain', params: { ...figure, first: rowOf.get(def.code)! } });
      continue;
    }
    rowOf.set(def.code, line.row);
    const cell = parseCountCell(line.value);
    if (cell.kind === 'error') {
      const figure = { ...where, indicator: `${def.code} (${def.nameZh})`, indicatorZh: def.nameZh };
      errors.add(line.row, cellMessage(cell, figure));
      badCells.add(def.code);
    } else if (cell.kind === 'blank') delete values[def.code];
    else values[def.code] = cell.value;
  }
  // Bounds and sums over the whole quarter; a figure whose own cell (or a part of whose sum) is already
  // reported is not reported again.
  const firstRow = lines[0]?.row ?? 1;
  const check = checkQuarterValues(values, catalogue, { unit: unit.code, period: meta.period, group: unit.group });
  for (const e of check.errors) {
    const parts = byCode.get(e.indicator)?.notAboveSumOf ?? [];
    if (badCells.has(e.indicator) || parts.some((p) => badCells.has(p))) continue;
    errors.add(rowOf.get(e.indicator) ?? firstRow, e);
  }
  errors.throwIfAny('template');
  const saved = await saveQuarter(tx, actor, {
    unitCode: unit.code,
    period: meta.period,
    version: meta.version,
    values,
    submit: input.submit,
    scope: input.scope,
    today: input.today,
    now: input.now,
  });
  return {
    unit: unit.code,
    period: meta.period,
    status: saved.status,
    version: saved.version,
    values: Object.keys(values).length,
    warnings: saved.warnings,
    warningMessages: saved.warningMessages,
  };
}, TX_LIMITS.upload);
