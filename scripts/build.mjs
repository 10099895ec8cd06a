#!/usr/bin/env node
/**
 * The production build (issue 17): the client with Vite into dist/client, the server with esbuild into
 * dist/server/<hash>/ (start.mjs, cli.mjs, parse-worker.mjs and their shared chunks; node_modules stay
 * outside the bundle). Each part is rebuilt only when its sources changed: a part records the SHA-256 of its
 * sources, and `npm start` / `npm run cli` build what is stale before they run, so they never run old code.
 *
 * A build is written beside its target and renamed into place, so a server running from the previous build
 * never sees a half-written one, and two starts at once build at most twice, never into each other.
 *
 *   node scripts/build.mjs            build what is stale (npm run build)
 *   node scripts/build.mjs --force    build both parts again
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT_DIR = path.join(ROOT, 'dist/client');
const SERVER_DIR = path.join(ROOT, 'dist/server');
const HASH_FILE = '.source-hash';

/** What each part is built from (files and folders under ROOT). */
const CLIENT_SOURCES = ['client', 'vite.config.ts', 'server/domain', 'package-lock.json'];
const SERVER_SOURCES = ['server', 'scripts/build.mjs', 'tsconfig.json', 'package-lock.json'];

function filesOf(rel) {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => filesOf(path.join(rel, e.name)));
}

/** SHA-256 over the sources' paths and contents: the same sources give the same hash on any machine. */
export function sourceHash(sources) {
  const h = crypto.createHash('sha256');
  for (const f of sources.flatMap(filesOf)) {
    h.update(f);
    h.update('\0');
    h.update(fs.readFileSync(path.join(ROOT, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

const readHash = (dir) => {
  try {
    return fs.readFileSync(path.join(dir, HASH_FILE), 'utf8').trim();
  } catch {
    return null;
  }
};

/** Moves a finished build into place: `target` is replaced whole, never seen half-written. */
function swapIn(tmp, target) {
  const old = `${target}.old-${process.pid}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(tmp, target);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Builds the client when dist/client is missing or its sources changed; returns whether it built. */
export function ensureClient({ force = false, log = console.log } = {}) {
  const hash = sourceHash(CLIENT_SOURCES);
  if (!force && readHash(CLIENT_DIR) === hash && fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) return false;
  log('Building the client (vite build)…');
  const tmp = path.join(ROOT, `dist/.client-build-${process.pid}`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'],
    // Vitest and others set NODE_ENV=test or development, which would bundle React's development build.
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  fs.writeFileSync(path.join(tmp, HASH_FILE), `${hash}\n`);
  swapIn(tmp, CLIENT_DIR);
  return true;
}

/**
 * The folder of the compiled server for the current sources (dist/server/<hash>), built when missing.
 * Older builds are removed once a week old (a server still running from one has loaded it already, but for
 * its upload worker, which it starts from that folder: a week is far more than any run between two starts).
 */
export async function ensureServer({ force = false, log = console.log } = {}) {
  const hash = sourceHash(SERVER_SOURCES);
  const dir = path.join(SERVER_DIR, hash);
  if (!force && fs.existsSync(path.join(dir, HASH_FILE))) return dir;
  log('Compiling the server (esbuild)…');
  const { build } = await import('esbuild');
  const tmp = path.join(SERVER_DIR, `.build-${hash}-${process.pid}`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      start: 'server/start.ts',
      cli: 'server/cli/main.ts',
      'parse-worker': 'server/services/imports/parse-worker.ts',
    },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(tmp, HASH_FILE), `${hash}\n`);
  try {
    if (force && fs.existsSync(dir)) swapIn(tmp, dir);
    else fs.renameSync(tmp, dir);
  } catch (err) {
    // Another start built the same sources meanwhile: theirs is as good as ours.
    if (!fs.existsSync(path.join(dir, HASH_FILE))) throw err;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const weekAgo = Date.now() - 7 * 86_400_000;
  for (const e of fs.readdirSync(SERVER_DIR)) {
    const p = path.join(SERVER_DIR, e);
    if (p !== dir && fs.statSync(p).mtimeMs < weekAgo) fs.rmSync(p, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const force = process.argv.includes('--force');
  const t = Date.now();
  const built = ensureClient({ force });
  const dir = await ensureServer({ force });
  console.log(
    `${built ? 'Client built' : 'Client up to date'}; server in ${path.relative(ROOT, dir)} (${Date.now() - t} ms).`,
  );
}
