/** Evidence files (佐证材料): uploaded as raw bytes to POST /api/evidence (streamed, type sniffed by the server). */
import type { QueryClient } from '@tanstack/react-query';
import { currentLang, translate } from './i18n';
import { fallbackFor, serverSentence } from './server-errors';
import { trpc } from './trpc';

/** What the file picker offers; the server decides by the content, not the name. */
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';

/** Uploads one file to a record (claim, submission, commendation, appeal); resolves with the refusal's sentence or null. */
export async function uploadEvidence(ownerKind: string, ownerId: number, file: File): Promise<string | null> {
  const url = `/api/evidence?ownerKind=${ownerKind}&ownerId=${ownerId}&name=${encodeURIComponent(file.name)}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    return translate(currentLang(), 'error.network');
  }
  if (res.ok) return null;
  try {
    return serverSentence((await res.json()) as Record<string, unknown>, fallbackFor(res.status));
  } catch {
    return translate(currentLang(), fallbackFor(res.status));
  }
}

/**
 * Reads every evidence list again after files went up. A list that was first asked for while the upload ran
 * (a claim just made shows a new list) is still in flight with the old answer, and `invalidateQueries` would
 * join that request rather than start another: cancel it first, so the read after the upload is a new one.
 */
export async function refreshEvidence(queryClient: QueryClient): Promise<void> {
  const queryKey = trpc.evidence.pathKey();
  await queryClient.cancelQueries({ queryKey });
  await queryClient.invalidateQueries({ queryKey });
}
