import type { Tx } from '../../db';
import type { RankGroup } from '../../domain/catalogue';
import { parsePeriod } from '../../domain/periods';
import { AppError } from '../../errors';
import { findPublication } from './publications';

export type PublicRow = { name: string; score: number; grade: string; rank: number | null };

export type PublicResults = {
  period: string;
  version: number;
  publishedAt: string;
  groups: Record<RankGroup, PublicRow[]>;
};

/** The published periods, newest publication first (each once). */
export async function listPublishedPeriods(tx: Tx): Promise<string[]> {
  const rows = await tx.publication.findMany({
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    select: { periodCode: true },
  });
  return [...new Set(rows.map((r) => r.periodCode))];
}

/**
 * The latest published version of a period (by default the period published last) as the public sees it:
 * per group, each unit's name, score, grade and rank, nothing else. NOT_FOUND while unpublished.
 */
export async function findPublicResults(tx: Tx, period?: string): Promise<PublicResults> {
  if (period !== undefined && !parsePeriod(period))
    throw new AppError('BAD_REQUEST', 'publicResults.unknownPeriod', { period });
  const code = period ?? (await listPublishedPeriods(tx))[0];
  const pub = code ? await findPublication(tx, code) : null;
  if (!code) throw new AppError('NOT_FOUND', 'publicResults.nothingPublished');
  if (!pub) throw new AppError('NOT_FOUND', 'publicResults.notPublished', { period: code });
  const groups: Record<RankGroup, PublicRow[]> = { grassroots: [], organs: [] };
  for (const r of pub.body.rows) groups[r.group].push({ name: r.name, score: r.score, grade: r.grade, rank: r.rank });
  return { period: code, version: pub.version, publishedAt: pub.publishedAt, groups };
}
