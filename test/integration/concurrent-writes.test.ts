/**
 * Many clients writing the same unit-quarters at once, over real HTTP: on PostgreSQL through two app servers
 * (buildApp on two openDatabase handles, i.e. two connection pools, on one database, as two-servers.test.ts);
 * on the embedded database through one (PGlite is one process). entry.save carries the version the client
 * read: a save against an older version must get CONFLICT (HTTP 409) with the current values, every accepted
 * save must bump the version by exactly one, nothing may be duplicated, and the materialized scores must equal
 * a full recomputation at the end.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { type Database, openDatabase } from '../../server/db';
import { todayOf } from '../../server/domain/periods';
import { readEnv } from '../../server/env';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { FIXED_NOW } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { DEMO_PASSWORDS } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

type Values = Record<string, number>;
type Entry = { version: number; status: string; values: Values };
type Answer<T> = {
  status: number;
  data: T | undefined;
  code: string | null;
  details: { version?: number; status?: string; values?: Values } | null;
};
type Session = { who: string; base: string; cookie: string };

/** The quarter the operators rework: verified in the demo (all of 2011 is open, none locked or published), returned by the inspector first. */
const PERIOD = '2011Q4';
const UNIT = 'T01';
/** Written differently by each writer (it counts for the disclosure score). */
const MARK = 'pub.news';
/** Incremented by the read-modify-write clients. */
const COUNTER = 'training.attendees';
const TODAY = todayOf(FIXED_NOW);

let db: TestDatabase;
let second: Database | null = null;
const servers: { app: FastifyInstance; base: string }[] = [];

async function post<T>(s: Session, path: string, body: unknown): Promise<Answer<T>> {
  const res = await fetch(s.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.base, cookie: s.cookie },
    body: JSON.stringify(body),
  });
  return answer<T>(res);
}

