import type { Database } from '../../server/db';
import type { Role } from '../../server/domain/names';
import { readEnv } from '../../server/env';
import { appRouter } from '../../server/routers/app-router';
import type { SessionUser } from '../../server/services/auth/sessions';
import type { AppContext } from '../../server/trpc/context';
import { createCallerFactory } from '../../server/trpc/init';

const createCaller = createCallerFactory(appRouter);

export const FIXED_NOW = new Date('2012-03-01T04:00:00Z');

/** A tRPC caller acting as `user` (null = anonymous), with a fixed clock unless one is given. */
export function callerFor(database: Database, user: SessionUser | null, now: () => Date = () => FIXED_NOW) {
  const ctx: AppContext = {
    db: database.prisma,
    database,
    env: readEnv({ DATA_DIR: 'memory://' }),
    now,
    user,
    sessionToken: undefined,
    requestId: 'test',
    ip: '127.0.0.1',
  };
  return createCaller(ctx);
}

/** The SessionUser of a stored user, by username. */
export async function sessionUserOf(database: Database, username: string): Promise<SessionUser> {
  const u = await database.prisma.user.findUniqueOrThrow({
    where: { username },
    select: { id: true, username: true, displayName: true, role: true, unitId: true, unit: { select: { code: true } } },
  });
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    unitId: u.unitId,
    unitCode: u.unit?.code ?? null,
  };
}
