/**
 * Digests and reminders by mail (optional: only when SMTP_URL is set), through nodemailer. Each notification
 * is claimed (mailedAt set) in a short transaction that skips rows another server holds, then sent; a failed
 * send gives the claim back so the next round retries it. A server that dies between claim and send loses that
 * one mail (at most once: a duplicate official reminder is worse than a missing one, which the app shows anyway).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { type Db, queryRows } from '../../db';
import { sql } from '../../sql';

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

export type MailSettings = { SMTP_URL?: string | undefined; MAIL_FROM: string };

/** Mails the notifications of the last two days not yet mailed to users who gave an address. */
export async function sendPendingMail(
  db: Db,
  env: MailSettings,
  now: Date,
  limit = 200,
): Promise<{ sent: number; failed: number; errors: string[] }> {
  if (!env.SMTP_URL) return { sent: 0, failed: 0, errors: [] };
  const since = new Date(now.getTime() - 2 * 86_400_000);
  const claimed = await queryRows<{ id: number; title: string; body: string; email: string }>(
    db,
    sql`WITH c AS (
       SELECT n.id FROM "Notification" n JOIN "User" u ON u.id = n."userId"
        WHERE n."mailedAt" IS NULL AND n."createdAt" >= ${since} AND u.email IS NOT NULL AND NOT u.disabled
        ORDER BY n.id LIMIT ${limit} FOR UPDATE OF n SKIP LOCKED)
     UPDATE "Notification" n SET "mailedAt" = ${now} FROM c, "User" u
      WHERE n.id = c.id AND u.id = n."userId"
     RETURNING n.id, n.title, n.body, u.email`,
  );
  const transport = transportFor(env.SMTP_URL);
  let sent = 0;
  const failedIds: number[] = [];
  const errors: string[] = [];
  for (const n of claimed) {
    try {
      await transport.sendMail({
        from: env.MAIL_FROM,
        to: n.email,
        subject: `【督考】${n.title}`,
        text: `${n.body}\n\n——督考（Dukao）系统自动发送，请登录系统查看并处理。`,
      });
      sent++;
    } catch (err) {
      failedIds.push(n.id);
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (failedIds.length)
    await db.notification.updateMany({ where: { id: { in: failedIds } }, data: { mailedAt: null } });
  return { sent, failed: failedIds.length, errors };
}
