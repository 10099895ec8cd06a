/**
 * The quarterly bulletin (督查情况通报) as plain data, built from one published version (its frozen rows and
 * facts) and the quarter's edited texts. The same model feeds the HTML, .docx and JSON renderers. Pure.
 */
import type { RankGroup } from '../catalogue.ts';
import { parsePeriod } from '../periods.ts';
import type { PublicationFacts, PublishedFinding, PublishedRow } from '../publication.ts';
import type { ReportParagraph, ReportSection, ReportTable, TableCell, TableRow } from './report-model.ts';

export const BULLETIN_TEXT_KEYS = ['opening', 'requirements', 'other'] as const;
export type BulletinTextKey = (typeof BULLETIN_TEXT_KEYS)[number];

export const GROUP_LABEL: Record<RankGroup, string> = { grassroots: '乡镇街道', organs: '市直单位' };
const GRADE_LABEL = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as const;
const SEVERITY_LABEL = { minor: '一般问题', major: '较重问题', veto: '一票否决问题' } as const;
const STATUS_LABEL: Record<string, string> = {
  open: '未整改',
  pending: '待确认',
  confirmed: '已整改',
  rejected: '整改未通过',
};
/** Criticised when overdue for longer than this (days). */
export const CRITICISED_OVERDUE_DAYS = 30;

export type BulletinInput = {
  period: string;
  issuer: string;
  version: number;
  /** The day the version was published (ISO); the bulletin's date. */
  publishedOn: string;
  rows: readonly PublishedRow[];
  facts: PublicationFacts;
  texts: Partial<Record<BulletinTextKey, string>>;
  /** A unit operator's bulletin holds its own unit's part only. */
  unit?: { code: string; name: string } | null;
};

/** The counts the opening paragraph states: equal, figure for figure, to the facts (a test reads them back). */
export type BulletinCounts = {
  units: number;
  grassroots: number;
  organs: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  findings: number;
  minor: number;
  major: number;
  veto: number;
  deductions: number;
  rectificationDue: number;
  rectifiedOnTime: number;
  /** Percent, one decimal; null when nothing was due. */
  rectificationRate: number | null;
  overdue: number;
};

export type BulletinUnitRef = { unit: string; name: string; group: RankGroup; why: string };

