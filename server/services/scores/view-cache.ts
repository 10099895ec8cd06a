import { rawQuery } from '../../db';
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * A small in-process cache of read-only score views (a period's ranking rows, the leadership
 * overview), each stored with the data version it was computed at and answered again only while
 * that version is current (docs/decisions/003-performance-and-scale.md).
 *
 * The version is read from the database on every request, so any number of app servers stay
 * correct without talking to each other:
 * - `scores.version:<year>` (Setting) — stamped with the writing transaction's id by every
 *   re-scoring (server/services/scoring/rescore.ts), which every write of values, submissions,
 *   findings, commendations, schemes and units performs; never reused, even after a rollback;
 * - the latest `Unit.updatedAt` — a renamed unit (which changes no score) shows at once.
 * The version is read before the view, so a view is never older than the version it is kept
 * under (a write committing in between makes it newer, which is harmless: the next request sees
 * the new version and recomputes).
 *
 * Only reads outside a transaction are cached: a transaction can see its own uncommitted writes.
 * Cached values are shared between requests and frozen; callers must not modify them.
 */
const MAX_ENTRIES = 48;
const entries = new Map<string, { version: string; value: unknown }>();
const inflight = new Map<string, Promise<unknown>>();

/** Whether `tx` is the root client rather than an interactive transaction's. */
function outsideTransaction(tx: Tx): boolean {
  return typeof (tx as { $transaction?: unknown }).$transaction === 'function';
}

/** A stamp written by re-scoring (rescore.ts, bumpScoreVersions), '-' before the first. */
const stampOf = (keyParam: string) => `coalesce((SELECT value #>> '{}' FROM "Setting" WHERE key = ${keyParam}), '-')`;

/** The data version of a year's score views. */
export async function viewVersion(tx: Tx, year: number): Promise<string> {
  const [row] = await rawQuery<{ v: string }>(
    tx,
    `SELECT ${stampOf('$1')} || '|' || coalesce((SELECT max("updatedAt") FROM "Unit")::text, '-') AS v`,
    [`scores.version:${year}`],
  );
  return row?.v ?? '-';
}

/** The view `key` of `year`: cached while its data version holds, else computed (once, however many ask at the same time). */
export async function cachedView<T>(tx: Tx, key: string, year: number, compute: () => Promise<T>): Promise<T> {
  if (!outsideTransaction(tx)) return compute();
  return cachedAt(key, await viewVersion(tx, year), compute);
}

/**
 * A quarter's city totals: cached while the quarter's `totals.version:<quarter>` stamp holds. Re-scoring
 * stamps every quarter whose values or submission states it was told about (rescore.ts), so a write in
 * one quarter leaves the other quarters' totals cached (the overview's trend). Units do not enter city
 * totals, so no unit stamp is needed.
 */
export async function cachedQuarterTotals<T>(tx: Tx, quarter: string, compute: () => Promise<T>): Promise<T> {
  if (!outsideTransaction(tx)) return compute();
  const [row] = await rawQuery<{ v: string }>(tx, `SELECT ${stampOf('$1')} AS v`, [`totals.version:${quarter}`]);
  return cachedAt(`totals:${quarter}`, row?.v ?? '-', compute);
}

async function cachedAt<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.version === version) {
    entries.delete(key); // most recently used last
    entries.set(key, hit);
    return hit.value as T;
  }
  const flight = `${key}@${version}`;
  const pending = inflight.get(flight);
  if (await pending) return pending as Promise<T>;
  const p = compute().then(
    (value) => {
      deepFreeze(value);
      entries.delete(key);
      entries.set(key, { version, value });
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      inflight.delete(flight);
      return value;
    },
    (err: unknown) => {
      inflight.delete(flight);
      throw err;
    },
  );
  inflight.set(flight, p);
  return p;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
