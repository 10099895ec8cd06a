import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { bigJpeg, docx, EXE, HTML, JPEG, PDF, PNG, xlsx } from '../helpers/evidence';
import { buildTestApp, DEMO_PASSWORDS, loginAs } from '../helpers/http';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// Evidence files (佐证材料): type from the content, size limit, streaming, scope, withdrawal.
let db: TestDatabase;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof withDemo>>;
const cookie: Record<string, string> = {};
let claimA: number;
let claimB: number;

beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
  app = await buildTestApp(db, { env: { EVIDENCE_MAX_MB: '1' } });
  for (const [who, name, pw] of [
    ['unitA', 't01', DEMO_PASSWORDS.unit],
    ['unitB', 't02', DEMO_PASSWORDS.unit],
    ['inspector', 'inspector', DEMO_PASSWORDS.inspector],
    ['leader', 'leader', DEMO_PASSWORDS.leader],
  ] as const)
    cookie[who] = (await loginAs(app, name, pw)).cookie!;
  const claimOf = async (unit: 'T01' | 'T02', who: 'unitA' | 'unitB') => {
    const f = await callerFor(db, users.inspector).inspection.createFinding({
      unit,
      period: '2012Q1',
      severity: 'minor',
      deduction: 1,
      description: '公开栏未更新',
      deadline: '2012-03-20',
    });
    const c = await callerFor(db, users[who]).inspection.rectify({ ...f, rectifiedAt: '2012-03-01', note: '已更新' });
    return c.claim!.id;
  };
  claimA = await claimOf('T01', 'unitA');
  claimB = await claimOf('T02', 'unitB');
});
afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const upload = (who: string, body: Buffer, name: string, owner = claimA, kind = 'claim') =>
  app.inject({
    method: 'POST',
    url: `/api/evidence?ownerKind=${kind}&ownerId=${owner}&name=${encodeURIComponent(name)}`,
    headers: { 'content-type': 'application/octet-stream', cookie: cookie[who]! },
    payload: body,
  });
const counts = async () => [await db.prisma.evidenceFile.count(), await db.prisma.evidenceChunk.count()];

