/**
 * The Leiyang 2011 demo data set: pure and deterministic (a seeded PRNG, no clock), built from the
 * tables in leiyang-2011.json (units, published figures, finding templates, report texts). Not part of the
 * pure core (server/domain): it is data, loaded by services/demo/load-demo.ts.
 *
 * The city-wide 2011 totals equal, figure for figure, Leiyang's published 2011 annual report
 * on government information disclosure (`DEMO_FIGURES`). How those totals split over units
 * and quarters, the inspection findings, commendations and users are invented: illustrative
 * only, and the app says so on every page.
 */

import {
  APPROVAL_ITEM_CODES,
  DEFAULT_CATALOGUE,
  groupOfType,
  PUB_CATEGORY_CODES,
  type RankGroup,
  type UnitType,
} from '../domain/catalogue.ts';
import { periodBounds, quartersOfYear } from '../domain/periods.ts';
import { seededRandom } from '../domain/seeded-random';
import { addDays } from '../domain/supervision.ts';
import TABLES from './leiyang-2011.json' with { type: 'json' };

export type DemoUnit = { code: string; name: string; type: UnitType; parent: string | null };
export type DemoValue = { unit: string; period: string; indicator: string; value: number };
export type DemoSubmissionStatus = 'submitted' | 'verified' | 'draft';
/** `submittedOn`: the day the unit submitted (invented: most by the 10-day deadline, a few late). */
export type DemoSubmission = { unit: string; period: string; status: DemoSubmissionStatus; submittedOn: string };
export type DemoRound = { period: string; date: string; offices: string[]; note: string };
export type DemoSeverity = 'minor' | 'major' | 'veto';
export type DemoFinding = {
  unit: string;
  period: string;
  severity: DemoSeverity;
  deduction: number;
  description: string;
  deadline: string | null;
  rectifiedAt: string | null;
  rectificationNote: string | null;
  confirmed: boolean;
};
export type DemoCommendation = { unit: string; period: string; points: number; reason: string };
export type DemoRole = 'leadership' | 'inspector' | 'unit' | 'admin' | 'security' | 'audit';
export type DemoUser = { username: string; password: string; role: DemoRole; unit: string | null; displayName: string };
export type DemoReportSection = 'organisation' | 'problems' | 'other' | 'gazette';
export type DemoReportText = { section: DemoReportSection; text: string };

export type DemoData = {
  units: DemoUnit[];
  values: DemoValue[];
  submissions: DemoSubmission[];
  rounds: DemoRound[];
  findings: DemoFinding[];
  commendations: DemoCommendation[];
  users: DemoUser[];
  reportTexts: DemoReportText[];
};

export const DEMO_YEAR = 2011;
export const DEMO_QUARTERS: readonly string[] = quartersOfYear(DEMO_YEAR);

/**
 * The published city-wide 2011 figures (annual-report.md), per catalogue indicator: flows summed
 * over units and quarters, stocks summed over units' last-quarter values. Every catalogue code
 * except `approval.cases_ontime`, which the report does not state.
 */
export const DEMO_FIGURES: Readonly<Record<string, number>> = TABLES.figures;

/** Figures of the report that are no indicator and stay in its text. */
export const DEMO_TEXT_FIGURES = {
  pubTotal: 9106,
  gazetteIssues: 17,
  gazetteCopies: 60000,
  investmentYuan: 1_000_000,
  trainingBatches: 3,
  grassrootsUnits: 36,
} as const;

// ---------------------------------------------------------------------------------------------
// Units. Grassroots: the 5 street offices and 31 towns and townships of Leiyang around 2011.
// `pub` is the intended size of a unit's yearly publishing (scaled to the report's totals),
// `deployQ` the quarter online approval went live (0: not in 2011), `train` its attendees.

type GrassrootsRow = [name: string, type: 'street' | 'township', pub: number, deployQ: number, train: number];

const GRASSROOTS: GrassrootsRow[] = TABLES.grassroots as GrassrootsRow[];

// `approval`: weight of the unit's approval items and online cases (0: no approval powers);
// `ontime`: its on-time completion rate, null for a rate drawn from the PRNG (90–99.5%).
type OrganRow = [name: string, pub: number, approval: number, train: number, ontime: number | null, parent?: string];

const DEPARTMENTS: OrganRow[] = TABLES.departments as OrganRow[];

