import { DEFAULT_SCHEME } from '../../domain/scoring/default-scheme';
import type { Scheme } from '../../domain/scoring/scheme';
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

export type SchemeInForce = { year: number; version: number; scheme: Scheme; isDefault: boolean };

/** The scheme in force for a year: its latest stored version, else the default (version 0). */
export async function schemeForYear(tx: Tx, year: number): Promise<SchemeInForce> {
  const row = await tx.scheme.findFirst({ where: { year }, orderBy: { version: 'desc' }, select: { version: true, definition: true } });
  if (!row) return { year, version: 0, scheme: DEFAULT_SCHEME, isDefault: true };
  return { year, version: row.version, scheme: row.definition as unknown as Scheme, isDefault: false };
}
