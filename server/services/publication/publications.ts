import crypto from 'node:crypto';
import type { Tx } from '../../db';
import { rawQuery } from '../../db';
import { parsePeriod, quartersOfPeriod } from '../../domain/periods';
import {
  appealClosingDay,
  countIncomplete,
  diffPublication,
  type IncompleteItem,
  type PublicationBody,
  type PublishedRow,
  parsePublication,
  serializePublication,
  sortIncomplete,
} from '../../domain/publication';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { sql } from '../../sql';
import type { Actor } from '../audit/record-audit';
import { findScoreView } from '../scores/find-scores';
import { appealWindowDays } from './appeal-settings';
import { collectFacts } from './publication-facts';

/** A timestamp's day in China time (no daylight saving). */
const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export type PublicationInfo = {
  period: string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  reason: string | null;
  incomplete: IncompleteItem[];
  digest: string;
};

type PublicationRecord = PublicationInfo & { id: number; body: PublicationBody; text: string };

function infoOf(r: {
  periodCode: string;
  version: number;
  publishedAt: Date;
  publishedByName: string;
  reason: string | null;
  incomplete: unknown;
  digest: string;
}): PublicationInfo {
  return {
    period: r.periodCode,
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: r.publishedByName,
    reason: r.reason,
    incomplete: r.incomplete as IncompleteItem[],
    digest: r.digest,
  };
}

/**
 * Every published version of a period, oldest first (without their rows). The pre-publish list names
 * other units' submissions and findings: only city-wide readers get it (`withIncomplete`).
 */
export async function listPublications(
  tx: Tx,
  period: string,
  opts: { withIncomplete: boolean },
): Promise<PublicationInfo[]> {
  const rows = await tx.publication.findMany({
    where: { periodCode: period },
    orderBy: { version: 'asc' },
    select: {
      periodCode: true,
      version: true,
      publishedAt: true,
      publishedByName: true,
      reason: true,
      incomplete: true,
      digest: true,
    },
  });
  return rows.map((r) => {
    const info = infoOf(r);
    return opts.withIncomplete ? info : { ...info, incomplete: [] };
  });
}

/** A published version (the latest without `version`), read back from its stored text; null when there is none. */
export async function findPublication(tx: Tx, period: string, version?: number): Promise<PublicationRecord | null> {
  // The published ranking is on every unit operator's hot path: straight to the driver (rawQuery).
  const [r] = await rawQuery<{
    id: number;
    periodCode: string;
    version: number;
    publishedAt: Date;
    publishedByName: string;
    reason: string | null;
    incomplete: unknown;
    digest: string;
    body: string;
  }>(
    tx,
    sql`SELECT id, "periodCode", version, "publishedAt", "publishedByName", reason, incomplete, digest, body
       FROM "Publication" WHERE "periodCode" = ${period} ${version === undefined ? sql.empty : sql`AND version = ${version}`}
      ORDER BY version DESC LIMIT 1`,
  );
  if (!r) return null;
  const incomplete = typeof r.incomplete === 'string' ? (JSON.parse(r.incomplete) as unknown) : r.incomplete;
  return {
    ...infoOf({ ...r, publishedAt: new Date(r.publishedAt), incomplete }),
    id: r.id,
    body: parsePublication(r.body),
    text: r.body,
  };
}

/** The published version a reader asks for; NOT_FOUND while the period (or that version) is unpublished. */
export async function requirePublication(tx: Tx, period: string, version?: number): Promise<PublicationRecord> {
  const pub = await findPublication(tx, period, version);
  if (!pub)
    throw version === undefined
      ? new AppError('NOT_FOUND', 'publications.notPublished', { period })
      : new AppError('NOT_FOUND', 'publications.noSuchVersion', { period, version });
  return pub;
}

/** The live scores of a period in the shape of a published row. */
export async function liveRows(tx: Tx, period: string): Promise<PublishedRow[]> {
  const { rows } = await findScoreView(tx, period);
  return rows.map((r) => ({
    unit: r.unit,
    name: r.name,
    group: r.group,
    submitted: r.submitted,
    base: r.base,
    deductions: r.deductions,
    bonus: r.bonus,
    score: r.score,
    grade: r.grade,
    veto: r.veto,
    rank: r.rank,
    rank_change: r.rank_change,
  }));
}

/** What changed since the latest version: leadership sees this before publishing the next one. */
export async function findPublicationDifferences(tx: Tx, period: string) {
  const pub = await findPublication(tx, period);
  if (!pub) return { period, version: null, differences: [] };
  return { period, version: pub.version, differences: diffPublication(pub.body.rows, await liveRows(tx, period)) };
}