const INSTITUTIONS: OrganRow[] = TABLES.institutions as OrganRow[];

type UnitProfile = DemoUnit & {
  group: RankGroup;
  pub: number;
  approval: number;
  train: number;
  ontime: number;
  deployQ: number;
  /** Share of the year's publishing in each quarter. */
  quarterShape: number[];
};

// ---------------------------------------------------------------------------------------------

/** Builds the whole demo data set; every call returns equal data. */
export function buildLeiyangDemo(): DemoData {
  const rand = seededRandom(20111231);
  const profiles = buildProfiles(rand);
  const units: DemoUnit[] = profiles.map(({ code, name, type, parent }) => ({ code, name, type, parent }));
  const grid = buildValues(profiles, rand);
  const values = flattenValues(profiles, grid);
  const rounds = buildRounds();
  const data: DemoData = {
    units,
    values,
    submissions: buildSubmissions(profiles),
    rounds,
    findings: buildFindings(profiles, rounds, rand),
    commendations: buildCommendations(),
    users: buildUsers(profiles),
    reportTexts: REPORT_TEXTS.map((t) => ({ ...t })),
  };
  assertFigures(profiles, values);
  return data;
}

function buildProfiles(rand: () => number): UnitProfile[] {
  const out: UnitProfile[] = [];
  const byName = new Map<string, string>();
  GRASSROOTS.forEach(([name, type, pub, deployQ, train], i) => {
    const code = `T${pad2(i + 1)}`;
    byName.set(name, code);
    out.push({
      code,
      name,
      type,
      parent: null,
      group: 'grassroots',
      pub,
      // Cases of a township scale with its size; only deployed ones handle any.
      approval: deployQ > 0 ? Math.round(pub / 12) : 0,
      train,
      ontime: 0.9 + rand() * 0.095,
      deployQ,
      quarterShape: quarterShape(rand),
    });
  });
  const addOrgans = (rows: OrganRow[], prefix: string, type: UnitType) => {
    rows.forEach(([name, pub, approval, train, ontime, parentName], i) => {
      const code = `${prefix}${pad2(i + 1)}`;
      byName.set(name, code);
      const shape = quarterShape(rand); // drawn for every unit, so that the other units' draws stay put
      const parent = parentName === undefined ? null : (byName.get(parentName) ?? null);
      if (parentName !== undefined && parent === null) throw new Error(`demo: unknown parent ${parentName}`);
      out.push({
        code,
        name,
        type,
        parent,
        group: groupOfType(type),
        pub,
        approval,
        train,
        ontime: ontime ?? 0.9 + rand() * 0.095,
        deployQ: 0,
        quarterShape: SLACKENING[code] ?? shape,
      });
    });
  };
  addOrgans(DEPARTMENTS, 'D', 'department');
  addOrgans(INSTITUTIONS, 'I', 'institution');
  return out;
}

/** A unit's quarterly rhythm: a little more towards the year's end, with its own noise. */
function quarterShape(rand: () => number): number[] {
  return [0.22, 0.24, 0.25, 0.29].map((b) => b + (rand() - 0.5) * 0.1);
}

/** Units that slackened off in the second half of the year (weak in the Q4 ranking). */
const SLACKENING: Record<string, number[]> = {
  D37: [0.35, 0.32, 0.23, 0.1],
  D39: [0.36, 0.32, 0.22, 0.1],
};

// ---------------------------------------------------------------------------------------------
// Values. `grid[unitIndex][quarterIndex]` maps indicator code → value.

type Grid = Map<string, number>[][];

/** Share of each publication category that grassroots units publish (the rest: city organs). */
const GRASSROOTS_SHARE: Record<string, number> = {
  'pub.overview': 0.35,
  'pub.plans': 0.35,
  'pub.regulations': 0.15,
  'pub.news': 0.4,
  'pub.personnel': 0.3,
  'pub.finance': 0.2,
  'pub.services': 0.35,
  'pub.other': 0.3,
};

/** Units that publish one more annual report in Q1 (the city's own report, the service centre's …). */
const EXTRA_ANNUAL_REPORTS = ['D01', 'D04', 'D44', 'D03'];

const PILOT_UNITS = new Set(['D05', 'D06', 'D07']); // 市水利局, 市工商局, 市国土资源局: the seed's pilot units

