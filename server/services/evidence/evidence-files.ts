import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { type Db, driverOf, runQuery, type Tx, transactional } from '../../db';
import type { EvidenceOwnerInput, EvidenceOwnersInput } from '../../domain/inputs/evidence';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { type Actor, recordAudit } from '../audit/record-audit';

/**
 * Evidence files (佐证材料) belong to one record of any kind: ownerKind names it, ownerId is its id. The
 * owner decides the unit (scope) and who may add files. Add a kind here to let files hang on a new record.
 */
export const EVIDENCE_OWNER_KINDS = ['claim', 'submission', 'commendation', 'appeal'] as const;

/** The accepted types, taken from the content (never the name): what file-type reports → the stored type. */
const ACCEPTED: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** Bytes are stored in chunks of this size; the sniffer reads the first chunk (zip-based types need a few KB). */
const CHUNK = 256 * 1024;

type Owner = { unitId: number; unitCode: string };

async function ownerOf(tx: Tx, kind: string, id: number): Promise<Owner | null> {
  const unitOf = async (unitId: number) => {
    const u = await tx.unit.findUnique({ where: { id: unitId }, select: { code: true } });
    return u ? { unitId, unitCode: u.code } : null;
  };
  switch (kind) {
    case 'claim': {
      const c = await tx.rectificationClaim.findUnique({ where: { id }, select: { unitId: true } });
      return c ? unitOf(c.unitId) : null;
    }
    case 'submission': {
      const s = await tx.submission.findUnique({ where: { id }, select: { unitId: true } });
      return s ? unitOf(s.unitId) : null;
    }
    case 'commendation': {
      const c = await tx.commendation.findUnique({ where: { id }, select: { unitId: true } });
      return c ? unitOf(c.unitId) : null;
    }
    case 'appeal': {
      const a = await tx.appeal.findUnique({ where: { id }, select: { unitId: true } });
      return a ? unitOf(a.unitId) : null;
    }
    default:
      throw new AppError('BAD_REQUEST', 'evidence.badOwnerKind', {
        kinds: EVIDENCE_OWNER_KINDS.join(', '),
        ownerKind: kind,
      });
  }
}

/** The units of several records of one kind (one query); ids that do not exist are absent. */
async function unitsOfOwners(tx: Tx, kind: string, ids: number[]): Promise<Map<number, number>> {
  const args = { where: { id: { in: ids } }, select: { id: true, unitId: true } } as const;
  const rows =
    kind === 'claim'
      ? await tx.rectificationClaim.findMany(args)
      : kind === 'submission'
        ? await tx.submission.findMany(args)
        : kind === 'commendation'
          ? await tx.commendation.findMany(args)
          : kind === 'appeal'
            ? await tx.appeal.findMany(args)
            : null;
  if (!rows)
    throw new AppError('BAD_REQUEST', 'evidence.badOwnerKind', {
      kinds: EVIDENCE_OWNER_KINDS.join(', '),
      ownerKind: kind,
    });
  return new Map(rows.map((r) => [r.id, r.unitId]));
}

/** The owner as the actor may see it: another unit's record is NOT_FOUND, exactly like a missing one. */
async function ownerInScope(tx: Tx, actor: Actor, kind: string, id: number): Promise<Owner> {
  const owner = await ownerOf(tx, kind, id);
  if (!owner || (actor.role === 'unit' && owner.unitId !== actor.unitId))
    throw new AppError('NOT_FOUND', 'evidence.noSuchOwner', { ownerKind: kind, id });
  return owner;
}

function mayWrite(actor: Actor): void {
  if (!['unit', 'inspector', 'admin'].includes(actor.role)) throw new AppError('FORBIDDEN', 'evidence.writersOnly');
}

/** A file as the actor may see it: another unit's file is NOT_FOUND, like a withdrawn or missing one. */
async function fileInScope(tx: Tx, actor: Actor, id: number) {
  const f = await tx.evidenceFile.findUnique({ where: { id } });
  if (f?.state !== 'ready' || f.deletedAt !== null || (actor.role === 'unit' && f.unitId !== actor.unitId))
    throw new AppError('NOT_FOUND', 'evidence.noSuchFile', { id });
  return f;
}

