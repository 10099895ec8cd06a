import { CITY_SCOPE } from '../../server/domain/names';
/**
 * The authorization matrix: every tRPC procedure and every HTTP endpoint × every role → the expected
 * outcome, in ONE table. A procedure or endpoint without a row fails the first test.
 *
 * Inputs target unit A's (T01) data wherever a procedure takes a unit or a record, so unit B (T02)
 * must get NOT_FOUND. Mutations get a fresh target per case (a new finding, an unused quarter …),
 * built as the administrator just before the call, so every case is independent of the others.
 */

import { TRPCError } from '@trpc/server';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/routers/app-router';
import { type SessionUser, userOfSession } from '../../server/services/auth/sessions';
import { uploadEvidence } from '../../server/services/evidence/evidence-files';
import { ensurePeriods } from '../../server/services/periods/ensure-periods';
import { buildQuarterTemplate } from '../../server/services/templates/build-template';
import { callerFor, FIXED_NOW } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { PNG } from '../helpers/evidence';
import { buildTestApp, DEMO_PASSWORDS, loginAs, sessionCookieOf, settleDemoAccounts } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

const ROLES = ['anonymous', 'unitA', 'unitB', 'inspector', 'leadership', 'admin', 'security', 'audit'] as const;
type Role = (typeof ROLES)[number];

type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT';
const ok = 'ok';
const U = 'UNAUTHORIZED';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
/** Outcomes in the order of ROLES: anonymous, unit A, unit B, inspector, leadership, admin, security, audit. */
type Expect = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

type Fx = {
  db: TestDatabase;
  users: Record<Exclude<Role, 'anonymous'>, SessionUser>;
  admin: ReturnType<typeof callerFor>;
  /** A quarter no other case has used (2013Q1, 2013Q2, …). */
  unusedQuarter(): string;
  /** A new open finding of unit A in 2012Q1. */
  freshFinding(): Promise<{ id: number; version: number }>;
  /** A new rectification claim of unit A (by its operator). */
  freshClaim(): Promise<{ claimId: number }>;
  /** A new evidence file (PNG) on a new claim of unit A. */
  freshEvidence(): Promise<number>;
  /** A finding of unit A in the published quarter that no appeal names yet. */
  appealableFinding(): number;
  /** A new open appeal of unit A (by its operator) against the published quarter. */
  freshAppeal(): Promise<{ id: number; version: number }>;
  scheme2011: unknown;
  seq(): number;
};

type ProcedureRow = { kind: 'trpc'; input: (role: Role, fx: Fx) => unknown; expect: Expect };
type HttpRow = {
  kind: 'http';
  request: (role: Role, fx: Fx, cookie: string | null) => InjectOptions | Promise<InjectOptions>;
  expect: Expect;
};

const q = (input: ProcedureRow['input'], expect: Expect): ProcedureRow => ({ kind: 'trpc', input, expect });
const http = (request: HttpRow['request'], expect: Expect): HttpRow => ({ kind: 'http', request, expect });
const none = () => undefined;
/** A JSON upload as the client sends it (server/http/import-routes.ts). */
const upload = (url: string, fileName: string, body: Buffer): InjectOptions => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify({ fileName, contentBase64: body.toString('base64') }),
});

const PASSWORD: Record<Exclude<Role, 'anonymous'>, string> = {
  unitA: DEMO_PASSWORDS.unit,
  unitB: DEMO_PASSWORDS.unit,
  inspector: DEMO_PASSWORDS.inspector,
  leadership: DEMO_PASSWORDS.leader,
  admin: DEMO_PASSWORDS.admin,
  security: DEMO_PASSWORDS.security,
  audit: DEMO_PASSWORDS.auditor,
};
const FINDING = { severity: 'minor', deduction: 1, description: 'matrix finding', deadline: '2012-03-31' } as const;
const PUBLISHED = '2011Q2';