async function get<T>(s: Session, procedure: string, input: unknown): Promise<Answer<T>> {
  const res = await fetch(`${s.base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie: s.cookie },
  });
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<Answer<T>> {
  const body = (await res.json()) as {
    result?: { data: T };
    error?: { data: { code: string; details: Answer<T>['details'] } };
  };
  return {
    status: res.status,
    data: body.result?.data,
    code: body.error?.data.code ?? null,
    details: body.error?.data.details ?? null,
  };
}

async function login(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status, `${username} signs in`).toBe(200);
  return {
    who: username,
    base,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}

const readEntry = async (s: Session, unit = UNIT, period = PERIOD): Promise<Entry> => {
  const r = await get<Entry>(s, 'entry.get', { unit, period });
  expect(r.status, `${s.who} reads ${unit} ${period}`).toBe(200);
  return r.data!;
};
const save = (s: Session, version: number, values: Values, submit = false, unit = UNIT, period = PERIOD) =>
  post<{ version: number; status: string }>(s, '/trpc/entry.save', { unit, period, version, values, submit });

/** 200, or the HTTP status and tRPC code of a failure (so that an assertion shows 500 INTERNAL_SERVER_ERROR, not just 500). */
const outcome = (a: Answer<unknown>) => (a.status === 200 ? 200 : `${a.status} ${a.code}`);

/** Every save answered: accepted (200), or CONFLICT (409) carrying the current version and values. Nothing else. */
function splitAnswers(answers: Answer<{ version: number }>[]) {
  const unexpected = answers.filter((a) => !(a.status === 200 || (a.status === 409 && a.code === 'CONFLICT')));
  expect(unexpected).toEqual([]);
  return { accepted: answers.filter((a) => a.status === 200), conflicts: answers.filter((a) => a.status === 409) };
}

let inspector: Session;
let admin: Session;
/** Sessions allowed to write T01: its operators (three extra ones made by the admin), the inspector and the admin, on both servers. */
const t01Writers: Session[] = [];
/** Who writes which unit in the cross-unit test (operators for their own unit, city-wide roles for the others). */
const unitWriters = new Map<string, Session>();

beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
  const handles: Database[] = [db];
  if (ON_POSTGRES) {
    second = await openDatabase({ databaseUrl: db.url!, dataDir: '', poolSize: 5 });
    handles.push(second);
  }
  for (const database of handles) {
    // The demo's clock (2012-03-01): scores depend on the day, and the final recomputation uses the same one.
    const app = await buildApp({
      database,
      env: readEnv({ ...(db.url ? { DATABASE_URL: db.url } : {}), DATA_DIR: 'memory://' }),
      now: () => FIXED_NOW,
      logger: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    servers.push({ app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  }
  const on = (i: number) => servers[i % servers.length]!.base;
  inspector = await login(on(0), 'inspector', DEMO_PASSWORDS.inspector);
  admin = await login(on(1), 'admin', DEMO_PASSWORDS.admin);
  // The demo's own sign in while the database holds only the demo (exempt from the first-sign-in change and
  // the administrators' second factor); the security administrator then adds three operators, who sign in as
  // after their first sign-in (password changed).
  const demoT01: Session[] = [];
  for (let i = 0; i < servers.length; i++) demoT01.push(await login(on(i), 't01', DEMO_PASSWORDS.unit));
  const cityWriters = [
    inspector,
    await login(on(1), 'inspector', DEMO_PASSWORDS.inspector),
    admin,
    await login(on(0), 'admin', DEMO_PASSWORDS.admin),
  ];
  const t02 = await login(on(0), 't02', DEMO_PASSWORDS.unit);
  const d01 = await login(on(1), 'd01', DEMO_PASSWORDS.unit);
  const security = await login(on(0), 'security', DEMO_PASSWORDS.security);
  for (let i = 1; i <= 3; i++) {
    const made = await post(security, '/trpc/admin.createUser', {
      username: `t01op${i}`,
      role: 'unit',
      unit: UNIT,
      password: 'Operator-123',
    });
    expect(made.status).toBe(200);
  }
  await db.prisma.user.updateMany({
    where: { username: { startsWith: 't01op' } },
    data: { mustChangePassword: false },
  });
  for (let i = 0; i < servers.length; i++) {
    t01Writers.push(demoT01[i]!);
    for (let k = 1; k <= 3; k++) t01Writers.push(await login(on(i + k), `t01op${k}`, 'Operator-123'));
  }
  t01Writers.push(...cityWriters);
  unitWriters.set('T02', t02);
  unitWriters.set('D01', d01);
  for (const [i, unit] of ['T03', 'T04', 'T05', 'T06', 'T07', 'D02', 'D03', 'D04', 'D05', 'D06'].entries())
    unitWriters.set(unit, i % 2 ? admin : inspector);

  // The inspector returns T01's verified 2011Q4 so that it can be reworked.
  const verified = await readEntry(inspector);
  expect(verified.status).toBe('verified');
  const returned = await post(inspector, '/trpc/entry.review', {
    unit: UNIT,
    period: PERIOD,
    version: verified.version,
    action: 'return',
    reason: 'concurrency test',
  });
  expect(returned.status).toBe(200);
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.app.close();
  await second?.close();
  await db?.dispose();
});

/** Rows with the same key more than once (the primary keys forbid it; this checks they are there and hold). */
async function duplicates() {
  return db.sql.query(
    `SELECT 'Value' AS t, "periodCode", "unitId", count(*)::int AS n FROM "Value" GROUP BY "periodCode", "unitId", "indicatorCode" HAVING count(*) > 1
     UNION ALL SELECT 'Submission', "periodCode", "unitId", count(*)::int FROM "Submission" GROUP BY "periodCode", "unitId" HAVING count(*) > 1
     UNION ALL SELECT 'Score', "periodCode", "unitId", count(*)::int FROM "Score" GROUP BY "periodCode", "unitId" HAVING count(*) > 1`,
  );
}

/** Audited saves of one unit-quarter. */
async function auditedSaves(unit = UNIT, period = PERIOD): Promise<number> {
  const [r] = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "AuditLog" WHERE entity = 'submission' AND "entityId" = $1 AND action IN ('values.save_draft', 'values.submit')`,
    [`${unit}|${period}`],
  );
  return r!.n;
}