/** The name as shown (never used as a path or as the type): no slashes, quotes or control characters. */
const safeName = (name: string) =>
  [...name]
    .map((ch) => (ch === '/' || ch === '\\' ? '_' : ch))
    .filter((ch) => ch !== '"' && (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, 200) || 'file';

/**
 * Streams an upload into the database: checks the owner's scope, sniffs the type from the first bytes,
 * writes 256 KB chunks as they arrive and refuses (413) past `maxBytes`. A refused or broken upload
 * leaves nothing behind; a complete one becomes visible in one transaction with its audit entry.
 */
export async function uploadEvidence(
  db: Db,
  actor: Actor,
  input: {
    ownerKind: string;
    ownerId: number;
    name: string;
    body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>;
    maxBytes: number;
    declaredBytes?: number | undefined;
    now: Date;
  },
) {
  mayWrite(actor);
  const driver = driverOf(db);
  const owner = await ownerInScope(db, actor, input.ownerKind, input.ownerId);
  const limitText = `${Math.round(input.maxBytes / 1024 / 1024)} MB`;
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'evidence.tooLarge', { limit: limitText });
  if (input.declaredBytes !== undefined && input.declaredBytes > input.maxBytes) throw tooLarge();
  const file = await db.evidenceFile.create({
    data: {
      ownerKind: input.ownerKind,
      ownerId: input.ownerId,
      unitId: owner.unitId,
      name: safeName(input.name),
      mime: 'application/octet-stream',
      uploadedById: actor.id ?? 0,
      uploadedAt: input.now,
    },
    select: { id: true },
  });
  try {
    const hash = crypto.createHash('sha256');
    let size = 0;
    let seq = 0;
    let mime: string | null = null;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const piece = joined.subarray(0, Math.min(CHUNK, joined.length));
        const rest = joined.subarray(piece.length);
        if (mime === null) mime = await sniff(piece, input.name);
        // The bytes go to the driver as they are (bytea in binary on PostgreSQL): no base64, no Prisma copies.
        await runQuery(
          driver,
          sql`INSERT INTO "EvidenceChunk" ("fileId", seq, data) VALUES (${file.id}, ${seq}, ${piece})`,
        );
        seq += 1;
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    for await (const part of input.body) {
      const buf = Buffer.isBuffer(part) ? part : Buffer.from(part);
      size += buf.length;
      if (size > input.maxBytes) throw tooLarge();
      hash.update(buf);
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= CHUNK) await flush(false);
    }
    if (size === 0) throw new AppError('BAD_REQUEST', 'evidence.emptyFile');
    await flush(true);
    const sha256 = hash.digest('hex');
    return await db.$transaction(async (tx) => {
      const ready = await tx.evidenceFile.update({
        where: { id: file.id },
        data: { state: 'ready', size, sha256, mime: mime! },
      });
      await recordAudit(tx, actor, {
        action: 'evidence.add',
        entity: 'evidence',
        entityId: file.id,
        after: {
          ownerKind: input.ownerKind,
          ownerId: input.ownerId,
          unit: owner.unitCode,
          name: ready.name,
          mime,
          size,
          sha256,
        },
      });
      return fileView(ready);
    });
  } catch (err) {
    await db.evidenceFile.delete({ where: { id: file.id } }).catch(() => undefined);
    throw err;
  }
}

async function sniff(head: Buffer, name: string): Promise<string> {
  const type = await fileTypeFromBuffer(head);
  const mime = type ? ACCEPTED[type.ext] : undefined;
  if (!mime)
    throw type
      ? new AppError('BAD_REQUEST', 'evidence.wrongType', { name: safeName(name), type: type.ext.toUpperCase() })
      : new AppError('BAD_REQUEST', 'evidence.unknownType', { name: safeName(name) });
  return mime;
}

