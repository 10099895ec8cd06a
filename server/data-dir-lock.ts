import fs from 'node:fs';
import path from 'node:path';

/**
 * One process at a time on an embedded (PGlite) data directory.
 *
 * PostgreSQL refuses a second postmaster on a data directory; PGlite takes no such lock, so two
 * processes (a running `npm start` and `npm run cli -- import`, or a killed parent's orphaned child)
 * can both open it, both write, and leave it unreadable: the next open dies with a bare
 * `RuntimeError: Aborted()`. So Dukao keeps its own lock: `<DATA_DIR>.lock` beside the directory,
 * holding the owner's process id. A lock whose process is gone (a SIGKILL) is taken over; a live
 * one is a clear error naming the process. One process may hold a directory once.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `The embedded database in ${dataDir} is already open in this process; close it first.`
        : `The embedded database in ${dataDir} is in use by process ${pid} (a running Dukao server or command). ` +
            `Stop it first, or use the running server (the web pages or its HTTP import), or set DATABASE_URL to use a PostgreSQL server. ` +
            `If process ${pid} is not Dukao, delete ${lockFileOf(dataDir)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

const held = new Set<string>();

/**
 * The directory's real path (symbolic links resolved, fs.realpath), so that a link to the same directory
 * finds the same lock. A directory not made yet is named through its nearest existing ancestor.
 */
export function realDataDir(dataDir: string): string {
  const full = path.resolve(dataDir);
  try {
    return fs.realpathSync(full);
  } catch {
    const parent = path.dirname(full);
    return parent === full ? full : path.join(realDataDir(parent), path.basename(full));
  }
}

export function lockFileOf(dataDir: string): string {
  return `${realDataDir(dataDir)}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `dataDir` (throws DataDirInUseError when another live process holds it); returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const dir = realDataDir(dataDir);
  const file = lockFileOf(dir);
  if (held.has(dir)) throw new DataDirInUseError(dir, process.pid);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      const owner = ownerOf(file);
      if (owner !== null && owner !== process.pid && alive(owner)) throw new DataDirInUseError(dir, owner);
      // Stale (its process is gone, or an earlier open of this process was never closed): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  held.add(dir);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(dir);
    if (ownerOf(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
