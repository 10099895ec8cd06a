/**
 * The app server as `npm start` builds it (server/app.ts on server/db.ts), minus the first-start chores
 * (client build, demo data, score catch-up), in its own process so that its memory and CPU are its own.
 * Prints `{"port":N,"pid":P}` once listening; stops on SIGTERM.
 */
import { buildApp } from '../../server/app';
import { openDatabase } from '../../server/db';
import { readEnv } from '../../server/env';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('serve.ts needs DATABASE_URL');
const env = readEnv({
  DATABASE_URL: databaseUrl,
  DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  PORT: '0',
  HOST: '127.0.0.1',
});
const database = await openDatabase({ databaseUrl, dataDir: env.dataDir });
const app = await buildApp({ database, env, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
