import { parentPort } from 'node:worker_threads';
import type { ServerMessageKey, ServerMessageParams } from '../../domain/server-messages';
import { AppError } from '../../errors';
import { readTemplate } from '../templates/read-template';
import { readTable } from './read-table';

/** What parse-off-thread.ts asks of this worker: read one uploaded file. */
export type ParseJob = { id: number; kind: 'table' | 'template'; bytes: Uint8Array; fileName: string };
/** Its answer: the parsed file, or the AppError (code, key, params, details) that refused it. */
export type ParseAnswer = { id: number } & (
  | { ok: true; value: unknown }
  | {
      ok: false;
      error:
        | { code: AppError['code']; key: ServerMessageKey; params: ServerMessageParams; details?: unknown }
        | { message: string };
    }
);

async function run(job: ParseJob): Promise<ParseAnswer> {
  const buffer = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  try {
    const value = job.kind === 'table' ? await readTable(buffer, job.fileName) : await readTemplate(buffer);
    return { id: job.id, ok: true, value };
  } catch (err) {
    if (err instanceof AppError)
      return {
        id: job.id,
        ok: false,
        error: {
          code: err.code,
          key: err.key,
          params: err.params,
          ...(err.details !== undefined ? { details: err.details } : {}),
        },
      };
    return { id: job.id, ok: false, error: { message: err instanceof Error ? err.message : String(err) } };
  }
}

// One job at a time: a second upload waits for the first, so concurrent large files do not add up in memory.
let queue: Promise<void> = Promise.resolve();
const port = parentPort;
port?.on('message', (job: ParseJob) => {
  queue = queue.then(async () => port.postMessage(await run(job)));
});
