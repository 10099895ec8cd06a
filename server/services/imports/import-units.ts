import type { Tx } from '../../db';
import { execute } from '../../db';
import { groupOfType, UNIT_TYPES, type UnitType } from '../../domain/catalogue';
import { sql } from '../../sql';
import { type Actor, type AuditEntry, recordAudit } from '../audit/record-audit';
import { columnIndex, rowNumberOf, shorten, type TableFile } from './read-table';
import { RowErrors } from './row-errors';

export type UnitRow = { code: string; name: string; type: UnitType; parent: string | null };
export type ImportSummary = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  affectedUnitIds: number[];
};

const CODE_RE = /^[A-Za-z0-9_.-]{1,32}$/;
/** Words that name something other than a unit in the app's own keys and addresses; no unit may be coded so. */
const RESERVED_UNIT_CODES = new Set(['city', 'all', 'none', 'null', 'unit', 'admin', 'system']);

/** Checks every row of a units file; returns the rows or throws with every problem. */
export async function checkUnitRows(tx: Tx, table: TableFile): Promise<UnitRow[]> {
  const col = columnIndex(table.header, ['code', 'name', 'type'], ['parent']);
  const errors = new RowErrors();
  const out: UnitRow[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((cells, i) => {
    const row = rowNumberOf(table, i);
    const code = (cells[col.code!] ?? '').trim();
    const name = (cells[col.name!] ?? '').trim();
    const type = (cells[col.type!] ?? '').trim();
    const parent = col.parent === undefined ? '' : (cells[col.parent] ?? '').trim();
    let ok = true;
    if (!CODE_RE.test(code)) {
      errors.add(row, { key: 'rows.badUnitCode', params: { code: shorten(code) } });
      ok = false;
    } else if (RESERVED_UNIT_CODES.has(code.toLowerCase())) {
      errors.add(row, {
        key: 'rows.reservedUnitCode',
        params: { code, reserved: [...RESERVED_UNIT_CODES].join(', ') },
      });
      ok = false;
    } else if (seen.has(code)) {
      errors.add(row, { key: 'rows.unitAgain', params: { code, first: seen.get(code)! } });
      ok = false;
    } else seen.set(code, row);
    if (name === '' || name.length > 120) {
      errors.add(row, { key: 'rows.badUnitName', params: { code: shorten(code) } });
      ok = false;
    }
    if (!(UNIT_TYPES as readonly string[]).includes(type)) {
      errors.add(row, {
        key: 'rows.badUnitType',
        params: { code: shorten(code), type: shorten(type), types: UNIT_TYPES.join(', ') },
      });
      ok = false;
    }
    if (parent === code && parent !== '') {
      errors.add(row, { key: 'rows.ownParent', params: { code: shorten(code) } });
      ok = false;
    }
    if (ok) out.push({ code, name, type: type as UnitType, parent: parent || null });
  });
  const parents = [...new Set(out.map((r) => r.parent).filter((p): p is string => !!p && !seen.has(p)))];
  if (parents.length) {
    const found = new Set(
      (await tx.unit.findMany({ where: { code: { in: parents } }, select: { code: true } })).map((u) => u.code),
    );
    out.forEach((r) => {
      if (r.parent && !seen.has(r.parent) && !found.has(r.parent))
        errors.add(seen.get(r.code)!, { key: 'rows.noParent', params: { code: r.code, parent: shorten(r.parent) } });
    });
  }
  errors.throwIfAny('units');
  return out;
}

/** Upserts units by code inside the caller's transaction; unchanged rows are not touched. Set-based for new units. */
export async function importUnitRows(tx: Tx, actor: Actor, rows: UnitRow[]): Promise<ImportSummary> {
  const existing = new Map(
    (await tx.unit.findMany({ select: { id: true, code: true, name: true, type: true, parentId: true } })).map((u) => [
      u.code,
      u,
    ]),
  );
  const fresh = rows.filter((r) => !existing.has(r.code));
  // New units first (in one statement), so that a file may name a parent defined further down.
  if (fresh.length)
    await tx.unit.createMany({
      data: fresh.map((r) => ({ code: r.code, name: r.name, type: r.type, group: groupOfType(r.type) })),
    });
  const ids = new Map(
    fresh.length
      ? (await tx.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id])
      : [...existing.values()].map((u) => [u.code, u.id]),
  );
  const audit: AuditEntry[] = fresh.map((r) => ({ action: 'unit.create', entity: 'unit', entityId: r.code, after: r }));
  const parents: { id: number; parentId: number }[] = [];
  let updated = 0;
  let unchanged = 0;
  const affected = fresh.map((r) => ids.get(r.code)!);
  for (const r of rows) {
    const prior = existing.get(r.code);
    const id = ids.get(r.code)!;
    const parentId = r.parent ? (ids.get(r.parent) ?? null) : null;
    if (!prior) {
      if (parentId !== null) parents.push({ id, parentId });
      continue;
    }
    if (prior.name === r.name && prior.type === r.type && prior.parentId === parentId) {
      unchanged++;
      continue;
    }
    await tx.unit.update({ where: { id }, data: { name: r.name, type: r.type, group: groupOfType(r.type), parentId } });
    updated++;
    if (prior.type !== r.type) affected.push(id);
    audit.push({
      action: 'unit.update',
      entity: 'unit',
      entityId: r.code,
      before: { name: prior.name, type: prior.type, parentId: prior.parentId },
      after: { name: r.name, type: r.type, parentId },
    });
  }
  if (parents.length) {
    await execute(
      tx,
      sql`UPDATE "Unit" u SET "parentId" = p."parentId"
            FROM jsonb_to_recordset(${JSON.stringify(parents)}::jsonb) AS p(id int, "parentId" int) WHERE u.id = p.id`,
    );
  }
  await recordAudit(tx, actor, audit);
  return { rows: rows.length, created: fresh.length, updated, unchanged, affectedUnitIds: affected };
}
