/** Inputs of evidence files (佐证材料; server/routers/evidence.ts → services/evidence/evidence-files.ts). */
import { z } from 'zod';

const ownerKind = z.string().min(1).max(16);
const id = z.number().int().positive();

/** The files of one record (a rectification claim, a finding …). */
export const evidenceOwnerInput = z.object({ ownerKind, ownerId: id });
export type EvidenceOwnerInput = z.infer<typeof evidenceOwnerInput>;
/** The files of up to 200 records of one kind in one call (a page's claims). */
export const evidenceOwnersInput = z.object({ ownerKind, ownerIds: z.array(id).min(1).max(200) });
export type EvidenceOwnersInput = z.infer<typeof evidenceOwnersInput>;
export const withdrawEvidenceInput = z.object({ id });
