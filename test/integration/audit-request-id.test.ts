/**
 * Every audit entry written by an HTTP request carries that request's id: the `X-Request-Id` of its
 * response and of its log lines, so an entry leads to the server log of the request that made it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, getWith, loginAs, postJson, trpcMutation } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  db = await createTestDatabase();
  await withDemo(db);
  app = await buildTestApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const latest = (action: string) =>
  db.prisma.auditLog.findFirstOrThrow({
    where: { action },
    orderBy: { id: 'desc' },
    select: { requestId: true, actorName: true },
  });
const idOf = (res: { headers: Record<string, unknown> }) => String(res.headers['x-request-id']);

describe('audit entries name the request that wrote them', () => {
  it('sign-in, a saved form, an import and sign-out', async () => {
    const login = await loginAs(app, 't01', DEMO_PASSWORDS.unit);
    expect(login.res.statusCode).toBe(200);
    expect(idOf(login.res)).toMatch(/^[0-9a-f-]{36}$/);
    expect(await latest('auth.login')).toEqual({ requestId: idOf(login.res), actorName: 't01' });

    const save = await trpcMutation(
      app,
      'entry.save',
      { unit: 'T01', period: '2012Q1', version: 0, values: { 'pub.news': 2 }, submit: false },
      login.cookie,
    );
    expect(save.status).toBe(200);
    expect((await latest('values.save_draft')).requestId).toBe(idOf(save.res));
    expect(idOf(save.res)).not.toBe(idOf(login.res));

    const admin = await loginAs(app, 'admin', DEMO_PASSWORDS.admin);
    const csv = 'unit,period,indicator,value\nT02,2012Q1,pub.news,5\n';
    const imported = await postJson(
      app,
      '/api/import/values',
      { fileName: 'one.csv', contentBase64: Buffer.from(csv).toString('base64') },
      { cookie: admin.cookie },
    );
    expect(imported.statusCode).toBe(200);
    expect((await latest('values.import')).requestId).toBe(idOf(imported));

    const logout = await postJson(app, '/auth/logout', {}, { cookie: login.cookie });
    expect(logout.statusCode).toBeLessThan(300);
    expect(await latest('auth.logout')).toEqual({ requestId: idOf(logout), actorName: 't01' });

    // Read back through the audit log page's procedure, as the audit administrator.
    const auditor = await loginAs(app, 'auditor', DEMO_PASSWORDS.auditor);
    const entries = await getWith(
      app,
      `/trpc/admin.audit?input=${encodeURIComponent(JSON.stringify({ action: 'values.import', limit: 5 }))}`,
      auditor.cookie,
    );
    expect(entries.statusCode).toBe(200);
    expect(JSON.stringify(entries.json())).toContain(idOf(imported));
  });
});
