import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

export type AuditFilter = { actor?: string; entity?: string; action?: string; from?: string; to?: string; cursor?: number; limit: number };

/** Reads the audit log, newest first, with filters and a keyset cursor. */
export async function findAuditEntries(tx: Tx, f: AuditFilter) {
  const rows = await tx.auditLog.findMany({
    where: {
      ...(f.actor ? { actorName: f.actor } : {}),
      ...(f.entity ? { entity: f.entity } : {}),
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
      ...(f.cursor ? { id: { lt: BigInt(f.cursor) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: f.limit,
  });
  return {
    entries: rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actorName, action: r.action, entity: r.entity, entityId: r.entityId, before: r.before, after: r.after })),
    nextCursor: rows.length === f.limit ? Number(rows[rows.length - 1]!.id) : null,
  };
}
