import { changePasswordInput, totpCodeInput } from '../domain/inputs/auth';
import { changeOwnPassword } from '../services/admin/users';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment, totpStatus } from '../services/auth/totp';
import { authedProcedure, publicProcedure, router } from '../trpc/init';

export const authRouter = router({
  /** The signed-in user (with what a held-back session still owes: `pending`), or null. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.user ? { ...ctx.user, pending: ctx.user.pending ?? null, today: ctx.today } : null,
  ),
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const res = await changeOwnPassword(ctx.db, ctx.actor, {
      current: input.current,
      next: input.next,
      ...(ctx.sessionToken ? { keepToken: ctx.sessionToken } : {}),
      now: ctx.now(),
    });
    return { ok: true, pending: res.pending };
  }),
  /** Whether the signed-in user has a second factor (TOTP), whether the role requires one, recovery codes left. */
  totpStatus: authedProcedure.query(({ ctx }) => totpStatus(ctx.db, ctx.actor)),
  /** Starts TOTP enrolment: the secret and its otpauth:// URI (for the authenticator app), not yet in force. */
  enrolTotp: authedProcedure.mutation(({ ctx }) => startTotpEnrolment(ctx.db, ctx.actor)),
  /** Puts the second factor in force with a first code; answers the ten one-time recovery codes, shown once. */
  confirmTotp: authedProcedure
    .input(totpCodeInput)
    .mutation(({ ctx, input }) =>
      confirmTotpEnrolment(ctx.db, ctx.actor, { code: input.code, now: ctx.now(), token: ctx.sessionToken }),
    ),
  /** Switches the second factor off (roles for which it is optional), with a current code. */
  disableTotp: authedProcedure
    .input(totpCodeInput)
    .mutation(({ ctx, input }) => disableTotp(ctx.db, ctx.actor, { code: input.code, now: ctx.now() })),
});