export type BulletinModel = {
  kind: 'bulletin';
  title: string;
  period: string;
  version: number;
  issuer: string;
  date: string;
  unit: { code: string; name: string } | null;
  counts: BulletinCounts;
  rankings: Record<RankGroup, PublishedRow[]>;
  commended: BulletinUnitRef[];
  criticised: BulletinUnitRef[];
  sections: ReportSection[];
  warnings: string[];
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => String(round2(n));

/** 2012-03-01 → 2012年3月1日 */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const QUARTER_ZH = ['一', '二', '三', '四'];

export function periodTitle(period: string): string {
  const p = parsePeriod(period);
  if (!p) throw new Error(`invalid period ${period}`);
  return p.kind === 'year' ? `${p.year}年度` : `${p.year}年第${QUARTER_ZH[p.quarter - 1]}季度`;
}

export function bulletinCounts(facts: PublicationFacts): BulletinCounts {
  const by = (s: PublishedFinding['severity']) => facts.findings.filter((f) => f.severity === s).length;
  const { done, total } = facts.rectification;
  return {
    units: facts.units.total,
    grassroots: facts.units.grassroots,
    organs: facts.units.organs,
    submitted: facts.submissions.submitted,
    onTime: facts.submissions.onTime,
    late: facts.submissions.late,
    missing: facts.submissions.missing,
    findings: facts.findings.length,
    minor: by('minor'),
    major: by('major'),
    veto: by('veto'),
    deductions: round2(facts.findings.reduce((s, f) => s + f.deduction, 0)),
    rectificationDue: total,
    rectifiedOnTime: done,
    rectificationRate: total === 0 ? null : Math.round((done / total) * 1000) / 10,
    overdue: facts.overdueItems.length,
  };
}

/** Units commended: excellent grades and commendations, per group in ranking order. */
export function commendedUnits(rows: readonly PublishedRow[], facts: PublicationFacts): BulletinUnitRef[] {
  const out = new Map<string, BulletinUnitRef>();
  for (const r of rows)
    if (r.submitted && r.grade === 'excellent')
      out.set(r.unit, { unit: r.unit, name: r.name, group: r.group, why: `考核等次优秀（${fmt(r.score)}分）` });
  for (const c of facts.commendations) {
    const prior = out.get(c.unit);
    const why = `${c.reason}（加${fmt(c.points)}分）`;
    out.set(c.unit, prior ? { ...prior, why: `${prior.why}；${why}` } : { ...c, why });
  }
  return order(rows, [...out.values()]);
}

/** Units criticised: fail grades, vetoes, items overdue more than 30 days. */
export function criticisedUnits(rows: readonly PublishedRow[], facts: PublicationFacts): BulletinUnitRef[] {
  const reasons = new Map<string, { ref: Omit<BulletinUnitRef, 'why'>; why: string[] }>();
  const add = (ref: Omit<BulletinUnitRef, 'why'>, why: string) => {
    const cur = reasons.get(ref.unit) ?? { ref, why: [] };
    if (!cur.why.includes(why)) cur.why.push(why);
    reasons.set(ref.unit, cur);
  };
  for (const r of rows) {
    if (r.veto) add(r, '存在一票否决问题');
    else if (r.grade === 'fail')
      add(r, r.submitted ? `考核等次不合格（${fmt(r.score)}分）` : '未报送季度数据，考核等次不合格');
  }
  for (const f of facts.overdueItems)
    if (f.daysOverdue > CRITICISED_OVERDUE_DAYS) add(f, `问题逾期未整改超过${CRITICISED_OVERDUE_DAYS}日`);
  return order(
    rows,
    [...reasons.values()].map((v) => ({ ...v.ref, why: v.why.join('；') })),
  );
}

function order(rows: readonly PublishedRow[], refs: BulletinUnitRef[]): BulletinUnitRef[] {
  const pos = new Map(rows.map((r, i) => [r.unit, i]));
  return refs
    .map((r) => ({ unit: r.unit, name: r.name, group: r.group, why: r.why }))
    .sort((a, b) => (pos.get(a.unit) ?? 1e9) - (pos.get(b.unit) ?? 1e9) || a.unit.localeCompare(b.unit));
}

const cell = (value: string | number, role: TableCell['role'] = 'data'): TableCell => ({ value, role });
const headerRow = (labels: string[]): TableRow => ({ cells: labels.map((l) => cell(l, 'header')) });
const generated = (text: string): ReportParagraph => ({ text, source: 'generated' });
const edited = (text: string | undefined): ReportParagraph[] =>
  (text ?? '')
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ text: t, source: 'edited' as const }));

function rankingTable(group: RankGroup, rows: readonly PublishedRow[]): ReportTable {
  return {
    id: `ranking.${group}`,
    caption: `${GROUP_LABEL[group]}考核排名`,
    columnCount: 5,
    columnWeights: [1, 4, 1.4, 1.2, 1.4],
    header: [headerRow(['名次', '单位', '得分', '等次', '名次变化'])],
    rows: rows.map((r) => ({
      key: r.unit,
      cells: [
        cell(r.rank === null ? '—' : r.rank),
        cell(r.name, 'label'),
        cell(r.score.toFixed(2)),
        cell(`${GRADE_LABEL[r.grade]}${r.veto ? '（否决）' : ''}`),
        cell(
          r.rank_change === null || r.rank_change === 0
            ? '—'
            : r.rank_change > 0
              ? `↑${r.rank_change}`
              : `↓${-r.rank_change}`,
        ),
      ],
    })),
    notes: [],
  };
}

