import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db';
import { AppError, type AppErrorCode } from '../errors';
import type { Actor } from '../services/audit/record-audit';
import type { Role, SessionUser } from '../services/auth/sessions';
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
    return {
      ...shape,
      // Bad input names each field and what is wrong with it, in one line (the raw message is zod's JSON).
      message: internal ? 'Internal error.' : cause instanceof ZodError ? inputProblems(cause) : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: cause instanceof AppError ? cause.code : null,
        details: cause instanceof AppError ? (cause.details ?? null) : null,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

function inputProblems(err: ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

/** Turns service AppErrors into tRPC errors, once, for every procedure; a lost database is SERVICE_UNAVAILABLE (503). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapErrors);

/** Signed in; narrows ctx.user. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  const user: SessionUser = ctx.user;
  const actor: Actor = {
    id: user.id,
    username: user.username,
    role: user.role,
    unitId: user.unitId,
    requestId: ctx.requestId,
  };
  return next({ ctx: { ...ctx, user, actor } });
});

function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role))
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the role ${roles.join(' or ')}.` });
    return next();
  });
}

/** City-wide readers: leadership, inspectors and administrators. */
export const cityProcedure = roleProcedure('leadership', 'inspector', 'admin');
export const leadershipProcedure = roleProcedure('leadership', 'admin');
export const inspectorProcedure = roleProcedure('inspector', 'admin');
export const adminProcedure = roleProcedure('admin');
export const auditReaderProcedure = roleProcedure('leadership', 'admin');
/** Unit operators (for their own unit) and inspectors/admins (any unit). */
export const entryProcedure = roleProcedure('unit', 'inspector', 'admin');
