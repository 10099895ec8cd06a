import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db';
import { fieldPathZh } from '../domain/field-names';
import { ROLE_GROUPS, type Role, type Scope, scopeOfUser } from '../domain/names';
import { todayOf } from '../domain/periods';
import { renderServerMessage, type ServerMessageKey, type ServerMessageParams } from '../domain/server-messages';
import { AppError, type AppErrorCode } from '../errors';
import { type Actor, recordAudit } from '../services/audit/record-audit';
import type { Pending, SessionUser } from '../services/auth/sessions';
import type { AppContext } from './context';

const TRPC_CODE: Record<AppErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LOCKED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

const t = initTRPC.context<AppContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // An unexpected error's message can carry SQL, Prisma arguments or paths: it goes to the log (onError), not to the client.
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const said = sentenceOf(error.code, cause);
    return {
      ...shape,
      // Bad input names each field and what is wrong with it, in one line (the raw message is zod's JSON).
      message: internal ? renderServerMessage('common.internal', {}, 'en') : said ? said.english : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: cause instanceof AppError ? cause.code : null,
        details: cause instanceof AppError ? (cause.details ?? null) : null,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        // The sentence as the catalogue's key and parameters (server/domain/server-messages.ts), for the client.
        messageKey: internal ? 'common.internal' : (said?.key ?? null),
        params: internal ? {} : (said?.params ?? null),
      },
    };
  },
});

function inputProblems(err: ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

type Sentence = { key: ServerMessageKey; params: ServerMessageParams; english: string };

/** The catalogue sentence of an error: an AppError's own, bad input's (zod), a lost database's; null for others. */
function sentenceOf(code: TRPCError['code'], cause: unknown): Sentence | null {
  if (cause instanceof AppError) return { key: cause.key, params: cause.params, english: cause.message };
  if (cause instanceof ZodError) {
    const fields = [...new Set(cause.issues.map((i) => fieldPathZh(i.path)))].join('、');
    const params = { problems: inputProblems(cause), fields };
    return { key: 'input.invalid', params, english: params.problems };
  }
  if (code === 'SERVICE_UNAVAILABLE')
    return { key: 'common.databaseUnavailable', params: {}, english: DATABASE_UNAVAILABLE_MESSAGE };
  return null;
}

/**
 * Turns service AppErrors into tRPC errors, once, for every procedure; a lost database is SERVICE_UNAVAILABLE (503).
 * A refusal of a signed-in user (FORBIDDEN) is audited: who, from where, which procedure, why.
 */
const mapErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok) {
    const code = result.error.cause instanceof AppError ? TRPC_CODE[result.error.cause.code] : result.error.code;
    if (code === 'FORBIDDEN' && ctx.user) await auditRefusal(ctx, path, result.error.message);
  }
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(result.error.cause))
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE_MESSAGE,
      cause: result.error.cause,
    });
  return result;
});

async function auditRefusal(ctx: AppContext, path: string, message: string): Promise<void> {
  const user = ctx.user!;
  try {
    await recordAudit(
      ctx.db,
      { id: user.id, username: user.username, role: user.role, unitId: user.unitId, ip: ctx.ip },
      {
        action: 'auth.forbidden',
        entity: 'procedure',
        entityId: path.slice(0, 120),
        after: { result: 'refused', reason: message.slice(0, 300) },
      },
      ctx.requestId,
    );
  } catch {
    // The refusal stands even when it cannot be written down (the database is going away).
  }
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not; `ctx.today` is the city's date at the call (services take it, never the clock). */
export const publicProcedure = t.procedure
  .use(mapErrors)
  .use(({ ctx, next }) => next({ ctx: { today: todayOf(ctx.now()) } }));

/** What a held-back session (SessionUser.pending) may still call, besides signing out. */
const ALLOWED_WHILE_PENDING: Record<Pending, readonly string[]> = {
  totp: ['auth.me'],
  password: ['auth.me', 'auth.changePassword'],
  'totp-enrol': ['auth.me', 'auth.totpStatus', 'auth.enrolTotp', 'auth.confirmTotp'],
};

/** The 403 sentence of a held-back session (server/domain/server-messages.ts). */
export const PENDING_MESSAGE: Record<Pending, ServerMessageKey> = {
  totp: 'auth.pendingTotp',
  password: 'auth.pendingPassword',
  'totp-enrol': 'auth.pendingEnrol',
};

/**
 * Signed in, and not held back (a first-sign-in password change, a second factor still owed); narrows ctx.user
 * and adds the audit actor and the caller's scope (domain/names.ts).
 */
export const authedProcedure = publicProcedure.use(({ ctx, path, next }) => {
  if (!ctx.user) throw new AppError('UNAUTHORIZED', 'common.signInFirst');
  const user: SessionUser = ctx.user;
  if (user.pending && !ALLOWED_WHILE_PENDING[user.pending].includes(path))
    throw new AppError('FORBIDDEN', PENDING_MESSAGE[user.pending]);
  if (user.role === 'unit' && user.unitId === null) throw new AppError('FORBIDDEN', 'common.unitOperatorUnbound');
  const scope: Scope = scopeOfUser(user);
  const actor: Actor = {
    id: user.id,
    username: user.username,
    role: user.role,
    unitId: user.unitId,
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
  return next({ ctx: { ...ctx, user, actor, scope } });
});

function roleProcedure(roles: readonly Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role))
      throw new AppError('FORBIDDEN', 'common.needsRole', { roles: roles.join(' or ') });
    return next();
  });
}

/**
 * The assessment's own roles: the separated security and audit administrators see none of its data
 * (least privilege); what a role of these sees of it is up to each procedure.
 */
export const businessProcedure = roleProcedure(ROLE_GROUPS.business);
/** The assessment's roles and the security administrator (who binds unit operators to units). */
export const unitListProcedure = roleProcedure(ROLE_GROUPS.unitList);

/** City-wide readers: leadership, inspectors and administrators. */
export const cityProcedure = roleProcedure(ROLE_GROUPS.city);
export const leadershipProcedure = roleProcedure(ROLE_GROUPS.leadership);
export const inspectorProcedure = roleProcedure(ROLE_GROUPS.inspector);
/** The system administrator (三员分立): units, catalogue, schemes, periods, settings. */
export const adminProcedure = roleProcedure(ROLE_GROUPS.admin);
/** The security administrator (三员分立): accounts, roles, unlocking, password and second-factor resets. */
export const securityProcedure = roleProcedure(ROLE_GROUPS.security);
/** The audit administrator (三员分立): reads and exports the audit log, nothing else. */
export const auditReaderProcedure = roleProcedure(ROLE_GROUPS.audit);
/** Unit operators (for their own unit) and inspectors/admins (any unit). */
export const entryProcedure = roleProcedure(ROLE_GROUPS.entry);
/** Editors of the annual report's texts: leadership and admins (the city's), unit operators (their unit's). */
export const reportEditorProcedure = roleProcedure(ROLE_GROUPS.reportEditor);