/** Problems grouped by the scoring rule they fall under (a finding's deduction; an overdue point) and severity. */
function problemSummary(facts: PublicationFacts): ReportTable {
  const rows: TableRow[] = [];
  for (const severity of ['minor', 'major', 'veto'] as const) {
    const list = facts.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    rows.push({
      key: `finding.${severity}`,
      cells: [
        cell('检查发现问题扣分', 'label'),
        cell(SEVERITY_LABEL[severity]),
        cell(list.length),
        cell(fmt(list.reduce((s, f) => s + f.deduction, 0))),
        cell(new Set(list.map((f) => f.unit)).size),
      ],
    });
  }
  if (facts.overdueItems.length > 0)
    rows.push({
      key: 'overdue',
      cells: [
        cell('整改逾期扣分', 'label'),
        cell('逾期未整改'),
        cell(facts.overdueItems.length),
        cell(facts.overdueItems.length),
        cell(new Set(facts.overdueItems.map((f) => f.unit)).size),
      ],
    });
  return {
    id: 'problems.summary',
    caption: '发现问题分类汇总',
    columnCount: 5,
    columnWeights: [2.6, 2, 1.2, 1.2, 1.4],
    header: [headerRow(['考核规则', '问题类别', '问题数', '扣分', '涉及单位数'])],
    rows,
    notes: ['注：逾期未整改的问题每项扣1分，计入整改期限所在季度。'],
  };
}

function problemDetail(findings: readonly PublishedFinding[]): ReportTable {
  return {
    id: 'problems.detail',
    caption: '发现问题清单',
    columnCount: 6,
    columnWeights: [0.8, 2.4, 4, 1.6, 1, 1.8],
    header: [headerRow(['序号', '单位', '问题', '类别', '扣分', '整改期限'])],
    rows: findings.map((f, i) => ({
      key: `finding.${f.id}`,
      cells: [
        cell(i + 1),
        cell(f.name, 'label'),
        cell(f.description, 'label'),
        cell(SEVERITY_LABEL[f.severity]),
        cell(fmt(f.deduction)),
        cell(f.deadline ? chineseDate(f.deadline) : '—'),
      ],
    })),
    notes: [],
  };
}

function requirementTable(items: readonly PublishedFinding[]): ReportTable {
  return {
    id: 'requirements',
    caption: '整改事项及期限',
    columnCount: 5,
    columnWeights: [2.4, 4, 1.8, 1.4, 1.2],
    header: [headerRow(['单位', '问题', '整改期限', '状态', '逾期天数'])],
    rows: items.map((f) => ({
      key: `rectify.${f.id}`,
      cells: [
        cell(f.name, 'label'),
        cell(f.description, 'label'),
        cell(f.deadline ? chineseDate(f.deadline) : '—'),
        cell(f.overdue ? '逾期未整改' : (STATUS_LABEL[f.status] ?? f.status)),
        cell(f.daysOverdue),
      ],
    })),
    notes: [],
  };
}

const list = (refs: readonly BulletinUnitRef[]) => refs.map((r) => `${r.name}（${r.why}）`).join('；');

