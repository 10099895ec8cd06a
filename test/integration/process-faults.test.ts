import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { exitOf, processes, waitHealthy } from '../helpers/processes';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-faults-'));
const dataDir = path.join(tmp, 'data');
let pgDb: TestDatabase | null = null;
const { run, withDb } = processes(() => (pgDb?.url ? { databaseUrl: pgDb.url } : { dataDir }));

beforeAll(async () => {
  if (ON_POSTGRES) {
    pgDb = await createTestDatabase();
    await pgDb.close();
  }
});
afterAll(async () => {
  if (pgDb) await pgDb.dispose().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Spawns servers and CLIs and kills them: slow on two cores, so it runs when DUKAO_PROCESS_TESTS=1 (.ci/run sets it).
describe.runIf(process.env.DUKAO_PROCESS_TESTS === '1')(
  'processes: graceful shutdown and kills in the middle of work',
  { timeout: 240_000 },
  () => {
    it('starts on an empty database, stops cleanly on SIGTERM, and starts again with its data', async () => {
      const port = 3900 + Math.floor(Math.random() * 500);
      const first = run(['server/start.ts'], { PORT: String(port) });
      const done = exitOf(first);
      await waitHealthy(port);
      const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: 'leader123' }),
      });
      expect(login.status).toBe(200);
      first.kill('SIGTERM');
      const exit = await done;
      expect(exit.code).toBe(0);

      const second = run(['server/start.ts'], { PORT: String(port) });
      const done2 = exitOf(second);
      await waitHealthy(port);
      const again = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: 'leader123' }),
      });
      expect(again.status).toBe(200);
      second.kill('SIGTERM');
      expect((await done2).code).toBe(0);
    });

    it('a SIGKILL in the middle of a large import leaves all of it or none, and scores equal a full recomputation', async () => {
      const before = await withDb((db) => db.prisma.value.count());
      expect(before).toBeGreaterThan(10_000);
      // 1,000 new units and 40,000 values for them in one file.
      const units = [
        'code,name,type',
        ...Array.from({ length: 1000 }, (_, i) => `K${i},Synthetic unit ${i},department`),
      ].join('\n');
      fs.writeFileSync(path.join(tmp, 'units.csv'), units);
      const unitsRun = await exitOf(run(['server/cli/main.ts', 'import', 'units', path.join(tmp, 'units.csv')]));
      expect(unitsRun.code, unitsRun.stderr).toBe(0);
      const codes = [
        'pub.overview',
        'pub.plans',
        'pub.news',
        'pub.other',
        'pub.electronic',
        'chan.portal',
        'consult.online',
        'approval.cases',
        'approval.cases_ontime',
        'training.attendees',
      ];
      const lines = ['unit,period,indicator,value'];
      for (let i = 0; i < 1000; i++)
        for (const q of ['2011Q1', '2011Q2', '2011Q3', '2011Q4'])
          for (const c of codes)
            lines.push(`K${i},${q},${c},${c.endsWith('electronic') || c.endsWith('ontime') ? 1 : 3}`);
      fs.writeFileSync(path.join(tmp, 'values.csv'), lines.join('\n'));
      const importing = run(['server/cli/main.ts', 'import', 'values', path.join(tmp, 'values.csv')]);
      const killed = exitOf(importing);
      // Kill it in the middle of its one transaction: after the check, while rows are being written.
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        importing.stderr!.on('data', (d: Buffer) => {
          seen += d.toString();
          if (seen.includes('writing')) setTimeout(resolve, 150);
        });
        importing.on('exit', () => reject(new Error(`the import ended before it was killed: ${seen}`)));
      });
      importing.kill('SIGKILL');
      const exit = await killed;
      expect(exit.signal).toBe('SIGKILL');
      expect(exit.stderr).not.toMatch(/rows: \d+ values changed/);
      const after = await withDb((db) => db.prisma.value.count());
      expect([before, before + 40_000]).toContain(after);
      expect(after).toBe(before); // killed before its commit: none of it
      const rep = await withDb((db) =>
        db.prisma.$transaction((tx) => rescoreAll(tx, '2026-11-25'), { timeout: 300_000 }),
      );
      expect(rep.differences.filter((d) => d.field !== 'rankChange' && d.field !== 'rank')).toEqual([]);
    });
  },
);