function buildValues(profiles: UnitProfile[], rand: () => number): Grid {
  const n = profiles.length;
  const grid: Grid = profiles.map(() => [0, 1, 2, 3].map(() => new Map<string, number>()));
  const cell = (u: number, q: number) => grid[u]![q]!;
  const get = (u: number, q: number, code: string) => cell(u, q).get(code) ?? 0;
  const set = (u: number, q: number, code: string, v: number): void => {
    cell(u, q).set(code, v);
  };
  const units = [...profiles.keys()];
  const cells = units.flatMap((u) => [0, 1, 2, 3].map((q) => ({ u, q })));
  const fig = (code: string) => figure(code);

  // Publications by category: split between the groups, then by size, then over quarters.
  for (const code of PUB_CATEGORY_CODES) {
    if (code === 'pub.annual_reports') continue;
    const share = GRASSROOTS_SHARE[code] ?? 0.3;
    const grassrootsPart = Math.round(fig(code) * share);
    for (const [group, part] of [
      ['grassroots', grassrootsPart],
      ['organs', fig(code) - grassrootsPart],
    ] as const) {
      const members = units.filter((u) => profiles[u]!.group === group);
      const yearly = apportion(
        part,
        members.map((u) => profiles[u]!.pub),
      );
      members.forEach((u, k) => {
        const quarters = apportion(yearly[k]!, profiles[u]!.quarterShape);
        quarters.forEach((v, q) => set(u, q, code, v));
      });
    }
  }
  // Every unit publishes its 2010 annual report in Q1 (by the end of February).
  const extra = fig('pub.annual_reports') - n;
  if (extra < 0 || extra > EXTRA_ANNUAL_REPORTS.length) throw new Error('demo: annual reports do not fit the units');
  for (const u of units) {
    const more = EXTRA_ANNUAL_REPORTS.slice(0, extra).includes(profiles[u]!.code) ? 1 : 0;
    set(u, 0, 'pub.annual_reports', 1 + more);
  }
  const pubTotal = (u: number, q: number) => PUB_CATEGORY_CODES.reduce((s, c) => s + get(u, q, c), 0);
  for (const { u, q } of cells) set(u, q, 'pub.electronic', pubTotal(u, q));

  // New normative documents: issued by departments, in step with their regulations published.
  const isDept = (u: number) => profiles[u]!.type === 'department';
  const normWeights = cells.map(({ u, q }) => {
    if (!isDept(u)) return 0;
    const boost = profiles[u]!.code === 'D01' || profiles[u]!.code === 'D03' ? 4 : 1;
    return get(u, q, 'pub.regulations') * boost;
  });
  apportion(fig('pub.normative_docs'), normWeights).forEach((v, i) =>
    set(cells[i]!.u, cells[i]!.q, 'pub.normative_docs', v),
  );

  // Channels follow what each unit published in the quarter; the gazette is the city government's.
  for (const code of ['chan.direct_report', 'chan.portal', 'chan.other_media']) {
    apportion(
      fig(code),
      cells.map(({ u, q }) => pubTotal(u, q)),
    ).forEach((v, i) => set(cells[i]!.u, cells[i]!.q, code, v));
  }
  const cityOffice = units.find((u) => profiles[u]!.code === 'D01')!;
  apportion(fig('chan.gazette'), [4, 4, 4, 5]).forEach((v, q) => set(cityOffice, q, 'chan.gazette', v));

  // The year's single request: in person at the city government office, granted in the same quarter.
  set(cityOffice, 2, 'req.in_person', fig('req.in_person'));
  set(cityOffice, 2, 'reply.granted', fig('reply.granted'));

  // Consultations: by size; the government service centre takes the visitors and the calls.
  const serviceCentre = profiles.findIndex((p) => p.code === 'D04');
  const consultBoost: Record<string, (u: number) => number> = {
    'consult.service_info': (u) => (profiles[u]!.approval > 0 ? 1.5 : 1),
    'consult.online': (u) => (u === serviceCentre ? 8 : 1),
    'consult.onsite': (u) => (u === serviceCentre ? 10 : profiles[u]!.group === 'grassroots' ? 1.6 : 1),
    'consult.phone': (u) => (u === serviceCentre ? 10 : 1),
    'consult.page_views': (u) => (profiles[u]!.group === 'organs' ? 1.4 : 1),
  };
  for (const [code, boost] of Object.entries(consultBoost)) {
    const weights = cells.map(
      ({ u, q }) => profiles[u]!.pub * boost(u) * profiles[u]!.quarterShape[q]! * (0.8 + rand() * 0.4),
    );
    apportion(fig(code), weights).forEach((v, i) => set(cells[i]!.u, cells[i]!.q, code, v));
  }

  // Online approval.
  const deployedAt = (u: number, q: number) => profiles[u]!.deployQ > 0 && q + 1 >= profiles[u]!.deployQ;
  for (const { u, q } of cells) {
    if (profiles[u]!.group === 'grassroots') set(u, q, 'approval.deployed', deployedAt(u, q) ? 1 : 0);
  }
  const itemWeight: Record<string, (u: number) => number> = {
    'approval.items_licensing': (u) =>
      profiles[u]!.group === 'organs' ? profiles[u]!.approval * (profiles[u]!.type === 'department' ? 1 : 0.3) : 0,
    'approval.items_nonlicensing': (u) => (profiles[u]!.group === 'organs' ? profiles[u]!.approval : 0),
    'approval.items_services': (u) =>
      profiles[u]!.group === 'organs'
        ? profiles[u]!.approval
        : profiles[u]!.deployQ > 0
          ? 6 + profiles[u]!.pub / 20
          : 0,
    'approval.items_transfer': (u) =>
      profiles[u]!.group === 'organs' ? profiles[u]!.approval * 0.3 : profiles[u]!.deployQ > 0 ? 8 : 0,
  };
  const ORGAN_ITEM_GROWTH = [0.6, 0.8, 0.95, 1];
  const PUBLISHED_GROWTH = [0.7, 0.85, 0.95, 1];
  for (const code of APPROVAL_ITEM_CODES) {
    const yearEnd = apportion(fig(code), units.map(itemWeight[code]!));
    for (const { u, q } of cells) {
      const p = profiles[u]!;
      const full = yearEnd[u]!;
      let v: number;
      if (p.group === 'organs') v = Math.floor(full * ORGAN_ITEM_GROWTH[q]!);
      else if (!deployedAt(u, q)) v = 0;
      else v = q === 3 || q + 1 > p.deployQ ? full : Math.floor(full * 0.8);
      set(u, q, code, v);
    }
  }
  for (const { u, q } of cells) {
    const items = APPROVAL_ITEM_CODES.reduce((s, c) => s + get(u, q, c), 0);
    set(u, q, 'approval.items_published', Math.floor(items * PUBLISHED_GROWTH[q]!));
  }
  const CASE_RAMP = [0.8, 0.95, 1.05, 1.2];
  const caseWeights = cells.map(({ u, q }) => {
    const p = profiles[u]!;
    if (p.group === 'grassroots' && !deployedAt(u, q)) return 0;
    const pilot = PILOT_UNITS.has(p.code) ? 3 : p.code === 'D04' ? 2 : 1;
    return p.approval * pilot * CASE_RAMP[q]! * (0.9 + rand() * 0.2);
  });
  apportion(fig('approval.cases'), caseWeights).forEach((v, i) => set(cells[i]!.u, cells[i]!.q, 'approval.cases', v));
  for (const { u, q } of cells) {
    const cases = get(u, q, 'approval.cases');
    const rate = Math.min(1, profiles[u]!.ontime + (rand() - 0.5) * 0.03);
    set(u, q, 'approval.cases_ontime', Math.floor(cases * rate));
  }

  // Training: three batches, late November to early December, so all in Q4.
  for (const u of units) set(u, 3, 'training.attendees', profiles[u]!.train);

  return grid;
}