function fileView(f: {
  id: number;
  ownerKind: string;
  ownerId: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedAt: Date;
  uploadedById: number;
  deletedAt: Date | null;
  deletedById: number | null;
}) {
  return {
    id: f.id,
    ownerKind: f.ownerKind,
    ownerId: f.ownerId,
    name: f.name,
    mime: f.mime,
    size: f.size,
    sha256: f.sha256,
    uploadedAt: f.uploadedAt.toISOString(),
    uploadedById: f.uploadedById,
    withdrawnAt: f.deletedAt?.toISOString() ?? null,
    withdrawnById: f.deletedById,
    preview: f.mime.startsWith('image/') ? ('image' as const) : f.mime === 'application/pdf' ? ('pdf' as const) : null,
  };
}

/** The files of one record (withdrawn ones too, as history), with who added or withdrew them. */
export async function listEvidence(tx: Tx, actor: Actor, input: EvidenceOwnerInput) {
  await ownerInScope(tx, actor, input.ownerKind, input.ownerId);
  return filesOf(tx, input.ownerKind, [input.ownerId]);
}

/**
 * The files of several records of one kind at once (a page's claims), each record's in the order asked:
 * a few queries whatever their number. Scope as for one: any record of another unit (or missing) is NOT_FOUND.
 */
export async function listEvidenceOfMany(tx: Tx, actor: Actor, input: EvidenceOwnersInput) {
  const ids = [...new Set(input.ownerIds)];
  const units = await unitsOfOwners(tx, input.ownerKind, ids);
  for (const id of ids) {
    const unitId = units.get(id);
    if (unitId === undefined || (actor.role === 'unit' && unitId !== actor.unitId))
      throw new AppError('NOT_FOUND', 'evidence.noSuchOwner', { ownerKind: input.ownerKind, id });
  }
  const files = await filesOf(tx, input.ownerKind, ids);
  return ids.map((ownerId) => ({ ownerId, files: files.filter((f) => f.ownerId === ownerId) }));
}

async function filesOf(tx: Tx, ownerKind: string, ownerIds: number[]) {
  const rows = await tx.evidenceFile.findMany({
    where: { ownerKind, ownerId: { in: ownerIds }, state: 'ready' },
    orderBy: { id: 'asc' },
  });
  const ids = [...new Set(rows.flatMap((r) => [r.uploadedById, ...(r.deletedById ? [r.deletedById] : [])]))];
  const users = await tx.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, displayName: true, username: true },
  });
  const nameOf = new Map(users.map((u) => [u.id, u.displayName || u.username]));
  return rows.map((r) => ({
    ...fileView(r),
    uploadedBy: nameOf.get(r.uploadedById) ?? '',
    withdrawnBy: r.deletedById ? (nameOf.get(r.deletedById) ?? '') : null,
  }));
}

/** Withdraws a file (soft delete, audited): it is no longer served, and stays in the history. */
export const withdrawEvidence = transactional(async function withdrawEvidence(
  tx: Tx,
  actor: Actor,
  input: { id: number; now: Date },
) {
  mayWrite(actor);
  const f = await fileInScope(tx, actor, input.id);
  const done = await tx.evidenceFile.update({
    where: { id: f.id },
    data: { deletedAt: input.now, deletedById: actor.id },
  });
  await recordAudit(tx, actor, {
    action: 'evidence.withdraw',
    entity: 'evidence',
    entityId: f.id,
    before: fileView(f),
    after: fileView(done),
  });
  return fileView(done);
});

/** A file to serve: its metadata, then its bytes chunk by chunk (never the whole file in memory). */
export async function openEvidence(db: Db, actor: Actor, id: number) {
  const driver = driverOf(db);
  const f = await fileInScope(db, actor, id);
  const count = await db.evidenceChunk.count({ where: { fileId: f.id } });
  async function* chunks() {
    for (let seq = 0; seq < count; seq++) {
      const [c] = await runQuery<{ data: Uint8Array }>(
        driver,
        sql`SELECT data FROM "EvidenceChunk" WHERE "fileId" = ${f.id} AND seq = ${seq}`,
      );
      if (c) yield Buffer.isBuffer(c.data) ? c.data : Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength);
    }
  }
  return { file: fileView(f), chunks: chunks() };
}
