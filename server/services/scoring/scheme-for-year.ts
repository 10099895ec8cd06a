import type { Tx } from '../../db';
import { DEFAULT_SCHEME } from '../../domain/scoring/default-scheme';
import type { Scheme } from '../../domain/scoring/scheme';
import type { SchemeHead } from './load-score-inputs';

export type SchemeInForce = { year: number; version: number; scheme: Scheme; isDefault: boolean };

// Stored scheme versions never change, so their parsed definitions are kept by row id. The id (not
// year and version) is the key: ids come from a sequence and are never handed out twice, even when
// a transaction that stored a version rolls back and another stores "the same" version again.
// Reusing one Scheme object also lets the engine reuse its prepared plan (evaluate.ts).
const parsed = new Map<number, Scheme>();
const MAX_CACHED = 64;

/**
 * The scheme in force for a year: its latest stored version, else the default (version 0). `known`: its head
 * as read in the caller's transaction (load-score-inputs.ts reads it with the inputs), not asked again.
 */
export async function schemeForYear(tx: Tx, year: number, known?: SchemeHead): Promise<SchemeInForce> {
  const head =
    known !== undefined
      ? known
      : await tx.scheme.findFirst({
          where: { year },
          orderBy: { version: 'desc' },
          select: { id: true, version: true },
        });
  if (!head) return { year, version: 0, scheme: DEFAULT_SCHEME, isDefault: true };
  let scheme = parsed.get(head.id);
  if (!scheme) {
    const row = await tx.scheme.findUniqueOrThrow({ where: { id: head.id }, select: { definition: true } });
    scheme = row.definition as unknown as Scheme;
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(head.id, scheme);
  }
  return { year, version: head.version, scheme, isDefault: false };
}

/** A stored version of a year's scheme (version 0: the default), as scores computed with it were. */
export async function schemeVersion(tx: Tx, year: number, version: number): Promise<Scheme> {
  if (version === 0) return DEFAULT_SCHEME;
  const row = await tx.scheme.findUnique({
    where: { year_version: { year, version } },
    select: { id: true, definition: true },
  });
  if (!row) throw new Error(`no scheme version ${version} for ${year}`);
  let scheme = parsed.get(row.id);
  if (!scheme) {
    scheme = row.definition as unknown as Scheme;
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(row.id, scheme);
  }
  return scheme;
}
