import { periodInput } from '../domain/inputs/common';
import {
  acknowledgeInput,
  markReadInput,
  notificationsInput,
  openItemsInput,
  remindersInput,
  remindInput,
  setEmailInput,
} from '../domain/inputs/supervision';
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

/** Mails what a write just queued, after its commit; a mail failure never fails the write (it is retried). */
function mailSoon(ctx: Pick<AppContext, 'db' | 'env' | 'now'>): void {
  if (!ctx.env.SMTP_URL) return;
  sendPendingMail(ctx.db, ctx.env, ctx.now()).catch(() => undefined);
}

export const supervisionRouter = router({
  /** Open items with their warning colours: a unit operator's own unit, or any unit for city-wide roles. */
  openItems: businessProcedure.input(openItemsInput).query(async ({ ctx, input }) => {
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
    .input(periodInput)
    .query(({ ctx, input }) => loadBoard(ctx.db, { period: input.period, today: ctx.today })),
  /** Submission timeliness of a quarter or a year: every unit for city-wide roles, its own for a unit operator. */
  timeliness: businessProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      loadTimeliness(ctx.db, { period: input.period, today: ctx.today, scopeUnitId: scopedUnitId(ctx.scope) }),
    ),
  remind: inspectorProcedure.input(remindInput).mutation(async ({ ctx, input }) => {
    const r = await sendReminder(ctx.db, ctx.actor, {
      unitCode: input.unit,
      itemKey: input.itemKey,
      message: input.message,
      today: ctx.today,
      now: ctx.now(),
    });
    mailSoon(ctx);
    return r;
  }),
  acknowledge: businessProcedure
    .input(acknowledgeInput)
    .mutation(({ ctx, input }) =>
      acknowledgeReminder(ctx.db, ctx.actor, { id: input.id, scopeUnitId: scopedUnitId(ctx.scope), now: ctx.now() }),
    ),
  reminders: businessProcedure.input(remindersInput).query(({ ctx, input }) =>
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
    .input(notificationsInput)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input)),
  unreadCount: businessProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user.id)),
  markRead: businessProcedure.input(markReadInput).mutation(({ ctx, input }) =>
    markNotificationsRead(ctx.db, ctx.actor, {
      ...(input.ids ? { ids: input.ids } : {}),
      ...(input.all ? { all: true } : {}),
      now: ctx.now(),
    }),
  ),
  email: businessProcedure.query(async ({ ctx }) => ({
    email: await ownEmail(ctx.db, ctx.user.id),
    mailEnabled: Boolean(ctx.env.SMTP_URL),
  })),
  setEmail: businessProcedure
    .input(setEmailInput)
    .mutation(({ ctx, input }) => setOwnEmail(ctx.db, ctx.actor, input.email)),
});
