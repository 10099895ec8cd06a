/** The supervision loop's pure rules: submission deadlines, timeliness and warning colours. */
import { periodBounds } from './periods';

/** Adds whole days to an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A quarter's submission deadline unless an administrator set another: the 10th day after the quarter ends. */
export function defaultSubmissionDeadline(quarter: string): string {
  return addDays(periodBounds(quarter).end, 10);
}

export type Timeliness = 'onTime' | 'late' | 'missing' | 'notDue';

/**
 * A unit's submission timeliness for a quarter: on time (submitted on or before the deadline), late,
 * missing (not submitted and the deadline has passed) or not yet due.
 */
export function timelinessOf(input: {
  submittedOn: string | null;
  onTime: boolean | null;
  deadline: string;
  today: string;
}): Timeliness {
  if (input.submittedOn !== null) return (input.onTime ?? input.submittedOn <= input.deadline) ? 'onTime' : 'late';
  return input.today > input.deadline ? 'missing' : 'notDue';
}

export type WarningLevel = 'blue' | 'yellow' | 'red';
export type WarningThresholds = { blueDays: number; yellowDays: number };

/**
 * The colour of an open item: red once its deadline has passed, yellow within `yellowDays` of it,
 * blue within `blueDays`, none before that (or without a deadline).
 */
export function warningLevel(deadline: string | null, today: string, t: WarningThresholds): WarningLevel | null {
  if (deadline === null) return null;
  const left = daysBetween(today, deadline);
  if (left < 0) return 'red';
  if (left <= t.yellowDays) return 'yellow';
  if (left <= t.blueDays) return 'blue';
  return null;
}

/** The median of a list of numbers (null when empty). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The facts an open item is made of (the service reads them; `openItemOf` adds the deadline and the colour):
 * what a unit still owes — a quarter not yet submitted, a submission returned to it, a finding not yet
 * rectified — or (the inspectors' turn) a rectification claim waiting for confirmation.
 */
export type OpenItemFacts =
  | { kind: 'submission'; unitId: number; period: string; deadline: string }
  | { kind: 'returned'; unitId: number; period: string; deadline: string; returnedOn: string; reason: string | null }
  | {
      kind: 'finding';
      unitId: number;
      period: string;
      findingId: number;
      severity: string;
      description: string;
      deadline: string | null;
      recordedOn: string;
    }
  | {
      kind: 'claim';
      unitId: number;
      period: string;
      findingId: number;
      claimId: number;
      severity: string;
      description: string;
      claimedOn: string;
      /** The finding's own rectification deadline (for the board; the claim's colour goes by its review deadline). */
      findingDeadline: string | null;
    };

export type OpenItem = OpenItemFacts & {
  /** Stable across days: `submission:<unitId>:<period>`, `finding:<id>`, `claim:<id>` … (reminders refer to it). */
  key: string;
  /** The item's own deadline (for a claim: by when an inspector should decide it). */
  dueOn: string | null;
  level: WarningLevel | null;
  /** Days until `dueOn` (negative once overdue); null without a deadline. */
  daysLeft: number | null;
};

export type OpenItemRules = WarningThresholds & {
  /** Days an inspector has to confirm or reject a claim. */
  reviewDays: number;
  /** Days a unit has to submit again after a return that came after (or near) the deadline. */
  resubmitDays: number;
};

/** The key of an open item (what reminders name). */
export function openItemKey(f: OpenItemFacts): string {
  switch (f.kind) {
    case 'submission':
    case 'returned':
      return `${f.kind}:${f.unitId}:${f.period}`;
    case 'finding':
      return `finding:${f.findingId}`;
    case 'claim':
      return `claim:${f.claimId}`;
  }
}

/** A returned submission is due again at the quarter's deadline, or `resubmitDays` after the return if later. */
export function resubmissionDeadline(deadline: string, returnedOn: string, resubmitDays: number): string {
  const again = addDays(returnedOn, resubmitDays);
  return again > deadline ? again : deadline;
}

/** An open item with its deadline, days left and warning colour on `today`. */
export function openItemOf(f: OpenItemFacts, today: string, rules: OpenItemRules): OpenItem {
  const dueOn =
    f.kind === 'submission'
      ? f.deadline
      : f.kind === 'returned'
        ? resubmissionDeadline(f.deadline, f.returnedOn, rules.resubmitDays)
        : f.kind === 'finding'
          ? f.deadline
          : addDays(f.claimedOn, rules.reviewDays);
  return {
    ...f,
    key: openItemKey(f),
    dueOn,
    level: warningLevel(dueOn, today, rules),
    daysLeft: dueOn === null ? null : daysBetween(today, dueOn),
  };
}

