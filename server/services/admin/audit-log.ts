import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

export type AuditFilter = {
  actor?: string;
  entity?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: number;
  limit: number;
};

/** A filter bound: a bare date is midnight in the city's time zone (China Standard Time), a timestamp is taken as written. */
function instantOf(s: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);
}

/** Reads the audit log, newest first, with filters (`from` inclusive, `to` exclusive) and a keyset cursor. */
export async function findAuditEntries(tx: Tx, f: AuditFilter) {
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
