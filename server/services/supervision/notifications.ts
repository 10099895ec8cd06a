import { type Tx, transactional } from '../../db';
import type { NotificationsInput } from '../../domain/inputs/supervision';
/**
 * 催办 reminders and every user's notification centre. An inspector reminds a unit about one of its open
 * items; each of the unit's users gets a notification and any of them acknowledges the reminder. Audited.
 */
import { CITY_SCOPE, scopeOfUnitId } from '../../domain/names';
import { type NotificationParams, notificationTextZh, reminderOf } from '../../domain/supervision';
import { AppError } from '../../errors';
import { type Actor, recordAudit } from '../audit/record-audit';
import { unitInScope } from '../scores/find-scores';
import { loadOpenItems } from './open-items';

const MESSAGE_MAX = 500;

/** Sends a reminder about one open item of a unit to that unit's users. */
export const sendReminder = transactional(async function sendReminder(
  tx: Tx,
  actor: Actor,
  input: { unitCode: string; itemKey: string; message: string; today: string; now: Date },
) {
  const message = input.message.trim();
  if (!message) throw new AppError('BAD_REQUEST', 'notifications.needsMessage');
  if (message.length > MESSAGE_MAX)
    throw new AppError('BAD_REQUEST', 'notifications.messageTooLong', { max: MESSAGE_MAX });
  const unit = await unitInScope(tx, input.unitCode, CITY_SCOPE);
  const items = await loadOpenItems(tx, { scopeUnitId: null, unitId: unit.id, today: input.today });
  const item = items.find((i) => i.key === input.itemKey);
  if (!item) throw new AppError('BAD_REQUEST', 'notifications.noOpenItem', { code: unit.code, itemKey: input.itemKey });
  const sep = item.key.indexOf(':');
  const reminder = await tx.reminder.create({
    data: {
      unitId: unit.id,
      itemKind: item.key.slice(0, sep),
      itemId: item.key.slice(sep + 1),
      message,
      sentById: actor.id ?? 0,
      sentAt: input.now,
    },
    select: { id: true },
  });
  const users = await tx.user.findMany({
    where: { unitId: unit.id, role: 'unit', disabled: false },
    select: { id: true },
  });
  const params = reminderOf(item, message, actor.username);
  const { title, body } = notificationTextZh(params);
  await tx.notification.createMany({
    data: users.map((u) => ({
      userId: u.id,
      kind: 'reminder',
      title,
      body,
      params,
      reminderId: reminder.id,
      dedupeKey: `reminder:${reminder.id}:${u.id}`,
      createdAt: input.now,
    })),
    skipDuplicates: true,
  });
  await recordAudit(tx, actor, {
    action: 'reminder.send',
    entity: 'reminder',
    entityId: reminder.id,
    after: { unit: unit.code, item: item.key, level: item.level, message, recipients: users.length },
  });
  return { id: reminder.id, recipients: users.length };
});

/** A unit's user acknowledges a reminder sent to its unit (another unit's reminder is NOT_FOUND). */
export const acknowledgeReminder = transactional(async function acknowledgeReminder(
  tx: Tx,
  actor: Actor,
  input: { id: number; scopeUnitId: number | null; now: Date },
) {
  const r = await tx.reminder.findFirst({
    where: { id: input.id, ...(input.scopeUnitId !== null ? { unitId: input.scopeUnitId } : {}) },
    select: { id: true, unitId: true, acknowledgedAt: true },
  });
  if (!r) throw new AppError('NOT_FOUND', 'notifications.noSuchReminder', { id: input.id });
  if (actor.role !== 'unit' || actor.unitId !== r.unitId)
    throw new AppError('FORBIDDEN', 'notifications.notYourReminder');
  if (r.acknowledgedAt) return { id: r.id, acknowledgedAt: r.acknowledgedAt.toISOString(), already: true };
  await tx.reminder.update({
    where: { id: r.id },
    data: { acknowledgedAt: input.now, acknowledgedById: actor.id },
  });
  await tx.notification.updateMany({
    where: { reminderId: r.id, userId: actor.id ?? -1, readAt: null },
    data: { readAt: input.now },
  });
  await recordAudit(tx, actor, { action: 'reminder.acknowledge', entity: 'reminder', entityId: r.id });
  return { id: r.id, acknowledgedAt: input.now.toISOString(), already: false };
});

