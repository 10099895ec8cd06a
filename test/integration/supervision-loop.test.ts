import { TRPCError } from '@trpc/server';
import ExcelJS from 'exceljs';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { boardWorkbook } from '../../server/services/exports/board-export';
import { rescoreAll } from '../../server/services/scoring/rebuild';
import { runDailyJob } from '../../server/services/supervision/daily-job';
import { sendPendingMail } from '../../server/services/supervision/mail';
import { callerFor } from '../helpers/callers';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/test-db';

// The supervision loop around the claims: deadlines and timeliness, warning colours, 催办 reminders and the
// notification centre, the once-a-day job across servers, mail, and the rectification board.
let db: TestDatabase;
let users: Awaited<ReturnType<typeof withDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  users = await withDemo(db);
});
afterAll(async () => db?.dispose());

const at = (day: string) => () => new Date(`${day}T10:00:00+08:00`);
const as = (who: keyof typeof users, day = '2012-03-01') => callerFor(db, users[who], at(day));

async function failure(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError;
  }
  throw new Error('expected the call to be refused');
}

describe(`the supervision loop on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('every submission records whether it came by the deadline (the demo has a few late ones)', async () => {
    const rows = await db.prisma.submission.findMany({
      where: { unit: { code: { in: ['T07', 'T08', 'D12'] } } },
      select: { periodCode: true, onTime: true, unit: { select: { code: true } } },
      orderBy: [{ unitId: 'asc' }, { periodCode: 'asc' }],
    });
    const late = rows.filter((r) => r.onTime === false).map((r) => `${r.unit.code} ${r.periodCode}`);
    expect(late.sort()).toEqual(['D12 2011Q3', 'D12 2011Q4', 'T07 2011Q1', 'T07 2011Q3']);
    expect(rows.every((r) => r.onTime !== null)).toBe(true);
  });

  it('timeliness per unit: on time, late, missing (a unit operator sees its own)', async () => {
    const q1 = await as('leader').supervision.timeliness({ period: '2011Q1' });
    expect(q1.deadline).toBe('2011-04-10');
    expect(q1.totals).toEqual({ units: 94, onTime: 92, late: 2, missing: 0, notDue: 0 });
    expect(q1.units.filter((u) => u.status === 'late').map((u) => u.unit)).toEqual(['D27', 'T07']);
    const year = await as('leader').supervision.timeliness({ period: '2011' });
    expect(year.units.find((u) => u.unit === 'D12')).toMatchObject({ status: 'late', late: 2, onTime: 2 });
    const own = await as('unitA').supervision.timeliness({ period: '2011' });
    expect(own.units).toEqual([expect.objectContaining({ unit: 'T01', status: 'onTime', onTime: 4 })]);
  });

  it('a quarter not yet submitted turns blue, yellow and red as its deadline nears and passes', async () => {
    await as('admin').admin.setSubmissionDeadline({ period: '2012Q1', deadline: '2012-04-10' });
    const levelOn = async (day: string) => {
      const items = await as('unitA', day).supervision.openItems({});
      const item = items.find((i) => i.kind === 'submission' && i.period === '2012Q1');
      return item ? [item.level, item.daysLeft] : null;
    };
    expect(await levelOn('2012-03-20')).toBeNull(); // the quarter has not ended
    expect(await levelOn('2012-04-02')).toEqual([null, 8]);
    expect(await levelOn('2012-04-03')).toEqual(['blue', 7]);
    expect(await levelOn('2012-04-07')).toEqual(['yellow', 3]);
    expect(await levelOn('2012-04-10')).toEqual(['yellow', 0]);
    expect(await levelOn('2012-04-11')).toEqual(['red', -1]);
    // A unit operator sees only its own unit's items; city-wide roles see every unit's.
    expect(new Set((await as('unitA', '2012-04-11').supervision.openItems({})).map((i) => i.unitCode))).toEqual(
      new Set(['T01']),
    );
    const city = await as('inspector', '2012-04-11').supervision.openItems({ period: '2012Q1' });
    expect(city.filter((i) => i.kind === 'submission')).toHaveLength(94);
    expect((await failure(as('unitA').supervision.openItems({ unit: 'T02' }))).code).toBe('NOT_FOUND');

    // Submitting late closes the item and records the lateness.
    const form = await as('unitA', '2012-04-12').entry.get({ unit: 'T01', period: '2012Q1' });
    const lastQuarter = await as('unitA', '2012-04-12').entry.get({ unit: 'T01', period: '2011Q4' });
    await as('unitA', '2012-04-12').entry.save({
      unit: 'T01',
      period: '2012Q1',
      version: form.version,
      values: lastQuarter.values,
      submit: true,
    });
    expect(await levelOn('2012-04-12')).toBeNull();
    const sub = await db.prisma.submission.findFirstOrThrow({
      where: { periodCode: '2012Q1', unit: { code: 'T01' } },
      select: { onTime: true },
    });
    expect(sub.onTime).toBe(false);
  });

  let findingId: number;
  it('a finding waits for rectification with a colour; a claim moves it to the inspectors; confirmation closes it', async () => {
    const f = await as('inspector').inspection.createFinding({
      unit: 'T02',
      period: '2011Q4',
      severity: 'major',
      deduction: 1.5,
      description: '依申请公开答复超期',
      deadline: '2012-03-03',
    });
    findingId = f.id;
    const item = async (day: string) => {
      const open = (await as('unitB', day).supervision.openItems({})).find(
        (i) => (i.kind === 'finding' || i.kind === 'claim') && i.findingId === f.id,
      );
      // The findings list carries the same colour (its table needs no second query for it).
      for (const who of ['unitB', 'inspector'] as const) {
        const listed = (await as(who, day).inspection.findings({ period: '2011Q4' })).find((x) => x.id === f.id);
        expect(listed?.warning, `${who} on ${day}`).toEqual(
          open?.level ? { level: open.level, daysLeft: open.daysLeft, dueOn: open.dueOn } : null,
        );
      }
      return open;
    };
    expect(await item('2012-03-01')).toMatchObject({
      kind: 'finding',
      level: 'yellow',
      daysLeft: 2,
      dueOn: '2012-03-03',
    });
    expect(await item('2012-03-05')).toMatchObject({ kind: 'finding', level: 'red', daysLeft: -2 });

    const claimed = await as('unitB', '2012-03-05').inspection.rectify({
      id: f.id,
      version: f.version,
      rectifiedAt: '2012-03-05',
      note: '已答复申请人',
    });
    // The inspectors now owe a decision: five days from the claim by default.
    expect(await item('2012-03-06')).toMatchObject({ kind: 'claim', dueOn: '2012-03-10', level: 'blue' });
    expect(await item('2012-03-11')).toMatchObject({ kind: 'claim', level: 'red' });
    await as('inspector', '2012-03-11').inspection.reviewRectification({
      id: f.id,
      version: claimed.version,
      confirm: true,
    });
    expect(await item('2012-03-11')).toBeUndefined();
  });

  it('an inspector reminds a unit (催办); its users see it, acknowledge it, and every step is audited', async () => {
    const f = await as('inspector').inspection.createFinding({
      unit: 'T02',
      period: '2011Q4',
      severity: 'minor',
      deduction: 0.5,
      description: '公开目录未更新',
      deadline: '2012-02-20',
    });
    const key = `finding:${f.id}`;
    const before = await as('unitB').notifications.unreadCount();
    const r = await as('inspector').supervision.remind({ unit: 'T02', itemKey: key, message: '请于3月5日前完成整改' });
    expect(r.recipients).toBe(1);
    expect(await as('unitB').notifications.unreadCount()).toBe(before + 1);
    const [n] = await as('unitB').notifications.list({ unreadOnly: true });
    expect(n).toMatchObject({ kind: 'reminder', reminder: { id: r.id, itemKey: key, acknowledgedAt: null } });
    expect(n!.title).toContain('催办');
    expect(n!.body).toContain('请于3月5日前完成整改');
    // The content as data too, for the client to word in the reader's language; title and body stay Chinese (mail).
    expect(n!.params).toMatchObject({
      type: 'reminder',
      message: '请于3月5日前完成整改',
      sender: 'inspector',
      item: {
        kind: 'finding',
        period: '2011Q4',
        severity: 'minor',
        description: '公开目录未更新',
        dueOn: '2012-02-20',
      },
    });
    // The open item shows the reminder.
    const items = await as('inspector').supervision.openItems({ unit: 'T02' });
    expect(items.find((i) => i.key === key)?.reminders).toMatchObject({ open: 1, lastMessage: '请于3月5日前完成整改' });

    // Refused: a closed or unknown item, an empty message, a unit operator reminding, another unit acknowledging.
    expect(
      (
        await failure(
          as('inspector').supervision.remind({ unit: 'T02', itemKey: `finding:${findingId}`, message: 'x' }),
        )
      ).message,
    ).toMatch(/has no open item finding:\d+/);
    expect((await failure(as('inspector').supervision.remind({ unit: 'T02', itemKey: key, message: '  ' }))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await failure(as('unitA').supervision.remind({ unit: 'T02', itemKey: key, message: 'x' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(as('unitA').supervision.acknowledge({ id: r.id }))).code).toBe('NOT_FOUND');
    expect((await failure(as('unitA').supervision.reminders({ unit: 'T02' }))).code).toBe('NOT_FOUND');

    const ack = await as('unitB', '2012-03-02').supervision.acknowledge({ id: r.id });
    expect(ack.already).toBe(false);
    expect(await as('unitB').notifications.unreadCount()).toBe(before);
    const [listed] = await as('inspector').supervision.reminders({ unit: 'T02' });
    expect(listed).toMatchObject({ id: r.id, itemKey: key, acknowledgedBy: expect.any(String) });
    expect(listed!.acknowledgedAt).not.toBeNull();
    const audit = await db.prisma.auditLog.findMany({
      where: { entity: 'reminder', entityId: String(r.id) },
      select: { action: true, actorName: true },
      orderBy: { id: 'asc' },
    });
    expect(audit).toEqual([
      { action: 'reminder.send', actorName: 'inspector' },
      { action: 'reminder.acknowledge', actorName: 't02' },
    ]);
  });

  it('an open item counts its unacknowledged reminders and shows the latest one', async () => {
    const f = await as('inspector').inspection.createFinding({
      unit: 'T02',
      period: '2011Q4',
      severity: 'minor',
      deduction: 0.5,
      description: '台账未归档',
      deadline: '2012-02-25',
    });
    const key = `finding:${f.id}`;
    const reminders = async (unit?: 'T02') =>
      (await as('inspector').supervision.openItems(unit ? { unit } : {})).find((i) => i.key === key)?.reminders;
    expect(await reminders('T02')).toEqual({ open: 0, lastSentAt: null, lastMessage: null });
    const first = await as('inspector', '2012-03-02').supervision.remind({
      unit: 'T02',
      itemKey: key,
      message: '第一次',
    });
    await as('inspector', '2012-03-04').supervision.remind({ unit: 'T02', itemKey: key, message: '第二次' });
    const latest = { open: 2, lastSentAt: at('2012-03-04')().toISOString(), lastMessage: '第二次' };
    expect(await reminders('T02')).toEqual(latest);
    // The city-wide list (every unit) says the same as the unit's; an acknowledged reminder no longer counts.
    expect(await reminders()).toEqual(latest);
    await as('unitB', '2012-03-05').supervision.acknowledge({ id: first.id });
    expect(await reminders('T02')).toEqual({ ...latest, open: 1 });
  });

  it('two app servers running the daily job produce one digest per user per day', async () => {
    // A second server: its own connection pool on PostgreSQL; on the embedded database the one process.
    const second = db.url ? await openDatabase({ databaseUrl: db.url, dataDir: '', poolSize: 3 }) : null;
    try {
      const day = '2012-03-06';
      const now = () => new Date(`${day}T07:00:00+08:00`);
      const runs = await Promise.all([
        runDailyJob(db.prisma, { today: day, now, server: 'server-a' }),
        runDailyJob((second ?? db).prisma, { today: day, now, server: 'server-b' }),
        runDailyJob(db.prisma, { today: day, now, server: 'server-a' }),
      ]);
      expect(runs.filter((r) => r.ran)).toHaveLength(1);
      const summary = runs.find((r) => r.ran)!.summary!;
      expect(summary.digests).toBeGreaterThan(0);
      expect(summary.red).toBeGreaterThan(0);
      const digests = await db.prisma.notification.groupBy({
        by: ['userId'],
        where: { kind: 'digest', dedupeKey: { startsWith: `digest:${day}:` } },
        _count: { _all: true },
      });
      expect(digests.length).toBe(summary.digests);
      expect(digests.every((d) => d._count._all === 1)).toBe(true);
      // Again (a restart, a third server): nothing new.
      const again = await runDailyJob(db.prisma, { today: day, now, server: 'server-c' });
      expect(again).toMatchObject({ ran: false, server: runs.find((r) => r.ran)!.server });
      expect(await db.prisma.notification.count({ where: { dedupeKey: { startsWith: `digest:${day}:` } } })).toBe(
        summary.digests,
      );
      // Leadership gets the city-wide digest; a unit operator its own unit's.
      const [leaderDigest] = await as('leader').notifications.list({});
      expect(leaderDigest?.title).toMatch(/^2012-03-06 督办日报：红色 \d+ 项/);
      const t02 = (await as('unitB').notifications.list({})).find((n) => n.kind === 'digest');
      expect(t02?.body).toContain('公开目录未更新');
      expect(t02?.body).not.toContain('T01');
      expect(leaderDigest?.params).toMatchObject({ type: 'cityDigest', day });
      expect(t02?.params).toMatchObject({ type: 'unitDigest', day });
      if (t02?.params?.type === 'unitDigest') {
        expect(t02.params.items.some((i) => i.description === '公开目录未更新')).toBe(true);
        expect(t02.params.items.length).toBe(t02.body.split('\n').length);
      }
      // The next day is a new day.
      const next = await runDailyJob(db.prisma, { today: '2012-03-07', now, server: 'server-b' });
      expect(next.ran).toBe(true);
    } finally {
      await second?.close();
    }
  });

  it('with SMTP_URL set, notifications go out by mail to users who gave an address (once)', async () => {
    const received: { to: string; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        let data = '';
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => {
          data += c;
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const bad = await failure(as('unitB').notifications.setEmail({ email: 'not-an-address' }));
      expect(bad.message).toMatch(/is not a mail address/);
      await as('unitB').notifications.setEmail({ email: 'ban@shuidongjiang.gov.cn' });
      const env = { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: '督考 <dukao@leiyang.gov.cn>' };
      const now = new Date('2012-03-07T08:00:00+08:00');
      const first = await sendPendingMail(db.prisma, env, now);
      const own = await db.prisma.notification.count({
        where: { userId: users.unitB.id, createdAt: { gte: new Date(now.getTime() - 2 * 86_400_000) } },
      });
      expect(first).toMatchObject({ sent: own, failed: 0 });
      expect(received.length).toBe(own);
      expect(received.every((m) => m.to === 'ban@shuidongjiang.gov.cn')).toBe(true);
      expect(received.some((m) => m.data.includes('Subject:'))).toBe(true);
      // Nothing twice.
      expect(await sendPendingMail(db.prisma, env, now)).toMatchObject({ sent: 0 });
      // Without SMTP_URL nothing is claimed.
      expect(await sendPendingMail(db.prisma, { MAIL_FROM: 'x <x@y.z>' }, now)).toMatchObject({ sent: 0 });
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it('a failed send gives the mail back for the next round', async () => {
    await as('inspector').supervision.remind({ unit: 'T02', itemKey: (await openKeyOf('T02'))!, message: '再次催办' });
    const env = { SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'x <x@y.z>' };
    const r = await sendPendingMail(db.prisma, env, new Date('2012-03-01T12:00:00+08:00'));
    expect(r.sent).toBe(0);
    expect(r.failed).toBeGreaterThan(0);
    expect(
      await db.prisma.notification.count({ where: { userId: users.unitB.id, kind: 'reminder', mailedAt: null } }),
    ).toBeGreaterThan(0);
  });

  it('the rectification board counts by unit and colour, closure rate, median days; Excel has Chinese headers', async () => {
    const board = await as('leader', '2012-03-11').supervision.board({ period: '2011' });
    const t02 = board.units.find((u) => u.unitCode === 'T02')!;
    expect(t02.levels.red).toBeGreaterThan(0);
    expect(t02.findings).toBeGreaterThanOrEqual(2);
    expect(t02.closed).toBeGreaterThanOrEqual(1);
    expect(board.totals.closureRate).toBeCloseTo(board.totals.closed / board.totals.findings, 4);
    expect(board.totals.open).toBe(board.items.length);
    expect(board.units.reduce((n, u) => n + u.open, 0)).toBe(board.items.length);
    expect(board.longRed.every((i) => i.level === 'red' && i.daysLeft! < -30)).toBe(true);
    expect(board.totals.redOver30).toBe(board.longRed.length);
    expect((await failure(as('unitA').supervision.board({ period: '2011' }))).code).toBe('FORBIDDEN');

    const file = await boardWorkbook(db.prisma, { period: '2011', today: '2012-03-11' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('按单位')!;
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['单位编码', '单位名称', '红色', '整改办结率']));
    const codes = ws.getColumn(1).values.slice(4);
    expect(codes).toHaveLength(board.units.length);
    expect(wb.getWorksheet('未办结事项')!.rowCount).toBe(3 + board.items.length);
  });
});

async function openKeyOf(unit: string): Promise<string | undefined> {
  const items = await callerFor(db, users.inspector).supervision.openItems({ unit });
  return items.find((i) => i.kind === 'finding')?.key;
}

describe(`the optional timeliness rule on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('a scheme may give points for on-time submission: the late quarter earns none, and re-scoring agrees', async () => {
    const current = (await as('admin').admin.scheme({ year: 2011 })).scheme as { rules: unknown[] };
    const scheme = {
      ...current,
      rules: [
        ...current.rules,
        {
          code: 'on_time',
          nameZh: '按时报送',
          nameEn: 'On time',
          points: 10,
          kind: 'timeliness',
          groups: ['grassroots', 'organs'],
        },
      ],
    };
    await as('admin').admin.setScheme({ year: 2011, scheme, note: '加入按时报送分' });
    const card = async (unit: string, period: string) => (await as('leader').scores.scorecard({ unit, period })).score!;
    const late = await card('T07', '2011Q1');
    expect(late.rules.on_time).toBe(0);
    expect(late.explanation.rules.find((r) => r.code === 'on_time')).toMatchObject({
      formula: { kind: 'timeliness', points: 10, onTime: 0, due: 1 },
    });
    expect((await card('T08', '2011Q1')).rules.on_time).toBe(10);
    expect((await card('T07', '2011')).rules.on_time).toBe(5);
    const report = await db.prisma.$transaction((tx) => rescoreAll(tx, '2012-03-01', 2011), { timeout: 300_000 });
    expect(report.differences).toEqual([]);
  });
});
