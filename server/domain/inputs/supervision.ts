/** Inputs of supervision (督办) and the notification centre (server/routers/supervision.ts → services/supervision/). */
import { z } from 'zod';
import { periodCode, unitCode } from './common';

const id = z.number().int().positive();

export const openItemsInput = z.object({ unit: unitCode.optional(), period: periodCode.optional() });
export const remindInput = z.object({
  unit: unitCode,
  itemKey: z.string().min(3).max(60),
  message: z.string().max(2000),
});
export const acknowledgeInput = z.object({ id });
export const remindersInput = z.object({ unit: unitCode.optional(), openOnly: z.boolean().optional() });

export const notificationsInput = z.object({
  unreadOnly: z.boolean().optional(),
  before: id.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type NotificationsInput = z.infer<typeof notificationsInput>;
export const markReadInput = z.object({ ids: z.array(id).max(500).optional(), all: z.boolean().optional() });
export const setEmailInput = z.object({ email: z.string().max(254).nullable() });