/** Reminders of a unit (or of every unit), newest first, with who sent and who acknowledged them. */
export async function listReminders(
  tx: Tx,
  input: { scopeUnitId: number | null; unitCode?: string; openOnly?: boolean; limit?: number },
) {
  const unit = input.unitCode ? await unitInScope(tx, input.unitCode, scopeOfUnitId(input.scopeUnitId)) : null;
  const rows = await tx.reminder.findMany({
    where: {
      ...(unit ? { unitId: unit.id } : input.scopeUnitId !== null ? { unitId: input.scopeUnitId } : {}),
      ...(input.openOnly ? { acknowledgedAt: null } : {}),
    },
    orderBy: { id: 'desc' },
    take: Math.min(input.limit ?? 100, 500),
  });
  const userIds = [...new Set(rows.flatMap((r) => [r.sentById, r.acknowledgedById ?? r.sentById]))];
  const unitIds = [...new Set(rows.map((r) => r.unitId))];
  const [users, units] = await Promise.all([
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true, displayName: true } }),
    tx.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, code: true, name: true } }),
  ]);
  const name = new Map(users.map((u) => [u.id, u.displayName || u.username]));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    unit: unitOf.get(r.unitId)?.code ?? '',
    unitName: unitOf.get(r.unitId)?.name ?? '',
    itemKey: `${r.itemKind}:${r.itemId}`,
    itemKind: r.itemKind,
    message: r.message,
    sentBy: name.get(r.sentById) ?? '',
    sentAt: r.sentAt.toISOString(),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: r.acknowledgedById ? (name.get(r.acknowledgedById) ?? '') : null,
  }));
}

/** A user's notifications, newest first (`before`: an id to page from). */
export async function listNotifications(tx: Tx, userId: number, input: NotificationsInput) {
  const rows = await tx.notification.findMany({
    where: {
      userId,
      ...(input.unreadOnly ? { readAt: null } : {}),
      ...(input.before ? { id: { lt: input.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: Math.min(input.limit ?? 30, 100),
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      params: true,
      reminderId: true,
      createdAt: true,
      readAt: true,
    },
  });
  const reminderIds = rows.flatMap((r) => (r.reminderId ? [r.reminderId] : []));
  const reminders = reminderIds.length
    ? await tx.reminder.findMany({
        where: { id: { in: reminderIds } },
        select: { id: true, acknowledgedAt: true, itemKind: true, itemId: true },
      })
    : [];
  const rem = new Map(reminders.map((r) => [r.id, r]));
  return rows.map((r) => {
    const reminder = r.reminderId ? rem.get(r.reminderId) : undefined;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      // Written by this service only (reminderOf, the daily job); null for rows from before.
      params: (r.params ?? null) as NotificationParams | null,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
      reminder: reminder
        ? {
            id: reminder.id,
            itemKey: `${reminder.itemKind}:${reminder.itemId}`,
            acknowledgedAt: reminder.acknowledgedAt?.toISOString() ?? null,
          }
        : null,
    };
  });
}

export async function unreadCount(tx: Tx, userId: number): Promise<number> {
  return tx.notification.count({ where: { userId, readAt: null } });
}

/** Marks some (or all) of a user's own notifications read; other users' ids are ignored. */
export const markNotificationsRead = transactional(async function markNotificationsRead(
  tx: Tx,
  actor: Actor,
  input: { ids?: number[]; all?: boolean; now: Date },
): Promise<{ marked: number }> {
  if (!input.all && !input.ids?.length) throw new AppError('BAD_REQUEST', 'notifications.nameThem');
  const r = await tx.notification.updateMany({
    where: { userId: actor.id ?? -1, readAt: null, ...(input.all ? {} : { id: { in: input.ids ?? [] } }) },
    data: { readAt: input.now },
  });
  await recordAudit(tx, actor, {
    action: 'notification.read',
    entity: 'user',
    entityId: actor.id ?? '',
    after: { marked: r.count, ...(input.all ? { all: true } : { ids: input.ids }) },
  });
  return { marked: r.count };
});

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A user's own mail address for digests and reminders (null removes it). */
export const setOwnEmail = transactional(async function setOwnEmail(tx: Tx, actor: Actor, email: string | null) {
  const value = email?.trim() || null;
  if (value !== null && (value.length > 254 || !EMAIL_RE.test(value)))
    throw new AppError('BAD_REQUEST', 'notifications.badEmail', { address: value.slice(0, 60) });
  const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id ?? -1 }, select: { email: true } });
  await tx.user.update({ where: { id: actor.id ?? -1 }, data: { email: value } });
  await recordAudit(tx, actor, {
    action: 'user.email',
    entity: 'user',
    entityId: actor.id ?? '',
    before: { email: before.email },
    after: { email: value },
  });
  return { email: value };
});

export async function ownEmail(tx: Tx, userId: number): Promise<string | null> {
  return (await tx.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null;
}
