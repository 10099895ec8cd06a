/** Uploading a file to the server's JSON upload routes (POST /api/import/*): base64 in JSON, with progress. */
import { fallbackFor, type RowProblem, rowProblems, serverSentence } from './server-errors';

export type UploadError = {
  status: number;
  /** The server's sentence in the page language (server-errors.ts). */
  error: string;
  /** The row problems in the page language. */
  rows: RowProblem[];
  omittedRowErrors: number;
  details: Record<string, unknown>;
};
export type UploadAnswer<T> = { ok: true; body: T } | ({ ok: false } & UploadError);

/** Reads a File as a data: URL (what the upload routes accept as `contentBase64`), reporting 0–50 %. */
function readAsDataUrl(file: File, onProgress: (pct: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 50));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => resolve(reader.result as string);
    reader.readAsDataURL(file);
  });
}

/**
 * Sends `file` to `url` as `{fileName, contentBase64, ...extra}`; progress runs 0–50 % reading, 50–95 % sending,
 * 100 % when the server has answered. A refusal comes back with the server's sentence and its `row N: …` lines.
 */
export async function uploadFile<T>(
  url: string,
  file: File,
  extra: Record<string, unknown>,
  onProgress: (pct: number) => void,
): Promise<UploadAnswer<T>> {
  const contentBase64 = await readAsDataUrl(file, onProgress);
  const body = JSON.stringify({ fileName: file.name, contentBase64, ...extra });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(50 + Math.round((e.loaded / e.total) * 45));
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onload = () => {
      onProgress(100);
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        parsed = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ ok: true, body: parsed as T });
      const details = (parsed.details ?? {}) as Record<string, unknown>;
      resolve({
        ok: false,
        status: xhr.status,
        error: serverSentence(parsed, fallbackFor(xhr.status)),
        rows: rowProblems(details),
        omittedRowErrors: Number(details.omittedRowErrors ?? 0),
        details,
      });
    };
    xhr.send(body);
  });
}
