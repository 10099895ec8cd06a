import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// connection string')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** A read-only replica (or a proxy's read port) for lag-tolerant reads: rankings, overview, exports. */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_READ_URL must be a postgresql:// connection string')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The tables' owner, for migrations (PostgreSQL); DATABASE_URL is then the app's least-privileged role. */
  MIGRATE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'MIGRATE_DATABASE_URL must be a postgresql:// connection string')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** A session unused this long ends (等保 会话超时), besides SESSION_TTL_HOURS. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(1440).default(30),
  /** Passwords older than this many days must be changed at the next sign-in; unset: never. */
  PASSWORD_MAX_AGE_DAYS: z
    .union([z.literal('').transform(() => undefined), z.coerce.number().int().positive().max(3650)])
    .optional(),
  /** Mark the session cookie Secure (set when served behind TLS). */
  COOKIE_SECURE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  /** Anonymous public results: GET /public and GET /public/rankings (latest published version only); off: 404. */
  PUBLIC_RESULTS: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  /** Largest evidence file (佐证材料) accepted, in MB. */
  EVIDENCE_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  /** Mail server for digests and reminders (smtp://user:pass@host:port or smtps://…); unset: no mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// address')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The hour (city time, 0–23) from which the daily supervision job (warnings, digests) runs each day. */
  DAILY_JOB_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** How often (seconds) each server checks whether the day's job is due and scores need catching up; 60 at most in the job's hour. */
  DAILY_JOB_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
  /**
   * Server processes sharing the port (node:cluster), PostgreSQL only: one Node process is the limit of a
   * busy server (about a core); `WORKERS=2` on a 2-core machine. 1: one process, no cluster.
   */
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Sender address of those mails. */
  MAIL_FROM: z.string().min(3).default('督考 Dukao <dukao@localhost>'),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** Reads and validates the environment once; throws one sentence per bad setting. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings: ${problems.join('; ')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
