import { execute, queryRows, type Tx, transactional } from '../../db';
import type { EntryKeyInput, ReviewEntryInput, SaveEntryInput } from '../../domain/inputs/entry';
import { CITY_SCOPE, type Scope } from '../../domain/names';
import { isQuarterCode } from '../../domain/periods';
import { onTimeStamp } from '../../domain/supervision';
import { checkQuarterValues, messageOf } from '../../domain/validation/values';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { type Actor, recordAudit } from '../audit/record-audit';
import { loadCatalogue } from '../catalogue/load-catalogue';
import { unitInScope } from '../scores/find-scores';
import { rescoreAffected } from '../scoring/rescore';
import { submissionDeadlineOf } from '../supervision/deadlines';
import { loadSupervisionSettings } from '../supervision/settings';
import { loadValues } from '../values/write-values';
import { openPeriods } from './open-periods';

export type SubmissionState = 'none' | 'draft' | 'submitted' | 'verified' | 'returned';

function requireQuarter(period: string): void {
  if (!isQuarterCode(period)) throw new AppError('BAD_REQUEST', 'entry.quarterOnly', { period });
}

/** Refuses any write to a locked quarter with a clear message. */
export async function assertQuarterOpen(tx: Tx, period: string): Promise<void> {
  const row = await tx.period.findUnique({ where: { code: period }, select: { lockedAt: true } });
  if (row?.lockedAt) throw new AppError('LOCKED', 'common.periodLocked', { period });
}

/** The quarter's form for one unit: catalogue, values, submission state and version, lock state, warnings. */
export async function getQuarterEntry(tx: Tx, input: EntryKeyInput & { scope: Scope }) {
  requireQuarter(input.period);
  const unit = await unitInScope(tx, input.unitCode, input.scope);
  const catalogue = (await loadCatalogue(tx)).filter((d) => d.group === null || d.group === unit.group);
  const sub = await tx.submission.findUnique({
    where: { unitId_periodCode: { unitId: unit.id, periodCode: input.period } },
  });
  const values =
    (await loadValues(tx, [{ unitId: unit.id, periodCode: input.period }])).get(`${unit.id}|${input.period}`) ?? {};
  const period = await tx.period.findUnique({
    where: { code: input.period },
    select: { lockedAt: true, publishedAt: true },
  });
  const check = checkQuarterValues(values, catalogue, { unit: unit.code, period: input.period, group: unit.group });
  return {
    unit,
    period: input.period,
    catalogue,
    values,
    status: (sub?.status ?? 'none') as SubmissionState,
    version: sub?.version ?? 0,
    returnReason: sub?.returnReason ?? null,
    submittedAt: sub?.submittedAt?.toISOString() ?? null,
    verifiedAt: sub?.verifiedAt?.toISOString() ?? null,
    locked: !!period?.lockedAt,
    published: !!period?.publishedAt,
    warnings: check.warnings.map((w) => w.message),
    warningMessages: check.warnings.map(messageOf),
  };
}

/**
 * Saves a unit's quarter as a draft, or submits it. Refused when the quarter is locked, when the submission
 * is no longer editable (submitted or verified), or when the version is stale (CONFLICT with the current values).
 */
