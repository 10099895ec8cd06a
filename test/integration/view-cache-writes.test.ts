/**
 * Every write path invalidates the cached views and exports as read over HTTP (where the data versions
 * come with the session lookup, view-cache.ts): after each write, the rankings page, the overview and the
 * scores export (plain and gzip, JSON and CSV) a client gets equal the same reads computed afresh inside
 * a transaction (which bypasses every cache), and the view the write touches differs from before.
 */
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayOf } from '../../server/domain/periods';
import { scoresFile } from '../../server/services/exports/export-files';
import { findOverview } from '../../server/services/scores/find-overview';
import { findRankingPage, findScores } from '../../server/services/scores/find-scores';
import { withDemo } from '../helpers/demo';
import {
  buildTestApp,
  DEMO_PASSWORDS,
  getWith,
  loginAs,
  postJson,
  type TestClock,
  testClock,
  trpcMutation,
  trpcQuery,
} from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const Q = '2011Q4';
let db: TestDatabase;
let app: FastifyInstance;
let clock: TestClock;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
  clock = testClock();
  app = await buildTestApp(db, { clock });
  for (const [name, password] of [
    ['admin', DEMO_PASSWORDS.admin],
    ['leader', DEMO_PASSWORDS.leader],
    ['inspector', DEMO_PASSWORDS.inspector],
  ] as const) {
    const { cookie } = await loginAs(app, name, password);
    cookies[name] = cookie!;
  }
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const PAGE = { period: Q, group: 'grassroots' as const, offset: 0, limit: 50 };
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

/** What a client reads over HTTP (cached), and the same computed afresh in a transaction (never cached). */
async function reads() {
  const rankings = await trpcQuery(app, 'scores.rankings', PAGE, cookies.leader);
  const overview = await trpcQuery(app, 'scores.overview', { period: Q }, cookies.leader);
  const exportJson = await getWith(app, `/api/export/scores?period=${Q}&format=json`, cookies.leader);
  const exportGzip = await getWith(app, `/api/export/scores?period=${Q}&format=json`, cookies.leader, {
    'accept-encoding': 'gzip, deflate',
  });
  const exportCsv = await getWith(app, `/api/export/scores?period=${Q}&format=csv`, cookies.leader);
  expect([rankings.status, overview.status, exportJson.statusCode, exportGzip.statusCode]).toEqual([
    200, 200, 200, 200,
  ]);
  expect(exportGzip.headers['content-encoding']).toBe('gzip');
  expect(exportJson.headers['content-encoding']).toBeUndefined();
  const fresh = await db.prisma.$transaction(async (tx) => {
    const rows = await findScores(tx, Q);
    return {
      rankings: json(await findRankingPage(tx, PAGE)),
      overview: json(await findOverview(tx, Q, todayOf(clock.now()))),
      exportJson: String((await scoresFile(rows, 'json')).body),
      exportCsv: String((await scoresFile(rows, 'csv')).body),
    };
  });
  return {
    http: {
      rankings: rankings.data,
      overview: overview.data,
      exportJson: exportJson.body,
      exportGzip: zlib.gunzipSync(exportGzip.rawPayload).toString('utf8'),
      exportCsv: exportCsv.body,
    },
    fresh,
  };
}

type View = 'rankings' | 'overview' | 'exportJson';

