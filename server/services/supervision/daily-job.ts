/**
 * The daily supervision job: computes every open item's warning colour and writes each user's digest
 * (每日督办提醒 for a unit's users, 督办日报 for inspectors and leadership). It runs inside the app servers,
 * exactly once a day across any number of them: one transaction holds an advisory lock, checks the JobRun
 * row of the day, writes the digests and the JobRun row, and commits — a crash rolls everything back and the
 * next attempt (any server) runs it again; digests carry a dedupe key, so no user ever gets two for a day.
 */

import { ADVISORY_LOCKS, type Db, execute } from '../../db';
import { cityDigestOf, notificationTextZh, unitDigestOf } from '../../domain/supervision';
import { sql } from '../../sql';
import { loadOpenItems, type OpenItemRow } from './open-items';
import { loadSupervisionSettings } from './settings';

const JOB = 'supervision.daily';

export type DailyJobSummary = {
  day: string;
  items: number;
  red: number;
  yellow: number;
  blue: number;
  digests: number;
  ms: number;
};

export type DailyJobResult = { ran: boolean; summary: DailyJobSummary | null; server: string | null };

/** Runs the day's job unless some server already ran it; safe to call from every server, as often as wished. */
export async function runDailyJob(db: Db, opts: { today: string; now: () => Date; server: string }) {
  return db.$transaction(
    async (tx): Promise<DailyJobResult> => {
      await execute(tx, sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.dailyJob})`);
      const done = await tx.jobRun.findUnique({
        where: { name_day: { name: JOB, day: opts.today } },
        select: { summary: true, server: true },
      });
      if (done) return { ran: false, summary: done.summary as DailyJobSummary, server: done.server };
      const started = opts.now();
      const settings = await loadSupervisionSettings(tx);
      const items = await loadOpenItems(tx, { scopeUnitId: null, today: opts.today }, settings);
      const byUnit = new Map<number, OpenItemRow[]>();
      for (const i of items) {
        const list = byUnit.get(i.unitId);
        if (list) list.push(i);
        else byUnit.set(i.unitId, [i]);
      }
      const users = await tx.user.findMany({
        where: { disabled: false, role: { in: ['unit', 'inspector', 'leadership'] } },
        select: { id: true, role: true, unitId: true },
      });
      const cityParams = cityDigestOf(items, opts.today);
      const city = cityParams && { ...notificationTextZh(cityParams), params: JSON.stringify(cityParams) };
      const rows: { userId: number; title: string; body: string; params: string }[] = [];
      for (const u of users) {
        if (u.role !== 'unit') {
          if (city) rows.push({ userId: u.id, ...city });
          continue;
        }
        const params = unitDigestOf(byUnit.get(u.unitId ?? -1) ?? [], opts.today);
        if (params) rows.push({ userId: u.id, ...notificationTextZh(params), params: JSON.stringify(params) });
      }
      // One statement for every digest; a digest already written for a user and day is left alone.
      const inserted = rows.length
        ? await execute(
            tx,
            sql`INSERT INTO "Notification" ("userId", kind, title, body, params, "dedupeKey", "createdAt")
             SELECT t."userId", 'digest', left(t.title, 200), t.body, t.params::jsonb, 'digest:' || ${opts.today}::text || ':' || t."userId", ${started}
               FROM unnest(${rows.map((r) => r.userId)}::int[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.body)}::text[],
                           ${rows.map((r) => r.params)}::text[]) AS t("userId", title, body, params)
             ON CONFLICT ("dedupeKey") DO NOTHING`,
          )
        : 0;
      const finished = opts.now();
      const summary: DailyJobSummary = {
        day: opts.today,
        items: items.length,
        red: items.filter((i) => i.level === 'red').length,
        yellow: items.filter((i) => i.level === 'yellow').length,
        blue: items.filter((i) => i.level === 'blue').length,
        digests: inserted,
        ms: finished.getTime() - started.getTime(),
      };
      await tx.jobRun.create({
        data: { name: JOB, day: opts.today, startedAt: started, finishedAt: finished, server: opts.server, summary },
      });
      return { ran: true, summary, server: opts.server };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

/** The latest runs of the daily job (for the board and for administrators). */
export async function recentJobRuns(db: Db, limit = 7) {
  const rows = await db.jobRun.findMany({ where: { name: JOB }, orderBy: { day: 'desc' }, take: limit });
  return rows.map((r) => ({
    day: r.day,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    server: r.server,
    summary: r.summary as DailyJobSummary,
  }));
}
