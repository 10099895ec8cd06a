/**
 * The supervision loop's open items (what a unit still owes, and the claims inspectors owe a decision on),
 * each with its deadline and warning colour, plus the rectification board's figures.
 */
import { queryRows, type Tx } from '../../db';
import { periodBounds, quartersOf } from '../../domain/periods';
import {
  type BoardFinding,
  boardStats,
  compareOpenItems,
  countLevels,
  defaultSubmissionDeadline,
  type LevelCounts,
  type OpenItem,
  type OpenItemFacts,
  openItemOf,
} from '../../domain/supervision';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { loadSupervisionSettings, type SupervisionSettings } from './settings';

export type OpenItemQuery = {
  /** A unit operator's unit (null: every unit). */
  scopeUnitId: number | null;
  /** Only this unit (a city-wide user's filter). */
  unitId?: number;
  /** A quarter or a year: only its quarters' items (omitted: every open item). */
  period?: string;
  today: string;
};

export type OpenItemRow = OpenItem & {
  unitCode: string;
  unitName: string;
  /** 催办 reminders sent about this item and not yet acknowledged, and the latest one. */
  reminders: { open: number; lastSentAt: string | null; lastMessage: string | null };
};

/** A period filter's quarters (none given: null, every quarter); a malformed code is refused. */
function quartersFilter(period: string | undefined): string[] | null {
  if (period === undefined) return null;
  const quarters = quartersOf(period);
  if (!quarters) throw new AppError('BAD_REQUEST', 'common.notQuarterOrYear', { period });
  return quarters;
}

