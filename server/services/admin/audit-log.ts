import type { Tx } from '../../db';
import type { AuditFilterInput } from '../../domain/inputs/admin';
import { AppError } from '../../errors';

/** A filter bound: a bare date is midnight in the city's time zone (China Standard Time), a timestamp is taken as written. */
function instantOf(s: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);
}

/** Reads the audit log, newest first, with filters (`from` inclusive, `to` exclusive) and a keyset cursor. */
export async function findAuditEntries(tx: Tx, f: AuditFilterInput) {
  const rows = await tx.auditLog.findMany({
    where: {
      ...(f.actor ? { actorName: f.actor } : {}),
      ...(f.entity ? { entity: f.entity } : {}),
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.from || f.to
        ? { at: { ...(f.from ? { gte: instantOf(f.from) } : {}), ...(f.to ? { lt: instantOf(f.to) } : {}) } }
        : {}),
      ...(f.cursor ? { id: { lt: BigInt(f.cursor) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: f.limit,
  });
  return {
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actor: r.actorName,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      requestId: r.requestId,
    })),
    nextCursor: rows.length === f.limit ? Number(rows[rows.length - 1]!.id) : null,
  };
}

/** The most rows one export carries; a longer range is refused with a sentence asking for a shorter one. */
export const AUDIT_EXPORT_MAX_ROWS = 200_000;

/** Column headings of the audit export (安全审计: 日期和时间、用户、事件类型、对象、结果). */
export const AUDIT_EXPORT_HEADER = [
  '序号',
  '时间（北京时间）',
  '用户',
  '用户编号',
  '地址',
  '事件',
  '对象类型',
  '对象',
  '结果',
  '变更前',
  '变更后',
  '请求编号',
] as const;

/** 2011-09-30 08:00:00 in China Standard Time. */
function cst(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function resultOf(after: unknown): string {
  const r = after && typeof after === 'object' ? (after as { result?: unknown }).result : undefined;
  return typeof r === 'string' ? r : 'success';
}

/** The audit log of a range (`from` inclusive, `to` exclusive), oldest first, as the rows of the export. */
export async function auditExportRows(tx: Tx, f: { from?: string; to?: string }): Promise<unknown[][]> {
  const where = {
    ...(f.from || f.to
      ? { at: { ...(f.from ? { gte: instantOf(f.from) } : {}), ...(f.to ? { lt: instantOf(f.to) } : {}) } }
      : {}),
  };
  const count = await tx.auditLog.count({ where });
  if (count > AUDIT_EXPORT_MAX_ROWS)
    throw new AppError('BAD_REQUEST', 'auditLog.exportTooLarge', { count, max: AUDIT_EXPORT_MAX_ROWS });
  const rows: unknown[][] = [];
  let cursor: bigint | undefined;
  for (;;) {
    const batch = await tx.auditLog.findMany({
      where: { ...where, ...(cursor !== undefined ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: 5000,
    });
    for (const r of batch)
      rows.push([
        Number(r.id),
        cst(r.at),
        r.actorName,
        r.actorId,
        r.ip,
        r.action,
        r.entity,
        r.entityId,
        resultOf(r.after),
        r.before === null ? null : JSON.stringify(r.before),
        r.after === null ? null : JSON.stringify(r.after),
        r.requestId,
      ]);
    if (batch.length < 5000) break;
    cursor = batch[batch.length - 1]!.id;
  }
  return rows;
}
