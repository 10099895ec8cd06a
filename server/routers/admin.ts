import {
  auditFilterInput,
  createUserInput,
  periodStateInput,
  previewSchemeInput,
  publicationSettingsInput,
  saveUnitInput,
  schemeYearInput,
  setSchemeInput,
  submissionDeadlineInput,
  supervisionSettingsInput,
  updateUserInput,
  usernameInput,
} from '../domain/inputs/admin';
import { periodInput } from '../domain/inputs/common';
import { findAuditEntries } from '../services/admin/audit-log';
import { changePeriodState, setSubmissionDeadline } from '../services/admin/periods';
import { getScheme, previewScheme, setScheme } from '../services/admin/schemes';
import { saveUnit } from '../services/admin/units';
import {
  adminUpdateUser,
  createUser,
  listUsers,
  preparePassword,
  resetTotp,
  unlockUser,
} from '../services/admin/users';
import { appealWindowDays, setAppealWindowDays } from '../services/publication/appeal-settings';
import { findPublishChecks } from '../services/publication/publications';
import { loadSupervisionSettings, saveSupervisionSettings } from '../services/supervision/settings';
import { adminProcedure, auditReaderProcedure, leadershipProcedure, router, securityProcedure } from '../trpc/init';
export const adminRouter = router({
  // Accounts are the security administrator's (三员分立), not the system administrator's.
  users: securityProcedure.query(({ ctx }) => listUsers(ctx.db)),
  createUser: securityProcedure.input(createUserInput).mutation(async ({ ctx, input }) => {
    const passwordHash = await preparePassword(input.password, input.username);
    return createUser(ctx.db, ctx.actor, {
      username: input.username,
      ...(input.displayName ? { displayName: input.displayName } : {}),
      role: input.role,
      unitCode: input.unit ?? null,
      passwordHash,
    });
  }),
  updateUser: securityProcedure.input(updateUserInput).mutation(async ({ ctx, input }) => {
    const passwordHash = input.password ? await preparePassword(input.password, input.username) : undefined;
    await adminUpdateUser(ctx.db, ctx.actor, {
      username: input.username,
      ...(passwordHash ? { passwordHash } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      ...(input.role ? { role: input.role } : {}),
      ...(input.unit !== undefined ? { unitCode: input.unit } : {}),
      now: ctx.now(),
    });
    return { ok: true };
  }),
  /** Clears the failed-sign-in (and password-change, code) counters that block an account. */
  unlockUser: securityProcedure
    .input(usernameInput)
    .mutation(({ ctx, input }) => unlockUser(ctx.db, ctx.actor, input.username)),
  /** Removes a user's second factor (a lost phone); the user enrols again at the next sign-in. */
  resetTotp: securityProcedure
    .input(usernameInput)
    .mutation(({ ctx, input }) => resetTotp(ctx.db, ctx.actor, { username: input.username, now: ctx.now() })),
  saveUnit: adminProcedure
    .input(saveUnitInput)
    .mutation(({ ctx, input }) => saveUnit(ctx.db, ctx.actor, { ...input, today: ctx.today })),
  scheme: adminProcedure.input(schemeYearInput).query(({ ctx, input }) => getScheme(ctx.db, input.year)),
  setScheme: adminProcedure.input(setSchemeInput).mutation(({ ctx, input }) =>
    setScheme(ctx.db, ctx.actor, {
      year: input.year,
      scheme: input.scheme,
      ...(input.note ? { note: input.note } : {}),
      today: ctx.today,
    }),
  ),
  previewScheme: adminProcedure
    .input(previewSchemeInput)
    .query(({ ctx, input }) => previewScheme(ctx.db, { period: input.period, scheme: input.scheme, today: ctx.today })),
  /** Before publishing: what is incomplete, and how the live scores differ from the latest version. */
  publishChecks: leadershipProcedure
    .input(periodInput)
    .query(({ ctx, input }) => findPublishChecks(ctx.db, input.period, ctx.today)),
  /** Administrator settings of the publication: the appeal window in days. */
  settings: adminProcedure.query(async ({ ctx }) => ({ appealWindowDays: await appealWindowDays(ctx.db) })),
  saveSettings: adminProcedure
    .input(publicationSettingsInput)
    .mutation(({ ctx, input }) => setAppealWindowDays(ctx.db, ctx.actor, input.appealWindowDays)),
  periodState: leadershipProcedure.input(periodStateInput).mutation(({ ctx, input }) =>
    changePeriodState(ctx.db, ctx.actor, {
      period: input.period,
      action: input.action,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      today: ctx.today,
      now: ctx.now(),
    }),
  ),
  supervisionSettings: adminProcedure.query(({ ctx }) => loadSupervisionSettings(ctx.db)),
  setSupervisionSettings: adminProcedure.input(supervisionSettingsInput).mutation(({ ctx, input }) =>
    saveSupervisionSettings(ctx.db, ctx.actor, {
      fourEyes: input.fourEyes,
      blueDays: input.blueDays,
      yellowDays: input.yellowDays,
      ...(input.reviewDays !== undefined ? { reviewDays: input.reviewDays } : {}),
      ...(input.resubmitDays !== undefined ? { resubmitDays: input.resubmitDays } : {}),
    }),
  ),
  setSubmissionDeadline: adminProcedure
    .input(submissionDeadlineInput)
    .mutation(({ ctx, input }) => setSubmissionDeadline(ctx.db, ctx.actor, { ...input, today: ctx.today })),
  audit: auditReaderProcedure.input(auditFilterInput).query(({ ctx, input }) => findAuditEntries(ctx.db, input)),
});
