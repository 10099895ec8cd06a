import {
  renderServerMessage,
  type ServerMessage,
  type ServerMessageKey,
  type ServerMessageParams,
} from './domain/server-messages';

/** Errors services throw; one map (server/trpc/init.ts, server/http) turns codes into tRPC/HTTP answers. */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LOCKED'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE';

/**
 * A refusal: its code, the key of its sentence in the catalogue (server/domain/server-messages.ts) and the
 * parameters the sentence names. `message` is the English sentence (the CLI, logs, REST answers); the web
 * client renders `key` and `params` in the reader's language.
 */
export class AppError extends Error {
  readonly params: ServerMessageParams;
  constructor(
    readonly code: AppErrorCode,
    readonly key: ServerMessageKey,
    params?: ServerMessageParams,
    /** Machine-readable details: row errors of an import, the current values of a conflict … */
    readonly details?: unknown,
  ) {
    super(renderServerMessage(key, params, 'en'));
    this.params = params ?? {};
    this.name = 'AppError';
  }

  /** The AppError of a refusal a domain check returned (`{ key, params }`). */
  static of(code: AppErrorCode, message: ServerMessage, details?: unknown): AppError {
    return new AppError(code, message.key, message.params, details);
  }
}

/**
 * The JSON body of a REST refusal: `error` is the English sentence (as before), `messageKey` and `params` let
 * the web client say it in the reader's language (README, HTTP).
 */
export type ErrorBody = { error: string; messageKey: ServerMessageKey; params: ServerMessageParams };

export function errorBody(err: AppError): ErrorBody {
  return { error: err.message, messageKey: err.key, params: err.params };
}

/** The error body of a catalogue sentence that is no AppError (a hook's refusal, an internal error). */
export function messageBody(key: ServerMessageKey, params?: ServerMessageParams): ErrorBody {
  return { error: renderServerMessage(key, params, 'en'), messageKey: key, params: params ?? {} };
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED: 423,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
};
