import { type Db, TX_LIMITS } from '../../db';
import { AppError } from '../../errors';
import type { Actor } from '../audit/record-audit';
import { rescoreAffected } from '../scoring/rescore';
import { checkCommendationRows, checkFindingRows, importCommendationRows, importFindingRows } from './import-findings';
import { checkUnitRows, importUnitRows } from './import-units';
import { checkValueRows, importValueRows } from './import-values';
import type { TableFile } from './read-table';
import type { RowMessage } from './row-errors';

export const IMPORT_KINDS = ['units', 'values', 'findings', 'commendations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(kind: string): kind is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(kind);
}

/** What an import did; `message` is the one-line summary the command line prints. */
export type ImportResult = {
  kind: ImportKind;
  rows: number;
  /** Units, findings or commendations created. */
  created: number;
  /** Units whose name, type or parent changed. */
  updated: number;
  /** Rows that were already stored exactly so. */
  unchanged: number;
  /** Values that changed, and in how many unit-quarters. */
  changed: number;
  unitPeriods: number;
  warnings: string[];
  /** The warnings as keys and parameters (row-errors.ts), for the web client. */
  warningMessages: RowMessage[];
  message: string;
};

/**
 * Checks every row, then imports and re-scores what changed, all in one transaction: on any bad row it throws
 * (AppError with `details.rowErrors`) and nothing is written. Importing the same file twice changes nothing.
 * `onStage` hears where a long import is (the command line prints it).
 */
export async function runImport(
  db: Db,
  actor: Actor,
  kind: ImportKind,
  table: TableFile,
  today: string,
  onStage: (message: string) => void = () => undefined,
): Promise<ImportResult> {
  const checked = (n: number) => onStage(`Checked ${n} rows; writing…`);
  const rescoring = () => onStage('Written; re-scoring…');
  const empty = {
    kind,
    rows: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    changed: 0,
    unitPeriods: 0,
    warnings: [] as string[],
    warningMessages: [] as RowMessage[],
  };
  return db.$transaction(async (tx) => {
    switch (kind) {
      case 'units': {
        const rows = await checkUnitRows(tx, table);
        checked(table.rows.length);
        const s = await importUnitRows(tx, actor, rows);
        rescoring();
        if (s.affectedUnitIds.length) await rescoreAffected(tx, { unitsEverywhere: s.affectedUnitIds }, today);
        return {
          ...empty,
          created: s.created,
          updated: s.updated,
          unchanged: s.unchanged,
          message: `${s.rows} rows: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged.`,
        };
      }
      case 'values': {
        const rows = await checkValueRows(tx, table);
        checked(table.rows.length);
        const s = await importValueRows(tx, actor, rows);
        rescoring();
        if (s.affected.length || s.newPeriods.length)
          await rescoreAffected(tx, { unitQuarters: s.affected, periods: s.newPeriods }, today);
        return {
          ...empty,
          changed: s.changed,
          unitPeriods: s.unitPeriods,
          unchanged: s.rows - s.changed,
          warnings: s.warnings,
          warningMessages: s.warningMessages,
          message: `${s.rows} rows: ${s.changed} values changed in ${s.unitPeriods} unit-quarters.`,
        };
      }
      case 'findings': {
        const rows = await checkFindingRows(tx, table);
        checked(table.rows.length);
        const s = await importFindingRows(tx, actor, rows);
        rescoring();
        const dated = rows.map((r) => ({ unitId: r.unitId, periodCode: r.periodCode, deadline: r.deadline }));
        if (s.created || s.newPeriods.length)
          await rescoreAffected(tx, { findingDates: s.created ? dated : [], periods: s.newPeriods }, today);
        return {
          ...empty,
          created: s.created,
          unchanged: s.unchanged,
          message: `${s.rows} rows: ${s.created} created, ${s.unchanged} already present.`,
        };
      }
      case 'commendations': {
        const rows = await checkCommendationRows(tx, table);
        checked(table.rows.length);
        const s = await importCommendationRows(tx, actor, rows);
        rescoring();
        if (s.created || s.newPeriods.length)
          await rescoreAffected(tx, { unitQuarters: s.affected, periods: s.newPeriods }, today);
        return {
          ...empty,
          created: s.created,
          unchanged: s.unchanged,
          message: `${s.rows} rows: ${s.created} created, ${s.unchanged} already present.`,
        };
      }
      default:
        throw new AppError('BAD_REQUEST', 'imports.unknownKind', { kind: String(kind) });
    }
  }, TX_LIMITS.job);
}
