import { COUNTED_SQL, queryRows, type Tx, transactional } from '../../db';
import type { SubmissionDeadlineInput } from '../../domain/inputs/admin';
import {
  isIsoDate,
  isQuarterCode,
  parsePeriod,
  periodBounds,
  previousPeriod,
  quarterOfDate,
} from '../../domain/periods';
import { defaultSubmissionDeadline } from '../../domain/supervision';
import { AppError } from '../../errors';
import { sql } from '../../sql';
import { type Actor, recordAudit } from '../audit/record-audit';
import { ensurePeriods } from '../periods/ensure-periods';
import { publishVersion } from '../publication/publications';
import { rescoreAffected } from '../scoring/rescore';

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * The periods with their lock state, submission deadline and, for a locked quarter, how many confirmed
 * changes wait for a reopening (rectifications confirmed while it was locked); whether a period holds any data
 * (submitted figures, values, findings, commendations), whether a quarter is open for entry today (not locked,
 * and today's quarter or the one before it, as the entry page offers) and how many units have submitted it.
 */
export async function listPeriods(tx: Tx, today: string) {
  const [rows, facts, units] = await Promise.all([
    tx.period.findMany({
      orderBy: { code: 'asc' },
      select: {
        code: true,
        year: true,
        quarter: true,
        lockedAt: true,
        publishedAt: true,
        submissionDeadline: true,
        waitingChanges: true,
        publications: { select: { version: true }, orderBy: { version: 'desc' }, take: 1 },
      },
    }),
    // One probe per period row through the (periodCode, …) indexes, never a scan of the values. The probes order
    // by their index's columns: a bare EXISTS let the planner scan "Value" from the start (it expects a quarter's
    // eighth of 3 M rows early) and read the whole table for a quarter stored last — 1.2 s a page at 10,000 units.
    queryRows<{ code: string; hasData: boolean; submitted: number }>(
      tx,
      sql`SELECT p.code,
              ((SELECT 1 FROM "Value" v WHERE v."periodCode" = p.code ORDER BY v."unitId", v."indicatorCode" LIMIT 1) IS NOT NULL
               OR (SELECT 1 FROM "Finding" f WHERE f."periodCode" = p.code ORDER BY f."unitId" LIMIT 1) IS NOT NULL
               OR (SELECT 1 FROM "Commendation" c WHERE c."periodCode" = p.code ORDER BY c."unitId" LIMIT 1) IS NOT NULL
               OR (SELECT 1 FROM "Submission" s WHERE s."periodCode" = p.code AND s.status <> 'draft' ORDER BY s.status LIMIT 1) IS NOT NULL) AS "hasData",
              (SELECT count(*)::int FROM "Submission" s
                WHERE s."periodCode" = p.code AND s.status IN ${COUNTED_SQL}) AS submitted
         FROM "Period" p WHERE p.quarter IS NOT NULL`,
    ),
    tx.unit.count({ where: { active: true } }),
  ]);
  const byCode = new Map(facts.map((f) => [f.code, f]));
  const current = quarterOfDate(today);
  const entryWindow = new Set([current, previousPeriod(current)]);
  const quarterFacts = rows.map((r) => {
    const f = byCode.get(r.code);
    return {
      code: r.code,
      year: r.year,
      quarter: r.quarter,
      hasData: !!f?.hasData,
      openForEntry: r.quarter !== null && !r.lockedAt && entryWindow.has(r.code),
    };
  });
  const yearHasData = new Set(quarterFacts.filter((q) => q.quarter !== null && q.hasData).map((q) => q.year));
  return rows.map((r, i) => ({
    code: r.code,
    year: r.year,
    quarter: r.quarter,
    locked: !!r.lockedAt,
    published: !!r.publishedAt,
    lockedAt: r.lockedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    submissionDeadline: r.quarter ? (iso(r.submissionDeadline) ?? defaultSubmissionDeadline(r.code)) : null,
    /** Confirmed rectifications that change this locked quarter's scores once it is reopened. */
    waitingChanges: r.waitingChanges,
    /** The latest published version (公示第N版), null before the first. */
    version: r.publications[0]?.version ?? null,
    /** Whether anything was entered for it (a year: for any of its quarters). */
    hasData: r.quarter === null ? yearHasData.has(r.year) : quarterFacts[i]!.hasData,
    /** A quarter units can still enter today: not locked, today's quarter or the one before it. */
    openForEntry: quarterFacts[i]!.openForEntry,
    /** Units that have submitted the quarter (submitted or verified), out of `units`; null for a year. */
    submitted: r.quarter === null ? null : (byCode.get(r.code)?.submitted ?? 0),
    /** Active units (those expected to submit). */
    units,
  }));
}

/** Sets a quarter's submission deadline (null: back to the default, the 10th day after the quarter ends). */
export const setSubmissionDeadline = transactional(async function setSubmissionDeadline(
  tx: Tx,
  actor: Actor,
  input: SubmissionDeadlineInput & { today: string },
) {
  if (!isQuarterCode(input.period))
    throw new AppError('BAD_REQUEST', 'periods.deadlinePerQuarter', { period: input.period });
  if (input.deadline !== null) {
    if (!isIsoDate(input.deadline))
      throw new AppError('BAD_REQUEST', 'periods.deadlineNotDate', { deadline: input.deadline });
    if (input.deadline < periodBounds(input.period).end)
      throw new AppError('BAD_REQUEST', 'periods.deadlineBeforeEnd', {
        deadline: input.deadline,
        period: input.period,
        end: periodBounds(input.period).end,
      });
  }
  await ensurePeriods(tx, [input.period]);
  const before = await tx.period.findUniqueOrThrow({
    where: { code: input.period },
    select: { submissionDeadline: true },
  });
  await tx.period.update({
    where: { code: input.period },
    data: { submissionDeadline: input.deadline ? new Date(`${input.deadline}T00:00:00Z`) : null },
  });
  await recordAudit(tx, actor, {
    action: 'period.deadline',
    entity: 'period',
    entityId: input.period,
    before: { submissionDeadline: iso(before.submissionDeadline) },
    after: { submissionDeadline: input.deadline },
  });
  return { period: input.period, submissionDeadline: input.deadline ?? defaultSubmissionDeadline(input.period) };
});

/**
 * Lock (freeze) or reopen a quarter (with a reason), or publish a quarter or a year: the next numbered,
 * frozen version (publication/publications.ts). Publishing a quarter also locks it; reopening leaves
 * every published version as it is (its differences wait for the next version).
 */
export const changePeriodState = transactional(async function changePeriodState(
  tx: Tx,
  actor: Actor,
  input: { period: string; action: 'lock' | 'publish' | 'reopen'; reason?: string; today: string; now: Date },
) {
  const p = parsePeriod(input.period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period: input.period });
  if (p.kind === 'year' && input.action !== 'publish')
    throw new AppError('BAD_REQUEST', 'periods.yearPublishOnly', { action: input.action, period: input.period });
  const [row] = await queryRows<{ code: string; lockedAt: Date | null; publishedAt: Date | null }>(
    tx,
    sql`SELECT code, "lockedAt", "publishedAt" FROM "Period" WHERE code = ${input.period} FOR UPDATE`,
  );
  if (!row) throw new AppError('NOT_FOUND', 'periods.noDataYet', { period: input.period });
  const now = input.now;
  let data: {
    lockedAt?: Date | null;
    lockedById?: number | null;
    publishedAt?: Date;
    publishedById?: number | null;
    waitingChanges?: number;
  };
  let version: number | null = null;
  if (input.action === 'lock') {
    if (row.lockedAt) throw new AppError('BAD_REQUEST', 'periods.alreadyLocked', { period: input.period });
    data = { lockedAt: now, lockedById: actor.id };
  } else if (input.action === 'publish') {
    const pub = await publishVersion(tx, actor, {
      period: input.period,
      reason: input.reason,
      today: input.today,
      now,
    });
    version = pub.version;
    data = {
      ...(p.kind === 'quarter' ? { lockedAt: row.lockedAt ?? now, lockedById: actor.id } : {}),
      publishedAt: now,
      publishedById: actor.id,
    };
  } else {
    if (!row.lockedAt) throw new AppError('BAD_REQUEST', 'periods.notLocked', { period: input.period });
    if (!input.reason?.trim()) throw new AppError('BAD_REQUEST', 'periods.reopenNeedsReason');
    data = { lockedAt: null, lockedById: null, waitingChanges: 0 };
  }
  await tx.period.update({ where: { code: input.period }, data });
  await tx.periodLockEvent.create({
    data: { periodCode: input.period, action: input.action, reason: input.reason?.trim() || null, actorId: actor.id },
  });
  const published = input.action === 'publish' || !!row.publishedAt;
  await recordAudit(tx, actor, {
    action: `period.${input.action}`,
    entity: 'period',
    entityId: input.period,
    before: { locked: !!row.lockedAt, published: !!row.publishedAt },
    after: {
      locked: input.action === 'reopen' ? false : p.kind === 'quarter' || !!row.lockedAt,
      published,
      ...(version !== null ? { version } : {}),
      reason: input.reason ?? null,
    },
  });
  // While locked the quarter's scores stayed frozen (findings falling due, units added); reopening brings them up to date.
  if (input.action === 'reopen') await rescoreAffected(tx, { periods: [input.period] }, input.today);
  return { period: input.period, action: input.action, version };
});
