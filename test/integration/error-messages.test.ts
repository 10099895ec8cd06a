/**
 * Refusals reach the client as catalogue keys and parameters (issue 15): the tRPC error data and the REST error
 * body carry `messageKey` and `params` beside the English message, and zod's input errors become `input.invalid`.
 */
import { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderServerMessage, type ServerMessageKey } from '../../server/domain/server-messages';
import { AppError } from '../../server/errors';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { buildTestApp, DEMO_PASSWORDS, loginAs, postJson, settleDemoAccounts, trpcMutation } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let db: TestDatabase;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof withDemo>>;
let security: string;
let leader: string;

type ErrorData = { code: string; appCode: string | null; messageKey: ServerMessageKey | null; params: unknown };

beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  await settleDemoAccounts(db);
  app = await buildTestApp(db);
  security = (await loginAs(app, 'security', DEMO_PASSWORDS.security)).cookie!;
  leader = (await loginAs(app, 'leader', DEMO_PASSWORDS.leader)).cookie!;
}, 240_000);

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const newUser = { username: 'leader', role: 'leadership' as const, password: 'Kao-2012-xyz!' };
const unknownUnit = { username: 'newop', role: 'unit' as const, unit: 'NOPE', password: 'Kao-2012-xyz!' };

describe('refusals as catalogue keys', () => {
  it('a service refusal keeps its key and parameters through createCaller (the cause of the TRPCError)', async () => {
    const err = await callerFor(db, users.security)
      .admin.createUser(unknownUnit)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    const cause = (err as TRPCError).cause as AppError;
    expect(cause).toBeInstanceOf(AppError);
    expect(cause.key).toBe('common.unknownUnit');
    expect(cause.params).toEqual({ unitCode: 'NOPE' });
    expect((err as TRPCError).message).toBe('Unknown unit NOPE.');
  });

  it('a BAD_REQUEST over HTTP carries messageKey and params in the error data, beside the English message', async () => {
    const res = await trpcMutation(app, 'admin.createUser', unknownUnit, security);
    expect(res.status).toBe(400);
    const data = res.body.error!.data as unknown as ErrorData;
    expect(data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'BAD_REQUEST', messageKey: 'common.unknownUnit' });
    expect(data.params).toEqual({ unitCode: 'NOPE' });
    expect(res.body.error!.message).toBe('Unknown unit NOPE.');
    expect(renderServerMessage(data.messageKey!, { unitCode: 'NOPE' }, 'zh')).toBe('未知单位 NOPE。');
  });

  it('a conflict names the existing username in both languages', async () => {
    const res = await trpcMutation(app, 'admin.createUser', newUser, security);
    expect(res.status).toBe(409);
    const data = res.body.error!.data as unknown as ErrorData;
    expect(data.messageKey).toBe('users.alreadyExists');
    expect(data.params).toEqual({ username: 'leader' });
    expect(renderServerMessage('users.alreadyExists', { username: 'leader' }, 'zh')).toBe('用户 leader 已存在。');
  });

  it('the builders refuse with keys too: signed out, and the wrong role (named in Chinese)', async () => {
    const anonymous = await trpcMutation(app, 'admin.createUser', newUser, null);
    expect(anonymous.status).toBe(401);
    expect((anonymous.body.error!.data as unknown as ErrorData).messageKey).toBe('common.signInFirst');
    const wrongRole = await trpcMutation(app, 'admin.createUser', newUser, leader);
    expect(wrongRole.status).toBe(403);
    const data = wrongRole.body.error!.data as unknown as ErrorData;
    expect(data.messageKey).toBe('common.needsRole');
    expect(data.params).toEqual({ roles: 'security' });
    expect(renderServerMessage('common.needsRole', { roles: 'security' }, 'zh')).toBe(
      '此操作需要以下角色：安全管理员。',
    );
  });

  it("bad input is input.invalid: zod's English stays in the English message, the Chinese names the fields", async () => {
    const res = await trpcMutation(app, 'admin.createUser', { ...newUser, username: 'x', role: 'king' }, security);
    expect(res.status).toBe(400);
    const data = res.body.error!.data as unknown as ErrorData;
    expect(data.messageKey).toBe('input.invalid');
    const params = data.params as { fields: string; problems: string };
    expect(params.fields.split('、').sort()).toEqual(['用户名', '角色'].sort());
    expect(res.body.error!.message).toBe(params.problems);
    expect(res.body.error!.message).toMatch(/^(username|role): /);
    const zh = renderServerMessage('input.invalid', params, 'zh');
    expect(zh).toMatch(/^以下内容不合法：/);
    expect(zh).not.toMatch(/Too small|Invalid|expected/i);
  });

  it('the REST edge answers { error, messageKey, params } too', async () => {
    const res = await postJson(
      app,
      '/api/import/values',
      { fileName: 'v.csv', contentBase64: Buffer.from('a\n1\n').toString('base64') },
      { cookie: leader },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: 'This needs the role admin.',
      messageKey: 'common.needsRole',
      params: { roles: 'admin' },
    });
  });
});
