import { execFileSync, spawn } from 'node:child_process';
import cluster from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { openMigratedDatabase } from './bootstrap';
import { type Database, isDatabaseUnavailable } from './db';
import { cityHourOf, todayOf } from './domain/periods';
import { type Env, readEnv } from './env';
import { ROOT } from './paths';
import { isDatabaseEmpty, loadDemo } from './services/demo/load-demo';
import { catchUpScores } from './services/scoring/catch-up';
import { runDailyJob } from './services/supervision/daily-job';
import { sendPendingMail } from './services/supervision/mail';

const root = ROOT;

/** The first-start chores a cluster's primary does once, before its workers serve: client, migrations, demo. */
async function prepare(env: Env) {
  // DUKAO_NO_CLIENT_BUILD=1 serves the API only when no client is built (process tests).
  if (!fs.existsSync(path.join(root, 'dist/client/index.html')) && process.env.DUKAO_NO_CLIENT_BUILD !== '1') {
    console.log('Building the client (first start)…');
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const { database, applied } = await openMigratedDatabase(env);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
  if (await isDatabaseEmpty(database.prisma)) {
    console.log('Empty database: loading the illustrative Leiyang 2011 demo data…');
    const { data } = await loadDemo(database.prisma, todayOf(new Date()));
    console.log('Demo users (illustrative data; change these passwords before real use):');
    for (const u of data.users)
      console.log(`  ${u.username.padEnd(10)} ${u.password.padEnd(13)} ${u.role}${u.unit ? ` (${u.unit})` : ''}`);
  }
  return database;
}

/**
 * WORKERS > 1 (PostgreSQL): this process prepares the database, then forks that many servers sharing the
 * port and replaces any that dies; SIGTERM stops them all, each finishing its requests in flight. Each worker
 * is a whole server (sessions and caches' versions live in the database; the daily job runs once a day across
 * any number of servers).
 */
async function runCluster(env: Env) {
  if (!env.DATABASE_URL)
    throw new Error(
      `WORKERS=${env.WORKERS} needs PostgreSQL (DATABASE_URL): the embedded database is one process's. Unset WORKERS.`,
    );
  const database = await prepare(env);
  await database.close();
  let stopping = false;
  let listening = 0;
  // Workers run this module itself (the compiled bundle, or the source under tsx), not the build script.
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  const fork = () => cluster.fork();
  cluster.on('listening', () => {
    listening++;
    if (listening === env.WORKERS)
      console.log(
        `Dukao (督考) is serving http://${env.HOST}:${env.PORT}/ on PostgreSQL with ${env.WORKERS} worker processes`,
      );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < env.WORKERS; i++) fork();
}

async function serve(env: Env, database: Database) {
  const worker = cluster.isWorker;
  const caughtUp = await catchUpScores(database.prisma, todayOf(new Date()));
  if (caughtUp.findings)
    console.log(`Re-scored ${caughtUp.findings} findings that fell due since ${caughtUp.from ?? 'the last start'}.`);
  const app = await buildApp({
    database,
    env,
    logger: {
      level: env.LOG_LEVEL,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  });
  // Findings fall due at midnight; keep materialized scores current without a restart, and run the day's
  // supervision job (warnings, digests, mail) once the city's day has reached DAILY_JOB_HOUR. A run that
  // fails (no primary during a failover) wrote nothing (one transaction each) and is tried again in seconds.
  const server = `${os.hostname()}:${process.pid}`;
  const daily = async () => {
    const now = new Date();
    await catchUpScores(database.prisma, todayOf(now));
    if (cityHourOf(now) >= env.DAILY_JOB_HOUR) {
      const r = await runDailyJob(database.prisma, { today: todayOf(now), now: () => new Date(), server });
      if (r.ran) app.log.info({ job: r.summary }, 'daily supervision job done');
      // PGlite has no autovacuum: the embedded database is vacuumed once a day, after the job.
      if (r.ran && database.sql.kind === 'pglite') await database.sql.exec('VACUUM (ANALYZE)');
    }
    const mail = await sendPendingMail(database.prisma, env, new Date());
    if (mail.sent || mail.failed) app.log.info({ mail }, 'mail sent');
  };
  const catchUp = () =>
    daily().then(
      () => {
        const every = env.DAILY_JOB_CHECK_SECONDS * 1000;
        schedule(env.DAILY_JOB_HOUR === cityHourOf(new Date()) ? Math.min(every, 60_000) : every);
      },
      (err: unknown) => {
        if (isDatabaseUnavailable(err)) app.log.warn('score catch-up: no database, retrying in 5 s');
        else app.log.error({ err }, 'score catch-up or daily job failed');
        schedule(5_000);
      },
    );
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    timer = setTimeout(() => void catchUp(), ms);
    timer.unref();
  };
  schedule(5_000);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearTimeout(timer);
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close();
    } finally {
      await database.close();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: env.PORT, host: env.HOST });
  if (!worker)
    console.log(
      `Dukao (督考) is serving http://${env.HOST}:${env.PORT}/ on ${database.sql.kind === 'pglite' ? `the embedded database in ${env.dataDir}` : 'PostgreSQL'}`,
    );
}

/**
 * The embedded database is prepared (created, migrated, the demo loaded) by a short-lived copy of this process:
 * PGlite's heap grows with that work and never shrinks, and the server then opens the finished folder at its
 * resting size. The child prints what a first start prints (the demo users).
 */
async function prepareEmbedded(): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, DUKAO_PREPARE_ONLY: '1' },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`preparing the embedded database failed (exit ${code}); see above`);
}

async function main() {
  const env = readEnv();
  if (process.env.DUKAO_PREPARE_ONLY === '1') {
    const database = await prepare(env);
    await database.close();
    return;
  }
  if (!env.DATABASE_URL && env.WORKERS === 1) {
    await prepareEmbedded();
    const { database } = await openMigratedDatabase(env);
    return serve(env, database);
  }
  if (cluster.isWorker) {
    // A cluster's worker: the primary prepared the database; open it and serve.
    const { database } = await openMigratedDatabase(env);
    return serve(env, database);
  }
  if (env.WORKERS > 1) return runCluster(env);
  return serve(env, await prepare(env));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