function flattenValues(profiles: UnitProfile[], grid: Grid): DemoValue[] {
  const out: DemoValue[] = [];
  profiles.forEach((p, u) => {
    DEMO_QUARTERS.forEach((period, q) => {
      const row = grid[u]![q]!;
      for (const def of DEFAULT_CATALOGUE) {
        if (def.group !== null && def.group !== p.group) continue;
        out.push({ unit: p.code, period, indicator: def.code, value: row.get(def.code) ?? 0 });
      }
    });
  });
  return out;
}

/** Throws when the generated data misses a published figure: a guard against editing the tables above. */
function assertFigures(profiles: UnitProfile[], values: DemoValue[]): void {
  const kind = new Map(DEFAULT_CATALOGUE.map((d) => [d.code, d.kind]));
  const last = DEMO_QUARTERS[DEMO_QUARTERS.length - 1];
  const totals = new Map<string, number>();
  for (const v of values) {
    if (kind.get(v.indicator) === 'stock' && v.period !== last) continue;
    totals.set(v.indicator, (totals.get(v.indicator) ?? 0) + v.value);
  }
  for (const [code, expected] of Object.entries(DEMO_FIGURES)) {
    if ((totals.get(code) ?? 0) !== expected)
      throw new Error(`demo: ${code} adds up to ${totals.get(code) ?? 0}, not ${expected}`);
  }
  const trained = profiles.filter((p) => p.train > 0).length;
  if (trained < 90) throw new Error(`demo: only ${trained} units trained`);
}

