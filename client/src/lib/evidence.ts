/** Evidence files (佐证材料): uploaded as raw bytes to POST /api/evidence (streamed, type sniffed by the server). */
import { currentLang, translate } from './i18n';
import { fallbackFor, serverSentence } from './server-errors';

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
