import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodBounds } from '../../server/domain/periods';
import { seededRandom as mulberry32 } from '../../server/domain/seeded-random';
import type { SessionUser } from '../../server/services/auth/sessions';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { callerFor, sessionUserOf } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// A seeded sequence of random writes through the routers (entries, reviews, findings, rectifications,
// commendations, rounds, locks), valid and invalid alike. Afterwards the materialized scores must equal a full
// recomputation, and every write that succeeded must have left exactly one audit entry.
const SEED = 20111231;
const STEPS = 160;
const TODAY = '2012-03-01';
const UNITS = ['T01', 'T02', 'T03', 'T30', 'D01', 'D02', 'I01'];
const QUARTERS = ['2011Q2', '2011Q3', '2011Q4', '2012Q1', '2012Q2'];

let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
const unitUsers = new Map<string, SessionUser>();
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  for (const code of UNITS) {
    const u = await db.prisma.user.findFirst({ where: { role: 'unit', unit: { code } }, select: { username: true } });
    if (u) unitUsers.set(code, await sessionUserOf(db, u.username));
  }
});
afterAll(async () => db?.dispose());

describe('random writes', () => {
  it(`keep materialized scores equal to a full recomputation (seed ${SEED}, ${STEPS} steps) and are all audited`, async () => {
    const rnd = mulberry32(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const addDays = (iso: string, days: number) =>
      new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const admin = callerFor(db, users.admin);
    const inspector = callerFor(db, users.inspector);
    const leader = callerFor(db, users.leader);
    const entrant = (unit: string) =>
      rnd() < 0.6 && unitUsers.has(unit) ? callerFor(db, unitUsers.get(unit)!) : pick([admin, inspector]);

    const randomValues = (grassroots: boolean, valid: boolean) => {
      const v: Record<string, number> = {};
      for (const code of [
        'pub.overview',
        'pub.news',
        'pub.finance',
        'req.online',
        'reply.granted',
        'appeal.review',
        'training.attendees',
      ])
        if (rnd() < 0.7) v[code] = int(0, 30);
      const pubs = (v['pub.overview'] ?? 0) + (v['pub.news'] ?? 0) + (v['pub.finance'] ?? 0);
      v['pub.electronic'] = int(0, pubs);
      v['approval.cases'] = int(0, 50);
      v['approval.cases_ontime'] = int(0, v['approval.cases']);
      if (grassroots) v['approval.deployed'] = int(0, 1);
      if (!valid) {
        const kind = int(0, 3);
        if (kind === 0) v['pub.news'] = -int(1, 5);
        else if (kind === 1) v['training.attendees'] = 1.5;
        else if (kind === 2) v['pub.unknown'] = 1;
        else v['approval.cases_ontime'] = v['approval.cases'] + 1;
      }
      return v;
    };

    let succeeded = 0;
    const refused = new Map<string, number>();
    const auditBefore = await db.prisma.auditLog.count();
    const locked = new Set<string>();
    for (let step = 0; step < STEPS; step++) {
      const unit = pick(UNITS);
      const period = pick(QUARTERS);
      const r = rnd();
      let op = '';
      try {
        if (r < 0.3) {
          op = 'save';
          const entry = await admin.entry.get({ unit, period });
          const version = rnd() < 0.1 ? Math.max(0, entry.version - 1) : entry.version;
          await entrant(unit).entry.save({
            unit,
            period,
            version,
            values: randomValues(unit.startsWith('T') || unit.startsWith('S'), rnd() < 0.85),
            submit: rnd() < 0.6,
          });
        } else if (r < 0.42) {
          op = 'review';
          const pending = await inspector.entry.pending({});
          const target = pending.length ? pick(pending) : null;
          if (!target) continue;
          const ret = rnd() < 0.4;
          await inspector.entry.review({
            unit: target.unit,
            period: target.period,
            version: target.version,
            action: ret ? 'return' : 'verify',
            ...(ret ? { reason: '请核对' } : {}),
          });
        } else if (r < 0.6) {
          op = 'createFinding';
          const start = periodBounds(period).start;
          const deadline = rnd() < 0.2 ? null : addDays(start, int(-10, 200));
          await pick([admin, inspector]).inspection.createFinding({
            unit,
            period,
            severity: rnd() < 0.05 ? 'veto' : pick(['minor', 'major'] as const),
            deduction: int(0, 12) / 2,
            description: `随机督查发现 ${step}`,
            deadline,
          });
        } else if (r < 0.7) {
          op = rnd() < 0.5 ? 'updateFinding' : 'deleteFinding';
          const list = await inspector.inspection.findings({ unit });
          if (!list.length) continue;
          const f = pick(list);
          if (op === 'updateFinding') {
            await inspector.inspection.updateFinding({
              id: f.id,
              version: f.version,
              severity: 'major',
              deduction: int(0, 8),
              description: f.description,
              deadline: rnd() < 0.5 ? f.deadline : addDays(periodBounds(f.period).start, int(0, 150)),
            });
          } else await inspector.inspection.deleteFinding({ id: f.id, version: f.version });
        } else if (r < 0.8) {
          op = 'rectify';
          const list = await inspector.inspection.findings({ unit });
          if (!list.length) continue;
          const f = pick(list);
          const at = addDays(periodBounds(f.period).start, int(0, 200));
          await entrant(f.unit).inspection.rectify({
            id: f.id,
            version: f.version,
            rectifiedAt: at > TODAY ? TODAY : at,
            note: '已整改',
          });
        } else if (r < 0.86) {
          op = 'reviewRectification';
          const pending = (await inspector.inspection.findings({})).filter((f) => f.rectificationStatus === 'pending');
          if (!pending.length) continue;
          const f = pick(pending);
          const ok = rnd() < 0.6;
          await inspector.inspection.reviewRectification({
            id: f.id,
            version: f.version,
            confirm: ok,
            ...(ok ? {} : { reason: '材料不全' }),
          });
        } else if (r < 0.93) {
          op = 'createCommendation';
          await inspector.inspection.createCommendation({
            unit,
            period,
            points: int(1, 8) / 2,
            reason: `表彰 ${step}`,
          });
        } else if (r < 0.97) {
          op = 'createRound';
          await inspector.inspection.createRound({
            period,
            date: periodBounds(period).start,
            offices: ['市监察局'],
            note: '',
          });
        } else {
          // Only 2011 quarters get locked, so that writes create the 2012 periods while they are open.
          const quarter = pick(QUARTERS.filter((q) => q.startsWith('2011')));
          op = locked.has(quarter) ? 'reopen' : 'lock';
          await leader.admin.periodState({
            period: quarter,
            action: op as 'lock' | 'reopen',
            ...(op === 'reopen' ? { reason: '随机重开' } : {}),
          });
          if (op === 'lock') locked.add(quarter);
          else locked.delete(quarter);
        }
        succeeded++;
      } catch (err) {
        if (!(err instanceof TRPCError) || err.code === 'INTERNAL_SERVER_ERROR') throw err;
        refused.set(`${op} ${err.code}`, (refused.get(`${op} ${err.code}`) ?? 0) + 1);
      }
    }
    expect(succeeded).toBeGreaterThan(STEPS / 3);
    expect([...refused.keys()].some((k) => k.startsWith('save BAD_REQUEST'))).toBe(true);
    expect(await db.prisma.auditLog.count()).toBe(auditBefore + succeeded);

    // Locked quarters are left out of the recomputation; then reopen them (which re-scores) and compare again.
    const first = await db.prisma.$transaction((tx) => rescoreAll(tx, TODAY), { timeout: 300_000 });
    expect(first.differences).toEqual([]);
    for (const period of locked) await leader.admin.periodState({ period, action: 'reopen', reason: '复核' });
    const all = await db.prisma.$transaction((tx) => rescoreAll(tx, TODAY), { timeout: 300_000 });
    expect(all.differences).toEqual([]);
    expect(all.periods).toEqual(expect.arrayContaining(['2012', '2012Q1', '2012Q2']));
  });
});
