import { type Tx, transactional } from '../../db';
import type { Scope } from '../../domain/names';
import type { Actor } from '../audit/record-audit';
import { checkUnitRows, importUnitRows } from '../imports/import-units';
import { rescoreAffected } from '../scoring/rescore';

/** The active units in scope (a unit operator sees only its own), by code. */
export async function listUnits(tx: Tx, scope: Scope) {
  const rows = await tx.unit.findMany({
    where: { active: true, ...(scope.kind === 'unit' ? { id: scope.unitId } : {}) },
    orderBy: { code: 'asc' },
    select: { code: true, name: true, type: true, group: true, parent: { select: { code: true } } },
  });
  return rows.map((u) => ({
    code: u.code,
    name: u.name,
    type: u.type,
    group: u.group,
    parent: u.parent?.code ?? null,
  }));
}

/**
 * Creates or changes one unit from the admin page: checked and stored exactly as one row of a units
 * import, then the scores it affects (a unit that changes group is ranked in its new group) re-scored.
 */
export const saveUnit = transactional(async function saveUnit(
  tx: Tx,
  actor: Actor,
  input: { code: string; name: string; type: string; parent: string | null; today: string },
) {
  const rows = await checkUnitRows(tx, {
    header: ['code', 'name', 'type', 'parent'],
    rows: [[input.code, input.name, input.type, input.parent ?? '']],
  });
  const summary = await importUnitRows(tx, actor, rows);
  if (summary.affectedUnitIds.length)
    await rescoreAffected(tx, { unitsEverywhere: summary.affectedUnitIds }, input.today);
  return summary;
});
