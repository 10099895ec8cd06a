import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { applyMigrations } from '../../server/migrate';
import { backupEmbedded, restoreEmbedded } from '../../server/services/backup/embedded-backup';
import { loadDemo } from '../../server/services/demo/load-demo';
import { openEvidence, uploadEvidence } from '../../server/services/evidence/evidence-files';
import { bigJpeg } from '../helpers/evidence';

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
  'EvidenceFile',
  'EvidenceChunk',
];

const INSPECTOR = { id: 1, username: 'inspector', role: 'inspector' as const, unitId: null };

/** Reads an evidence file back through the app's own streaming read. */
async function evidenceBytes(dataDir: string, id: number): Promise<Buffer> {
  const db = await openDatabase({ dataDir });
  try {
    const { chunks } = await openEvidence(db.prisma, INSPECTOR, id);
    const parts: Buffer[] = [];
    for await (const c of chunks) parts.push(c);
    return Buffer.concat(parts);
  } finally {
    await db.close();
  }
}

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
    // An evidence file of several chunks goes with the backup.
    const unit = await db.prisma.unit.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } });
    const finding = await db.prisma.finding.create({
      data: {
        unitId: unit.id,
        periodCode: '2011Q4',
        severity: 'minor',
        deduction: 0,
        description: '备份',
        deadline: null,
      },
    });
    const claim = await db.prisma.rectificationClaim.create({
      data: {
        findingId: finding.id,
        unitId: unit.id,
        rectifiedAt: new Date('2012-02-01'),
        note: '',
        claimedAt: new Date(),
      },
    });
    const photo = bigJpeg(600 * 1024);
    const file = await uploadEvidence(db.prisma, INSPECTOR, {
      ownerKind: 'claim',
      ownerId: claim.id,
      name: '照片.jpg',
      body: [photo.subarray(0, 100_000), photo.subarray(100_000)],
      maxBytes: 20 * 1024 * 1024,
      now: new Date(),
    });
    await db.close();
    const before = await counts(source);
    expect(before.Value).toBeGreaterThan(10_000);

    const backup = path.join(tmp, 'dukao.backup');
    await backupEmbedded(source, backup);
    const target = path.join(tmp, 'restored');
    await restoreEmbedded(backup, target);
    expect(await counts(target)).toEqual(before);
    expect(before.EvidenceChunk).toBe(3);
    expect((await evidenceBytes(target, file.id)).equals(photo)).toBe(true);
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
