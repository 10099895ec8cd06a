import type { Tx } from '../../db';
import { isIsoDate, parsePeriod, periodBounds } from '../../domain/periods';
import { hundredthsOf } from '../../domain/validation/decimals';
import { parseDecimal } from '../../domain/validation/numbers';
import { type Actor, recordAudit } from '../audit/record-audit';
import { lockedQuarters } from '../periods/ensure-periods';
import { openPeriods } from '../workflow/open-periods';
import { columnIndex, rowNumberOf, rowPlace, shorten, type TableFile } from './read-table';
import { RowErrors } from './row-errors';

/** A decimal cell (numbers.ts, the parser of every route), or null when blank or not such a number. */
const decimalOf = (text: string): number | null => {
  const cell = parseDecimal(text);
  return cell.kind === 'value' ? cell.value : null;
};

const SEVERITIES = ['minor', 'major', 'veto'] as const;
type Severity = (typeof SEVERITIES)[number];

export type FindingRow = {
  row: number;
  unitId: number;
  unitCode: string;
  periodCode: string;
  severity: Severity;
  deduction: number;
  description: string;
  deadline: string | null;
  rectifiedAt: string | null;
};
export type CommendationRow = {
  row: number;
  unitId: number;
  unitCode: string;
  periodCode: string;
  points: number;
  reason: string;
};
export type RecordsImportSummary = {
  rows: number;
  created: number;
  unchanged: number;
  affected: { unitId: number; periodCode: string }[];
  newPeriods: string[];
};

