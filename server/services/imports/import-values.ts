import type { Tx } from '../../db';
import { execute } from '../../db';
import { groupOfType, type RankGroup } from '../../domain/catalogue';
import { parsePeriod } from '../../domain/periods';
import { parseCount } from '../../domain/validation/numbers';
import { checkQuarterValues } from '../../domain/validation/values';
import { sql } from '../../sql';
import type { Actor } from '../audit/record-audit';
import { loadCatalogue } from '../catalogue/load-catalogue';
import { lockedQuarters } from '../periods/ensure-periods';
import { ensureSubmissions, loadValues, upsertValues, type ValueRow } from '../values/write-values';
import { openPeriods } from '../workflow/open-periods';
import { cellMessage, columnIndex, rowNumberOf, rowPlace, shorten, type TableFile } from './read-table';
import { RowErrors, type RowMessage, rowLine } from './row-errors';

/** A write this large refreshes the planner's statistics before re-scoring reads the values back. */
const ANALYZE_AFTER_ROWS = 5000;

export type CheckedValues = {
  rows: (ValueRow & { row: number; unitCode: string })[];
  /** `row N: …` in English, and the same as keys and parameters (row-errors.ts) for the web client. */
  warnings: string[];
  warningMessages: RowMessage[];
  /** The stored values of the unit-quarters the file touches, as read by the check (same transaction). */
  stored: Map<string, Record<string, number>>;
};
export type ValuesImportSummary = {
  rows: number;
  changed: number;
  unitPeriods: number;
  warnings: string[];
  warningMessages: RowMessage[];
  affected: { unitId: number; periodCode: string }[];
  /** Quarters that had no period row before: they are scored for every unit. */
  newPeriods: string[];
};