describe('cached views and exports after every write path (over HTTP)', () => {
  it('answer what a fresh computation answers, and change with the write', async () => {
    let before = await reads();
    const check = async (label: string, changes: View[]) => {
      const after = await reads();
      expect(after.http.rankings, `${label}: rankings`).toEqual(after.fresh.rankings);
      expect(after.http.overview, `${label}: overview`).toEqual(after.fresh.overview);
      expect(after.http.exportJson, `${label}: export`).toBe(after.fresh.exportJson);
      expect(after.http.exportGzip, `${label}: gzip export`).toBe(after.fresh.exportJson);
      expect(after.http.exportCsv, `${label}: CSV export`).toBe(after.fresh.exportCsv);
      for (const view of changes)
        expect(JSON.stringify(after.http[view]), `${label} changes ${view}`).not.toBe(
          JSON.stringify(before.http[view]),
        );
      before = after;
    };
    await check('warm', []);

    const first = (before.http.rankings as { rows: { unit: string }[] }).rows[0]!.unit;
    const ok = <R extends { status: number; body: unknown }>(r: R): R => {
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      return r;
    };

    // Findings: created, changed, deleted.
    const created = ok(
      await trpcMutation(
        app,
        'inspection.createFinding',
        { unit: first, period: Q, severity: 'major', deduction: 4, description: 'cache check', deadline: null },
        cookies.inspector,
      ),
    ).data as { id: number; version: number };
    await check('createFinding', ['rankings', 'exportJson']);
    const updated = ok(
      await trpcMutation(
        app,
        'inspection.updateFinding',
        {
          id: created.id,
          version: created.version,
          severity: 'minor',
          deduction: 1.5,
          description: 'cache check',
          deadline: null,
        },
        cookies.inspector,
      ),
    ).data as { id: number; version: number };
    await check('updateFinding', ['rankings', 'exportJson']);
    ok(
      await trpcMutation(
        app,
        'inspection.deleteFinding',
        { id: updated.id, version: updated.version ?? created.version + 1 },
        cookies.inspector,
      ),
    );
    await check('deleteFinding', ['rankings', 'exportJson']);

    // A commendation.
    ok(
      await trpcMutation(
        app,
        'inspection.createCommendation',
        { unit: first, period: Q, points: 1, reason: 'cache check' },
        cookies.inspector,
      ),
    );
    await check('createCommendation', ['exportJson']);

    // Values: an inspector returns a verified quarter (its values stop counting), then corrects and submits it.
    const verified = ok(await trpcQuery(app, 'entry.get', { unit: first, period: Q }, cookies.inspector)).data as {
      version: number;
    };
    ok(
      await trpcMutation(
        app,
        'entry.review',
        { unit: first, period: Q, version: verified.version, action: 'return', reason: 'cache check' },
        cookies.inspector,
      ),
    );
    await check('entry.review (return)', ['overview', 'exportJson']);
    const entry = ok(await trpcQuery(app, 'entry.get', { unit: first, period: Q }, cookies.inspector)).data as {
      version: number;
      values: Record<string, number>;
    };
    ok(
      await trpcMutation(
        app,
        'entry.save',
        {
          unit: first,
          period: Q,
          version: entry.version,
          values: { ...entry.values, 'pub.news': (entry.values['pub.news'] ?? 0) + 7 },
          submit: true,
        },
        cookies.inspector,
      ),
    );
    await check('entry.save (submit)', ['overview', 'exportJson']);

    // A bulk import of values over HTTP (the same service as the command line).
    const csv = `unit,period,indicator,value\nT02,${Q},pub.news,99\n`;
    const imported = await postJson(
      app,
      '/api/import/values',
      { fileName: 'one.csv', contentBase64: Buffer.from(csv).toString('base64') },
      { cookie: cookies.admin },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    await check('import values', ['overview']);

    // A renamed unit (no score changes).
    const units = ok(await trpcQuery(app, 'meta.units', undefined, cookies.admin)).data as {
      code: string;
      name: string;
      type: string;
      parent?: string | null;
    }[];
    const unit = units.find((u) => u.code === first)!;
    ok(
      await trpcMutation(
        app,
        'admin.saveUnit',
        { code: unit.code, name: `${unit.name}（改名）`, type: unit.type, parent: unit.parent ?? null },
        cookies.admin,
      ),
    );
    await check('saveUnit (rename)', ['rankings', 'exportJson']);

    // A new scheme version for the year: every score is recomputed.
    const scheme = ok(await trpcQuery(app, 'admin.scheme', { year: 2011 }, cookies.admin)).data as {
      scheme: { targets: Record<string, { grassroots: number; organs: number }> };
    };
    const definition = structuredClone(scheme.scheme);
    for (const t of Object.values(definition.targets)) {
      t.grassroots *= 3;
      t.organs *= 3;
    }
    ok(await trpcMutation(app, 'admin.setScheme', { year: 2011, scheme: definition, note: 'cache' }, cookies.admin));
    await check('setScheme', ['rankings', 'exportJson']);

    // Publishing and locking the quarter: the state the rankings and the overview show.
    ok(
      await trpcMutation(
        app,
        'admin.periodState',
        { period: Q, action: 'publish', reason: '按期公示' },
        cookies.leader,
      ),
    );
    await check('publish', ['rankings', 'overview']);
    ok(await trpcMutation(app, 'admin.periodState', { period: Q, action: 'reopen', reason: 'cache' }, cookies.leader));
    // Reopening keeps the published version (its differences wait for the next one): the views must still
    // equal a fresh computation, whether or not they show anything new.
    await check('reopen', []);
  }, 300_000);
});
