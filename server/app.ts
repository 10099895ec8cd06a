import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  checkWritable,
  DATABASE_UNAVAILABLE_MESSAGE,
  type Database,
  isDatabaseUnavailable,
  lagTolerantReader,
  RETRY_AFTER_SECONDS,
  writePosition,
} from './db';
import { ROLE_GROUPS, type Role, roleIn } from './domain/names';
import { parsePeriod, todayOf } from './domain/periods';
import type { Env } from './env';
import { AppError, messageBody } from './errors';
import { registerAnswerCache } from './http/answer-cache';
import { actorOf, requireCaller, sendError } from './http/edge';
import { sendIfUnavailable } from './http/unavailable';
import { ROOT } from './paths';
import { bulletinDocument, bulletinToJson } from './report-render/bulletin-document';
import { renderOfficialDocx, renderReportDocx } from './report-render/render-report-docx';
import { renderReportHtmlDocument } from './report-render/render-report-html';
import { reportToJson } from './report-render/report-json';
import { appRouter } from './routers/app-router';
import { AUDIT_EXPORT_HEADER, auditExportRows } from './services/admin/audit-log';
import { changeOwnPassword } from './services/admin/users';
import { recordAudit } from './services/audit/record-audit';
import {
  login,
  logout,
  SESSION_COOKIE,
  type SessionUser,
  userAndVersionsOfSession,
  userOfSession,
} from './services/auth/sessions';
import { verifySecondFactor } from './services/auth/totp';
import { boardWorkbook } from './services/exports/board-export';
import { auditLogFile, type ExportFormat, scoresExport, valuesFile } from './services/exports/export-files';
import { rankingFileForPeople } from './services/exports/people-exports';
import { buildReportFor } from './services/reports/annual-report';
import { buildBulletinFor } from './services/reports/bulletin';
import { findPublishedRanking } from './services/scores/find-scores';
import { keepRequestVersions, runInRequestScope } from './services/scores/view-cache';
import { exportValueRows } from './services/values/aggregate-values';
import type { AppContext } from './trpc/context';
import { PENDING_MESSAGE } from './trpc/init';

/** The primary's WAL position after the client's last write (read-your-own-writes on a replica). */
const WRITE_LSN_COOKIE = 'dukao_lsn';

const CLIENT_DIR = path.join(ROOT, 'dist/client');

export type AppOptions = { database: Database; env: Env; now?: () => Date; logger?: boolean | object };