// prettier-ignore
const MATRIX: Record<string, ProcedureRow | HttpRow> = {
  //                                                                                                         anon unitA unitB insp lead admin
  'auth.me': q(none, [ok, ok, ok, ok, ok, ok, ok, ok]),
  // Every signed-in role reaches the change; keeping its demo password (below the policy) is refused as input.
  'auth.changePassword': q(
    (r) => (r === 'anonymous' ? { current: 'x', next: 'yyyyyy' } : { current: PASSWORD[r], next: PASSWORD[r] }),
    [U, 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST'],
  ),
  'auth.totpStatus': q(none, [U, ok, ok, ok, ok, ok, ok, ok]),
  // The demo's administrators have a second factor already (settleDemoAccounts): a second one is a conflict.
  'auth.enrolTotp': q(none, [U, ok, ok, ok, ok, 'CONFLICT', 'CONFLICT', 'CONFLICT']),
  'auth.confirmTotp': q(
    () => ({ code: '000000' }),
    [U, 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'CONFLICT', 'CONFLICT', 'CONFLICT'],
  ),
  // Nobody else has one; administrators may not switch theirs off.
  'auth.disableTotp': q(
    () => ({ code: '000000' }),
    [U, 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', F, F, F],
  ),
  'meta.info': q(none, [ok, ok, ok, ok, ok, ok, ok, ok]),
  'meta.catalogue': q(none, [U, ok, ok, ok, ok, ok, F, F]),
  'meta.periods': q(none, [U, ok, ok, ok, ok, ok, F, F]),
  'meta.units': q(none, [U, ok, ok, ok, ok, ok, ok, F]),
  'scores.rankings': q(() => ({ period: '2011Q1' }), [U, F, F, ok, ok, ok, F, F]),
  'scores.published': q(() => ({ period: PUBLISHED }), [U, ok, ok, ok, ok, ok, F, F]),
  'scores.publishedPage': q(
    () => ({ period: PUBLISHED, group: 'grassroots', limit: 10 }),
    [U, ok, ok, ok, ok, ok, F, F],
  ),
  'scores.publications': q(() => ({ period: PUBLISHED }), [U, ok, ok, ok, ok, ok, F, F]),
  'scores.scorecard': q(() => ({ period: '2011Q1', unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'scores.movement': q(() => ({ period: '2011Q1', unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'scores.overview': q(() => ({ period: '2011Q1' }), [U, F, F, ok, ok, ok, F, F]),
  'entry.get': q(() => ({ unit: 'T01', period: '2011Q1' }), [U, ok, N, ok, F, ok, F, F]),
  'entry.save': q(
    (_r, fx) => ({ unit: 'T01', period: fx.unusedQuarter(), version: 0, values: { 'pub.news': 2 }, submit: false }),
    [U, ok, N, ok, F, ok, F, F],
  ),
  'entry.review': q(
    async (_r, fx) => {
      const period = fx.unusedQuarter();
      const saved = await fx.admin.entry.save({
        unit: 'T01',
        period,
        version: 0,
        values: { 'pub.news': 2 },
        submit: true,
      });
      return { unit: 'T01', period, version: saved.version, action: 'verify' };
    },
    [U, F, F, ok, F, ok, F, F],
  ),
  'entry.pending': q(() => ({}), [U, F, F, ok, F, ok, F, F]),
  'entry.outliers': q(() => ({ unit: 'T01', period: '2011Q4' }), [U, F, F, ok, F, ok, F, F]),
  'inspection.findings': q(() => ({ unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'inspection.createFinding': q(() => ({ unit: 'T01', period: '2012Q1', ...FINDING }), [U, F, F, ok, F, ok, F, F]),
  'inspection.updateFinding': q(
    async (_r, fx) => ({ ...(await fx.freshFinding()), ...FINDING, deduction: 2 }),
    [U, F, F, ok, F, ok, F, F],
  ),
  'inspection.deleteFinding': q(async (_r, fx) => fx.freshFinding(), [U, F, F, ok, F, ok, F, F]),
  'inspection.rectify': q(
    async (_r, fx) => ({ ...(await fx.freshFinding()), rectifiedAt: '2012-03-01', note: 'done' }),
    [U, ok, N, ok, F, ok, F, F],
  ),
  'inspection.reviewRectification': q(
    async (_r, fx) => {
      const f = await fx.freshFinding();
      // Claimed by the unit: the reviewer is another person (four eyes).
      const r = await callerFor(fx.db, fx.users.unitA).inspection.rectify({
        ...f,
        rectifiedAt: '2012-03-01',
        note: 'done',
      });
      return { id: r.id, version: r.version, confirm: true };
    },
    [U, F, F, ok, F, ok, F, F],
  ),
  'evidence.list': q(
    async (_r, fx) => ({ ownerKind: 'claim', ownerId: (await fx.freshClaim()).claimId }),
    [U, ok, N, ok, ok, ok, F, F],
  ),
  'evidence.listMany': q(
    async (_r, fx) => ({ ownerKind: 'claim', ownerIds: [(await fx.freshClaim()).claimId] }),
    [U, ok, N, ok, ok, ok, F, F],
  ),
  'evidence.withdraw': q(async (_r, fx) => ({ id: await fx.freshEvidence() }), [U, ok, N, ok, F, ok, F, F]),
  'inspection.rounds': q(() => ({}), [U, F, F, ok, F, ok, F, F]),
  'inspection.createRound': q(
    () => ({ period: '2012Q1', date: '2012-02-20', offices: ['市政府督查室'], note: 'matrix' }),
    [U, F, F, ok, F, ok, F, F],
  ),
  'inspection.createCommendation': q(
    () => ({ unit: 'T01', period: '2012Q1', points: 0.5, reason: 'matrix' }),
    [U, F, F, ok, F, ok, F, F],
  ),
  'admin.users': q(none, [U, F, F, F, F, F, ok, F]),
  'admin.createUser': q(
    (r, fx) => ({ username: `matrix-${r}-${fx.seq()}`, role: 'inspector', password: 'Matrix-s3cret' }),
    [U, F, F, F, F, F, ok, F],
  ),
  'admin.updateUser': q(() => ({ username: 'd01', disabled: false }), [U, F, F, F, F, F, ok, F]),
  'admin.unlockUser': q(() => ({ username: 'd01' }), [U, F, F, F, F, F, ok, F]),
  'admin.resetTotp': q(() => ({ username: 'd01' }), [U, F, F, F, F, F, ok, F]),
  'admin.saveUnit': q(
    (_r, fx) => ({ code: 'Z99', name: `矩阵测试单位${fx.seq()}`, type: 'institution', parent: null }),
    [U, F, F, F, F, ok, F, F],
  ),
  'admin.scheme': q(() => ({ year: 2011 }), [U, F, F, F, F, ok, F, F]),
  'admin.setScheme': q((_r, fx) => ({ year: 2013, scheme: fx.scheme2011, note: 'matrix' }), [U, F, F, F, F, ok, F, F]),
  'admin.previewScheme': q((_r, fx) => ({ period: '2011Q1', scheme: fx.scheme2011 }), [U, F, F, F, F, ok, F, F]),
  'admin.periodState': q(
    async (_r, fx) => {
      const period = fx.unusedQuarter();
      await fx.db.prisma.$transaction((tx) => ensurePeriods(tx, [period]));
      return { period, action: 'lock' };
    },
    [U, F, F, F, ok, ok, F, F],
  ),
  'admin.publishChecks': q(() => ({ period: PUBLISHED }), [U, F, F, F, ok, ok, F, F]),
  'admin.settings': q(none, [U, F, F, F, F, ok, F, F]),
  'admin.saveSettings': q(() => ({ appealWindowDays: 7 }), [U, F, F, F, F, ok, F, F]),
  'admin.audit': q(() => ({ limit: 5 }), [U, F, F, F, F, F, F, ok]),
  'admin.supervisionSettings': q(none, [U, F, F, F, F, ok, F, F]),
  'admin.setSupervisionSettings': q(() => ({ fourEyes: true, blueDays: 7, yellowDays: 3 }), [U, F, F, F, F, ok, F, F]),
  'admin.setSubmissionDeadline': q(
    (_r, fx) => ({ period: fx.unusedQuarter(), deadline: null }),
    [U, F, F, F, F, ok, F, F],
  ),
  'supervision.openItems': q(() => ({ unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'supervision.timeliness': q(() => ({ period: '2011Q1' }), [U, ok, ok, ok, ok, ok, F, F]),
  'supervision.board': q(() => ({ period: '2011' }), [U, F, F, ok, ok, ok, F, F]),
  'supervision.remind': q(
    async (_r, fx) => ({ unit: 'T01', itemKey: `finding:${(await fx.freshFinding()).id}`, message: '请尽快整改' }),
    [U, F, F, ok, F, ok, F, F],
  ),
  // Only a user of the reminded unit acknowledges (city-wide roles see the reminder, but it is not theirs).
  'supervision.acknowledge': q(
    async (_r, fx) => {
      const f = await fx.freshFinding();
      return await fx.admin.supervision.remind({ unit: 'T01', itemKey: `finding:${f.id}`, message: '矩阵催办' });
    },
    [U, ok, N, F, F, F, F, F],
  ),
  'supervision.reminders': q(() => ({ unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'supervision.jobRuns': q(none, [U, F, F, F, F, ok, F, F]),
  'notifications.list': q(() => ({}), [U, ok, ok, ok, ok, ok, F, F]),
  'notifications.unreadCount': q(none, [U, ok, ok, ok, ok, ok, F, F]),
  'notifications.markRead': q(() => ({ all: true }), [U, ok, ok, ok, ok, ok, F, F]),
  'notifications.email': q(none, [U, ok, ok, ok, ok, ok, F, F]),
  'notifications.setEmail': q(() => ({ email: null }), [U, ok, ok, ok, ok, ok, F, F]),
  'appeals.list': q(() => ({}), [U, ok, ok, ok, ok, ok, F, F]),
  'appeals.get': q(async (_r, fx) => ({ id: (await fx.freshAppeal()).id }), [U, ok, N, ok, ok, ok, F, F]),
  'appeals.window': q(() => ({ period: PUBLISHED }), [U, ok, ok, ok, ok, ok, F, F]),
  'appeals.file': q(
    (_r, fx) => ({ findingId: fx.appealableFinding(), reason: 'matrix appeal' }),
    [U, ok, N, F, F, F, F, F],
  ),
  'appeals.decide': q(
    async (_r, fx) => ({ ...(await fx.freshAppeal()), outcome: 'rejected', reason: 'matrix decision' }),
    [U, F, F, F, ok, ok, F, F],
  ),
  'reports.bulletin': q(() => ({ period: PUBLISHED }), [U, ok, ok, ok, ok, ok, F, F]),
  'reports.bulletinTexts': q(() => ({ period: PUBLISHED }), [U, F, F, F, ok, ok, F, F]),
  'reports.saveBulletinTexts': q(
    () => ({ period: PUBLISHED, texts: { other: '矩阵测试' } }),
    [U, F, F, F, ok, ok, F, F],
  ),
  'reports.annual': q(() => ({ year: 2011, unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'reports.inputs': q(() => ({ year: 2011, unit: 'T01' }), [U, ok, N, ok, ok, ok, F, F]),
  'reports.saveInputs': q(
    () => ({ year: 2011, unit: 'T01', texts: { problems: '矩阵测试' } }),
    [U, ok, N, F, ok, ok, F, F],
  ),

  'GET /': http(() => ({ method: 'GET', url: '/' }), [ok, ok, ok, ok, ok, ok, ok, ok]),
  'GET /healthz': http(() => ({ method: 'GET', url: '/healthz' }), [ok, ok, ok, ok, ok, ok, ok, ok]),
  'POST /auth/login': http(() => ({ method: 'POST', url: '/auth/login' }), [U, ok, ok, ok, ok, ok, ok, ok]),
  'POST /auth/password': http(
    (r) => ({
      method: 'POST',
      url: '/auth/password',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(
        r === 'anonymous' ? { current: 'x', next: 'y' } : { current: PASSWORD[r], next: PASSWORD[r] },
      ),
    }),
    [U, 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST'],
  ),
  // No session of these is waiting for a code (loginAs gave it already).
  'POST /auth/totp': http(
    () => ({
      method: 'POST',
      url: '/auth/totp',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ code: '000000' }),
    }),
    [U, 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST'],
  ),
  'GET /api/audit/export': http(
    () => ({ method: 'GET', url: '/api/audit/export?format=csv' }),
    [U, F, F, F, F, F, F, ok],
  ),
  'POST /auth/logout': http(() => ({ method: 'POST', url: '/auth/logout' }), [ok, ok, ok, ok, ok, ok, ok, ok]),
  'GET /api/export/scores': http(
    () => ({ method: 'GET', url: '/api/export/scores?period=2011Q1&format=json' }),
    [U, ok, ok, ok, ok, ok, F, F],
  ),
  'GET /api/export/ranking': http(
    () => ({ method: 'GET', url: '/api/export/ranking?period=2011Q1&group=grassroots&format=xlsx' }),
    [U, F, F, ok, ok, ok, F, F],
  ),
  'GET /api/export/board': http(
    () => ({ method: 'GET', url: '/api/export/board?period=2011' }),
    [U, F, F, ok, ok, ok, F, F],
  ),
  'GET /api/export/values': http(
    () => ({ method: 'GET', url: '/api/export/values?period=2011Q1&format=csv' }),
    [U, ok, ok, ok, ok, ok, F, F],
  ),
  'GET /api/rankings/published': http(
    () => ({ method: 'GET', url: `/api/rankings/published?period=${PUBLISHED}` }),
    [U, ok, ok, ok, ok, ok, F, F],
  ),
  'GET /api/reports/annual': http(
    () => ({ method: 'GET', url: '/api/reports/annual?year=2011&unit=T01&format=json' }),
    [U, ok, N, ok, ok, ok, F, F],
  ),
  'GET /api/reports/bulletin': http(
    () => ({ method: 'GET', url: `/api/reports/bulletin?period=${PUBLISHED}&format=json` }),
    [U, ok, ok, ok, ok, ok, F, F],
  ),
  // Off by default (PUBLIC_RESULTS): not there for anyone (test/integration/public-results.test.ts turns it on).
  'GET /public': http(() => ({ method: 'GET', url: `/public?period=${PUBLISHED}` }), [N, N, N, N, N, N, N, N]),
  'GET /public/rankings': http(
    () => ({ method: 'GET', url: `/public/rankings?period=${PUBLISHED}` }),
    [N, N, N, N, N, N, N, N],
  ),
  'GET /api/template': http(
    () => ({ method: 'GET', url: '/api/template?unit=T01&period=2011Q1' }),
    [U, ok, N, ok, F, ok, F, F],
  ),
  'POST /api/import/template': http(
    async (_r, fx) => {
      const period = fx.unusedQuarter();
      const file = await buildQuarterTemplate(fx.db.prisma, {
        unitCode: 'T01',
        period,
        scope: CITY_SCOPE,
        now: FIXED_NOW,
      });
      return upload('/api/import/template', file.fileName, file.body);
    },
    [U, ok, N, ok, F, ok, F, F],
  ),
  'POST /api/evidence': http(
    async (_r, fx) => ({
      method: 'POST',
      url: `/api/evidence?ownerKind=claim&ownerId=${(await fx.freshClaim()).claimId}&name=photo.png`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: PNG,
    }),
    [U, ok, N, ok, F, ok, F, F],
  ),
  'GET /api/evidence/:id': http(
    async (_r, fx) => ({ method: 'GET', url: `/api/evidence/${await fx.freshEvidence()}` }),
    [U, ok, N, ok, ok, ok, F, F],
  ),
  'POST /api/import/:kind': http(
    () =>
      upload(
        '/api/import/commendations',
        'c.csv',
        Buffer.from('unit,period,points,reason\nT01,2012Q1,1,matrix import\n'),
      ),
    [U, F, F, F, F, ok, F, F],
  ),
};

const HTTP_OUTCOME: Record<number, Outcome> = { 200: ok, 400: 'BAD_REQUEST', 401: U, 403: F, 404: N, 409: 'CONFLICT' };

/** Every HTTP route of the app (method and path), from Fastify's route tree, except the tRPC mount and the client's static files. */
function httpRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const full = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = full;
    stack.length = depth + 1;
    for (const method of m[3]!.split(', ')) {
      if (method === 'HEAD') continue;
      routes.push(`${method} ${full}`);
    }
  }
  // The built client's files (dist/client, when built): public, and not endpoints.
  const isClientFile = (r: string) => /^GET \/(?!api\/|auth\/|trpc\/)(?:[^/]+\/)*[^/]+\.[a-z0-9]+$/i.test(r);
  return routes.filter((r) => !r.includes(' /trpc/') && !isClientFile(r)).sort();
}

let db: TestDatabase;
let fx: Fx;
let app: FastifyInstance;
const cookies = new Map<Role, string>();

beforeAll(async () => {
  db = await createTestDatabase();
  const demo = await withDemo(db);
  const users = {
    unitA: demo.unitA,
    unitB: demo.unitB,
    inspector: demo.inspector,
    leadership: demo.leader,
    admin: demo.admin,
    security: demo.security,
    audit: demo.auditor,
  };
  const admin = callerFor(db, demo.admin);
  let quarter = 0;
  let n = 0;
  // Findings of unit A in the quarter published below, each appealed at most once (appeals.*).
  const appealable: number[] = [];
  for (let i = 0; i < 24; i++)
    appealable.push(
      (await admin.inspection.createFinding({ unit: 'T01', period: PUBLISHED, ...FINDING, description: `matrix ${i}` }))
        .id,
    );
  fx = {
    db,
    users,
    admin,
    unusedQuarter: () => {
      const i = quarter++;
      return `${2013 + Math.floor(i / 4)}Q${(i % 4) + 1}`;
    },
    freshFinding: async () => {
      const f = await admin.inspection.createFinding({ unit: 'T01', period: '2012Q1', ...FINDING });
      return { id: f.id, version: f.version };
    },
    freshClaim: async () => {
      const f = await fx.freshFinding();
      const r = await callerFor(db, users.unitA).inspection.rectify({ ...f, rectifiedAt: '2012-03-01', note: 'done' });
      return { claimId: r.claim!.id };
    },
    freshEvidence: async () => {
      const { claimId } = await fx.freshClaim();
      const file = await uploadEvidence(
        db.prisma,
        { ...users.unitA, id: users.unitA.id },
        {
          ownerKind: 'claim',
          ownerId: claimId,
          name: 'photo.png',
          body: [PNG],
          maxBytes: 1024 * 1024,
          now: FIXED_NOW,
        },
      );
      return file.id;
    },
    appealableFinding: () => {
      const id = appealable.shift();
      if (id === undefined) throw new Error('the matrix ran out of appealable findings: add some');
      return id;
    },
    freshAppeal: async () => {
      const a = await callerFor(db, users.unitA).appeals.file({
        findingId: fx.appealableFinding(),
        reason: 'matrix appeal',
      });
      return { id: a.id, version: a.version };
    },
    scheme2011: (await admin.admin.scheme({ year: 2011 })).scheme,
    seq: () => ++n,
  };
  await callerFor(db, demo.leader).admin.periodState({ period: PUBLISHED, action: 'publish', reason: '按期公示' });
  // The createUser rows give the database accounts outside the demo: the demo's own then sign in as after
  // their first sign-in (password changed, administrators' second factor enrolled; loginAs gives the code).
  await settleDemoAccounts(db);
  app = await buildTestApp(db);
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

/** A valid session cookie of the role (logs in again when a case revoked the previous one). */
async function cookieFor(role: Role): Promise<string | null> {
  if (role === 'anonymous') return null;
  const cached = cookies.get(role);
  if (cached && (await userOfSession(db.prisma, cached.split('=')[1], FIXED_NOW))) return cached;
  const { res, cookie } = await loginAs(app, fx.users[role].username, PASSWORD[role]);
  expect(res.statusCode).toBe(200);
  cookies.set(role, cookie!);
  return cookie!;
}

function procedureAt(caller: ReturnType<typeof callerFor>, path: string): (input: unknown) => Promise<unknown> {
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  return target as (input: unknown) => Promise<unknown>;
}

async function maxAuditId(): Promise<bigint> {
  const row = await db.prisma.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return row?.id ?? 0n;
}

async function runProcedure(
  path: string,
  row: ProcedureRow,
  role: Role,
): Promise<{ outcome: string; message: string }> {
  const input = await row.input(role, fx);
  const user = role === 'anonymous' ? null : fx.users[role];
  const isMutation =
    (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[path]!._def.type ===
    'mutation';
  const auditBefore = await maxAuditId();
  try {
    await procedureAt(callerFor(db, user), path)(input);
  } catch (err) {
    if (err instanceof TRPCError) return { outcome: err.code, message: err.message };
    throw err;
  }
  if (isMutation) {
    // Every write is audited: who (this user), when, what.
    const entries = await db.prisma.auditLog.findMany({
      where: { id: { gt: auditBefore } },
      select: { actorName: true, actorId: true, action: true, at: true },
    });
    expect(entries.length, `${path} wrote no audit entry`).toBeGreaterThan(0);
    expect(
      entries.every(
        (e) => e.actorName === user!.username && e.actorId === user!.id && e.action.length > 0 && e.at instanceof Date,
      ),
    ).toBe(true);
  }
  return { outcome: ok, message: '' };
}

async function runHttp(path: string, row: HttpRow, role: Role): Promise<{ outcome: string; message: string }> {
  let cookie = await cookieFor(role);
  let req = await row.request(role, fx, cookie);
  if (path === 'POST /auth/login') {
    cookie = null;
    const username = role === 'anonymous' ? 'nobody' : fx.users[role].username;
    req = {
      ...req,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username, password: role === 'anonymous' ? 'wrong-password' : PASSWORD[role] }),
    };
  }
  if (path === 'POST /auth/logout') {
    // Log out a session of its own, so the cached cookie stays valid for the other rows.
    cookie = role === 'anonymous' ? null : (await loginAs(app, fx.users[role].username, PASSWORD[role])).cookie;
    req = { ...req, headers: { 'content-type': 'application/json' }, payload: '{}' };
  }
  const auditBefore = await maxAuditId();
  const res = await app.inject({ ...req, headers: { ...(req.headers ?? {}), ...(cookie ? { cookie } : {}) } });
  if (req.method === 'POST' && res.statusCode === 200 && role !== 'anonymous') {
    // Writes over plain HTTP are audited too (sign-in and sign-out included).
    const user = fx.users[role];
    expect(
      await db.prisma.auditLog.count({
        where: { id: { gt: auditBefore }, actorName: user.username, actorId: user.id },
      }),
      `${path} wrote no audit entry`,
    ).toBeGreaterThan(0);
  }
  if (path === 'POST /auth/login' && res.statusCode === 200) expect(sessionCookieOf(res)).toMatch(/^dukao_session=/);
  if (path === 'POST /auth/logout' && cookie) {
    const after = await app.inject({ method: 'GET', url: '/api/export/scores?period=2011Q1', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  }
  return {
    outcome: HTTP_OUTCOME[res.statusCode] ?? `HTTP ${res.statusCode}`,
    message: res.statusCode >= 300 ? res.body.slice(0, 300) : '',
  };
}

describe(`authorization matrix on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('has exactly one row per tRPC procedure and per HTTP endpoint', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    const rows = Object.entries(MATRIX);
    expect(
      rows
        .filter(([, r]) => r.kind === 'trpc')
        .map(([k]) => k)
        .sort(),
    ).toEqual(procedures);
    expect(
      rows
        .filter(([, r]) => r.kind === 'http')
        .map(([k]) => k)
        .sort(),
    ).toEqual(httpRoutes(app));
  });

  it('grants a unit operator nothing under admin.* and no city-wide reading procedure', () => {
    const unitOk = Object.entries(MATRIX)
      .filter(([, r]) => r.expect[1] === ok || r.expect[2] === ok)
      .map(([k]) => k);
    expect(unitOk.filter((k) => k.startsWith('admin.') || k === 'scores.rankings' || k === 'scores.overview')).toEqual(
      [],
    );
  });

  for (const [path, row] of Object.entries(MATRIX)) {
    describe(path, () => {
      ROLES.forEach((role, i) => {
        const expected = row.expect[i]!;
        it(`${role} → ${expected}`, async () => {
          const { outcome, message } =
            row.kind === 'trpc' ? await runProcedure(path, row, role) : await runHttp(path, row, role);
          expect(outcome, message).toBe(expected);
        });
      });
    });
  }
});