export function buildBulletin(input: BulletinInput): BulletinModel {
  const own = input.unit ?? null;
  const mine = <T extends { unit: string }>(xs: readonly T[]): T[] =>
    own ? xs.filter((x) => x.unit === own.code) : [...xs];
  const facts = input.facts;
  const counts = bulletinCounts(facts);
  const rows = mine(input.rows);
  const rankings: Record<RankGroup, PublishedRow[]> = {
    grassroots: rows.filter((r) => r.group === 'grassroots'),
    organs: rows.filter((r) => r.group === 'organs'),
  };
  const commended = mine(commendedUnits(input.rows, facts));
  const criticised = mine(criticisedUnits(input.rows, facts));
  const findings = mine(facts.findings);
  const open = mine([
    ...facts.findings.filter((f) => f.status !== 'confirmed' && f.rectifiedAt === null),
    ...facts.overdueItems.filter((o) => !facts.findings.some((f) => f.id === o.id)),
  ]);
  const label = periodTitle(input.period);
  const rate = counts.rectificationRate === null ? '（本期无到期整改事项）' : `，整改率${counts.rectificationRate}%`;
  const opening =
    `${label}，按照目标管理考核工作安排，对全市${counts.units}个单位（乡镇街道${counts.grassroots}个、市直单位${counts.organs}个）` +
    `政府信息公开工作开展了督查考核。全市${counts.units}个单位中，按期报送季度数据${counts.onTime}个，逾期报送${counts.late}个，` +
    `未报送${counts.missing}个。督查共发现问题${counts.findings}个，其中一般问题${counts.minor}个、较重问题${counts.major}个、` +
    `一票否决问题${counts.veto}个，合计扣${fmt(counts.deductions)}分；到期应整改问题${counts.rectificationDue}个，` +
    `按期整改${counts.rectifiedOnTime}个${rate}；截至${chineseDate(facts.asOf)}，逾期未整改问题${counts.overdue}个。现将有关情况通报如下。`;
  const sections: ReportSection[] = [
    {
      key: 'opening',
      heading: '',
      paragraphs: [generated(opening), ...edited(input.texts.opening)],
      tables: [],
    },
    {
      key: 'rankings',
      heading: '一、考核排名情况',
      paragraphs: [
        generated(
          own
            ? `${own.name}${label}考核结果如下（公示第${input.version}版）。`
            : `${label}考核结果经市政府公示（公示第${input.version}版），乡镇街道、市直单位分组排名如下。`,
        ),
      ],
      tables: (['grassroots', 'organs'] as const)
        .filter((g) => rankings[g].length > 0)
        .map((g) => rankingTable(g, rankings[g])),
    },
    {
      key: 'commended',
      heading: '二、通报表彰',
      paragraphs: [
        generated(
          commended.length
            ? `对以下${commended.length}个单位予以通报表彰：${list(commended)}。`
            : own
              ? `${own.name}本季度未列入通报表彰。`
              : '本季度无通报表彰单位。',
        ),
      ],
      tables: [],
    },
    {
      key: 'criticised',
      heading: '三、通报批评',
      paragraphs: [
        generated(
          criticised.length
            ? `对以下${criticised.length}个单位予以通报批评：${list(criticised)}。`
            : own
              ? `${own.name}本季度未列入通报批评。`
              : '本季度无通报批评单位。',
        ),
      ],
      tables: [],
    },
    {
      key: 'problems',
      heading: '四、督查发现的主要问题',
      paragraphs: [
        generated(
          findings.length
            ? `督查发现问题${findings.length}个，按考核规则和问题类别汇总如下。`
            : '本季度督查未发现扣分问题。',
        ),
      ],
      tables: findings.length ? [...(own ? [] : [problemSummary(facts)]), problemDetail(findings)] : [],
    },
    {
      key: 'requirements',
      heading: '五、整改要求',
      paragraphs: [
        generated(
          open.length
            ? `请有关单位对以下${open.length}个问题认真整改，于整改期限前完成并报送整改情况及佐证材料；逾期未整改的，按考核办法每项扣1分，逾期超过${CRITICISED_OVERDUE_DAYS}日的予以通报批评。`
            : '本季度无待整改问题。请各单位继续做好政府信息公开工作。',
        ),
        ...edited(input.texts.requirements),
      ],
      tables: open.length ? [requirementTable(open)] : [],
    },
  ];
  const other = edited(input.texts.other);
  if (other.length) sections.push({ key: 'other', heading: '六、其他事项', paragraphs: other, tables: [] });
  return {
    kind: 'bulletin',
    title: `关于${label}政府信息公开工作督查情况的通报${own ? `（${own.name}）` : ''}`,
    period: input.period,
    version: input.version,
    issuer: input.issuer,
    date: chineseDate(input.publishedOn),
    unit: own,
    counts,
    rankings,
    commended,
    criticised,
    sections,
    warnings: [],
  };
}