/** Every open item in scope, most urgent first. */
export async function loadOpenItems(tx: Tx, q: OpenItemQuery, settings?: SupervisionSettings): Promise<OpenItemRow[]> {
  const rules = settings ?? (await loadSupervisionSettings(tx));
  const quarters = quartersFilter(q.period);
  const unitFilter = q.scopeUnitId ?? q.unitId ?? null;
  const facts: OpenItemFacts[] = [];
  // Each fact's unit, read with it (the queries join Unit anyway): no second query over thousands of ids.
  const unitById = new Map<number, { code: string; name: string }>();
  const seeUnit = (r: { unitId: number; unitCode: string; unitName: string }) => {
    if (!unitById.has(r.unitId)) unitById.set(r.unitId, { code: r.unitCode, name: r.unitName });
  };

  // Quarters that have ended and are still open for submission (not locked), with their deadlines.
  const periods = await queryRows<{ code: string; deadline: string | null }>(
    tx,
    sql`SELECT code, to_char("submissionDeadline", 'YYYY-MM-DD') AS deadline FROM "Period"
      WHERE quarter IS NOT NULL AND "lockedAt" IS NULL ${quarters ? sql`AND code = ANY(${quarters}::text[])` : sql.empty}`,
  );
  const due = periods
    .filter((p) => periodBounds(p.code).end < q.today)
    .map((p) => ({ code: p.code, deadline: p.deadline ?? defaultSubmissionDeadline(p.code) }));
  if (due.length) {
    const rows = await queryRows<{
      unitId: number;
      unitCode: string;
      unitName: string;
      period: string;
      deadline: string;
      status: string | null;
      returnedOn: string | null;
      reason: string | null;
    }>(
      tx,
      sql`SELECT u.id AS "unitId", u.code AS "unitCode", u.name AS "unitName", d.code AS period, d.deadline, s.status::text AS status, s."returnReason" AS reason,
              to_char((s."returnedAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS "returnedOn"
         FROM "Unit" u
        CROSS JOIN unnest(${due.map((d) => d.code)}::text[], ${due.map((d) => d.deadline)}::text[]) AS d(code, deadline)
         LEFT JOIN "Submission" s ON s."unitId" = u.id AND s."periodCode" = d.code
        WHERE u.active AND (s.status IS NULL OR s.status IN ('draft', 'returned'))
          ${unitFilter !== null ? sql`AND u.id = ${unitFilter}` : sql.empty}`,
    );
    for (const r of rows) {
      seeUnit(r);
      if (r.status === 'returned')
        facts.push({
          kind: 'returned',
          unitId: r.unitId,
          period: r.period,
          deadline: r.deadline,
          returnedOn: r.returnedOn ?? r.deadline,
          reason: r.reason,
        });
      else facts.push({ kind: 'submission', unitId: r.unitId, period: r.period, deadline: r.deadline });
    }
  }

  const findings = await queryRows<{
    id: number;
    unitId: number;
    unitCode: string;
    unitName: string;
    period: string;
    severity: string;
    description: string;
    deadline: string | null;
    recordedOn: string;
    status: string;
    claimId: number | null;
    claimedOn: string | null;
  }>(
    tx,
    sql`SELECT f.id, f."unitId", u.code AS "unitCode", u.name AS "unitName", f."periodCode" AS period, f.severity::text AS severity, f.description,
            to_char(f.deadline, 'YYYY-MM-DD') AS deadline,
            to_char((f."createdAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS "recordedOn",
            f."rectificationStatus"::text AS status, c.id AS "claimId",
            to_char((c."claimedAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS "claimedOn"
       FROM "Finding" f
       JOIN "Unit" u ON u.id = f."unitId" AND u.active
       LEFT JOIN LATERAL (SELECT id, "claimedAt" FROM "RectificationClaim" rc
                           WHERE rc."findingId" = f.id AND rc.status = 'pending'
                           ORDER BY rc.id DESC LIMIT 1) c ON true
      WHERE f."rectifiedAt" IS NULL
        ${quarters ? sql`AND f."periodCode" = ANY(${quarters}::text[])` : sql.empty}
        ${unitFilter !== null ? sql`AND f."unitId" = ${unitFilter}` : sql.empty}`,
  );
  for (const f of findings) {
    seeUnit(f);
    if (f.claimId !== null && f.claimedOn !== null)
      facts.push({
        kind: 'claim',
        unitId: f.unitId,
        period: f.period,
        findingId: f.id,
        claimId: f.claimId,
        severity: f.severity,
        description: f.description,
        claimedOn: f.claimedOn,
        findingDeadline: f.deadline,
      });
    else
      facts.push({
        kind: 'finding',
        unitId: f.unitId,
        period: f.period,
        findingId: f.id,
        severity: f.severity,
        description: f.description,
        deadline: f.deadline,
        recordedOn: f.recordedOn,
      });
  }

  // 催办 reminders not yet acknowledged, per item: one grouped query (the latest one's time and message).
  const reminders = unitById.size
    ? await queryRows<{ key: string; open: number; lastSentAt: string; lastMessage: string }>(
        tx,
        sql`SELECT r."itemKind" || ':' || r."itemId" AS key, count(*)::int AS open, to_char(max(r."sentAt") AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSentAt",
                (array_agg(r.message ORDER BY r."sentAt" DESC, r.id DESC))[1] AS "lastMessage"
           FROM "Reminder" r
          WHERE r."acknowledgedAt" IS NULL ${unitFilter !== null ? sql`AND r."unitId" = ${unitFilter}` : sql.empty}
          GROUP BY 1`,
      )
    : [];
  const remindersByKey = new Map(
    reminders.map((r) => [r.key, { open: r.open, lastSentAt: r.lastSentAt, lastMessage: r.lastMessage }]),
  );
  return facts
    .map((f) => {
      const item = openItemOf(f, q.today, rules);
      const u = unitById.get(f.unitId);
      return {
        ...item,
        unitCode: u?.code ?? '',
        unitName: u?.name ?? '',
        reminders: remindersByKey.get(item.key) ?? { open: 0, lastSentAt: null, lastMessage: null },
      };
    })
    .sort(compareOpenItems);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export type BoardUnitRow = {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  levels: LevelCounts;
  open: number;
  findings: number;
  closed: number;
  closureRate: number | null;
  medianDaysToClose: number | null;
  redOver30: number;
};

/**
 * The rectification board: every open item of the period by unit and colour, the closure rate and median days
 * to close of the period's findings, and the items red for more than 30 days.
 */
export async function loadBoard(tx: Tx, q: { period: string; today: string }) {
  const quarters = quartersFilter(q.period)!;
  const items = await loadOpenItems(tx, { scopeUnitId: null, period: q.period, today: q.today });
  const findingRows = await queryRows<BoardFinding & { unitId: number }>(
    tx,
    sql`SELECT f."unitId", to_char((f."createdAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS "recordedOn",
            to_char(f.deadline, 'YYYY-MM-DD') AS deadline, to_char(f."rectifiedAt", 'YYYY-MM-DD') AS "rectifiedAt"
       FROM "Finding" f JOIN "Unit" u ON u.id = f."unitId" AND u.active
      WHERE f."periodCode" = ANY(${quarters}::text[])`,
  );
  const units = await tx.unit.findMany({
    where: { active: true },
    select: { id: true, code: true, name: true, group: true },
    orderBy: [{ group: 'asc' }, { code: 'asc' }],
  });
  const itemsByUnit = groupBy(items, (i) => i.unitId);
  const findingsByUnit = groupBy(findingRows, (f) => f.unitId);
  const rows: BoardUnitRow[] = [];
  for (const u of units) {
    const its = itemsByUnit.get(u.id) ?? [];
    const fs = findingsByUnit.get(u.id) ?? [];
    if (!its.length && !fs.length) continue;
    const s = boardStats(fs, its);
    rows.push({
      unitId: u.id,
      unitCode: u.code,
      unitName: u.name,
      group: u.group,
      levels: countLevels(its),
      open: its.length,
      findings: s.findings,
      closed: s.closed,
      closureRate: s.closureRate,
      medianDaysToClose: s.medianDaysToClose,
      redOver30: s.redOver30,
    });
  }
  // Most red first, then most open items, then the unit code.
  rows.sort((a, b) => b.levels.red - a.levels.red || b.open - a.open || (a.unitCode < b.unitCode ? -1 : 1));
  return {
    period: q.period,
    today: q.today,
    totals: { ...boardStats(findingRows, items), levels: countLevels(items), open: items.length },
    byKind: countByKind(items),
    units: rows,
    /** The open items red for more than 30 days, oldest first. */
    longRed: items
      .filter((i) => i.level === 'red' && i.daysLeft !== null && i.daysLeft < -30)
      .sort((a, b) => a.daysLeft! - b.daysLeft!),
    items,
  };
}

function countByKind(items: readonly OpenItem[]): Record<OpenItem['kind'], LevelCounts> {
  const out = {} as Record<OpenItem['kind'], LevelCounts>;
  for (const k of ['submission', 'returned', 'finding', 'claim'] as const)
    out[k] = countLevels(items.filter((i) => i.kind === k));
  return out;
}