/** The pre-publish list of a quarter or a year: exactly what is incomplete, in a stable order. */
export async function findIncomplete(tx: Tx, period: string, today: string): Promise<IncompleteItem[]> {
  const p = parsePeriod(period);
  if (!p) throw new AppError('BAD_REQUEST', 'common.unknownPeriod', { period });
  const quarters = quartersOfPeriod(p);
  const items: IncompleteItem[] = [];
  if (p.kind === 'year') {
    const published = new Set(
      (
        await tx.publication.findMany({
          where: { periodCode: { in: quarters } },
          select: { periodCode: true },
          distinct: ['periodCode'],
        })
      ).map((r) => r.periodCode),
    );
    for (const q of quarters) if (!published.has(q)) items.push({ kind: 'quarter_unpublished', period: q });
  }
  const units = await tx.unit.findMany({ where: { active: true }, select: { id: true, code: true, name: true } });
  const subs = await tx.submission.findMany({
    where: { periodCode: { in: quarters }, unit: { active: true } },
    select: { unitId: true, periodCode: true, status: true },
  });
  const statusOf = new Map(subs.map((s) => [`${s.periodCode}|${s.unitId}`, s.status]));
  for (const q of quarters)
    for (const u of units) {
      const status = statusOf.get(`${q}|${u.id}`);
      const unit = { unit: u.code, name: u.name };
      if (status === undefined || status === 'draft') items.push({ kind: 'no_submission', period: q, ...unit });
      else if (status === 'submitted') items.push({ kind: 'not_verified', period: q, ...unit });
      else if (status === 'returned') items.push({ kind: 'returned', period: q, ...unit });
    }
  const claims = await tx.finding.findMany({
    where: { periodCode: { in: quarters }, rectificationStatus: 'pending', unit: { active: true } },
    select: { id: true, periodCode: true, unit: { select: { code: true, name: true } } },
  });
  for (const c of claims)
    items.push({ kind: 'claim_pending', period: c.periodCode, unit: c.unit.code, name: c.unit.name, findingId: c.id });
  const appeals = await tx.appeal.findMany({
    where: { periodCode: { in: quarters }, status: 'open' },
    select: { id: true, periodCode: true, findingId: true, unit: { select: { code: true, name: true } } },
  });
  for (const a of appeals)
    items.push({
      kind: 'appeal_open',
      period: a.periodCode,
      unit: a.unit.code,
      name: a.unit.name,
      appealId: a.id,
      ...(a.findingId !== null ? { findingId: a.findingId } : {}),
    });
  // Findings that a unit may still appeal: their quarter's latest version is inside its appeal window.
  const windowDays = await appealWindowDays(tx);
  for (const q of quarters) {
    const latest = await tx.publication.findFirst({
      where: { periodCode: q },
      orderBy: { version: 'desc' },
      select: { publishedAt: true },
    });
    if (!latest) continue;
    const until = appealClosingDay(dayOf(latest.publishedAt), windowDays);
    if (today > until) continue;
    const open = await tx.finding.findMany({
      where: { periodCode: q, unit: { active: true }, appeals: { none: {} } },
      select: { id: true, unit: { select: { code: true, name: true } } },
    });
    for (const f of open)
      items.push({ kind: 'appeal_window', period: q, unit: f.unit.code, name: f.unit.name, findingId: f.id, until });
  }
  return sortIncomplete(items);
}

/** What leadership sees before publishing: the incomplete items, and the differences from the latest version. */
export async function findPublishChecks(tx: Tx, period: string, today: string) {
  const incomplete = await findIncomplete(tx, period, today);
  const diff = await findPublicationDifferences(tx, period);
  return {
    period,
    incomplete,
    counts: countIncomplete(incomplete),
    latestVersion: diff.version,
    differences: diff.differences,
  };
}

/**
 * Publishes the next version of a period: the live scores and the bulletin's facts, frozen as text.
 * Incomplete items need a reason (kept with the list); a version after the first needs a reason and a
 * difference from the last. Runs in the caller's transaction (which holds the period row's lock).
 */
export async function publishVersion(
  tx: Tx,
  actor: Actor,
  input: { period: string; reason?: string | undefined; today: string; now: Date },
): Promise<PublicationInfo> {
  const reason = input.reason?.trim() || null;
  const incomplete = await findIncomplete(tx, input.period, input.today);
  const latest = await findPublication(tx, input.period);
  const rows = await liveRows(tx, input.period);
  if (latest) {
    const differences = diffPublication(latest.body.rows, rows);
    if (differences.length === 0)
      throw new AppError('BAD_REQUEST', 'publications.unchanged', { period: input.period, version: latest.version });
    if (!reason)
      throw new AppError(
        'BAD_REQUEST',
        'publications.newVersionNeedsReason',
        { next: latest.version + 1, period: input.period, count: differences.length, version: latest.version },
        { differences },
      );
  }
  if (incomplete.length > 0 && !reason) {
    const counts = countIncomplete(incomplete);
    const named = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    throw new AppError(
      'BAD_REQUEST',
      'publications.incompleteNeedsReason',
      { period: input.period, named },
      {
        incomplete,
        counts,
      },
    );
  }
  if (rows.length === 0) throw new AppError('BAD_REQUEST', 'publications.noScores', { period: input.period });
  const body: PublicationBody = {
    format: 1,
    period: input.period,
    rows,
    facts: await collectFacts(tx, input.period, input.today),
  };
  const text = serializePublication(body);
  const version = (latest?.version ?? 0) + 1;
  const created = await tx.publication.create({
    data: {
      periodCode: input.period,
      version,
      publishedAt: input.now,
      publishedById: actor.id,
      publishedByName: actor.username,
      reason,
      incomplete: incomplete as unknown as Prisma.InputJsonValue,
      body: text,
      digest: crypto.createHash('sha256').update(text).digest('hex'),
    },
    select: {
      periodCode: true,
      version: true,
      publishedAt: true,
      publishedByName: true,
      reason: true,
      incomplete: true,
      digest: true,
    },
  });
  return infoOf(created);
}