export const saveQuarter = transactional(async function saveQuarter(
  tx: Tx,
  actor: Actor,
  input: SaveEntryInput & { scope: Scope; today: string; now: Date },
) {
  requireQuarter(input.period);
  const unit = await unitInScope(tx, input.unitCode, input.scope);
  await assertQuarterOpen(tx, input.period);
  const newPeriods = await openPeriods(tx, [input.period]);
  // Row lock: two saves of the same quarter serialise here, so the version check is exact.
  await execute(
    tx,
    sql`INSERT INTO "Submission" ("unitId", "periodCode", status, version, "updatedAt") VALUES (${unit.id}, ${input.period}, 'draft', 0, now())
     ON CONFLICT ("unitId", "periodCode") DO NOTHING`,
  );
  const [sub] = await queryRows<{
    id: number;
    status: string;
    version: number;
    onTime: boolean | null;
    returnedOn: string | null;
  }>(
    tx,
    sql`SELECT id, status::text AS status, version, "onTime",
            to_char(("returnedAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS "returnedOn"
       FROM "Submission" WHERE "unitId" = ${unit.id} AND "periodCode" = ${input.period} FOR UPDATE`,
  );
  if (!sub) throw new AppError('NOT_FOUND', 'entry.submissionNotFound');
  const current =
    (await loadValues(tx, [{ unitId: unit.id, periodCode: input.period }])).get(`${unit.id}|${input.period}`) ?? {};
  if (sub.version !== input.version) {
    throw new AppError(
      'CONFLICT',
      'entry.changedMeanwhileNotSaved',
      { code: unit.code, period: input.period, version: sub.version, yours: input.version },
      {
        version: sub.version,
        status: sub.status,
        values: current,
      },
    );
  }
  if (sub.status === 'submitted' || sub.status === 'verified') {
    throw new AppError('BAD_REQUEST', 'entry.notEditable', {
      code: unit.code,
      period: input.period,
      status: sub.status,
    });
  }
  const catalogue = (await loadCatalogue(tx)).filter((d) => d.group === null || d.group === unit.group);
  const check = checkQuarterValues(input.values, catalogue, {
    unit: unit.code,
    period: input.period,
    group: unit.group,
  });
  if (check.errors.length) {
    throw new AppError(
      'BAD_REQUEST',
      'entry.invalidValues',
      { problems: check.errors.map((e) => e.message).join('; '), count: check.errors.length },
      {
        errors: check.errors,
        warnings: check.warnings,
      },
    );
  }
  const status = input.submit ? 'submitted' : 'draft';
  await tx.value.deleteMany({
    where: { unitId: unit.id, periodCode: input.period, indicatorCode: { notIn: Object.keys(input.values) } },
  });
  // One statement for the whole form (41 single-row upserts cost ~40 ms).
  const entries = Object.entries(input.values);
  const codes = entries.map(([code]) => code);
  const values = entries.map(([, value]) => value);
  await execute(
    tx,
    sql`INSERT INTO "Value" ("submissionId", "unitId", "periodCode", "indicatorCode", value)
     SELECT ${sub.id}, ${unit.id}, ${input.period}, t.code, t.value FROM unnest(${codes}::text[], ${values}::int[]) AS t(code, value)
     ON CONFLICT ("periodCode", "unitId", "indicatorCode") DO UPDATE SET value = EXCLUDED.value`,
  );
  const updated = await tx.submission.update({
    where: { id: sub.id },
    data: {
      status,
      version: sub.version + 1,
      ...(input.submit
        ? {
            submittedAt: input.now,
            submittedById: actor.id,
            returnReason: null,
            onTime: onTimeStamp({
              today: input.today,
              deadline: await submissionDeadlineOf(tx, input.period),
              previous: sub.onTime,
              returnedOn: sub.returnedOn,
              resubmitDays: (await loadSupervisionSettings(tx)).resubmitDays,
            }),
          }
        : {}),
    },
    select: { version: true, status: true },
  });
  await recordAudit(tx, actor, {
    action: input.submit ? 'values.submit' : 'values.save_draft',
    entity: 'submission',
    entityId: `${unit.code}|${input.period}`,
    before: { status: sub.status, version: sub.version, values: current },
    after: { status, version: updated.version, values: input.values },
  });
  if (input.submit || sub.status !== 'draft' || newPeriods.length) {
    await rescoreAffected(
      tx,
      { unitQuarters: [{ unitId: unit.id, periodCode: input.period }], periods: newPeriods },
      input.today,
    );
  }
  return {
    version: updated.version,
    status: updated.status,
    warnings: check.warnings.map((w) => w.message),
    /** The warnings as keys and parameters (server-messages.ts), for the web client. */
    warningMessages: check.warnings.map(messageOf),
  };
});

/** An inspector verifies a submitted quarter, or returns it to the unit with a reason. */
export const reviewQuarter = transactional(async function reviewQuarter(
  tx: Tx,
  actor: Actor,
  input: ReviewEntryInput & { today: string; now: Date },
) {
  requireQuarter(input.period);
  const unit = await unitInScope(tx, input.unitCode, CITY_SCOPE);
  await assertQuarterOpen(tx, input.period);
  const [sub] = await queryRows<{ id: number; status: string; version: number }>(
    tx,
    sql`SELECT id, status::text AS status, version FROM "Submission" WHERE "unitId" = ${unit.id} AND "periodCode" = ${input.period} FOR UPDATE`,
  );
  if (!sub) throw new AppError('NOT_FOUND', 'entry.noSubmission', { code: unit.code, period: input.period });
  if (sub.version !== input.version) {
    throw new AppError(
      'CONFLICT',
      'entry.changedMeanwhile',
      { code: unit.code, period: input.period, version: sub.version },
      { version: sub.version, status: sub.status },
    );
  }
  if (sub.status !== 'submitted' && !(input.action === 'return' && sub.status === 'verified')) {
    throw new AppError(
      'BAD_REQUEST',
      input.action === 'verify' ? 'entry.onlySubmittedVerified' : 'entry.onlySubmittedReturned',
      { code: unit.code, period: input.period, status: sub.status },
    );
  }
  if (input.action === 'return' && !input.reason?.trim()) throw new AppError('BAD_REQUEST', 'entry.returnNeedsReason');
  const status = input.action === 'verify' ? 'verified' : 'returned';
  const updated = await tx.submission.update({
    where: { id: sub.id },
    data:
      input.action === 'verify'
        ? { status, version: sub.version + 1, verifiedAt: input.now, verifiedById: actor.id }
        : { status, version: sub.version + 1, returnedAt: input.now, returnReason: input.reason!.trim() },
    select: { version: true, status: true },
  });
  await recordAudit(tx, actor, {
    action: `values.${input.action}`,
    entity: 'submission',
    entityId: `${unit.code}|${input.period}`,
    before: { status: sub.status, version: sub.version },
    after: { status, version: updated.version, reason: input.reason ?? null },
  });
  // A returned quarter no longer counts; a verified one counts as before.
  if (status === 'returned')
    await rescoreAffected(tx, { unitQuarters: [{ unitId: unit.id, periodCode: input.period }] }, input.today);
  return updated;
});

/** Submissions waiting for verification. */
export async function findPendingSubmissions(tx: Tx, period?: string) {
  const rows = await tx.submission.findMany({
    where: { status: 'submitted', ...(period ? { periodCode: period } : {}) },
    select: {
      periodCode: true,
      version: true,
      submittedAt: true,
      unit: { select: { code: true, name: true, group: true } },
    },
    orderBy: [{ submittedAt: 'asc' }],
    take: 500,
  });
  return rows.map((r) => ({
    unit: r.unit.code,
    name: r.unit.name,
    group: r.unit.group,
    period: r.periodCode,
    version: r.version,
    submittedAt: r.submittedAt?.toISOString() ?? null,
  }));
}
