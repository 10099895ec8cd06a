import fs from 'node:fs';
import path from 'node:path';
import { DataDirInUseError, openPGlite } from '../../db';
import { AppError } from '../../errors';

const MAGIC = Buffer.from('DUKAO-BACKUP-1\n');

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/**
 * Writes a backup of the embedded database in `dataDir` to `file`: a gzipped tar of the data
 * directory made by PGlite itself (consistent: PGlite checkpoints before dumping). The server must
 * not be running on the same data directory (PGlite is single-process).
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (isEmptyDir(dataDir)) throw new AppError('BAD_REQUEST', 'backup.noDatabase', { dataDir });
  const { pglite: db, release } = await openPGlite(dataDir);
  try {
    const blob = await db.dumpDataDir('gzip');
    const body = Buffer.concat([MAGIC, Buffer.from(await blob.arrayBuffer())]);
    const tmp = `${file}.partial`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, file);
    return { bytes: body.length };
  } finally {
    await db.close();
    release();
  }
}

/** Restores a backup into an EMPTY data directory (never over an existing database). */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (!fs.existsSync(file)) throw new AppError('BAD_REQUEST', 'backup.noSuchFile', { file });
  if (!isEmptyDir(dataDir)) throw new AppError('BAD_REQUEST', 'backup.notEmpty', { dataDir });
  const body = fs.readFileSync(file);
  if (!body.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('BAD_REQUEST', 'backup.notABackup', { file });
  let release = () => {};
  try {
    const opened = await openPGlite(path.resolve(dataDir), { loadDataDir: new Blob([body.subarray(MAGIC.length)]) });
    release = opened.release;
    await opened.pglite.query('SELECT 1');
    await opened.pglite.close();
  } catch (err) {
    if (err instanceof DataDirInUseError) throw err; // someone else's directory: leave it alone
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new AppError('BAD_REQUEST', 'backup.restoreFailed', {
      file,
      why: ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message,
    });
  } finally {
    release();
  }
}
