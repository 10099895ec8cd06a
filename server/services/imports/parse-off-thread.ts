import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors';
import type { ReadTemplate } from '../templates/read-template';
import type { ParseAnswer, ParseJob } from './parse-worker';
import type { TableFile } from './read-table';

/**
 * The worker's entry: beside the compiled server (dist/server/<hash>/parse-worker.mjs, scripts/build.mjs), or
 * from the TypeScript sources through tsx (parse-worker-boot.mjs).
 */
const COMPILED_WORKER = new URL('./parse-worker.mjs', import.meta.url);
const BOOT = fs.existsSync(fileURLToPath(COMPILED_WORKER))
  ? COMPILED_WORKER
  : new URL('./parse-worker-boot.mjs', import.meta.url);

/** The worker may use at most this much heap; past it the worker dies and its uploads are refused, not the server. */
const WORKER_HEAP_MB = 1536;

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: unknown) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(BOOT, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  // An idle worker does not keep the process alive (commands and tests end when their work is done).
  w.unref();
  w.on('message', (answer: ParseAnswer) => {
    const p = pending.get(answer.id);
    if (!p) return;
    pending.delete(answer.id);
    if (pending.size === 0) w.unref();
    if (answer.ok) p.resolve(answer.value);
    else if ('code' in answer.error)
      p.reject(new AppError(answer.error.code, answer.error.key, answer.error.params, answer.error.details));
    else p.reject(new Error(answer.error.message));
  });
  w.on('error', (err) => {
    if (worker === w) worker = null;
    failAll(
      (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new AppError('PAYLOAD_TOO_LARGE', 'imports.outOfMemory')
        : err,
    );
  });
  w.on('exit', (code) => {
    if (worker === w) worker = null;
    failAll(new Error(`The file reader stopped (exit code ${code}) before answering.`));
  });
  worker = w;
  return w;
}

/**
 * Parses an uploaded file in a worker thread, so that a large CSV or workbook (seconds of parsing) never holds
 * up the event loop: /healthz and every other user's requests go on meanwhile. One long-lived worker reads
 * the uploads one after another; it is started on the first upload and again after it dies.
 */
function parseOffThread(kind: ParseJob['kind'], buffer: Buffer, fileName: string): Promise<unknown> {
  const bytes = new Uint8Array(buffer.byteLength);
  bytes.set(buffer);
  const id = nextId++;
  const job: ParseJob = { id, kind, bytes, fileName };
  return new Promise((resolve, reject) => {
    const w = theWorker();
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage(job, [bytes.buffer]);
  });
}

/** readTable (read-table.ts) in the worker thread. */
export async function readTableOffThread(buffer: Buffer, fileName: string): Promise<TableFile> {
  return (await parseOffThread('table', buffer, fileName)) as TableFile;
}

/** readTemplate (read-template.ts) in the worker thread. */
export async function readTemplateOffThread(buffer: Buffer): Promise<ReadTemplate> {
  return (await parseOffThread('template', buffer, 'template.xlsx')) as ReadTemplate;
}
