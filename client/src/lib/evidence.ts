/** Evidence files (佐证材料): uploaded as raw bytes to POST /api/evidence (streamed, type sniffed by the server). */

/** What the file picker offers; the server decides by the content, not the name. */
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';

/** Uploads one file to a record (claim, submission, commendation, appeal); resolves with the server's error or null. */
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
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (res.ok) return null;
  try {
    return String(((await res.json()) as { error?: string }).error ?? res.statusText);
  } catch {
    return res.statusText;
  }
}