/** The largest body a signed-in user's tRPC call may send. */
const BODY_LIMIT = 2 * 1024 * 1024;
/** The largest body anyone not signed in may send: a sign-in is a username and a password. */
export const ANONYMOUS_BODY_LIMIT = 16 * 1024;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Builds the HTTP server: the client, /trpc, /auth, /api and /healthz. Stateless: sessions live in the database. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const db = opts.database.prisma;
  const app = Fastify({
    logger: opts.logger ?? false,
    // Procedures' inputs are small; the uploads (server/http/import-routes.ts) set their own, larger limit.
    bodyLimit: BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    trustProxy: false,
    // A batched tRPC call names its procedures in one path segment (/trpc/auth.me,meta.info,…): Fastify's default
    // of 100 characters answered 414 once a page batched seven or eight queries.
    routerOptions: { maxParamLength: 4000 },
  });
  await app.register(cookie);
  // A scope per request for the data versions read with its session (view-cache.ts): cached reads need no query of their own.
  app.addHook('onRequest', (_req, _reply, done) => runInRequestScope(done));

  app.addHook('onSend', async (req, reply) => {
    // Evidence files set their own (stricter, frameable by our pages for previews) policy.
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    // The public results page (PUBLIC_RESULTS) may be embedded by a portal: its own CSP names frame-ancestors.
    if (!reply.hasHeader('X-Frame-Options') && !(req.url === '/public' || req.url.startsWith('/public?')))
      reply.header('X-Frame-Options', 'DENY');
    reply.header('X-Request-Id', String(req.id));
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    // Served behind TLS (the same setting that marks the cookie Secure): browsers must not fall back to plain HTTP.
    if (opts.env.COOKIE_SECURE) reply.header('Strict-Transport-Security', 'max-age=31536000');
    if (req.url.startsWith('/trpc') || req.url.startsWith('/api') || req.url.startsWith('/auth'))
      reply.header('Cache-Control', 'no-store');
  });

  // CSRF: a state-changing request must be a POST with a JSON body and, when the browser names an origin, ours.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (req.method !== 'POST') return reply.code(405).send(messageBody('http.methodNotAllowed'));
    const type = String(req.headers['content-type'] ?? '');
    // Evidence uploads stream raw bytes; a cross-site page cannot send that type without a CORS preflight.
    const rawUpload = type.startsWith('application/octet-stream') && req.url.startsWith('/api/evidence?');
    if (!type.startsWith('application/json') && !rawUpload) return reply.code(415).send(messageBody('http.needsJson'));
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let host: string | null = null;
      try {
        host = new URL(origin).host;
      } catch {
        host = null;
      }
      if (host !== req.headers.host) return reply.code(403).send(messageBody('http.crossOrigin'));
    }
  });

  // One session look-up per request, shared by the body guard below, the routes and the tRPC context.
  const sessionOf = new WeakMap<FastifyRequest, Promise<SessionUser | null>>();
  const idleMinutes = opts.env.SESSION_IDLE_MINUTES;
  const sessionUser = (req: FastifyRequest): Promise<SessionUser | null> => {
    let user = sessionOf.get(req);
    if (!user) {
      user = userOfSession(db, req.cookies[SESSION_COOKIE], now(), idleMinutes);
      sessionOf.set(req, user);
    }
    return user;
  };

  // Before a body is read: someone not signed in may send at most ANONYMOUS_BODY_LIMIT bytes (a declared length
  // over it, or a body of unknown length, is refused unread); the sign-in routes set the same limit themselves.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST') return;
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(length) && length <= ANONYMOUS_BODY_LIMIT) return;
    if (await sessionUser(req)) return;
    return reply.code(413).send(messageBody('http.bigAnonymous', { kb: ANONYMOUS_BODY_LIMIT / 1024 }));
  });

  // A held-back session (a password to change, a code to give, a second factor to enrol) reaches no /api
  // route: 403 with the sentence saying what to do first. (tRPC: authedProcedure; /auth: its routes.)
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const user = await sessionUser(req);
    if (user?.pending)
      return reply.code(403).send({ ...messageBody(PENDING_MESSAGE[user.pending]), pending: user.pending });
    // Least privilege (三员分立): the security and audit administrators reach no assessment data; the audit
    // administrator exports the audit log.
    if ((user?.role === 'security' || user?.role === 'audit') && !req.url.startsWith('/api/audit/'))
      return reply.code(403).send(messageBody('http.separatedAdmins'));
  });

  // A refused request of a signed-in user over plain HTTP is audited, as tRPC's refusals are (trpc/init.ts); before
  // the answer leaves (onSend), so no audit write is still in flight when the request is over or the server stops.
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode !== 403 || !req.url.startsWith('/api/')) return payload;
    const user = await sessionOf.get(req)?.catch(() => null);
    if (!user) return payload;
    try {
      await recordAudit(
        db,
        { id: user.id, username: user.username, role: user.role, unitId: user.unitId, ip: req.ip },
        {
          action: 'auth.forbidden',
          entity: 'endpoint',
          entityId: `${req.method} ${req.url.split('?')[0]}`.slice(0, 120),
          after: { result: 'refused', ...(user.pending ? { pending: user.pending } : {}) },
        },
        String(req.id),
      );
    } catch (err) {
      req.log.warn({ err }, 'could not audit a refusal');
    }
    return payload;
  });

  // A query (GET) reads the views' data versions with its session, in one statement; a mutation reads
  // them afresh where it needs them (after its own writes).
  const sessionAndVersions = new WeakMap<FastifyRequest, ReturnType<typeof userAndVersionsOfSession>>();
  const sessionAndVersionsOf = (req: FastifyRequest) => {
    let found = sessionAndVersions.get(req);
    if (!found) {
      found = userAndVersionsOfSession(db, req.cookies[SESSION_COOKIE], now(), idleMinutes).then((r) => {
        if (r.versions) keepRequestVersions(db, r.versions);
        return r;
      });
      sessionAndVersions.set(req, found);
    }
    return found;
  };
  const contextUser = async (req: FastifyRequest): Promise<SessionUser | null> => {
    if (req.method !== 'GET') return sessionUser(req);
    return (await sessionAndVersionsOf(req)).user;
  };

  // 200 {"ok":true} while the database takes writes; 503 {"ok":false,"reason"} while there is no writable
  // primary (a failover), so a load balancer takes this server out until there is one again.
  app.get('/healthz', async (_req, reply) => {
    const health = await checkWritable(opts.database);
    if (health.ok) return health;
    reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return reply.code(503).send(health);
  });

  // Read-your-own-writes with a replica (DATABASE_READ_URL, docs/decisions/004): after a write the client
  // carries the primary's WAL position, and its lag-tolerant reads use the replica only once it has
  // replayed that far.
  const replicated = !!opts.database.replica;
  if (replicated)
    app.addHook('onSend', async (req, reply, payload) => {
      if (req.method !== 'POST' || reply.statusCode >= 500) return payload;
      try {
        const lsn = await writePosition(opts.database);
        if (lsn) reply.setCookie(WRITE_LSN_COOKIE, lsn, { httpOnly: true, sameSite: 'strict', path: '/' });
      } catch {
        // No primary to ask: the next lag-tolerant read goes to the primary by the older position.
      }
      return payload;
    });
  const lagTolerantDb = (req: FastifyRequest) =>
    replicated ? lagTolerantReader(opts.database, req.cookies[WRITE_LSN_COOKIE]) : Promise.resolve(db);

  // Anything thrown outside a route's own error handling: a lost database is a 503, never a 500.
  app.setErrorHandler((err, _req, reply) => {
    if (sendIfUnavailable(reply, err)) return;
    reply.send(err);
  });

  const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
  app.post('/auth/login', { bodyLimit: ANONYMOUS_BODY_LIMIT }, async (req, reply) => {
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(messageBody('http.sendLogin'));
    try {
      const res = await login(db, {
        ...parsed.data,
        ip: req.ip,
        now: now(),
        ttlHours: opts.env.SESSION_TTL_HOURS,
        requestId: String(req.id),
        passwordMaxAgeDays: opts.env.PASSWORD_MAX_AGE_DAYS,
      });
      reply.setCookie(SESSION_COOKIE, res.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.env.COOKIE_SECURE || req.protocol === 'https',
        path: '/',
        expires: res.expiresAt,
      });
      // Held back (SessionUser.pending): the session is set, but answers 403 until the step is done.
      return {
        user: res.user,
        mustChangePassword: res.mustChangePassword,
        totpRequired: res.totpRequired,
        totpEnrolRequired: res.totpEnrolRequired,
      };
    } catch (err) {
      return sendError(reply, err);
    }
  });
  // The second step of a sign-in with a second factor: {"code"} is the authenticator's six digits or a recovery code.
  const totpBody = z.object({ code: z.string().trim().min(6).max(32) });
  app.post('/auth/totp', { bodyLimit: ANONYMOUS_BODY_LIMIT }, async (req, reply) => {
    try {
      const user = await sessionUser(req);
      if (!user) throw new AppError('UNAUTHORIZED', 'common.signInFirst');
      if (user.pending !== 'totp') throw new AppError('BAD_REQUEST', 'common.notWaitingForCode');
      const parsed = totpBody.safeParse(req.body);
      if (!parsed.success) throw new AppError('BAD_REQUEST', 'http.sendCode');
      const res = await verifySecondFactor(db, actorOf(user, req), {
        code: parsed.data.code,
        token: req.cookies[SESSION_COOKIE]!,
        now: now(),
        passwordMaxAgeDays: opts.env.PASSWORD_MAX_AGE_DAYS,
      });
      return {
        ok: true,
        mustChangePassword: res.pending === 'password',
        totpEnrolRequired: res.pending === 'totp-enrol',
        recoveryCodesLeft: res.recoveryCodesLeft,
      };
    } catch (err) {
      return sendError(reply, err);
    }
  });
  // The signed-in user's password change (also the first-sign-in change of a held-back session).
  const passwordBody = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) });
  app.post('/auth/password', { bodyLimit: ANONYMOUS_BODY_LIMIT }, async (req, reply) => {
    try {
      const user = await sessionUser(req);
      if (!user) throw new AppError('UNAUTHORIZED', 'common.signInFirst');
      if (user.pending && user.pending !== 'password') throw new AppError('FORBIDDEN', PENDING_MESSAGE[user.pending]);
      const parsed = passwordBody.safeParse(req.body);
      if (!parsed.success) throw new AppError('BAD_REQUEST', 'http.sendPasswords');
      const res = await changeOwnPassword(db, actorOf(user, req), {
        ...parsed.data,
        keepToken: req.cookies[SESSION_COOKIE]!,
        now: now(),
      });
      return { ok: true, totpEnrolRequired: res.pending === 'totp-enrol' };
    } catch (err) {
      return sendError(reply, err);
    }
  });
  app.post('/auth/logout', { bodyLimit: ANONYMOUS_BODY_LIMIT }, async (req, reply) => {
    await logout(db, req.cookies[SESSION_COOKIE], now(), String(req.id), req.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  const formatOf = (v: unknown, allowed: readonly string[], fallback: string) => {
    const f = typeof v === 'string' && v ? v : fallback;
    if (!allowed.includes(f)) throw new AppError('BAD_REQUEST', 'http.badFormat', { formats: allowed.join(', ') });
    return f;
  };
  const periodOf = (v: unknown) => {
    if (typeof v !== 'string' || !parsePeriod(v)) throw new AppError('BAD_REQUEST', 'http.periodRequired');
    return v;
  };
  const requireUser = (req: FastifyRequest, roles?: readonly Role[]) => requireCaller(sessionUser, req, roles);
  const sendFile = async (
    req: FastifyRequest,
    reply: FastifyReply,
    name: string,
    file: { body: Buffer | string; contentType: string; gzip?: (() => Promise<Buffer>) | undefined },
  ) => {
    reply.header('Content-Type', file.contentType);
    reply.header('Content-Disposition', `attachment; filename="${name}"`);
    // A cached export keeps its gzip beside it: sent as is to a client that accepts it.
    if (file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      reply.header('Content-Encoding', 'gzip');
      reply.header('Vary', 'Accept-Encoding');
      return reply.send(await file.gzip());
    }
    return reply.send(file.body);
  };

  /** An export is audited (安全审计): who, from where, what, which range, how many rows. */
  const auditExport = (req: FastifyRequest, user: SessionUser, what: string, detail: Record<string, unknown>) =>
    recordAudit(db, actorOf(user, req), {
      action: 'export',
      entity: 'export',
      entityId: what,
      after: { result: 'success', ...detail },
    });

  // The audit administrator's export of the audit log (CSV with a BOM, or XLSX; Chinese headings).
  app.get('/api/audit/export', async (req, reply) => {
    try {
      const { user } = await requireUser(req);
      if (user.role !== 'audit') throw new AppError('FORBIDDEN', 'http.auditExportOnly');
      const q = req.query as Record<string, unknown>;
      const format = formatOf(q.format, ['csv', 'xlsx'], 'csv') as 'csv' | 'xlsx';
      const bound = (v: unknown, name: string) => {
        if (v === undefined || v === '') return undefined;
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v)))
          throw new AppError('BAD_REQUEST', 'http.badDate', { name });
        return v;
      };
      const from = bound(q.from, 'from');
      const to = bound(q.to, 'to');
      const rows = await auditExportRows(db, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      await auditExport(req, user, 'audit-log', { format, from: from ?? null, to: to ?? null, rows: rows.length });
      const file = await auditLogFile(AUDIT_EXPORT_HEADER, rows, format);
      const name = `audit-${from ?? 'start'}-${to ?? 'now'}.${format}`;
      return await sendFile(req, reply, name, file);
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.get('/api/export/scores', async (req, reply) => {
    try {
      const { user, scope } = await requireUser(req);
      const q = req.query as Record<string, unknown>;
      const period = periodOf(q.period);
      const format = formatOf(q.format, ['json', 'csv', 'xlsx'], 'json') as ExportFormat;
      // A unit operator gets its own full row, plus nothing else (the published ranking is a separate view).
      const reader = await lagTolerantDb(req);
      const file = await scoresExport(reader, period, format, scope);
      await auditExport(req, user, 'scores', { period, format });
      return await sendFile(req, reply, `scores-${period}.${format}`, file);
    } catch (err) {
      return sendError(reply, err);
    }
  });
  // The rectification board (整改督办看板) as Excel; city-wide roles only.
  app.get('/api/export/board', async (req, reply) => {
    try {
      if (!roleIn(ROLE_GROUPS.city, (await requireUser(req)).user.role))
        throw new AppError('FORBIDDEN', 'http.boardCityOnly');
      const q = req.query as Record<string, unknown>;
      const file = await boardWorkbook(await lagTolerantDb(req), { period: periodOf(q.period), today: todayOf(now()) });
      return await sendFile(req, reply, file.fileName, file);
    } catch (err) {
      return sendError(reply, err);
    }
  });
  // The rankings page's 导出 Excel / CSV for people (people-exports.ts); city-wide roles only.
  app.get('/api/export/ranking', async (req, reply) => {
    try {
      const { user } = await requireUser(req);
      if (user.role === 'unit') throw new AppError('FORBIDDEN', 'http.rankingCityOnly');
      const q = req.query as Record<string, unknown>;
      const period = periodOf(q.period);
      const format = formatOf(q.format, ['xlsx', 'csv'], 'xlsx') as 'xlsx' | 'csv';
      const group = q.group === 'organs' ? 'organs' : 'grassroots';
      const lang = q.lang === 'en' ? 'en' : 'zh';
      const file = await rankingFileForPeople(await lagTolerantDb(req), {
        period,
        group,
        format,
        lang,
        today: todayOf(now()),
      });
      await auditExport(req, user, 'ranking', { period, group, format });
      return await sendFile(req, reply, file.fileName, file);
    } catch (err) {
      return sendError(reply, err);
    }
  });
  app.get('/api/export/values', async (req, reply) => {
    try {
      const { user, scope } = await requireUser(req);
      const q = req.query as Record<string, unknown>;
      const period = periodOf(q.period);
      const format = formatOf(q.format, ['json', 'csv', 'xlsx'], 'json') as ExportFormat;
      const rows = await exportValueRows(await lagTolerantDb(req), period, scope);
      await auditExport(req, user, 'values', { period, format, rows: rows.length });
      return await sendFile(req, reply, `values-${period}.${format}`, await valuesFile(rows, format));
    } catch (err) {
      return sendError(reply, err);
    }
  });
  app.get('/api/rankings/published', async (req, reply) => {
    try {
      await requireUser(req);
      const q = req.query as Record<string, unknown>;
      const version = q.version === undefined ? undefined : Number(q.version);
      if (version !== undefined && !(Number.isInteger(version) && version >= 1))
        throw new AppError('BAD_REQUEST', 'http.badVersion');
      return await findPublishedRanking(await lagTolerantDb(req), periodOf(q.period), undefined, version);
    } catch (err) {
      return sendError(reply, err);
    }
  });
  app.get('/api/reports/annual', async (req, reply) => {
    try {
      const { scope } = await requireUser(req);
      const q = req.query as Record<string, unknown>;
      const year = Number(q.year);
      if (!Number.isInteger(year)) throw new AppError('BAD_REQUEST', 'http.yearRequired');
      const format = formatOf(q.format, ['docx', 'html', 'json'], 'docx');
      const layout = formatOf(q.layout, ['national', 'legacy'], 'national') as 'national' | 'legacy';
      const unit = typeof q.unit === 'string' && q.unit ? q.unit : null;
      const model = await buildReportFor(db, {
        year,
        unitCode: unit,
        layout,
        scope,
      });
      const base = `annual-report-${year}${unit ? `-${unit}` : ''}-${layout}`;
      if (format === 'json')
        return await sendFile(req, reply, `${base}.json`, {
          body: reportToJson(model),
          contentType: 'application/json; charset=utf-8',
        });
      if (format === 'html') {
        reply.header('Content-Type', 'text/html; charset=utf-8');
        return reply.send(renderReportHtmlDocument(model));
      }
      return await sendFile(req, reply, `${base}.docx`, {
        body: await renderReportDocx(model),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.get('/api/reports/bulletin', async (req, reply) => {
    try {
      const { scope } = await requireUser(req);
      const q = req.query as Record<string, unknown>;
      const period = periodOf(q.period);
      const format = formatOf(q.format, ['docx', 'html', 'json'], 'docx');
      const version = q.version === undefined ? undefined : Number(q.version);
      if (version !== undefined && !(Number.isInteger(version) && version >= 1))
        throw new AppError('BAD_REQUEST', 'http.badVersion');
      const model = await buildBulletinFor(db, {
        period,
        version,
        scope,
      });
      const base = `bulletin-${period}-v${model.version}${model.unit ? `-${model.unit.code}` : ''}`;
      if (format === 'json')
        return sendFile(req, reply, `${base}.json`, {
          body: bulletinToJson(model),
          contentType: 'application/json; charset=utf-8',
        });
      if (format === 'html') {
        reply.header('Content-Type', 'text/html; charset=utf-8');
        return reply.send(renderReportHtmlDocument(bulletinDocument(model)));
      }
      return sendFile(req, reply, `${base}.docx`, {
        body: await renderOfficialDocx(bulletinDocument(model)),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
    } catch (err) {
      return sendError(reply, err);
    }
  });

  await (await import('./http/public-routes')).registerPublicRoutes(app, { db, env: opts.env });
  await (await import('./http/import-routes')).registerImportRoutes(app, { database: opts.database, now, sessionUser });
  await (await import('./http/evidence-routes')).registerEvidenceRoutes(app, {
    database: opts.database,
    env: opts.env,
    now,
    sessionUser,
  });
  // The hottest read-only answers as bytes per data version (http/answer-cache.ts); everything else is tRPC's.
  if (!replicated) registerAnswerCache(app, { now, sessionOf: sessionAndVersionsOf });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req }: { req: FastifyRequest }): Promise<AppContext> => {
        let user: SessionUser | null;
        try {
          user = await contextUser(req);
        } catch (err) {
          if (isDatabaseUnavailable(err))
            throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, cause: err });
          throw err;
        }
        return {
          db,
          readDb: () => lagTolerantDb(req),
          database: opts.database,
          env: opts.env,
          now,
          user,
          sessionToken: req.cookies[SESSION_COOKIE],
          requestId: String(req.id),
          ip: req.ip,
        };
      },
      // tRPC answers SERVICE_UNAVAILABLE with 503; tell the client when to retry.
      responseMeta({ errors }: { errors: { code: string }[] }) {
        return errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')
          ? { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } }
          : {};
      },
      onError({ error, path: p }: { error: { code: string; message: string; cause?: unknown }; path?: string }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          app.log.error({ err: error.cause ?? error, path: p }, 'procedure failed');
      },
    },
  });

  if (fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    await app.register(fastifyStatic, { root: CLIENT_DIR, prefix: '/', index: ['index.html'], wildcard: false });
    // The client routes in the browser: every other GET answers the app shell.
    app.setNotFoundHandler((req, reply) => {
      if (
        req.method === 'GET' &&
        !req.url.startsWith('/api') &&
        !req.url.startsWith('/trpc') &&
        !req.url.startsWith('/auth')
      ) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send(messageBody('common.notFound'));
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Dukao 督考</title><p>Dukao is running. Build the client with <code>npm run build</code>.</p>',
        ),
    );
  }
  return app;
}
