/**
 * The server's refusals in the reader's language: tRPC errors carry `messageKey` and `params` in their data, REST
 * answers in their JSON body (server/errors.ts); both are rendered from the catalogue of server/domain/server-messages.ts.
 */
import {
  isServerMessageKey,
  renderServerMessage,
  type ServerMessageParams,
} from '../../../server/domain/server-messages';
import { currentLang, type MessageKey, translate } from './i18n';

function paramsOf(value: unknown): ServerMessageParams {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/** The sentence of a refusal (`{messageKey, params}`) in the page language, or the `fallback` sentence without one. */
export function serverSentence(
  body: { messageKey?: unknown; params?: unknown } | null | undefined,
  fallback: MessageKey = 'error.generic',
): string {
  const lang = currentLang();
  if (body && isServerMessageKey(body.messageKey))
    return renderServerMessage(body.messageKey, paramsOf(body.params), lang);
  return translate(lang, fallback);
}

/** The fallback sentence of an HTTP or tRPC code without a catalogue sentence (a proxy's answer, a lost network). */
export function fallbackFor(code: string | number | null | undefined): MessageKey {
  if (code === 'FORBIDDEN' || code === 403) return 'error.forbidden';
  if (code === 'NOT_FOUND' || code === 404) return 'error.notFound';
  if (code === 'UNAUTHORIZED' || code === 401) return 'error.signInAgain';
  if (code === 'SERVICE_UNAVAILABLE' || code === 503 || code === 502 || code === 504) return 'error.unavailable';
  return 'error.generic';
}

/** One problem of a refused file: its row (null for none) and what is wrong, in the page language. */
export type RowProblem = { row: number | null; text: string };

/**
 * The row problems of a refused import (`details.rowMessages`, keyed, else the English `rowErrors` lines split at
 * their `row N:`) in the page language.
 */
export function rowProblems(details: unknown): RowProblem[] {
  const d = (details ?? {}) as { rowMessages?: unknown; rowErrors?: unknown };
  if (Array.isArray(d.rowMessages))
    return d.rowMessages.map((m: { row?: unknown; key?: unknown; params?: unknown }) => ({
      row: typeof m.row === 'number' ? m.row : null,
      text: serverSentence({ messageKey: m.key, params: m.params }),
    }));
  if (!Array.isArray(d.rowErrors)) return [];
  return d.rowErrors.map((line) => {
    const m = /^row (\d+):\s*(.*)$/s.exec(String(line));
    return m ? { row: Number(m[1]), text: m[2]! } : { row: null, text: String(line) };
  });
}

/** Row problems as lines (`第 3 行：…` / `row 3: …`) for a plain list. */
export function rowProblemLines(details: unknown): string[] {
  const lang = currentLang();
  return rowProblems(details).map((p) =>
    p.row === null ? p.text : translate(lang, 'upload.rowLine', { row: p.row, text: p.text }),
  );
}
