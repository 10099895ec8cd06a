import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLE_GROUPS, type Role } from '../domain/names';
import { parsePeriod, quartersOfYear, todayOf } from '../domain/periods';
import type { VersionSnapshot } from '../services/scores/view-cache';

/**
 * Whole answers of the two hottest read-only queries — a page of the rankings and the leadership overview,
 * what every city-wide reader's screen asks for again and again — kept as the bytes tRPC sent, per data
 * version (issue 17, docs/decisions/003-performance-and-scale.md).
 *
 * A request for one of them (GET, one procedure, alone or as a batch of one) by a signed-in city-wide reader
 * (ROLE_GROUPS.city, not held back) is answered from here when the same URL was answered at the same data
 * version: the version snapshot comes with the session lookup (one statement, as for every GET), so a stale
 * answer is never sent, and any number of app servers stay right without talking to each other. Anything
 * else — another role, no session, a held-back session, an error, a version not seen yet — goes to tRPC as
 * before, and a successful answer of tRPC is kept for the next request. So the bytes are tRPC's own, and so
 * are every refusal and every error.
 *
 * What an answer depends on, and so its version: the year's score stamp and the units stamp (the cached
 * views' version, view-cache.ts), the year's quarter-totals stamps (the overview's trend), the period's
 * lock and publish state, and the day (the overview counts overdue findings against it). Neither answer
 * depends on who asks among city-wide readers: the procedures take no user (routers/scores.ts).
 */
const CACHED = new Set(['scores.rankings', 'scores.overview']);
const READERS: readonly Role[] = ROLE_GROUPS.city;
const MAX_ENTRIES = 256;
const MAX_BYTES = 32 * 1024 * 1024;
/** An answer larger than this (a whole group's ranking at province scale is ~2 MB) is not kept. */
const MAX_ANSWER = 4 * 1024 * 1024;

/** Set on an answer sent from here (operators and tests can tell). */
export const HIT_HEADER = 'X-Answer-Cache';

type Entry = { version: string; body: Buffer; contentType: string };

export type AnswerCacheOptions = {
  now: () => Date;
  /** The request's user and version snapshot, read once per request (shared with the tRPC context). */
  sessionOf: (
    req: FastifyRequest,
  ) => Promise<{ user: { role: Role; pending?: unknown } | null; versions: VersionSnapshot | null }>;
};

/** Registers the answer cache's hooks on `app` (before the tRPC plugin answers). */
export function registerAnswerCache(app: FastifyInstance, opts: AnswerCacheOptions): void {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const pending = new WeakMap<FastifyRequest, string>();

  const store = (url: string, entry: Entry) => {
    const old = entries.get(url);
    if (old) {
      bytes -= old.body.length;
      entries.delete(url);
    }
    entries.set(url, entry);
    bytes += entry.body.length;
    for (const [k, e] of entries) {
      if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
      entries.delete(k);
      bytes -= e.body.length;
    }
  };

  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET') return;
    const call = cacheableCall(req.url);
    if (!call) return;
    let session: Awaited<ReturnType<AnswerCacheOptions['sessionOf']>>;
    try {
      session = await opts.sessionOf(req);
    } catch {
      return; // the database is away: tRPC answers as it does (503 with Retry-After)
    }
    const { user, versions } = session;
    if (!user || user.pending || !READERS.includes(user.role) || !versions) return;
    const version = versionOf(call, versions, todayOf(opts.now()));
    if (version === null) return;
    const hit = entries.get(req.url);
    if (hit && hit.version === version) {
      entries.delete(req.url); // most recently used last
      entries.set(req.url, hit);
      reply.header('Content-Type', hit.contentType);
      reply.header(HIT_HEADER, 'hit');
      return reply.send(hit.body);
    }
    pending.set(req, version);
  });

  // tRPC's fastify adapter sends a fetch Response (its status and headers are applied when Fastify sends it):
  // a 200 is read into bytes here, kept, and sent as those bytes with the Response's headers.
  app.addHook('onSend', async (req, reply, payload) => {
    const version = pending.get(req);
    if (version === undefined || !(payload instanceof Response) || payload.status !== 200 || reply.statusCode !== 200)
      return payload;
    const body = Buffer.from(await payload.arrayBuffer());
    payload.headers.forEach((value, name) => {
      reply.header(name, value);
    });
    const contentType = payload.headers.get('content-type') ?? 'application/json';
    reply.header('Content-Type', contentType);
    if (body.length <= MAX_ANSWER) store(req.url, { version, body, contentType });
    return body;
  });
}

type Call = { procedure: string; period: string };

/** The procedure and period of a cacheable GET (`/trpc/<procedure>?input=…`, or `?batch=1&input={"0":…}`), else null. */
export function cacheableCall(url: string): Call | null {
  if (!url.startsWith('/trpc/scores.')) return null;
  const q = url.indexOf('?');
  const procedure = url.slice('/trpc/'.length, q < 0 ? undefined : q);
  if (!CACHED.has(procedure) || q < 0) return null;
  const params = new URLSearchParams(url.slice(q + 1));
  const raw = params.get('input');
  if (raw === null) return null;
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch {
    return null;
  }
  const batch = params.get('batch');
  if (batch !== null) {
    if (batch !== '1' || !isObject(input) || Object.keys(input).length !== 1) return null;
    input = input['0'];
  }
  if (!isObject(input) || typeof input.period !== 'string' || !parsePeriod(input.period)) return null;
  return { procedure, period: input.period };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Everything the answer depends on besides its URL, from the request's version snapshot. */
function versionOf(call: Call, v: VersionSnapshot, today: string): string | null {
  const p = parsePeriod(call.period);
  if (!p) return null;
  const totals = quartersOfYear(p.year)
    .map((q) => v.stamps[`totals.version:${q}`] ?? '-')
    .join(',');
  return [
    v.stamps[`scores.version:${p.year}`] ?? '-',
    v.units,
    totals,
    JSON.stringify(v.periods[call.period] ?? null),
    call.procedure === 'scores.overview' ? today : '',
  ].join('|');
}