describe(`evidence files on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('accepts PDF, JPEG, PNG, DOCX and XLSX by their content, and serves them back byte for byte', async () => {
    const files: [string, Buffer, string][] = [
      ['整改照片.png', PNG, 'image/png'],
      ['现场.jpg', JPEG, 'image/jpeg'],
      ['报告.pdf', PDF, 'application/pdf'],
      ['说明.docx', await docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['台账.xlsx', await xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      // The name does not count: a PNG named .pdf is stored as the PNG it is.
      ['misnamed.pdf', PNG, 'image/png'],
    ];
    for (const [name, body, mime] of files) {
      const res = await upload('unitA', body, name);
      expect(res.statusCode, res.body).toBe(200);
      const f = res.json();
      expect(f).toMatchObject({ name, mime, size: body.length });
      const got = await app.inject({
        method: 'GET',
        url: `/api/evidence/${f.id}`,
        headers: { cookie: cookie.inspector! },
      });
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe(mime);
      expect(got.rawPayload.equals(body)).toBe(true);
      expect(String(got.headers['content-disposition'])).toMatch(f.preview ? /^inline/ : /^attachment/);
    }
    const list = await callerFor(db, users.inspector).evidence.list({ ownerKind: 'claim', ownerId: claimA });
    expect(list.map((f) => f.name)).toEqual(files.map((f) => f[0]));
    expect(list[0]).toMatchObject({ uploadedBy: expect.any(String), preview: 'image', withdrawnAt: null });
    expect(await db.prisma.auditLog.count({ where: { action: 'evidence.add' } })).toBe(files.length);
  });

  it('refuses a renamed executable and an HTML file named .pdf, leaving nothing behind', async () => {
    const before = await counts();
    const exe = await upload('unitA', EXE, '整改照片.jpg');
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error).toMatch(/is a EXE file by its content; evidence must be PDF, JPEG, PNG, DOCX or XLSX/);
    const html = await upload('unitA', HTML, '报告.pdf');
    expect(html.statusCode).toBe(400);
    expect(html.json().error).toMatch(/not a file type we recognise/);
    expect(await counts()).toEqual(before);
  });

  it('answers 413 for a file over the limit and leaves nothing behind', async () => {
    const before = await counts();
    const declared = await upload('unitA', bigJpeg(1024 * 1024 + 1), 'big.jpg');
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error).toMatch(/larger than 1 MB/);
    expect(await counts()).toEqual(before);
    const exact = await upload('unitA', bigJpeg(1024 * 1024), 'exact.jpg');
    expect(exact.statusCode).toBe(200);
    expect(exact.json().size).toBe(1024 * 1024);
    expect(await db.prisma.evidenceChunk.count({ where: { fileId: exact.json().id } })).toBe(4);
  });

  it('a streamed upload without a length (chunked) is cut off at the limit with 413 and leaves nothing behind', async () => {
    const before = await counts();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/evidence?ownerKind=claim&ownerId=${claimA}&name=${encodeURIComponent('长视频.jpg')}`,
          headers: {
            'content-type': 'application/octet-stream',
            cookie: cookie.unitA!,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // A JPEG that keeps coming: 64 KB pieces up to 3 MB, three times the 1 MB limit, no Content-Length.
      const big = bigJpeg(3 * 1024 * 1024);
      let offset = 0;
      const pump = () => {
        while (offset < big.length) {
          const piece = big.subarray(offset, offset + 64 * 1024);
          offset += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatch(/larger than 1 MB/);
    expect(await counts()).toEqual(before);
  });

  it('an evidence file of another unit is NOT_FOUND by id, by every route', async () => {
    const mine = (await upload('unitB', PNG, 'b.png', claimB)).json();
    const a = callerFor(db, users.unitA);
    const get = await app.inject({
      method: 'GET',
      url: `/api/evidence/${mine.id}`,
      headers: { cookie: cookie.unitA! },
    });
    expect(get.statusCode).toBe(404);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/evidence/999999',
      headers: { cookie: cookie.unitA! },
    });
    expect(get.json()).toEqual({
      error: `No evidence file ${mine.id}.`,
      messageKey: 'evidence.noSuchFile',
      params: { id: mine.id },
    });
    expect(missing.statusCode).toBe(404);
    await expect(a.evidence.withdraw({ id: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.evidence.list({ ownerKind: 'claim', ownerId: claimB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The batched list too: another unit's record among one's own refuses the whole call, as a missing one does.
    for (const ownerIds of [[claimB], [claimA, claimB], [claimA, 999_999]])
      await expect(a.evidence.listMany({ ownerKind: 'claim', ownerIds })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.evidence.listMany({ ownerKind: 'nothing', ownerIds: [claimA] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // The city reads both units' at once, each record's files as its own list gives them.
    const city = callerFor(db, users.inspector);
    const many = await city.evidence.listMany({ ownerKind: 'claim', ownerIds: [claimB, claimA] });
    expect(many.map((m) => m.ownerId)).toEqual([claimB, claimA]);
    expect(many[0]!.files).toEqual(await city.evidence.list({ ownerKind: 'claim', ownerId: claimB }));
    expect(many[1]!.files).toEqual(await city.evidence.list({ ownerKind: 'claim', ownerId: claimA }));
    expect(many[0]!.files.map((f) => f.id)).toContain(mine.id);
    expect((await a.evidence.listMany({ ownerKind: 'claim', ownerIds: [claimA] }))[0]!.files).toEqual(
      await a.evidence.list({ ownerKind: 'claim', ownerId: claimA }),
    );
    expect((await upload('unitA', PNG, 'x.png', claimB)).statusCode).toBe(404);
    // The owner unit and the city see it.
    expect(
      (await app.inject({ method: 'GET', url: `/api/evidence/${mine.id}`, headers: { cookie: cookie.unitB! } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: `/api/evidence/${mine.id}`, headers: { cookie: cookie.leader! } }))
        .statusCode,
    ).toBe(200);
    // Leadership reads but does not add; nobody signed out gets anything.
    expect((await upload('leader', PNG, 'l.png', claimB)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/evidence/${mine.id}` })).statusCode).toBe(401);
  });

  it('withdraws a file (soft delete, audited): no longer served, kept in the history', async () => {
    const f = (await upload('unitA', PNG, '撤回.png')).json();
    const withdrawn = await callerFor(db, users.unitA).evidence.withdraw({ id: f.id });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(
      (await app.inject({ method: 'GET', url: `/api/evidence/${f.id}`, headers: { cookie: cookie.unitA! } }))
        .statusCode,
    ).toBe(404);
    const list = await callerFor(db, users.unitA).evidence.list({ ownerKind: 'claim', ownerId: claimA });
    expect(list.find((x) => x.id === f.id)).toMatchObject({ withdrawnBy: expect.any(String) });
    expect(await db.prisma.auditLog.count({ where: { action: 'evidence.withdraw', entityId: String(f.id) } })).toBe(1);
    expect(await db.prisma.evidenceChunk.count({ where: { fileId: f.id } })).toBe(1);
  });
});