// ---------------------------------------------------------------------------------------------

/** Units whose Q4 figures still wait for an inspector's verification. */
const AWAITING_VERIFICATION = ['T33', 'T35', 'D36', 'D41', 'I10'];

/** Units that submitted late (days after the deadline), by quarter index. */
const LATE: Record<string, number[]> = { T07: [0, 2], T19: [1], T30: [3], D12: [2, 3], D27: [0], I04: [3] };

function buildSubmissions(profiles: UnitProfile[]): DemoSubmission[] {
  return profiles.flatMap((p, i) =>
    DEMO_QUARTERS.map((period, q) => {
      const deadline = addDays(periodBounds(period).end, 10);
      const late = LATE[p.code]?.includes(q) ?? false;
      return {
        unit: p.code,
        period,
        status: q === 3 && AWAITING_VERIFICATION.includes(p.code) ? ('submitted' as const) : ('verified' as const),
        submittedOn: addDays(deadline, late ? 2 + ((i + q) % 5) : -((i * 7 + q * 3) % 9)),
      };
    }),
  );
}

function buildRounds(): DemoRound[] {
  return [
    {
      period: '2011Q1',
      date: '2011-03-22',
      offices: ['市电子政务办', '市政府督查室', '市纪委监察室'],
      note: '第一季度政府信息公开联合督查：重点检查2010年度信息公开年度报告编制公布、公开指南和公开目录更新情况。',
    },
    {
      period: '2011Q2',
      date: '2011-06-16',
      offices: ['市电子政务办', '市政府督查室', '市纪委监察室'],
      note: '第二季度联合督查：对各单位政府信息公开和网上审批情况进行督查，督查结果予以公示。',
    },
    {
      period: '2011Q3',
      date: '2011-09-20',
      offices: ['市政府督查室', '市法制办', '市电子政务办'],
      note: '第三季度联合督查：检查直报系统信息报送、保密审查制度落实及网上审批及电子监察系统部署进度。',
    },
    {
      period: '2011Q4',
      date: '2011-10-25',
      offices: ['市政务中心', '市纪委监察室', '市法制办', '市电子政务办'],
      note: '由市政务中心牵头，联合市纪委监察室、市法制办、市电子政务办对各单位网上政务事项梳理情况进行督查，督查情况汇报市纪委、市政府督查室。',
    },
  ];
}

type FindingTemplate = { text: string; note: string; needs: 'any' | 'approval' | 'undeployed' };

const MINOR: FindingTemplate[] = TABLES.minorFindings as FindingTemplate[];

const MAJOR: FindingTemplate[] = TABLES.majorFindings as FindingTemplate[];

const VETO_FINDING = {
  unit: 'D07',
  period: '2011Q3',
  text: '门户网站公开的征地信息未经保密审查，泄露涉密内容，造成不良影响',
  note: '已当即撤下相关信息，对责任人作出处理，并重新开展保密审查',
};

/** Units inspected with a finding, per quarter (a unit code; repeats allowed across quarters). */
// Weak units are found at fault most often; strong ones now and then, which also splits their ties.
const FINDING_UNITS: string[][] = [
  ['T26', 'T32', 'T21', 'D40', 'D37', 'I14', 'D34', 'T27', 'D12', 'T04', 'T08'],
  ['T26', 'T23', 'T36', 'D39', 'D40', 'I12', 'D32', 'T33', 'D15', 'T25', 'I08', 'D11', 'T09', 'T17', 'D03'],
  ['T32', 'T29', 'T21', 'D37', 'I14', 'D34', 'D15', 'T16', 'D28', 'I03', 'T07', 'T10'],
  ['T26', 'T32', 'T27', 'T23', 'D40', 'D39', 'I14', 'D32', 'D11', 'T34', 'D37', 'I05', 'T19', 'T11', 'T18'],
];

