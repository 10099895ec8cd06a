import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db';
import { ROLE_GROUPS, type Role } from '../domain/names';
import { isQuarterCode, todayOf } from '../domain/periods';
import { AppError, messageBody } from '../errors';
import type { SessionUser } from '../services/auth/sessions';
import { readTableOffThread, readTemplateOffThread } from '../services/imports/parse-off-thread';
import { MAX_IMPORT_BYTES } from '../services/imports/read-table';
import { isImportKind, runImport } from '../services/imports/run-import';
import { buildQuarterTemplate } from '../services/templates/build-template';
import { importTemplate } from '../services/templates/import-template';
import { requireCaller, sendError } from './edge';

export type ImportRouteOptions = {
  database: Database;
  now: () => Date;
  /** The signed-in user of a request (from its session cookie), or null. */
  sessionUser: (req: FastifyRequest) => Promise<SessionUser | null>;
};

/** An upload's JSON body: the file (at most MAX_IMPORT_BYTES) in base64 (4/3 of it) and its name. */
const UPLOAD_BODY_LIMIT = 80 * 1024 * 1024;

/** An upload: the file's name (its extension chooses CSV or XLSX) and its bytes in base64. JSON only (CSRF). */
const uploadBody = z.object({
  fileName: z.string().min(1).max(255),
  contentBase64: z.string(),
  submit: z.boolean().optional(),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes the upload, refusing a file over MAX_IMPORT_BYTES (413) before decoding it. */
export function decodeUpload(body: unknown): { fileName: string; buffer: Buffer; submit: boolean } {
  const parsed = uploadBody.safeParse(body);
  if (!parsed.success) throw new AppError('BAD_REQUEST', 'http.sendFileJson');
  let data = parsed.data.contentBase64;
  if (data.startsWith('data:')) data = data.slice(data.indexOf(',') + 1);
  data = data.replace(/\s+/g, '');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((data.length * 3) / 4) - padding;
  if (bytes > MAX_IMPORT_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'http.uploadTooLarge', {
      size: (bytes / 1024 / 1024).toFixed(1),
      max: MAX_IMPORT_BYTES / 1024 / 1024,
    });
  }
  if (data.length % 4 !== 0 || !BASE64.test(data)) throw new AppError('BAD_REQUEST', 'http.badBase64');
  if (bytes === 0) throw new AppError('BAD_REQUEST', 'imports.emptyFile');
  return { fileName: parsed.data.fileName, buffer: Buffer.from(data, 'base64'), submit: parsed.data.submit ?? false };
}

/** The same error answers as server/app.ts: AppError code → HTTP status, `{error, details}`; row errors capped. */
function bodyErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
    return reply.code(413).send(messageBody('http.uploadTooLargeEarly', { max: MAX_IMPORT_BYTES / 1024 / 1024 }));
  }
  if (err.statusCode === 400 || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.code(400).send(messageBody('http.badJsonBody'));
  }
  return sendError(reply, err);
}

/**
 * The Excel template (GET /api/template, POST /api/import/template) for unit operators, inspectors and
 * administrators, and the administrators' bulk imports (POST /api/import/units|values|findings|commendations),
 * which run exactly what `npm run cli -- import` runs.
 */
export async function registerImportRoutes(app: FastifyInstance, opts: ImportRouteOptions): Promise<void> {
  const db = opts.database.prisma;
  const requireUser = (req: FastifyRequest, roles: readonly Role[]) => requireCaller(opts.sessionUser, req, roles);

  app.get('/api/template', async (req, reply) => {
    try {
      const { user, scope } = await requireUser(req, ROLE_GROUPS.entry);
      const q = req.query as Record<string, unknown>;
      const unit = typeof q.unit === 'string' && q.unit ? q.unit.slice(0, 32) : user.unitCode;
      if (!unit) throw new AppError('BAD_REQUEST', 'http.unitRequired');
      if (typeof q.period !== 'string' || !isQuarterCode(q.period))
        throw new AppError('BAD_REQUEST', 'http.quarterRequired');
      const file = await buildQuarterTemplate(db, {
        unitCode: unit,
        period: q.period,
        scope,
        now: opts.now(),
      });
      reply.header('Content-Type', file.contentType);
      reply.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
      return reply.send(file.body);
    } catch (err) {
      return sendError(reply, err);
    }
  });

  // Signed in and allowed before the (up to 80 MB) body is read.
  const guard = (roles: readonly Role[]) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      await requireUser(req, roles);
    } catch (err) {
      return sendError(reply, err);
    }
  };

  app.post(
    '/api/import/template',
    { errorHandler: bodyErrorHandler, onRequest: guard(ROLE_GROUPS.entry), bodyLimit: UPLOAD_BODY_LIMIT },
    async (req, reply) => {
      try {
        const { actor, scope } = await requireUser(req, ROLE_GROUPS.entry);
        const upload = decodeUpload(req.body);
        // Read (and size-checked by really inflating it) in a worker thread, before any transaction opens.
        const template = await readTemplateOffThread(upload.buffer);
        const now = opts.now();
        const res = await importTemplate(db, actor, {
          template,
          scope,
          submit: upload.submit,
          today: todayOf(now),
          now,
        });
        return reply.send(res);
      } catch (err) {
        return sendError(reply, err);
      }
    },
  );

  app.post<{ Params: { kind: string } }>(
    '/api/import/:kind',
    { errorHandler: bodyErrorHandler, onRequest: guard(ROLE_GROUPS.admin), bodyLimit: UPLOAD_BODY_LIMIT },
    async (req, reply) => {
      try {
        const { actor } = await requireUser(req, ROLE_GROUPS.admin);
        const kind = req.params.kind;
        if (!isImportKind(kind)) throw new AppError('NOT_FOUND', 'http.noSuchImport', { kind: kind.slice(0, 40) });
        const upload = decodeUpload(req.body);
        const table = await readTableOffThread(upload.buffer, upload.fileName);
        const res = await runImport(db, actor, kind, table, todayOf(opts.now()));
        return reply.send(res);
      } catch (err) {
        return sendError(reply, err);
      }
    },
  );
}
