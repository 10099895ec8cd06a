import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { applyMigrations } from '../../server/migrate';
import { backupEmbedded, restoreEmbedded } from '../../server/services/backup/embedded-backup';
import { loadDemo } from '../../server/services/demo/load-demo';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const TABLES = [
  'Unit',
  'User',
  'Submission',
  'Value',
  'Finding',
  'Commendation',
  'Score',
  'AuditLog',
  'ReportText',
  'Period',
  'Indicator',
];

async function counts(dataDir: string): Promise<Record<string, number>> {
  const db = await openDatabase({ dataDir });
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES)
      out[t] = Number((await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${t}"`))[0]!.n);
    out.scoreSum = Number((await db.sql.query<{ s: string }>(`SELECT sum(score)::text AS s FROM "Score"`))[0]!.s);
    return out;
  } finally {
    await db.close();
  }
}

// The embedded database's own backup; PostgreSQL is backed up with pg_dump/pg_restore (README).
describe('backup and restore of the embedded database', () => {
  it('restores a backup into an empty data directory with every row', async () => {
    const source = path.join(tmp, 'source');
    const db = await openDatabase({ dataDir: source });
    await applyMigrations(db.sql);
    await loadDemo(db.prisma, '2012-03-01');
    await db.close();
    const before = await counts(source);
    expect(before.Value).toBeGreaterThan(10_000);

    const file = path.join(tmp, 'dukao.backup');
    await backupEmbedded(source, file);
    const target = path.join(tmp, 'restored');
    await restoreEmbedded(file, target);
    expect(await counts(target)).toEqual(before);
  });

  it('refuses to restore over an existing database or from a file that is not a backup', async () => {
    const file = path.join(tmp, 'dukao.backup');
    await expect(restoreEmbedded(file, path.join(tmp, 'source'))).rejects.toThrow(/not empty/);
    const junk = path.join(tmp, 'junk.bin');
    fs.writeFileSync(junk, 'hello');
    await expect(restoreEmbedded(junk, path.join(tmp, 'other'))).rejects.toThrow(/not a Dukao backup/);
    expect(fs.existsSync(path.join(tmp, 'other'))).toBe(false);
  });
});
