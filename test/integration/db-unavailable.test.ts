/**
 * A lost database (failover, restart, no writable primary) is answered 503 with Retry-After — tRPC
 * SERVICE_UNAVAILABLE — on every path, never 500; /healthz says {"ok":false,…}. The classification
 * (server/db.ts isDatabaseUnavailable) is checked on the shapes node-postgres, the driver adapter and
 * Prisma give (recorded from a real failover), and end to end on an app whose database refuses connections.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, isDatabaseUnavailable, openDatabase } from '../../server/db';
import { AppError } from '../../server/errors';
import { buildTestApp, getWith, postJson } from '../helpers/http';
import { freePort } from '../helpers/processes';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const adapterError = (cause: object) => Object.assign(new Error('adapter'), { name: 'DriverAdapterError', cause });
const prismaError = (code: string, driverAdapterError?: object) =>
  Object.assign(new Error('Invalid `prisma.x()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: driverAdapterError ? { driverAdapterError } : undefined,
  });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a terminated backend (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a crashed server (57P02)', pgError('57P02', 'terminating connection because of crash of another server process')],
    ['a starting server (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', pgError('08006', 'connection failure')],
    [
      'a write on a standby (25006)',
      adapterError({ kind: 'postgres', code: '25006', message: 'read-only transaction' }),
    ],
    ['an unreachable server (adapter)', adapterError({ kind: 'DatabaseNotReachable' })],
    ['an unreachable server (Prisma P1001)', prismaError('P1001', adapterError({ kind: 'DatabaseNotReachable' }))],
    [
      'a raw query on a terminated backend (P2010)',
      prismaError('P2010', adapterError({ kind: 'postgres', code: '57P01' })),
    ],
    ['a closed connection (P1017)', prismaError('P1017')],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25000'), { code: 'ECONNREFUSED' }),
    ],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'a pool that cannot start a transaction',
      new Error('Transaction API error: Unable to start a transaction in the given time.'),
    ],
    ['one wrapped in a tRPC error', Object.assign(new Error('wrapped'), { cause: pgError('57P01', 'terminating') })],
  ])('%s is unavailability', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505', 'duplicate key value violates unique constraint')],
    [
      'a raw query with bad SQL (P2010, 42601)',
      prismaError('P2010', adapterError({ kind: 'postgres', code: '42601' })),
    ],
    ['a record not found (P2025)', prismaError('P2025')],
    ['a serialization failure (40001)', pgError('40001', 'could not serialize access')],
    [
      'an application error',
      new AppError('CONFLICT', 'backup.restoreFailed', { file: 'x', why: 'Connection terminated' }),
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['nothing', null],
    ['a string', 'Connection terminated'],
  ])('%s is not', (_what, err) => {
    // An AppError is answered by its own code before this is asked; only its shape matters here.
    if (err instanceof AppError) expect(isDatabaseUnavailable({ code: err.code })).toBe(false);
    else expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('an app server whose database refuses connections', () => {
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    // A port nothing listens on: every connection is refused, as through a proxy with no primary behind it.
    const port = await freePort();
    database = await openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/none`, dataDir: '' });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('says so on /healthz with 503 and {"ok":false}', async () => {
    const res = await getWith(app, '/healthz');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    const body = res.json() as { ok: boolean; reason: string };
    expect(body.ok).toBe(false);
    expect(body.reason).toMatch(/unavailable/);
  });

  it('answers tRPC queries and mutations SERVICE_UNAVAILABLE (503, Retry-After)', async () => {
    const query = await getWith(
      app,
      `/trpc/scores.rankings?input=${encodeURIComponent(JSON.stringify({ period: '2011Q4' }))}`,
      'dukao_session=x',
    );
    expect(query.statusCode).toBe(503);
    expect(query.headers['retry-after']).toBe('2');
    const qe = query.json() as { error: { message: string; data: { code: string } } };
    expect(qe.error.data.code).toBe('SERVICE_UNAVAILABLE');
    expect(qe.error.message).toMatch(/retry in a few seconds/);

    const mutation = await postJson(
      app,
      '/trpc/auth.changePassword',
      { current: 'a', next: 'bbbbbbbbbbbb' },
      { cookie: 'dukao_session=x' },
    );
    expect(mutation.statusCode).toBe(503);
    expect(mutation.headers['retry-after']).toBe('2');
    expect((mutation.json() as { error: { data: { code: string } } }).error.data.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers the HTTP routes 503 with Retry-After', async () => {
    const answers = [
      await postJson(app, '/auth/login', { username: 'leader', password: 'leader123' }),
      await postJson(app, '/auth/logout', {}, { cookie: 'dukao_session=x' }),
      await getWith(app, '/api/export/scores?period=2011Q4', 'dukao_session=x'),
      await getWith(app, '/api/rankings/published?period=2011Q4', 'dukao_session=x'),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect((res.json() as { error: string }).error).toMatch(/retry in a few seconds/);
    }
  });
});