/** How each finding of a quarter ends, cycled; Q4 has more still open. */
const RECTIFICATION_PATTERNS: ('ontime' | 'late' | 'never')[][] = [
  ['ontime', 'late', 'ontime', 'never', 'ontime', 'ontime', 'late', 'ontime'],
  ['ontime', 'ontime', 'late', 'ontime', 'never', 'ontime', 'late'],
  ['late', 'ontime', 'ontime', 'never', 'ontime', 'late', 'ontime'],
  ['ontime', 'never', 'late', 'ontime', 'ontime', 'never', 'late'],
];

const MAJOR_EVERY = 4; // every fourth finding is major
const CONFIRMED_BEFORE = `${DEMO_YEAR}-12-01`;

function buildFindings(profiles: UnitProfile[], rounds: DemoRound[], rand: () => number): DemoFinding[] {
  const byCode = new Map(profiles.map((p) => [p.code, p]));
  const out: DemoFinding[] = [];
  FINDING_UNITS.forEach((codes, q) => {
    const round = rounds[q]!;
    const pattern = RECTIFICATION_PATTERNS[q]!;
    codes.forEach((code, k) => {
      const p = byCode.get(code);
      if (!p) throw new Error(`demo: finding for unknown unit ${code}`);
      const hasApproval = p.group === 'organs' ? p.approval > 0 : p.deployQ > 0 && q + 1 >= p.deployQ;
      const undeployed = p.group === 'grassroots' && !(p.deployQ > 0 && q + 1 >= p.deployQ);
      const fits = (t: FindingTemplate) =>
        t.needs === 'any' || (t.needs === 'approval' && hasApproval) || (t.needs === 'undeployed' && undeployed);
      const isMajor = k % MAJOR_EVERY === 1;
      const pool = (isMajor ? MAJOR : MINOR).filter(fits);
      const template = pool[Math.floor(rand() * pool.length)]!;
      const deduction = isMajor ? 3 + Math.floor(rand() * 5) * 0.5 : 0.5 + Math.floor(rand() * 4) * 0.5;
      const deadlineDays = 15 + Math.floor(rand() * 31);
      const deadline = addDays(round.date, deadlineDays);
      const outcome = pattern[k % pattern.length]!;
      out.push(
        rectify(
          {
            unit: code,
            period: round.period,
            severity: isMajor ? 'major' : 'minor',
            deduction,
            description: template.text,
            deadline,
          },
          outcome,
          round.date,
          deadlineDays,
          template.note,
          rand,
        ),
      );
    });
    if (round.period === VETO_FINDING.period) {
      const deadline = addDays(round.date, 15);
      out.push({
        unit: VETO_FINDING.unit,
        period: round.period,
        severity: 'veto',
        deduction: 5,
        description: VETO_FINDING.text,
        deadline,
        rectifiedAt: addDays(round.date, 2),
        rectificationNote: VETO_FINDING.note,
        confirmed: true,
      });
    }
  });
  return out;
}

function rectify(
  base: Pick<DemoFinding, 'unit' | 'period' | 'severity' | 'deduction' | 'description' | 'deadline'>,
  outcome: 'ontime' | 'late' | 'never',
  roundDate: string,
  deadlineDays: number,
  note: string,
  rand: () => number,
): DemoFinding {
  if (outcome === 'never') return { ...base, rectifiedAt: null, rectificationNote: null, confirmed: false };
  const days =
    outcome === 'ontime' ? 5 + Math.floor(rand() * (deadlineDays - 4)) : deadlineDays + 3 + Math.floor(rand() * 20);
  const rectifiedAt = addDays(roundDate, days);
  // Rectifications reported in the last month still wait for an inspector to confirm them.
  return { ...base, rectifiedAt, rectificationNote: note, confirmed: rectifiedAt < CONFIRMED_BEFORE };
}

