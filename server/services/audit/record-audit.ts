import type { Tx } from '../../db';
import type { Role } from '../../domain/names';
import type { Prisma } from '../../generated/prisma/client';

/** Who performs a write; services take it explicitly, never the request. */
export type Actor = {
  id: number | null;
  username: string;
  role: Role | 'system';
  unitId: number | null;
  /** The address the request came from; none for the command line. */
  ip?: string | undefined;
  /** The HTTP request that acts (its X-Request-Id and log lines carry the same id); none for the command line. */
  requestId?: string;
};

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system', role: 'system', unitId: null };

export type AuditEntry = {
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
};

function toJson(v: unknown): Prisma.InputJsonValue | undefined {
  if (v === undefined || v === null) return undefined;
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))) as Prisma.InputJsonValue;
}

/** Appends entries to the audit log inside the caller's transaction. */
export async function recordAudit(
  tx: Tx,
  actor: Actor,
  entries: AuditEntry | AuditEntry[],
  requestId?: string,
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx.auditLog.createMany({
    data: list.map((e) => ({
      actorId: actor.id,
      actorName: actor.username,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      before: toJson(e.before),
      after: toJson(e.after),
      requestId: requestId ?? actor.requestId ?? null,
      ip: actor.ip?.slice(0, 64) ?? null,
    })),
  });
}
