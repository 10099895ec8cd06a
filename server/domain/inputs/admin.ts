/** Inputs of the administrators' and leadership's settings (server/routers/admin.ts → services/admin/, publication/, supervision/). */
import { z } from 'zod';
import { ROLES } from '../names';
import { isoDate, periodCode, quarterCode, unitCode } from './common';

const role = z.enum(ROLES);
const username = z.string().min(1).max(64);
const year = z.number().int().min(1990).max(2200);
const days = z.number().int().min(0).max(90);
/** A date or timestamp (2011-09-30, 2011-09-30T08:00:00Z) for the audit filter; anything else is BAD_REQUEST, not a database error. */
const instant = z
  .string()
  .max(30)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'write a date such as 2011-09-30');

export const createUserInput = z.object({
  username: z.string().min(2).max(64),
  displayName: z.string().max(120).optional(),
  role,
  unit: unitCode.nullable().optional(),
  password: z.string().min(1).max(200),
});

export const updateUserInput = z.object({
  username,
  password: z.string().min(1).max(200).optional(),
  disabled: z.boolean().optional(),
  role: role.optional(),
  unit: unitCode.nullable().optional(),
});

/** One account by name (unlock, reset the second factor). */
export const usernameInput = z.object({ username });

export const saveUnitInput = z.object({
  code: unitCode,
  name: z.string().min(1).max(120),
  type: z.enum(['township', 'street', 'department', 'institution']),
  parent: unitCode.nullable(),
});

export const schemeYearInput = z.object({ year });
export const setSchemeInput = z.object({ year, scheme: z.unknown(), note: z.string().max(500).optional() });
export const previewSchemeInput = z.object({ period: periodCode, scheme: z.unknown() });

export const publicationSettingsInput = z.object({ appealWindowDays: days });

export const periodStateInput = z.object({
  period: periodCode,
  action: z.enum(['lock', 'publish', 'reopen']),
  reason: z.string().max(2000).optional(),
});

export const supervisionSettingsInput = z.object({
  fourEyes: z.boolean(),
  blueDays: days,
  yellowDays: days,
  reviewDays: days.optional(),
  resubmitDays: days.optional(),
});
export type SupervisionSettingsInput = z.infer<typeof supervisionSettingsInput>;

export const submissionDeadlineInput = z.object({ period: quarterCode, deadline: isoDate.nullable() });
export type SubmissionDeadlineInput = z.infer<typeof submissionDeadlineInput>;

export const auditFilterInput = z.object({
  actor: z.string().max(64).optional(),
  entity: z.string().max(32).optional(),
  action: z.string().max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type AuditFilterInput = z.infer<typeof auditFilterInput>;
