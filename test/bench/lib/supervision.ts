/**
 * Bench lines of the supervision loop (issue 13): the daily job (warnings and digests) on the whole data set, and
 * a 20 MB evidence upload streamed into the database while the server's RSS is sampled.
 */
import http from 'node:http';
import type { Database } from '../../../server/db';
import { hashPassword } from '../../../server/services/auth/passwords';
import { runDailyJob } from '../../../server/services/supervision/daily-job';
import { bigJpeg } from '../../helpers/evidence';
import { login, rssMb, sampleRss } from './http';
import { type Summary, summarize } from './stats';

/** One unit operator per unit (what a real county has), so the job writes a digest for each unit's users. */
async function ensureUnitUsers(db: Database): Promise<number> {
  const have = await db.prisma.user.count({ where: { role: 'unit' } });
  if (have > 0) return have;
  const hash = await hashPassword('bench-unit-password-1');
  const units = await db.prisma.unit.findMany({ select: { id: true, code: true } });
  await db.prisma.user.createMany({
    data: units.map((u) => ({
      username: `op-${u.code}`,
      displayName: `op-${u.code}`,
      role: 'unit' as const,
      unitId: u.id,
      passwordHash: hash,
    })),
  });
  return units.length;
}

export async function measureDailyJob(
  db: Database,
  today: string,
  runs: number,
): Promise<{ units: number; items: number; red: number; digests: number; ms: Summary }> {
  const users = await ensureUnitUsers(db);
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof runDailyJob>> | undefined;
  for (let i = 0; i < runs; i++) {
    await db.prisma.jobRun.deleteMany({});
    await db.prisma.notification.deleteMany({});
    const t = performance.now();
    last = await runDailyJob(db.prisma, { today, now: () => new Date(), server: 'bench' });
    times.push(performance.now() - t);
  }
  await db.prisma.jobRun.deleteMany({});
  await db.prisma.notification.deleteMany({});
  const s = last?.summary;
  return { units: users, items: s?.items ?? 0, red: s?.red ?? 0, digests: s?.digests ?? 0, ms: summarize(times) };
}

function postStream(base: string, path: string, cookie: string, body: Buffer): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: url.pathname + url.search,
        headers: { 'content-type': 'application/octet-stream', cookie, 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    let offset = 0;
    const pump = () => {
      while (offset < body.length) {
        const piece = body.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Uploads a 20 MB photo to a rectification claim `runs` times; the server's RSS growth over its level before. */
export async function measureUpload(
  db: Database,
  server: { base: string; pid: number },
  inspector: { username: string; password: string },
  runs: number,
): Promise<{ mb: number; status: number[]; rssBeforeMb: number; rssPeakMb: number; growthMb: number; ms: Summary }> {
  const unit = await db.prisma.unit.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } });
  const finding = await db.prisma.finding.create({
    data: {
      unitId: unit.id,
      periodCode: '2024Q4',
      severity: 'minor',
      deduction: 0,
      description: 'bench',
      deadline: null,
    },
  });
  const claim = await db.prisma.rectificationClaim.create({
    data: {
      findingId: finding.id,
      unitId: unit.id,
      rectifiedAt: new Date('2025-02-01'),
      note: 'bench',
      claimedAt: new Date(),
    },
  });
  const cookie = await login(server.base, inspector.username, inspector.password);
  const photo = bigJpeg(20 * 1024 * 1024);
  // Warm the route once (code paths, pools), then measure.
  await postStream(server.base, `/api/evidence?ownerKind=claim&ownerId=${claim.id}&name=warm.jpg`, cookie, photo);
  await new Promise((r) => setTimeout(r, 1000));
  const before = rssMb(server.pid);
  const sampler = sampleRss(server.pid, 50);
  const status: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    status.push(
      await postStream(
        server.base,
        `/api/evidence?ownerKind=claim&ownerId=${claim.id}&name=photo-${i}.jpg`,
        cookie,
        photo,
      ),
    );
    times.push(performance.now() - t);
  }
  const peak = sampler.stop();
  await db.prisma.evidenceFile.deleteMany({ where: { ownerKind: 'claim', ownerId: claim.id } });
  return { mb: 20, status, rssBeforeMb: before, rssPeakMb: peak, growthMb: peak - before, ms: summarize(times) };
}
