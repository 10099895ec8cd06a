/**
 * The production build (issue 17): `npm start` and `npm run cli` run the server compiled by scripts/build.mjs
 * (esbuild, dist/server/<hash>/) with plain Node. This runs the compiled server as a process on a fresh
 * embedded database — migrations found, the demo loaded, a sign-in, an upload parsed by the compiled worker
 * thread — and the compiled command line on the same data. Process test (DUKAO_PROCESS_TESTS=1).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompiledServer } from '../helpers/processes';

const ROOT = path.resolve(__dirname, '../..');
const enabled = process.env.DUKAO_PROCESS_TESTS === '1' && !process.env.DATABASE_URL;

describe.runIf(enabled)('the compiled server and command line', () => {
  let dataDir: string;
  let server: ChildProcess | undefined;
  let base: string;
  let serverDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-build-'));
    // What `npm start` runs first: build what is stale (here the server; the client is not needed).
    const started = await startCompiledServer({ DATABASE_URL: '', DATA_DIR: dataDir }, { timeoutMs: 120_000 });
    server = started.proc;
    base = started.base;
    serverDir = started.serverDir;
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.on('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is plain JavaScript: no TypeScript loader in the process, the bundle beside its worker', () => {
    expect(fs.existsSync(path.join(serverDir, 'start.mjs'))).toBe(true);
    expect(fs.existsSync(path.join(serverDir, 'parse-worker.mjs'))).toBe(true);
    const cmdline = fs.readFileSync(`/proc/${server!.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline.join(' ')).not.toMatch(/tsx/);
  });

  it('serves: migrations applied, the demo loaded, a sign-in, an upload read by the worker thread', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin123' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csv = 'unit,period,points,reason\nT01,2011Q4,1,整改及时\n';
    const upload = await fetch(`${base}/api/import/commendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ fileName: 'c.csv', contentBase64: Buffer.from(csv).toString('base64') }),
    });
    expect(upload.status, await upload.clone().text()).toBe(200);
    expect(await upload.json()).toMatchObject({ kind: 'commendations', created: 1 });
  });

  it('runs the command line compiled: --help at once, and an export equal to the sources’ one', async () => {
    const help = spawn(process.execPath, ['scripts/cli.mjs', 'export', '--help'], { cwd: ROOT });
    let text = '';
    help.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    expect(await new Promise((r) => help.on('exit', r))).toBe(0);
    expect(text).toMatch(/^Usage: npm run cli/);
    // Help asked for is a success; no command at all is an error (with the usage on standard error).
    expect(spawnSync(process.execPath, ['scripts/cli.mjs', '--help'], { cwd: ROOT }).status).toBe(0);
    const bare = spawnSync(process.execPath, ['scripts/cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(bare.status).toBe(1);
    expect(bare.stderr).toMatch(/^Usage: npm run cli/);
    // The server holds the embedded database; stop it, then export from it with both command lines.
    const exited = new Promise((r) => server!.on('exit', r));
    server!.kill('SIGTERM');
    await exited;
    const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, NODE_OPTIONS: '' };
    const args = ['export', 'values', '--period', '2011', '--format', 'csv'];
    const compiled = execFileSync(process.execPath, ['scripts/cli.mjs', ...args], { cwd: ROOT, env });
    const sources = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
      cwd: ROOT,
      env,
    });
    expect(compiled.length).toBeGreaterThan(1000);
    expect(compiled.equals(sources)).toBe(true);
  }, 120_000);
});
