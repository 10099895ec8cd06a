import type { Db, Tx } from '../../db';
import { execute, inTransaction, TX_LIMITS } from '../../db';
import { buildLeiyangDemo, DEMO_TEXT_FIGURES, DEMO_YEAR, type DemoData } from '../../demo/leiyang-2011';
import { groupOfType } from '../../domain/catalogue';
import { COUNTED_STATUSES } from '../../domain/names';
import { defaultSubmissionDeadline } from '../../domain/supervision';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { recordAudit, SYSTEM_ACTOR } from '../audit/record-audit';
import { hashPassword } from '../auth/passwords';
import { ensureDefaultCatalogue } from '../catalogue/load-catalogue';
import { ensurePeriods } from '../periods/ensure-periods';
import { TRAINING_BATCHES_KEY } from '../reports/annual-report';
import { rescoreAll } from '../scoring/rebuild';
import { ensureSubmissions, upsertValues } from '../values/write-values';

/** Whether the database holds no units and no users (a fresh install). */
export async function isDatabaseEmpty(prisma: Db): Promise<boolean> {
  const [units, users] = await Promise.all([prisma.unit.count(), prisma.user.count()]);
  return units === 0 && users === 0;
}

const asDate = (s: string | null) => (s ? new Date(`${s}T00:00:00Z`) : null);

