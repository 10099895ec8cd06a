#!/usr/bin/env node
/**
 * `npm start`: builds what is stale (scripts/build.mjs: the client, the compiled server) and runs the compiled
 * server (dist/server/<hash>/start.mjs) with plain Node — no TypeScript compiler at run time.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureClient, ensureServer } from './build.mjs';

if (process.env.DUKAO_NO_CLIENT_BUILD !== '1') ensureClient();
const dir = await ensureServer();
await import(pathToFileURL(path.join(dir, 'start.mjs')).href);
