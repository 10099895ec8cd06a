import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Role, type Scope, scopeOfUser } from '../domain/names';
import { AppError, errorBody, HTTP_STATUS, messageBody } from '../errors';
import type { Actor } from '../services/audit/record-audit';
import type { SessionUser } from '../services/auth/sessions';
import { sendIfUnavailable } from './unavailable';

/** At most this many `row N: …` lines (and as many `rowMessages`) go into one answer; the count of the rest is given. */
export const MAX_ROW_ERRORS_IN_ANSWER = 1000;

/** A signed-in caller of a REST route: who, in which scope (domain/names.ts), and as whom the audit log records it. */
export type EdgeCaller = { user: SessionUser; scope: Scope; actor: Actor };

/**
 * The REST edge's authorization, the same as the tRPC procedures' (server/trpc/init.ts): signed in,
 * one of `roles` (any role when omitted), and the caller's scope.
 */
export async function requireCaller(
  sessionUser: (req: FastifyRequest) => Promise<SessionUser | null>,
  req: FastifyRequest,
  roles?: readonly Role[],
): Promise<EdgeCaller> {
  const user = await sessionUser(req);
  if (!user) throw new AppError('UNAUTHORIZED', 'common.signInFirst');
  if (roles && !roles.includes(user.role))
    throw new AppError('FORBIDDEN', 'common.needsRole', { roles: roles.join(' or ') });
  if (user.role === 'unit' && user.unitId === null) throw new AppError('FORBIDDEN', 'common.unitOperatorUnbound');
  return { user, scope: scopeOfUser(user), actor: actorOf(user, req) };
}

/** The audit actor of a signed-in user acting through request `req` (its id and address, as tRPC's actor). */
export function actorOf(user: SessionUser, req: FastifyRequest): Actor {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    unitId: user.unitId,
    requestId: String(req.id),
    ip: req.ip,
  };
}

/**
 * The one error answer of the REST edge: an AppError as its HTTP status with `{ error, messageKey, params, details }`
 * (Retry-After when throttled, at most MAX_ROW_ERRORS_IN_ANSWER row errors); anything else is logged
 * and answered as a bare 500 (503 when the database is unreachable), so no SQL or path reaches the client.
 */
export function sendError(reply: FastifyReply, err: unknown) {
  if (err instanceof AppError) {
    const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (err.code === 'TOO_MANY_REQUESTS' && retry) reply.header('Retry-After', String(retry));
    let details = err.code === 'TOO_MANY_REQUESTS' ? undefined : (err.details as Record<string, unknown> | undefined);
    const rows = details?.rowErrors;
    if (Array.isArray(rows) && rows.length > MAX_ROW_ERRORS_IN_ANSWER) {
      details = {
        ...details,
        rowErrors: rows.slice(0, MAX_ROW_ERRORS_IN_ANSWER),
        ...(Array.isArray(details?.rowMessages)
          ? { rowMessages: (details.rowMessages as unknown[]).slice(0, MAX_ROW_ERRORS_IN_ANSWER) }
          : {}),
        omittedRowErrors: rows.length - MAX_ROW_ERRORS_IN_ANSWER,
      };
    }
    return reply.code(HTTP_STATUS[err.code]).send({ ...errorBody(err), ...(details ? { details } : {}) });
  }
  const unavailable = sendIfUnavailable(reply, err);
  if (unavailable) return unavailable;
  reply.log.error({ err }, 'request failed');
  return reply.code(500).send(messageBody('common.internal'));
}
