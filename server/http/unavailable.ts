import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db';
import { messageBody } from '../errors';

/**
 * Answers 503 with Retry-After when `err` is a lost or read-only database (isDatabaseUnavailable), and
 * returns null otherwise: every HTTP error path asks this before answering 500.
 */
export function sendIfUnavailable(reply: FastifyReply, err: unknown): FastifyReply | null {
  if (!isDatabaseUnavailable(err)) return null;
  reply.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'database unavailable');
  reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  return reply.code(503).send(messageBody('common.databaseUnavailable'));
}