async function unitMap(tx: Tx) {
  return new Map(
    (await tx.unit.findMany({ where: { active: true }, select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  );
}

function checkCommon(
  errors: RowErrors,
  row: number,
  units: Map<string, number>,
  unitCode: string,
  period: string,
): number | null {
  const unitId = units.get(unitCode);
  const where = rowPlace(unitCode, period);
  let ok = true;
  if (unitId === undefined) {
    errors.add(
      row,
      unitCode === '' ? { key: 'rows.unitMissing', params: where } : { key: 'rows.unknownUnit', params: where },
    );
    ok = false;
  }
  const p = parsePeriod(period);
  if (!p) {
    errors.add(row, { key: 'rows.unknownPeriod', params: { ...where, given: shorten(period) } });
    ok = false;
  } else if (p.kind !== 'quarter') {
    errors.add(row, { key: 'rows.findingsYear', params: { ...where, year: period } });
    ok = false;
  }
  return ok ? unitId! : null;
}

async function refuseLocked(tx: Tx, errors: RowErrors, rows: { row: number; unitCode: string; periodCode: string }[]) {
  const locked = await lockedQuarters(tx, [...new Set(rows.map((r) => r.periodCode))]);
  for (const r of rows)
    if (locked.has(r.periodCode))
      errors.add(r.row, { key: 'rows.locked', params: { unit: r.unitCode, period: r.periodCode } });
}

export async function checkFindingRows(tx: Tx, table: TableFile): Promise<FindingRow[]> {
  const col = columnIndex(
    table.header,
    ['unit', 'period', 'severity', 'deduction', 'description'],
    ['deadline', 'rectified_at'],
  );
  const errors = new RowErrors();
  const units = await unitMap(tx);
  const out: FindingRow[] = [];
  table.rows.forEach((cells, i) => {
    const row = rowNumberOf(table, i);
    const get = (name: string) => (col[name] === undefined ? '' : (cells[col[name]!] ?? '').trim());
    const unitCode = get('unit');
    const period = get('period');
    const unitId = checkCommon(errors, row, units, unitCode, period);
    const where = rowPlace(unitCode, period);
    const severity = get('severity');
    const deductionText = get('deduction');
    const description = get('description');
    const deadline = get('deadline') || null;
    const rectifiedAt = get('rectified_at') || null;
    let ok = unitId !== null;
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      errors.add(row, { key: 'rows.badSeverity', params: { ...where, severity: shorten(severity) } });
      ok = false;
    }
    const deduction = decimalOf(deductionText);
    if (deduction === null || deduction < 0 || deduction > 100 || hundredthsOf(deduction) === null) {
      errors.add(row, { key: 'rows.badDeduction', params: { ...where, deduction: shorten(deductionText) } });
      ok = false;
    }
    if (description === '' || description.length > 2000) {
      errors.add(row, { key: 'rows.badDescription', params: where });
      ok = false;
    }
    if (deadline !== null && !isIsoDate(deadline)) {
      errors.add(row, { key: 'rows.deadlineNotDate', params: { ...where, deadline: shorten(deadline) } });
      ok = false;
    } else if (deadline !== null && parsePeriod(period)?.kind === 'quarter' && deadline < periodBounds(period).start) {
      errors.add(row, {
        key: 'rows.deadlineBefore',
        params: { ...where, deadline, start: periodBounds(period).start },
      });
      ok = false;
    }
    if (rectifiedAt !== null && !isIsoDate(rectifiedAt)) {
      errors.add(row, { key: 'rows.rectifiedNotDate', params: { ...where, rectifiedAt: shorten(rectifiedAt) } });
      ok = false;
    } else if (
      rectifiedAt !== null &&
      parsePeriod(period)?.kind === 'quarter' &&
      rectifiedAt < periodBounds(period).start
    ) {
      errors.add(row, {
        key: 'rows.rectifiedBefore',
        params: { ...where, rectifiedAt, start: periodBounds(period).start },
      });
      ok = false;
    }
    if (ok)
      out.push({
        row,
        unitId: unitId!,
        unitCode,
        periodCode: period,
        severity: severity as Severity,
        deduction: deduction!,
        description,
        deadline,
        rectifiedAt,
      });
  });
  await refuseLocked(tx, errors, out);
  errors.throwIfAny('findings');
  return out;
}

function findingKey(f: {
  unitId: number;
  periodCode: string;
  severity: string;
  deduction: number;
  description: string;
  deadline: string | null;
  rectifiedAt: string | null;
}) {
  return JSON.stringify([
    f.unitId,
    f.periodCode,
    f.severity,
    f.deduction.toFixed(2),
    f.description,
    f.deadline,
    f.rectifiedAt,
  ]);
}

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const asDate = (s: string | null) => (s ? new Date(`${s}T00:00:00Z`) : null);

/** Creates findings that are not already stored with exactly the same columns. */
export async function importFindingRows(tx: Tx, actor: Actor, rows: FindingRow[]): Promise<RecordsImportSummary> {
  const newPeriods = await openPeriods(tx, new Set(rows.map((r) => r.periodCode)));
  const existing = await tx.finding.findMany({
    where: {
      unitId: { in: [...new Set(rows.map((r) => r.unitId))] },
      periodCode: { in: [...new Set(rows.map((r) => r.periodCode))] },
    },
    select: {
      unitId: true,
      periodCode: true,
      severity: true,
      deduction: true,
      description: true,
      deadline: true,
      rectifiedAt: true,
    },
  });
  const have = new Set(
    existing.map((f) =>
      findingKey({
        ...f,
        deduction: Number(f.deduction),
        deadline: isoDate(f.deadline),
        rectifiedAt: isoDate(f.rectifiedAt),
      }),
    ),
  );
  const fresh = rows.filter((r) => {
    const k = findingKey(r);
    if (have.has(k)) return false;
    have.add(k);
    return true;
  });
  for (const r of fresh) {
    const f = await tx.finding.create({
      data: {
        unitId: r.unitId,
        periodCode: r.periodCode,
        severity: r.severity,
        deduction: r.deduction,
        description: r.description,
        deadline: asDate(r.deadline),
        rectifiedAt: asDate(r.rectifiedAt),
        rectificationStatus: r.rectifiedAt ? 'confirmed' : 'open',
        createdById: actor.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: 'finding.import',
      entity: 'finding',
      entityId: f.id,
      after: { ...r, row: undefined },
    });
  }
  return {
    rows: rows.length,
    created: fresh.length,
    unchanged: rows.length - fresh.length,
    affected: affectedOf(fresh),
    newPeriods,
  };
}

function affectedOf(rows: { unitId: number; periodCode: string }[]) {
  const m = new Map<string, { unitId: number; periodCode: string }>();
  for (const r of rows) m.set(`${r.unitId}|${r.periodCode}`, { unitId: r.unitId, periodCode: r.periodCode });
  return [...m.values()];
}

export async function checkCommendationRows(tx: Tx, table: TableFile): Promise<CommendationRow[]> {
  const col = columnIndex(table.header, ['unit', 'period', 'points', 'reason']);
  const errors = new RowErrors();
  const units = await unitMap(tx);
  const out: CommendationRow[] = [];
  table.rows.forEach((cells, i) => {
    const row = rowNumberOf(table, i);
    const get = (name: string) => (cells[col[name]!] ?? '').trim();
    const unitCode = get('unit');
    const period = get('period');
    const unitId = checkCommon(errors, row, units, unitCode, period);
    const where = rowPlace(unitCode, period);
    const pointsText = get('points');
    const reason = get('reason');
    let ok = unitId !== null;
    const points = decimalOf(pointsText);
    if (points === null || points <= 0 || points > 100 || hundredthsOf(points) === null) {
      errors.add(row, { key: 'rows.badPoints', params: { ...where, points: shorten(pointsText) } });
      ok = false;
    }
    if (reason === '' || reason.length > 2000) {
      errors.add(row, { key: 'rows.badReason', params: where });
      ok = false;
    }
    if (ok) out.push({ row, unitId: unitId!, unitCode, periodCode: period, points: points!, reason });
  });
  await refuseLocked(tx, errors, out);
  errors.throwIfAny('commendations');
  return out;
}

export async function importCommendationRows(
  tx: Tx,
  actor: Actor,
  rows: CommendationRow[],
): Promise<RecordsImportSummary> {
  const newPeriods = await openPeriods(tx, new Set(rows.map((r) => r.periodCode)));
  const existing = await tx.commendation.findMany({
    where: { unitId: { in: [...new Set(rows.map((r) => r.unitId))] } },
    select: { unitId: true, periodCode: true, points: true, reason: true },
  });
  const key = (c: { unitId: number; periodCode: string; points: number; reason: string }) =>
    JSON.stringify([c.unitId, c.periodCode, c.points.toFixed(2), c.reason]);
  const have = new Set(existing.map((c) => key({ ...c, points: Number(c.points) })));
  const fresh = rows.filter((r) => {
    const k = key(r);
    if (have.has(k)) return false;
    have.add(k);
    return true;
  });
  for (const r of fresh) {
    const c = await tx.commendation.create({
      data: { unitId: r.unitId, periodCode: r.periodCode, points: r.points, reason: r.reason, createdById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: 'commendation.import',
      entity: 'commendation',
      entityId: c.id,
      after: { ...r, row: undefined },
    });
  }
  return {
    rows: rows.length,
    created: fresh.length,
    unchanged: rows.length - fresh.length,
    affected: affectedOf(fresh),
    newPeriods,
  };
}
