import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileOf } from '../../server/data-dir-lock';
import { DataDirInUseError, openDatabase } from '../../server/db';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-lock-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('one process at a time on an embedded data directory', () => {
  it('refuses a second open in this process, and frees the directory on close', async () => {
    const dir = path.join(tmp, 'a');
    const db = await openDatabase({ dataDir: dir });
    expect(fs.readFileSync(lockFileOf(dir), 'utf8').trim()).toBe(String(process.pid));
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await db.close();
    expect(fs.existsSync(lockFileOf(dir))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('takes over the lock of a process that is gone (a SIGKILL)', async () => {
    const dir = path.join(tmp, 'b');
    fs.mkdirSync(dir, { recursive: true });
    // A process id that cannot be running: above the kernel's maximum.
    fs.writeFileSync(lockFileOf(dir), '4194305\n');
    const db = await openDatabase({ dataDir: dir });
    expect(fs.readFileSync(lockFileOf(dir), 'utf8').trim()).toBe(String(process.pid));
    await db.close();
  });

  it('a command on a directory a running process holds fails with a clear error and touches nothing', async () => {
    const dir = path.join(tmp, 'c');
    const db = await openDatabase({ dataDir: dir });
    try {
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'migrate'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain(`in use by process ${process.pid}`);
      // Still ours, and the database still answers.
      expect(fs.readFileSync(lockFileOf(dir), 'utf8').trim()).toBe(String(process.pid));
      expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('goes by the real path: through a symbolic link to the same directory a second open is refused', async () => {
    const dir = path.join(tmp, 'd');
    const link = path.join(tmp, 'd-link');
    const db = await openDatabase({ dataDir: dir });
    try {
      fs.symlinkSync(dir, link, 'dir');
      expect(lockFileOf(link)).toBe(lockFileOf(dir));
      await expect(openDatabase({ dataDir: link })).rejects.toBeInstanceOf(DataDirInUseError);
      // Another process through the link is refused too, naming this process.
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'migrate'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: link, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain(`in use by process ${process.pid}`);
      expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
