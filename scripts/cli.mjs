#!/usr/bin/env node
/**
 * `npm run cli -- …`: the compiled command line (dist/server/<hash>/cli.mjs, built by scripts/build.mjs when
 * the sources changed). Messages of a build go to standard error, so a command's standard output stays its own.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureServer } from './build.mjs';

const dir = await ensureServer({ log: (line) => console.error(line) });
const { cliMain } = await import(pathToFileURL(path.join(dir, 'cli.mjs')).href);
cliMain(process.argv.slice(2));