function buildCommendations(): DemoCommendation[] {
  const rows: [string, string, number, string][] = [
    ['T01', '2011Q1', 2, '政府信息公开工作成绩突出'],
    ['D01', '2011Q1', 2, '政府信息公开年度报告编制规范、按时公布'],
    ['D05', '2011Q1', 3, '网上审批试点运行成效显著'],
    ['T02', '2011Q2', 2, '政府信息公开工作成绩突出'],
    ['D06', '2011Q2', 3, '网上审批试点运行成效显著'],
    ['D04', '2011Q2', 2, '行政服务中心窗口网上办件规范高效'],
    ['T06', '2011Q2', 1, '信息报送量居乡镇前列'],
    ['D04', '2011Q3', 2, '网上政务事项梳理工作扎实'],
    ['T15', '2011Q3', 2, '网上审批及电子监察系统按时按质部署'],
    ['D44', '2011Q3', 3, '信息公开直报系统改版工作成效明显'],
    ['T03', '2011Q3', 1, '督查问题整改及时到位'],
    ['D44', '2011Q4', 3, '网上审批及电子监察培训组织得力'],
    ['D05', '2011Q4', 2, '网上审批示范点建设成效显著'],
    ['T01', '2011Q4', 2, '政府信息公开工作成绩突出'],
    ['D06', '2011Q4', 2, '网上办件量居全市前列'],
  ];
  return rows.map(([unit, period, points, reason]) => ({ unit, period, points, reason }));
}

/** Demo sign-ins: one per role, plus operators of two townships' and one department's figures. */
function buildUsers(profiles: UnitProfile[]): DemoUser[] {
  const users: DemoUser[] = [
    { username: 'admin', password: 'admin123', role: 'admin', unit: null, displayName: '系统管理员' },
    // 三员分立: accounts are the security administrator's, the audit log the audit administrator's.
    { username: 'security', password: 'security123', role: 'security', unit: null, displayName: '安全管理员' },
    { username: 'auditor', password: 'audit123', role: 'audit', unit: null, displayName: '审计管理员' },
    { username: 'leader', password: 'leader123', role: 'leadership', unit: null, displayName: '市政府领导' },
    {
      username: 'inspector',
      password: 'inspector123',
      role: 'inspector',
      unit: null,
      displayName: '市政府督查室督查员',
    },
  ];
  for (const code of ['T01', 'T02', 'D01']) {
    const unit = profiles.find((p) => p.code === code)!;
    users.push({
      username: code.toLowerCase(),
      password: 'unit123',
      role: 'unit',
      unit: code,
      displayName: `${unit.name}信息员`,
    });
  }
  return users;
}

// ---------------------------------------------------------------------------------------------
// Free text of the city's 2011 report, from the seed (punctuation made full-width).

const REPORT_TEXTS: DemoReportText[] = [
  {
    section: 'organisation',
    text: TABLES.reportTexts.organisation.join('\n\n'),
  },
  {
    section: 'problems',
    text: TABLES.reportTexts.problems.join('\n\n'),
  },
  {
    section: 'other',
    text: TABLES.reportTexts.other.join('\n\n'),
  },
  {
    // The gazette is counted in issues and copies: the report's channels sentence says it in these words.
    section: 'gazette',
    text: `通过《耒阳政报》将规范性文件、领导讲话、人事任免等信息进行公开，现已出刊${DEMO_TEXT_FIGURES.gazetteIssues}期，发行${DEMO_TEXT_FIGURES.gazetteCopies}余份。`,
  },
];

// ---------------------------------------------------------------------------------------------
// Helpers.

function figure(code: string): number {
  const v = DEMO_FIGURES[code];
  if (v === undefined) throw new Error(`demo: no figure for ${code}`);
  return v;
}

/**
 * Splits a whole number over weights by largest remainders (Hamilton): whole parts that add up
 * to `total` exactly, each within 1 of its proportional share. Ties go to the earlier weight.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (total === 0) return weights.map(() => 0);
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) throw new Error(`demo: cannot apportion ${total} over no weight`);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((e) => Math.floor(e));
  const rest = total - out.reduce((s, v) => s + v, 0);
  const order = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .filter((x) => weights[x.i]! > 0)
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < rest; k++) {
    const i = order[k % order.length]!.i;
    out[i] = out[i]! + 1;
  }
  return out;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
