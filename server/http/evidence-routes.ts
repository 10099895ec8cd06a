import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db';
import type { Env } from '../env';
import { AppError, errorBody, HTTP_STATUS, messageBody } from '../errors';
import type { Actor } from '../services/audit/record-audit';
import type { SessionUser } from '../services/auth/sessions';
import { openEvidence, uploadEvidence } from '../services/evidence/evidence-files';

export type EvidenceRouteOptions = {
  database: Database;
  env: Env;
  now: () => Date;
  sessionUser: (req: FastifyRequest) => Promise<SessionUser | null>;
};

function sendError(reply: FastifyReply, err: unknown) {
  if (err instanceof AppError) return reply.code(HTTP_STATUS[err.code]).send(errorBody(err));
  reply.log.error({ err }, 'evidence request failed');
  return reply.code(500).send(messageBody('common.internal'));
}

/**
 * A served file may not run anything; only our own pages may frame it (previews). Sandboxed except PDFs,
 * which browsers refuse to show in a sandbox (their viewer runs no page script).
 */
const fileCsp = (mime: string) =>
  `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'${mime === 'application/pdf' ? '' : '; sandbox'}`;

/**
 * Evidence files: POST /api/evidence?ownerKind=claim&ownerId=12&name=照片.jpg with the raw bytes
 * (Content-Type: application/octet-stream), streamed into the database; GET /api/evidence/:id streams
 * one back (inline for previews, ?download=1 as an attachment). Scope as everywhere: another unit's file is 404.
 */
export async function registerEvidenceRoutes(app: FastifyInstance, opts: EvidenceRouteOptions): Promise<void> {
  const db = opts.database.prisma;
  const maxBytes = Math.round(opts.env.EVIDENCE_MAX_MB * 1024 * 1024);
  const actorOf = async (req: FastifyRequest): Promise<Actor> => {
    const user = await opts.sessionUser(req);
    if (!user) throw new AppError('UNAUTHORIZED', 'common.signInFirst');
    return { id: user.id, username: user.username, role: user.role, unitId: user.unitId, requestId: String(req.id) };
  };

  await app.register((scoped, _opts, registered) => {
    // The body is not parsed: the handler reads it as a stream.
    scoped.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    scoped.post('/api/evidence', async (req, reply) => {
      try {
        const actor = await actorOf(req);
        const q = req.query as Record<string, unknown>;
        const ownerKind = typeof q.ownerKind === 'string' ? q.ownerKind.slice(0, 16) : '';
        const ownerId = Number(q.ownerId);
        const name = typeof q.name === 'string' ? q.name : '';
        if (!ownerKind || !Number.isInteger(ownerId) || ownerId <= 0 || !name)
          throw new AppError('BAD_REQUEST', 'http.evidenceQuery');
        if (!String(req.headers['content-type'] ?? '').startsWith('application/octet-stream'))
          throw new AppError('BAD_REQUEST', 'http.evidenceBody');
        const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
        const file = await uploadEvidence(db, actor, {
          ownerKind,
          ownerId,
          name,
          body: req.body as AsyncIterable<Buffer>,
          maxBytes,
          declaredBytes: declared,
          now: opts.now(),
        });
        return reply.send(file);
      } catch (err) {
        // The client may still be sending: the rest is read and thrown away (nothing is stored), then answered.
        if (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE') req.raw.resume();
        return sendError(reply, err);
      }
    });
    registered();
  });

  app.get<{ Params: { id: string } }>('/api/evidence/:id', async (req, reply) => {
    try {
      const actor = await actorOf(req);
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id <= 0)
        throw new AppError('NOT_FOUND', 'evidence.noSuchFile', { id: req.params.id.slice(0, 20) });
      const { file, chunks } = await openEvidence(db, actor, id);
      const download = (req.query as Record<string, unknown>).download === '1' || file.preview === null;
      reply.header('Content-Type', file.mime);
      reply.header('Content-Length', String(file.size));
      reply.header(
        'Content-Disposition',
        `${download ? 'attachment' : 'inline'}; filename="evidence-${file.id}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      );
      reply.header('Content-Security-Policy', fileCsp(file.mime));
      reply.header('X-Frame-Options', 'SAMEORIGIN');
      reply.header('Cache-Control', 'private, no-store');
      const { Readable } = await import('node:stream');
      return reply.send(Readable.from(chunks));
    } catch (err) {
      return sendError(reply, err);
    }
  });
}
