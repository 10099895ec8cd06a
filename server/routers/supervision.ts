import { z } from 'zod';
import { scopedUnitId } from '../domain/names';
import { unitInScope } from '../services/scores/find-scores';
import { recentJobRuns } from '../services/supervision/daily-job';
import { sendPendingMail } from '../services/supervision/mail';
import {
  acknowledgeReminder,
  listNotifications,
  listReminders,
  markNotificationsRead,
  ownEmail,
  sendReminder,
  setOwnEmail,
  unreadCount,
} from '../services/supervision/notifications';
import { loadBoard, loadOpenItems } from '../services/supervision/open-items';
import { loadTimeliness } from '../services/supervision/timeliness';
import type { AppContext } from '../trpc/context';
import { adminProcedure, businessProcedure, cityProcedure, inspectorProcedure, router } from '../trpc/init';
import { periodCode, unitCode } from './shared';

/** Mails what a write just queued, after its commit; a mail failure never fails the write (it is retried). */
function mailSoon(ctx: Pick<AppContext, 'db' | 'env' | 'now'>): void {
  if (!ctx.env.SMTP_URL) return;
  sendPendingMail(ctx.db, ctx.env, ctx.now()).catch(() => undefined);
}

export const supervisionRouter = router({
  /** Open items with their warning colours: a unit operator's own unit, or any unit for city-wide roles. */
  openItems: businessProcedure
    .input(z.object({ unit: unitCode.optional(), period: periodCode.optional() }))
    .query(async ({ ctx, input }) => {
      const unit = input.unit ? await unitInScope(ctx.db, input.unit, ctx.scope) : null;
      return loadOpenItems(ctx.db, {
        scopeUnitId: scopedUnitId(ctx.scope),
        ...(unit ? { unitId: unit.id } : {}),
        ...(input.period ? { period: input.period } : {}),
        today: ctx.today,
      });
    }),
  /** The rectification board (整改督办看板): by unit and colour, closure rate, median days to close, long reds. */
  board: cityProcedure
    .input(z.object({ period: periodCode }))
    .query(({ ctx, input }) => loadBoard(ctx.db, { period: input.period, today: ctx.today })),
  /** Submission timeliness of a quarter or a year: every unit for city-wide roles, its own for a unit operator. */
  timeliness: businessProcedure
    .input(z.object({ period: periodCode }))
    .query(({ ctx, input }) =>
      loadTimeliness(ctx.db, { period: input.period, today: ctx.today, scopeUnitId: scopedUnitId(ctx.scope) }),
    ),
  remind: inspectorProcedure
    .input(z.object({ unit: unitCode, itemKey: z.string().min(3).max(60), message: z.string().max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.db.$transaction((tx) =>
        sendReminder(tx, ctx.actor, {
          unitCode: input.unit,
          itemKey: input.itemKey,
          message: input.message,
          today: ctx.today,
          now: ctx.now(),
        }),
      );
      mailSoon(ctx);
      return r;
    }),
  acknowledge: businessProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        acknowledgeReminder(tx, ctx.actor, { id: input.id, scopeUnitId: scopedUnitId(ctx.scope), now: ctx.now() }),
      ),
    ),
  reminders: businessProcedure
    .input(z.object({ unit: unitCode.optional(), openOnly: z.boolean().optional() }))
    .query(({ ctx, input }) =>
      listReminders(ctx.db, {
        scopeUnitId: scopedUnitId(ctx.scope),
        ...(input.unit ? { unitCode: input.unit } : {}),
        ...(input.openOnly ? { openOnly: true } : {}),
      }),
    ),
  jobRuns: adminProcedure.query(({ ctx }) => recentJobRuns(ctx.db)),
});

/** Every user's notification centre. */
export const notificationsRouter = router({
  list: businessProcedure
    .input(
      z.object({
        unreadOnly: z.boolean().optional(),
        before: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input)),
  unreadCount: businessProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user.id)),
  markRead: businessProcedure
    .input(z.object({ ids: z.array(z.number().int().positive()).max(500).optional(), all: z.boolean().optional() }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        markNotificationsRead(tx, ctx.actor, {
          ...(input.ids ? { ids: input.ids } : {}),
          ...(input.all ? { all: true } : {}),
          now: ctx.now(),
        }),
      ),
    ),
  email: businessProcedure.query(async ({ ctx }) => ({
    email: await ownEmail(ctx.db, ctx.user.id),
    mailEnabled: Boolean(ctx.env.SMTP_URL),
  })),
  setEmail: businessProcedure
    .input(z.object({ email: z.string().max(254).nullable() }))
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => setOwnEmail(tx, ctx.actor, input.email))),
});
