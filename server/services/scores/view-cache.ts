import { AsyncLocalStorage } from 'node:async_hooks';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { isRootClient, rawQuery, type Tx } from '../../db';
import { sql } from '../../sql';

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
const gzipAsync = promisify(zlib.gzip);
const entries = new Map<string, { version: string; value: unknown }>();
const inflight = new Map<string, Promise<unknown>>();

/** A stamp written by re-scoring (rescore.ts, bumpScoreVersions), '-' before the first. */
const stampOf = (key: string) => sql`coalesce((SELECT value #>> '{}' FROM "Setting" WHERE key = ${key}), '-')`;
const UNITS_STAMP = sql`coalesce((SELECT max("updatedAt") FROM "Unit")::text, '-')`;

/**
 * Whether period `p` (a "Period" row alias) is published: a quarter or a year, each by its own act (a
 * stored version exists; publishedAt is set with the first and never cleared). The one definition, used by
 * isPublished (find-scores.ts) and by the request snapshot below.
 */
export const publishedSql = (p: string) => sql`(${sql.ident(p)}."publishedAt" IS NOT NULL)`;

/**
 * Everything a cached read checks, for every period at once: the re-scoring stamps, the units stamp, and
 * each period's lock and publish state (`[locked, own publishedAt set, published]`). A few hundred bytes;
 * read in the same statement as the request's session (sessions.ts, userAndVersionsOfSession), so a
 * cached rankings page or overview costs one round trip to the database.
 */
export const VERSION_SNAPSHOT_SQL = sql`json_build_object(
  'stamps', (SELECT coalesce(json_object_agg(key, value #>> '{}'), '{}') FROM "Setting"
              WHERE key LIKE 'scores.version:%' OR key LIKE 'totals.version:%'),
  'units', ${UNITS_STAMP},
  'periods', (SELECT coalesce(json_object_agg(p.code, json_build_array(p."lockedAt" IS NOT NULL, p."publishedAt" IS NOT NULL, ${publishedSql('p')})), '{}')
                FROM "Period" p))`;

export type VersionSnapshot = {
  stamps: Record<string, string>;
  units: string;
  periods: Record<string, [locked: boolean, ownFlag: boolean, published: boolean]>;
};

/**
 * The snapshot of the HTTP request being served (app.ts opens a scope per request; a read-only tRPC
 * request fills it with its session lookup). Reads outside a request, in a mutation or inside a
 * transaction ask the database instead: the snapshot is only ever a faster way to the same answer,
 * read before the view like the per-read query it replaces.
 */
const requestScope = new AsyncLocalStorage<{ versions?: VersionSnapshot; source?: object }>();

/** Runs `fn` (the rest of an HTTP request) in a scope that can hold the request's version snapshot. */
export function runInRequestScope(fn: () => void): void {
  requestScope.run({}, fn);
}

/**
 * Keeps `versions`, read through `source` (the primary's client) with the session, for the current
 * request's reads through that same client. A read through another (a replica, DATABASE_READ_URL) asks
 * its own database: a view must never be cached under a version newer than the data it was read from.
 */
export function keepRequestVersions(source: object, versions: VersionSnapshot): void {
  const scope = requestScope.getStore();
  if (scope) {
    scope.versions = versions;
    scope.source = source;
  }
}

/** The current request's snapshot, when `tx` is the root client it was read from (a transaction must read its own writes). */
export function requestVersions(tx: Tx): VersionSnapshot | undefined {
  const scope = requestScope.getStore();
  return scope?.versions && scope.source === tx && isRootClient(tx) ? scope.versions : undefined;
}

/** The data version of a year's score views. */
export async function viewVersion(tx: Tx, year: number): Promise<string> {
  const snap = requestVersions(tx);
  if (snap) return `${snap.stamps[`scores.version:${year}`] ?? '-'}|${snap.units}`;
  const [row] = await rawQuery<{ v: string }>(
    tx,
    sql`SELECT ${stampOf(`scores.version:${year}`)} || '|' || ${UNITS_STAMP} AS v`,
  );
  return row?.v ?? '-';
}

/**
 * Brings a view cached at version `from` up to version `to` from what changed in between (the score
 * view reads only the rows changed since: find-scores.ts), or answers null when it cannot (the view is
 * then computed afresh). The result must equal what `compute` would give.
 */
export type ViewRefresh<T> = (previous: T, from: string, to: string) => Promise<T | null>;

/**
 * The view `key` of `year`: cached while its data version holds, else brought up to date by `refresh`
 * from the previous version, or computed (once, however many ask at the same time).
 */
export async function cachedView<T>(
  tx: Tx,
  key: string,
  year: number,
  compute: () => Promise<T>,
  refresh?: ViewRefresh<T>,
): Promise<T> {
  if (!isRootClient(tx)) return compute();
  return cachedAt(key, await viewVersion(tx, year), compute, refresh);
}

/** The units stamp of a view version (`<scores stamp>|<units stamp>`, viewVersion above). */
export const unitsStampOf = (version: string) => version.slice(version.indexOf('|') + 1);

/**
 * A quarter's city totals: cached while the quarter's `totals.version:<quarter>` stamp holds. Re-scoring
 * stamps every quarter whose values or submission states it was told about (rescore.ts), so a write in
 * one quarter leaves the other quarters' totals cached (the overview's trend). Units do not enter city
 * totals, so no unit stamp is needed.
 */
export async function cachedQuarterTotals<T>(tx: Tx, quarter: string, compute: () => Promise<T>): Promise<T> {
  if (!isRootClient(tx)) return compute();
  const snap = requestVersions(tx);
  const version = snap
    ? (snap.stamps[`totals.version:${quarter}`] ?? '-')
    : ((await rawQuery<{ v: string }>(tx, sql`SELECT ${stampOf(`totals.version:${quarter}`)} AS v`))[0]?.v ?? '-');
  return cachedAt(`totals:${quarter}`, version, compute);
}

/**
 * A serialized file (an export) of a year's data, kept as bytes while the view version holds, with its
 * gzip made once on first demand: every later download is the same bytes, whatever their number.
 */
export type CachedFile = { body: Buffer; contentType: string; gzip(): Promise<Buffer> };
export async function cachedFile(
  tx: Tx,
  key: string,
  year: number,
  compute: () => Promise<{ body: Buffer | string; contentType: string }>,
): Promise<CachedFile> {
  const make = async (): Promise<CachedFile> => {
    const file = await compute();
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    let zipped: Promise<Buffer> | undefined;
    return {
      body,
      contentType: file.contentType,
      gzip: () => (zipped ??= gzipAsync(body, { level: 6 })),
    };
  };
  if (!isRootClient(tx)) return make();
  return cachedAt(key, await viewVersion(tx, year), make);
}

async function cachedAt<T>(
  key: string,
  version: string,
  compute: () => Promise<T>,
  refresh?: ViewRefresh<T>,
): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.version === version) {
    entries.delete(key); // most recently used last
    entries.set(key, hit);
    return hit.value as T;
  }
  const flight = `${key}@${version}`;
  const pending = inflight.get(flight);
  if (await pending) return pending as Promise<T>;
  const fresh =
    hit && refresh ? refresh(hit.value as T, hit.version, version).then((value) => value ?? compute()) : compute();
  const p = fresh.then(
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
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