/** Checks every row of a values file (and each unit-quarter as a whole, after merging with what is stored). */
export async function checkValueRows(tx: Tx, table: TableFile, scopeUnitId?: number): Promise<CheckedValues> {
  const col = columnIndex(table.header, ['unit', 'period', 'indicator', 'value']);
  const errors = new RowErrors();
  const catalogue = await loadCatalogue(tx);
  const catalogueCodes = new Set(catalogue.map((d) => d.code));
  const catalogueByCode = new Map(catalogue.map((d) => [d.code, d]));
  const units = new Map(
    (await tx.unit.findMany({ where: { active: true }, select: { id: true, code: true, type: true } })).map((u) => [
      u.code,
      u,
    ]),
  );
  const out: CheckedValues['rows'] = [];
  const seen = new Map<string, { row: number; value: number }>();
  const periodsSeen = new Set<string>();
  const periodOk = new Map<string, boolean>();
  table.rows.forEach((cells, i) => {
    const row = rowNumberOf(table, i);
    const unitCode = cells[col.unit!] ?? '';
    const period = cells[col.period!] ?? '';
    const indicator = cells[col.indicator!] ?? '';
    const raw = cells[col.value!] ?? '';
    const unit = units.get(unitCode);
    const where = rowPlace(unitCode, period);
    const figure = {
      ...where,
      indicator: shorten(indicator),
      indicatorZh: catalogueByCode.get(indicator)?.nameZh ?? shorten(indicator),
    };
    let ok = true;
    if (!unit) {
      errors.add(
        row,
        unitCode === ''
          ? { key: 'rows.unitMissing', params: where }
          : { key: 'rows.unknownUnitValue', params: { ...figure, value: shorten(raw) } },
      );
      ok = false;
    } else if (scopeUnitId !== undefined && unit.id !== scopeUnitId) {
      errors.add(row, { key: 'rows.notYourUnit', params: { unit: unitCode } });
      ok = false;
    }
    let isQuarter = periodOk.get(period);
    if (isQuarter === undefined) {
      isQuarter = parsePeriod(period)?.kind === 'quarter';
      periodOk.set(period, isQuarter);
    }
    if (!isQuarter) {
      const p = parsePeriod(period);
      errors.add(
        row,
        p?.kind === 'year'
          ? { key: 'rows.valuesYear', params: { ...where, year: period } }
          : { key: 'rows.unknownPeriod', params: { ...where, given: shorten(period) } },
      );
      ok = false;
    }
    if (!catalogueCodes.has(indicator)) {
      errors.add(row, { key: 'rows.unknownIndicator', params: { ...where, indicator: shorten(indicator) } });
      ok = false;
    }
    const cell = parseCount(raw);
    const value = cell.kind === 'value' ? cell.value : null;
    if (cell.kind !== 'value') {
      errors.add(row, cellMessage(cell.kind === 'error' ? cell : { reason: 'notWhole', got: '""' }, figure));
      ok = false;
    }
    if (!ok || !unit || value === null) return;
    const key = `${unit.id}|${period}|${indicator}`;
    const prior = seen.get(key);
    if (prior) {
      errors.add(row, { key: 'rows.appearsAgain', params: { ...figure, first: prior.row } });
      return;
    }
    seen.set(key, { row, value });
    periodsSeen.add(period);
    out.push({ unitId: unit.id, unitCode, periodCode: period, indicatorCode: indicator, value, row });
  });

  const locked = await lockedQuarters(tx, [...periodsSeen]);
  // Whole unit-quarter checks: bounds that relate figures (sub-counts ≤ totals) after merging with stored values.
  const groups = new Map<string, CheckedValues['rows']>();
  for (const r of out) {
    const k = `${r.unitId}|${r.periodCode}`;
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  const stored = await loadValues(
    tx,
    [...groups.keys()].map((k) => ({ unitId: Number(k.split('|')[0]), periodCode: k.split('|')[1]! })),
  );
  const codeById = new Map([...units.values()].map((u) => [u.id, u]));
  const warningMessages: RowMessage[] = [];
  for (const [k, list] of groups) {
    const first = list[0]!;
    const unit = codeById.get(first.unitId)!;
    if (locked.has(first.periodCode)) {
      errors.add(first.row, { key: 'rows.lockedImport', params: { unit: unit.code, period: first.periodCode } });
      continue;
    }
    const merged = { ...(stored.get(k) ?? {}) };
    for (const r of list) merged[r.indicatorCode] = r.value;
    const group: RankGroup = groupOfType(unit.type);
    const check = checkQuarterValues(merged, catalogue, { unit: unit.code, period: first.periodCode, group });
    for (const e of check.errors) {
      // The row of the figure named, else the row that changed one of the figures it is bounded by.
      const parts = catalogueByCode.get(e.indicator)?.notAboveSumOf ?? [];
      const at =
        list.find((r) => r.indicatorCode === e.indicator) ?? list.find((r) => parts.includes(r.indicatorCode)) ?? first;
      errors.add(at.row, e);
    }
    for (const w of check.warnings) warningMessages.push({ row: first.row, key: w.key, params: w.params });
  }
  errors.throwIfAny('values');
  return { rows: out, warnings: warningMessages.map(rowLine), warningMessages, stored };
}

/** Writes checked value rows; they count as submitted. Unchanged values are not touched. */
export async function importValueRows(tx: Tx, actor: Actor, checked: CheckedValues): Promise<ValuesImportSummary> {
  const pairsMap = new Map<string, { unitId: number; periodCode: string }>();
  for (const r of checked.rows)
    pairsMap.set(`${r.unitId}|${r.periodCode}`, { unitId: r.unitId, periodCode: r.periodCode });
  const pairs = [...pairsMap.values()];
  const newPeriods = await openPeriods(tx, new Set(pairs.map((p) => p.periodCode)));
  const before = checked.stored;
  const changedRows = checked.rows.filter(
    (r) => before.get(`${r.unitId}|${r.periodCode}`)?.[r.indicatorCode] !== r.value,
  );
  if (changedRows.length === 0)
    return {
      rows: checked.rows.length,
      changed: 0,
      unitPeriods: 0,
      warnings: checked.warnings,
      warningMessages: checked.warningMessages,
      affected: [],
      newPeriods,
    };
  const changedPairs = new Map<string, { unitId: number; periodCode: string }>();
  for (const r of changedRows)
    changedPairs.set(`${r.unitId}|${r.periodCode}`, pairsMap.get(`${r.unitId}|${r.periodCode}`)!);
  const affected = [...changedPairs.values()];
  const subs = await ensureSubmissions(tx, affected, 'submitted');
  // An import is an administrator's statement of the figures: they count as submitted from now on.
  await execute(
    tx,
    sql`UPDATE "Submission" SET version = version + 1, "updatedAt" = now(),
            status = CASE WHEN status = 'verified' THEN status ELSE 'submitted'::"SubmissionStatus" END,
            "submittedAt" = COALESCE("submittedAt", now()), "submittedById" = COALESCE("submittedById", ${actor.id})
      WHERE id = ANY(${[...new Set(affected.map((p) => subs.get(`${p.unitId}|${p.periodCode}`)!.id))]}::int[])`,
  );
  const changed = await upsertValues(
    tx,
    changedRows.map((r) => ({ ...r, submissionId: subs.get(`${r.unitId}|${r.periodCode}`)!.id })),
  );
  // After a bulk write the planner's statistics still describe the old table: re-scoring in this same
  // transaction would then pick nested loops over 100,000 rows (seconds become minutes). ANALYZE counts this
  // transaction's own rows; without the right to analyze it only warns.
  if (changed >= ANALYZE_AFTER_ROWS) await execute(tx, sql`ANALYZE "Value", "Submission"`);
  const diffs = new Map<
    string,
    { entityId: string; before: Record<string, number | null>; after: Record<string, number> }
  >();
  for (const r of changedRows) {
    const k = `${r.unitId}|${r.periodCode}`;
    const d = diffs.get(k) ?? { entityId: `${r.unitCode}|${r.periodCode}`, before: {}, after: {} };
    d.after[r.indicatorCode] = r.value;
    d.before[r.indicatorCode] = before.get(k)?.[r.indicatorCode] ?? null;
    diffs.set(k, d);
  }
  // One audit entry per unit-quarter (entity id `UNIT|PERIOD`, as the form's saves), written set-based:
  // thousands of entries in one statement rather than one parameter list per entry.
  await execute(
    tx,
    sql`INSERT INTO "AuditLog" ("actorId", "actorName", action, entity, "entityId", before, after, "requestId")
     SELECT ${actor.id}, ${actor.username}, 'values.import', 'submission', r."entityId", r.before, r.after, ${actor.requestId ?? null}
       FROM jsonb_to_recordset(${JSON.stringify([...diffs.values()])}::jsonb) AS r("entityId" text, before jsonb, after jsonb)`,
  );
  return {
    rows: checked.rows.length,
    changed,
    unitPeriods: affected.length,
    warnings: checked.warnings,
    warningMessages: checked.warningMessages,
    affected,
    newPeriods,
  };
}
