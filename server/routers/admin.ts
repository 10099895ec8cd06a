import { z } from 'zod';
import { ROLES } from '../domain/names';
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
import { isoDate, periodCode, quarterCode, unitCode } from './shared';

const role = z.enum(ROLES);
/** A date or timestamp (2011-09-30, 2011-09-30T08:00:00Z) for the audit filter; anything else is BAD_REQUEST, not a database error. */
const instant = z
  .string()
  .max(30)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'write a date such as 2011-09-30');

export const adminRouter = router({
  // Accounts are the security administrator's (三员分立), not the system administrator's.
  users: securityProcedure.query(({ ctx }) => listUsers(ctx.db)),
  createUser: securityProcedure
    .input(
      z.object({
        username: z.string().min(2).max(64),
        displayName: z.string().max(120).optional(),
        role,
        unit: unitCode.nullable().optional(),
        password: z.string().min(1).max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await preparePassword(input.password, input.username);
      return createUser(ctx.db, ctx.actor, {
        username: input.username,
        ...(input.displayName ? { displayName: input.displayName } : {}),
        role: input.role,
        unitCode: input.unit ?? null,
        passwordHash,
      });
    }),
  updateUser: securityProcedure
    .input(
      z.object({
        username: z.string().min(1).max(64),
        password: z.string().min(1).max(200).optional(),
        disabled: z.boolean().optional(),
        role: role.optional(),
        unit: unitCode.nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
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
    .input(z.object({ username: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => unlockUser(ctx.db, ctx.actor, input.username)),
  /** Removes a user's second factor (a lost phone); the user enrols again at the next sign-in. */
  resetTotp: securityProcedure
    .input(z.object({ username: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => resetTotp(ctx.db, ctx.actor, { username: input.username, now: ctx.now() })),
  saveUnit: adminProcedure
    .input(
      z.object({
        code: unitCode,
        name: z.string().min(1).max(120),
        type: z.enum(['township', 'street', 'department', 'institution']),
        parent: unitCode.nullable(),
      }),
    )
    .mutation(({ ctx, input }) => saveUnit(ctx.db, ctx.actor, { ...input, today: ctx.today })),
  scheme: adminProcedure
    .input(z.object({ year: z.number().int().min(1990).max(2200) }))
    .query(({ ctx, input }) => getScheme(ctx.db, input.year)),
  setScheme: adminProcedure
    .input(
      z.object({
        year: z.number().int().min(1990).max(2200),
        scheme: z.unknown(),
        note: z.string().max(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      setScheme(ctx.db, ctx.actor, {
        year: input.year,
        scheme: input.scheme,
        ...(input.note ? { note: input.note } : {}),
        today: ctx.today,
      }),
    ),
  previewScheme: adminProcedure
    .input(z.object({ period: periodCode, scheme: z.unknown() }))
    .query(({ ctx, input }) => previewScheme(ctx.db, { period: input.period, scheme: input.scheme, today: ctx.today })),
  /** Before publishing: what is incomplete, and how the live scores differ from the latest version. */
  publishChecks: leadershipProcedure
    .input(z.object({ period: periodCode }))
    .query(({ ctx, input }) => findPublishChecks(ctx.db, input.period, ctx.today)),
  /** Administrator settings of the publication: the appeal window in days. */
  settings: adminProcedure.query(async ({ ctx }) => ({ appealWindowDays: await appealWindowDays(ctx.db) })),
  saveSettings: adminProcedure
    .input(z.object({ appealWindowDays: z.number().int().min(0).max(90) }))
    .mutation(({ ctx, input }) => setAppealWindowDays(ctx.db, ctx.actor, input.appealWindowDays)),
  periodState: leadershipProcedure
    .input(
      z.object({
        period: periodCode,
        action: z.enum(['lock', 'publish', 'reopen']),
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      changePeriodState(ctx.db, ctx.actor, {
        period: input.period,
        action: input.action,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        today: ctx.today,
        now: ctx.now(),
      }),
    ),
  supervisionSettings: adminProcedure.query(({ ctx }) => loadSupervisionSettings(ctx.db)),
  setSupervisionSettings: adminProcedure
    .input(
      z.object({
        fourEyes: z.boolean(),
        blueDays: z.number().int().min(0).max(90),
        yellowDays: z.number().int().min(0).max(90),
        reviewDays: z.number().int().min(0).max(90).optional(),
        resubmitDays: z.number().int().min(0).max(90).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) =>
        saveSupervisionSettings(tx, ctx.actor, {
          fourEyes: input.fourEyes,
          blueDays: input.blueDays,
          yellowDays: input.yellowDays,
          ...(input.reviewDays !== undefined ? { reviewDays: input.reviewDays } : {}),
          ...(input.resubmitDays !== undefined ? { resubmitDays: input.resubmitDays } : {}),
        }),
      ),
    ),
  setSubmissionDeadline: adminProcedure
    .input(z.object({ period: quarterCode, deadline: isoDate.nullable() }))
    .mutation(({ ctx, input }) => setSubmissionDeadline(ctx.db, ctx.actor, { ...input, today: ctx.today })),
  audit: auditReaderProcedure
    .input(
      z.object({
        actor: z.string().max(64).optional(),
        entity: z.string().max(32).optional(),
        action: z.string().max(64).optional(),
        from: instant.optional(),
        to: instant.optional(),
        cursor: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) => findAuditEntries(ctx.db, input)),
});