const LEVEL_ORDER: Record<WarningLevel, number> = { red: 0, yellow: 1, blue: 2 };

/** Most urgent first: red, yellow, blue, none; then the earliest deadline; then the key. */
export function compareOpenItems(a: OpenItem, b: OpenItem): number {
  const la = a.level === null ? 3 : LEVEL_ORDER[a.level];
  const lb = b.level === null ? 3 : LEVEL_ORDER[b.level];
  if (la !== lb) return la - lb;
  if (a.dueOn !== b.dueOn) return a.dueOn === null ? 1 : b.dueOn === null ? -1 : a.dueOn < b.dueOn ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export type LevelCounts = { red: number; yellow: number; blue: number; none: number };

export function countLevels(items: readonly Pick<OpenItem, 'level'>[]): LevelCounts {
  const c: LevelCounts = { red: 0, yellow: 0, blue: 0, none: 0 };
  for (const i of items) c[i.level ?? 'none']++;
  return c;
}

/** A finding as the rectification board counts it. */
export type BoardFinding = {
  unitId: number;
  recordedOn: string;
  deadline: string | null;
  /** The confirmed rectification date (null while open or only claimed). */
  rectifiedAt: string | null;
};

export type BoardStats = {
  findings: number;
  closed: number;
  /** closed / findings, 4 decimals (null without findings). */
  closureRate: number | null;
  /** Of the closed findings: closed by their deadline (or without one). */
  closedOnTime: number;
  /** Median whole days from recording a finding to its confirmed rectification (null when none closed). */
  medianDaysToClose: number | null;
  /** Open items red for more than 30 days. */
  redOver30: number;
};

/** Closure rate, median days to close and long-red items over a set of findings and open items. */
export function boardStats(findings: readonly BoardFinding[], items: readonly OpenItem[]): BoardStats {
  const closed = findings.filter((f) => f.rectifiedAt !== null);
  const days = closed.map((f) => Math.max(0, daysBetween(f.recordedOn, f.rectifiedAt!)));
  return {
    findings: findings.length,
    closed: closed.length,
    closureRate: findings.length ? Math.round((closed.length / findings.length) * 10_000) / 10_000 : null,
    closedOnTime: closed.filter((f) => f.deadline === null || f.rectifiedAt! <= f.deadline).length,
    medianDaysToClose: median(days),
    redOver30: items.filter((i) => i.level === 'red' && i.daysLeft !== null && i.daysLeft < -30).length,
  };
}

/**
 * A submission's timeliness stamp: a first submission is on time by the deadline; a submission again after
 * an inspector's return keeps the first one's stamp if it comes within `resubmitDays` of the return
 * (or by the deadline), and is late otherwise.
 */
export function onTimeStamp(input: {
  today: string;
  deadline: string;
  previous: boolean | null;
  returnedOn: string | null;
  resubmitDays: number;
}): boolean {
  if (input.previous === null || input.returnedOn === null) return input.today <= input.deadline;
  return input.previous && input.today <= resubmissionDeadline(input.deadline, input.returnedOn, input.resubmitDays);
}

const LEVEL_ZH: Record<WarningLevel, string> = { red: '红色', yellow: '黄色', blue: '蓝色' };
const SEVERITY_ZH: Record<string, string> = { minor: '一般问题', major: '较重问题', veto: '一票否决问题' };

function quarterZh(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  return m ? `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度` : period;
}

/** One line naming an open item, in Chinese (the board's export, notifications and mail carry it). */
export function openItemTextZh(item: OpenItem & { unitName?: string }): string {
  return noticeItemTextZh(noticeItemOf(item));
}

/** An open item as a notification names it: data, worded by the reader's client (and in Chinese for mail). */
export type NoticeItem = {
  kind: OpenItemFacts['kind'];
  period: string;
  unitName: string | null;
  severity: string | null;
  /** The finding's description, cut at 40 characters. */
  description: string | null;
  dueOn: string | null;
  daysLeft: number | null;
  level: WarningLevel | null;
};

/**
 * What a notification says, as data (stored in `Notification.params`): the client words it in the reader's
 * language; `notificationTextZh` words it in Chinese for the stored title and body (mail, older clients).
 */
export type NotificationParams =
  | { type: 'unitDigest'; day: string; counts: Record<WarningLevel, number>; items: NoticeItem[] }
  | {
      type: 'cityDigest';
      day: string;
      counts: Record<WarningLevel, number>;
      total: number;
      claims: number;
      /** Red items more than 30 days overdue. */
      longRed: number;
      /** The red and yellow items, at most 20. */
      items: NoticeItem[];
    }
  | { type: 'reminder'; item: NoticeItem; message: string; sender: string };

const DESCRIPTION_MAX = 40;

export function noticeItemOf(item: OpenItem & { unitName?: string }): NoticeItem {
  const description = item.kind === 'finding' || item.kind === 'claim' ? item.description : null;
  return {
    kind: item.kind,
    period: item.period,
    unitName: item.unitName ?? null,
    severity: item.kind === 'finding' || item.kind === 'claim' ? item.severity : null,
    description:
      description !== null && description.length > DESCRIPTION_MAX
        ? `${description.slice(0, DESCRIPTION_MAX)}…`
        : description,
    dueOn: item.dueOn,
    daysLeft: item.daysLeft,
    level: item.level,
  };
}

/** A daily digest (每日督办提醒) for one unit's users, or null when nothing carries a colour. */
export function unitDigestOf(items: readonly OpenItem[], day: string): NotificationParams | null {
  const coloured = items.filter((i) => i.level !== null);
  if (!coloured.length) return null;
  const { red, yellow, blue } = countLevels(coloured);
  return { type: 'unitDigest', day, counts: { red, yellow, blue }, items: coloured.map(noticeItemOf) };
}

/** The city-wide daily digest for inspectors and leadership, or null without open items. */
export function cityDigestOf(
  items: readonly (OpenItem & { unitName: string })[],
  day: string,
): NotificationParams | null {
  if (!items.length) return null;
  const { red, yellow, blue } = countLevels(items);
  return {
    type: 'cityDigest',
    day,
    counts: { red, yellow, blue },
    total: items.length,
    claims: items.filter((i) => i.kind === 'claim').length,
    longRed: items.filter((i) => i.level === 'red' && i.daysLeft !== null && i.daysLeft < -30).length,
    items: items
      .filter((i) => i.level === 'red' || i.level === 'yellow')
      .slice(0, 20)
      .map(noticeItemOf),
  };
}

/** A reminder (催办) about one open item. */
export function reminderOf(
  item: OpenItem & { unitName?: string },
  message: string,
  sender: string,
): NotificationParams {
  return { type: 'reminder', item: noticeItemOf(item), message, sender };
}

/** One line naming a notice item, in Chinese. */
function noticeItemTextZh(item: NoticeItem): string {
  const who = item.unitName ? `${item.unitName}：` : '';
  const due = item.dueOn
    ? `（期限 ${item.dueOn}${item.daysLeft !== null && item.daysLeft < 0 ? `，已逾期 ${-item.daysLeft} 天` : ''}）`
    : '';
  switch (item.kind) {
    case 'submission':
      return `${who}${quarterZh(item.period)}数据尚未报送${due}`;
    case 'returned':
      return `${who}${quarterZh(item.period)}数据被退回，待重新报送${due}`;
    case 'finding':
      return `${who}${SEVERITY_ZH[item.severity ?? ''] ?? ''}待整改：${item.description ?? ''}${due}`;
    case 'claim':
      return `${who}整改情况待督查员确认：${item.description ?? ''}${due}`;
  }
}

// The level as the pages name it (警示等级: 红色预警 …), the same tag 消息中心 shows for the same line.
const itemLineZh = (i: NoticeItem) => `${i.level ? `【${LEVEL_ZH[i.level]}预警】` : ''}${noticeItemTextZh(i)}`;

/** A notification's title and body in Chinese: what is stored beside the params, and what mail sends. */
export function notificationTextZh(p: NotificationParams): { title: string; body: string } {
  switch (p.type) {
    case 'unitDigest': {
      const parts = (['red', 'yellow', 'blue'] as const)
        .filter((l) => p.counts[l])
        .map((l) => `${LEVEL_ZH[l]}预警 ${p.counts[l]} 项`);
      return { title: `${p.day} 督办提醒：${parts.join('，')}`, body: p.items.map(itemLineZh).join('\n') };
    }
    case 'cityDigest': {
      const c = p.counts;
      const lines = [
        `未办结事项 ${p.total} 项：红色 ${c.red} 项，黄色 ${c.yellow} 项，蓝色 ${c.blue} 项；待确认的整改 ${p.claims} 项；红色超过 30 天 ${p.longRed} 项。`,
        ...p.items.map(itemLineZh),
      ];
      return {
        title: `${p.day} 督办日报：红色 ${c.red} 项，黄色 ${c.yellow} 项，蓝色 ${c.blue} 项`,
        body: lines.join('\n'),
      };
    }
    case 'reminder': {
      const text = noticeItemTextZh(p.item);
      return { title: `催办：${text}`.slice(0, 200), body: `${p.message}\n\n事项：${text}\n催办人：${p.sender}` };
    }
  }
}
