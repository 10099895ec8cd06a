import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app';
import { openMigratedDatabase } from './bootstrap';
import { isDatabaseUnavailable } from './db';
import { cityHourOf, todayOf } from './domain/periods';
import { readEnv } from './env';
import { ROOT } from './paths';
import { isDatabaseEmpty, loadDemo } from './services/demo/load-demo';
import { catchUpScores } from './services/scoring/catch-up';
import { runDailyJob } from './services/supervision/daily-job';
import { sendPendingMail } from './services/supervision/mail';

const root = ROOT;

async function main() {
  const env = readEnv();
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
  console.log(
    `Dukao (督考) is serving http://${env.HOST}:${env.PORT}/ on ${database.sql.kind === 'pglite' ? `the embedded database in ${env.dataDir}` : 'PostgreSQL'}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