/** The stored values of one unit-quarter, straight from the table. */
async function storedValues(unit = UNIT, period = PERIOD): Promise<Values> {
  const rows = await db.sql.query<{ code: string; value: number }>(
    `SELECT v."indicatorCode" AS code, v.value FROM "Value" v JOIN "Unit" u ON u.id = v."unitId" WHERE u.code = $1 AND v."periodCode" = $2`,
    [unit, period],
  );
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.value)]));
}

describe(`concurrent writes over HTTP (${ON_POSTGRES ? 'two app servers on one PostgreSQL' : 'one app server on the embedded database'})`, {
  timeout: 120_000,
}, () => {
  it('32 saves of one unit-quarter on one read version: one is accepted, 31 get CONFLICT with its values', async () => {
    const writers = Array.from({ length: 32 }, (_, i) => t01Writers[i % t01Writers.length]!);
    const auditBefore = await auditedSaves();
    const reads = await Promise.all(writers.map((w) => readEntry(w)));
    const v0 = reads[0]!.version;
    expect(new Set(reads.map((r) => r.version))).toEqual(new Set([v0]));
    expect(reads[0]!.status).toBe('returned');
    const wanted = reads.map((r, i) => ({ ...r.values, [MARK]: r.values[MARK]! + 1 + i }));
    const answers = await Promise.all(writers.map((w, i) => save(w, v0, wanted[i]!)));

    const { accepted, conflicts } = splitAnswers(answers);
    expect(accepted.length).toBe(1);
    expect(conflicts.length).toBe(31);
    const winner = answers.findIndex((a) => a.status === 200);
    expect(answers[winner]!.data!.version).toBe(v0 + 1);
    for (const c of conflicts) {
      expect(c.details!.version).toBe(v0 + 1);
      expect(c.details!.values).toEqual(wanted[winner]);
    }
    const now = await readEntry(inspector);
    expect(now.version).toBe(v0 + 1);
    expect(now.status).toBe('draft');
    expect(now.values).toEqual(wanted[winner]);
    expect(await storedValues()).toEqual(wanted[winner]);
    expect(await auditedSaves()).toBe(auditBefore + 1);
    expect(await duplicates()).toEqual([]);
  });

  it('32 clients each reading and saving at once: the accepted saves take versions one by one, the others get CONFLICT', async () => {
    const writers = Array.from({ length: 32 }, (_, i) => t01Writers[(i * 5) % t01Writers.length]!);
    const auditBefore = await auditedSaves();
    const v1 = (await readEntry(inspector)).version;
    const wanted: Values[] = [];
    const answers = await Promise.all(
      writers.map(async (w, i) => {
        const read = await readEntry(w);
        wanted[i] = { ...read.values, [MARK]: read.values[MARK]! + 100 + i };
        return save(w, read.version, wanted[i]);
      }),
    );
    const { accepted } = splitAnswers(answers);
    const k = accepted.length;
    expect(k).toBeGreaterThanOrEqual(1);
    // The versions of the accepted saves are v1+1 … v1+k, each once: no two saves were accepted on one version.
    expect(accepted.map((a) => a.data!.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: k }, (_, i) => v1 + 1 + i),
    );
    const byVersion = new Map(
      answers.flatMap((a, i) => (a.status === 200 ? [[a.data!.version, wanted[i]!] as const] : [])),
    );
    // A conflict reports a version that an accepted save produced, with exactly that save's values.
    for (const c of answers.filter((a) => a.status === 409)) {
      expect(byVersion.has(c.details!.version!)).toBe(true);
      expect(c.details!.values).toEqual(byVersion.get(c.details!.version!));
    }
    const now = await readEntry(inspector);
    expect(now.version).toBe(v1 + k);
    expect(now.values).toEqual(byVersion.get(v1 + k)); // the last one committed
    expect(await storedValues()).toEqual(byVersion.get(v1 + k));
    expect(await auditedSaves()).toBe(auditBefore + k);
    expect(await duplicates()).toEqual([]);
  });

  it('12 clients incrementing one value with read, save, retry on CONFLICT: no increment is lost', async () => {
    const clients = Array.from({ length: 12 }, (_, i) => t01Writers[(i * 3 + 1) % t01Writers.length]!);
    const start = await readEntry(inspector);
    const auditBefore = await auditedSaves();
    let conflicts = 0;
    await Promise.all(
      clients.map(async (c) => {
        let { version, values } = await readEntry(c);
        for (let attempt = 1; ; attempt++) {
          expect(attempt, `${c.who} gave up`).toBeLessThanOrEqual(100);
          const res = await save(c, version, { ...values, [COUNTER]: (values[COUNTER] ?? 0) + 1 });
          if (res.status === 200) return;
          expect(res.code).toBe('CONFLICT');
          conflicts++;
          // Retry from what the conflict reports (what a client shows the user), not from a fresh read.
          version = res.details!.version!;
          values = res.details!.values!;
        }
      }),
    );
    const end = await readEntry(inspector);
    expect(end.values[COUNTER]).toBe((start.values[COUNTER] ?? 0) + clients.length);
    expect(end.version).toBe(start.version + clients.length);
    expect(await auditedSaves()).toBe(auditBefore + clients.length);
    expect(conflicts).toBeGreaterThanOrEqual(0); // how many depends on timing; the outcome does not
    expect(await duplicates()).toEqual([]);
  });

  it('saves of twelve other units in parallel (with a storm of stale saves on T01) do not conflict with each other', async () => {
    const units = [...unitWriters.keys()];
    // The inspector returns each unit's verified 2011Q3 (in parallel: each return re-scores its unit).
    const q3 = '2011Q3';
    const opened = await Promise.all(units.map((u) => readEntry(inspector, u, q3)));
    const returned = await Promise.all(
      units.map((u, i) =>
        post<{ version: number }>(inspector, '/trpc/entry.review', {
          unit: u,
          period: q3,
          version: opened[i]!.version,
          action: 'return',
          reason: 'parallel',
        }),
      ),
    );
    expect(returned.map(outcome)).toEqual(units.map(() => 200));

    const reads = await Promise.all(units.map((u) => readEntry(unitWriters.get(u)!, u, q3)));
    const t01 = await readEntry(inspector);
    const wanted = reads.map((r, i) => ({ ...r.values, [MARK]: (r.values[MARK] ?? 0) + 7 + i }));
    const [own, storm] = await Promise.all([
      Promise.all(units.map((u, i) => save(unitWriters.get(u)!, reads[i]!.version, wanted[i]!, false, u, q3))),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          save(t01Writers[i % t01Writers.length]!, t01.version, { ...t01.values, [MARK]: t01.values[MARK]! + 500 + i }),
        ),
      ),
    ]);
    expect(own.map(outcome)).toEqual(units.map(() => 200));
    expect(own.map((a) => a.data!.version)).toEqual(reads.map((r) => r.version + 1));
    expect(splitAnswers(storm).accepted.length).toBe(1);

    // And submitted in parallel: each submission re-scores and re-ranks its unit in the same period.
    const submitted = await Promise.all(
      units.map((u, i) => save(unitWriters.get(u)!, reads[i]!.version + 1, wanted[i]!, true, u, q3)),
    );
    expect(submitted.map(outcome)).toEqual(units.map(() => 200));
    for (const [i, u] of units.entries()) {
      const now = await readEntry(inspector, u, q3);
      expect(now.version).toBe(reads[i]!.version + 2);
      expect(now.status).toBe('submitted');
      expect(now.values).toEqual(wanted[i]);
    }
    expect(await duplicates()).toEqual([]);
  });

  it('T01 submitted at last; the stored scores equal a full recomputation', async () => {
    const t01 = await readEntry(inspector);
    const done = await save(t01Writers[0]!, t01.version, t01.values, true);
    expect(outcome(done)).toBe(200);
    const rep = await db.prisma.$transaction((tx) => rescoreAll(tx, TODAY), { timeout: 120_000 });
    expect(rep.differences).toEqual([]);
    expect(await duplicates()).toEqual([]);
  });
});