/** Loads the illustrative Leiyang 2011 data set into an empty database, in one transaction. */
export async function loadDemo(prisma: Db, today: string): Promise<{ data: DemoData; units: number; values: number }> {
  if (!(await isDatabaseEmpty(prisma))) {
    throw new AppError('CONFLICT', 'demo.notEmpty');
  }
  const data = buildLeiyangDemo();
  // Hash outside the transaction: Argon2 is deliberately slow.
  const hashes = await Promise.all(data.users.map((u) => hashPassword(u.password)));
  await inTransaction(
    prisma,
    async (tx) => {
      await ensureDefaultCatalogue(tx);
      await ensurePeriods(
        tx,
        data.submissions.map((s) => s.period),
      );
      await tx.unit.createMany({
        data: data.units.map((u) => ({ code: u.code, name: u.name, type: u.type, group: groupOfType(u.type) })),
      });
      const units = await tx.unit.findMany({ select: { id: true, code: true } });
      const id = new Map(units.map((u) => [u.code, u.id]));
      for (const u of data.units) {
        if (u.parent) await tx.unit.update({ where: { id: id.get(u.code)! }, data: { parentId: id.get(u.parent)! } });
      }
      const pairs = data.submissions.map((s) => ({ unitId: id.get(s.unit)!, periodCode: s.period }));
      const subs = await ensureSubmissions(tx, pairs, 'draft');
      for (const status of COUNTED_STATUSES) {
        const ids = data.submissions
          .filter((s) => s.status === status)
          .map((s) => subs.get(`${id.get(s.unit)}|${s.period}`)!.id);
        const ofStatus = data.submissions.filter((s) => s.status === status);
        const days = ofStatus.map((s) => s.submittedOn);
        const deadlines = ofStatus.map((s) => defaultSubmissionDeadline(s.period));
        // Submitted at 10:00 city time on the invented day; on time when by the quarter's deadline.
        await execute(
          tx,
          sql`UPDATE "Submission" s SET status = ${status}::"SubmissionStatus",
                  "submittedAt" = (t.day::timestamp + interval '2 hours') AT TIME ZONE 'UTC',
                  "verifiedAt" = CASE WHEN ${status} = 'verified'
                                 THEN (t.day::timestamp + interval '5 days') AT TIME ZONE 'UTC' END,
                  "onTime" = t.day <= (SELECT COALESCE(p."submissionDeadline", t.deadline)
                                         FROM "Period" p WHERE p.code = s."periodCode")
             FROM unnest(${ids}::int[], ${days}::date[], ${deadlines}::date[]) AS t(id, day, deadline)
            WHERE s.id = t.id`,
        );
      }
      await upsertValues(
        tx,
        data.values.map((v) => {
          const unitId = id.get(v.unit)!;
          return {
            unitId,
            periodCode: v.period,
            indicatorCode: v.indicator,
            value: v.value,
            submissionId: subs.get(`${unitId}|${v.period}`)!.id,
          };
        }),
      );
      const rounds = new Map<string, number>();
      const roundDates = new Map<string, string>();
      for (const r of data.rounds) {
        const row = await tx.inspectionRound.create({
          data: { periodCode: r.period, date: asDate(r.date)!, offices: r.offices, note: r.note },
        });
        rounds.set(r.period, row.id);
        roundDates.set(r.period, r.date);
      }
      // A rectification not yet confirmed is a claim (RectificationClaim), not the finding's rectification date.
      const created = await tx.finding.createManyAndReturn({
        data: data.findings.map((f) => ({
          unitId: id.get(f.unit)!,
          periodCode: f.period,
          roundId: rounds.get(f.period) ?? null,
          // Recorded on the day of the round that found it (a rectification is never dated before that).
          ...(roundDates.has(f.period) ? { createdAt: new Date(`${roundDates.get(f.period)}T10:00:00+08:00`) } : {}),
          severity: f.severity,
          deduction: f.deduction,
          description: f.description,
          deadline: asDate(f.deadline),
          rectifiedAt: f.confirmed ? asDate(f.rectifiedAt) : null,
          rectificationNote: f.rectificationNote,
          rectificationStatus: f.rectifiedAt ? (f.confirmed ? 'confirmed' : 'pending') : 'open',
          confirmedAt: f.confirmed ? asDate(f.rectifiedAt) : null,
        })),
        select: { id: true, unitId: true, createdAt: true },
      });
      await tx.rectificationClaim.createMany({
        data: data.findings.flatMap((f, i) =>
          f.rectifiedAt && !f.confirmed
            ? [
                {
                  findingId: created[i]!.id,
                  unitId: created[i]!.unitId,
                  rectifiedAt: asDate(f.rectifiedAt)!,
                  note: f.rectificationNote ?? '',
                  claimedAt: new Date(`${f.rectifiedAt}T17:00:00+08:00`),
                },
              ]
            : [],
        ),
      });
      await tx.commendation.createMany({
        data: data.commendations.map((c) => ({
          unitId: id.get(c.unit)!,
          periodCode: c.period,
          points: c.points,
          reason: c.reason,
        })),
      });
      await tx.user.createMany({
        data: data.users.map((u, i) => ({
          username: u.username,
          displayName: u.displayName,
          passwordHash: hashes[i]!,
          role: u.role,
          unitId: u.unit ? id.get(u.unit)! : null,
          // Printed passwords: to be changed, and a second factor enrolled, as soon as anyone else has an account.
          demo: true,
          mustChangePassword: true,
        })),
      });
      await tx.reportText.createMany({
        data: data.reportTexts.map((t) => ({ year: DEMO_YEAR, scope: 'city', section: t.section, text: t.text })),
      });
      await tx.reportFigure.create({
        data: { year: DEMO_YEAR, scope: 'city', key: TRAINING_BATCHES_KEY, value: DEMO_TEXT_FIGURES.trainingBatches },
      });
      await tx.setting.upsert({
        where: { key: 'demo' },
        create: { key: 'demo', value: { loaded: true, year: DEMO_YEAR } },
        update: { value: { loaded: true, year: DEMO_YEAR } },
      });
      await rescoreAll(tx, today);
      await tx.setting.upsert({
        where: { key: 'scores.day' },
        create: { key: 'scores.day', value: today },
        update: { value: today },
      });
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'demo.load',
        entity: 'database',
        entityId: 'demo',
        after: { units: data.units.length, values: data.values.length, findings: data.findings.length },
      });
    },
    TX_LIMITS.job,
  );
  return { data, units: data.units.length, values: data.values.length };
}

/** Whether the illustrative demo data is loaded (the UI labels it). */
export async function isDemoLoaded(tx: Tx): Promise<boolean> {
  return !!(await tx.setting.findUnique({ where: { key: 'demo' }, select: { value: true } }));
}
