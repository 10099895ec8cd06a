import { z } from 'zod';
import { changeOwnPassword } from '../services/admin/users';
import { todayOf } from '../trpc/context';
import { authedProcedure, publicProcedure, router } from '../trpc/init';

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? { ...ctx.user, today: todayOf(ctx.now()) } : null)),
  changePassword: authedProcedure
    .input(z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      await changeOwnPassword(ctx.db, ctx.actor, {
        current: input.current,
        next: input.next,
        ...(ctx.sessionToken ? { keepToken: ctx.sessionToken } : {}),
        now: ctx.now(),
      });
      return { ok: true };
    }),
});
