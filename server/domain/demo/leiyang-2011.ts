/**
 * The Leiyang 2011 demo data set: pure and deterministic (a seeded PRNG, no clock).
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
} from '../catalogue.ts';
import { periodBounds, quartersOfYear } from '../periods.ts';
import { addDays } from '../supervision.ts';

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
export const DEMO_FIGURES: Readonly<Record<string, number>> = {
  'pub.overview': 475,
  'pub.plans': 985,
  'pub.regulations': 1862,
  'pub.news': 3181,
  'pub.personnel': 346,
  'pub.finance': 51,
  'pub.services': 758,
  'pub.annual_reports': 98,
  'pub.other': 1350,
  'pub.electronic': 9106,
  'pub.normative_docs': 97,
  'chan.direct_report': 4900,
  'chan.portal': 7626,
  'chan.gazette': 17,
  'chan.other_media': 2800,
  'req.in_person': 1,
  'req.fax': 0,
  'req.email': 0,
  'req.online': 0,
  'req.letter': 0,
  'req.other': 0,
  'reply.granted': 1,
  'reply.partial': 0,
  'reply.refused': 0,
  'consult.service_info': 19052,
  'consult.online': 3557,
  'consult.onsite': 1612,
  'consult.phone': 2015,
  'consult.page_views': 520000,
  'appeal.review': 0,
  'appeal.litigation': 0,
  'appeal.complaint': 0,
  'approval.deployed': 24,
  'approval.items_licensing': 247,
  'approval.items_nonlicensing': 75,
  'approval.items_services': 429,
  'approval.items_transfer': 129,
  'approval.items_published': 880,
  'approval.cases': 42896,
  'training.attendees': 206,
};

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

const GRASSROOTS: GrassrootsRow[] = [
  ['蔡子池街道', 'street', 130, 1, 4],
  ['水东江街道', 'street', 115, 1, 4],
  ['五里牌街道', 'street', 95, 1, 2],
  ['灶市街街道', 'street', 105, 1, 2],
  ['三架街道', 'street', 70, 2, 2],
  ['黄市镇', 'township', 110, 1, 3],
  ['小水镇', 'township', 100, 1, 3],
  ['公平圩镇', 'township', 90, 2, 2],
  ['泗门洲镇', 'township', 85, 2, 2],
  ['三都镇', 'township', 75, 2, 2],
  ['南阳镇', 'township', 80, 2, 2],
  ['竹市镇', 'township', 70, 2, 2],
  ['夏塘镇', 'township', 65, 3, 2],
  ['龙塘镇', 'township', 95, 3, 3],
  ['哲桥镇', 'township', 100, 3, 3],
  ['永济镇', 'township', 60, 3, 1],
  ['遥田镇', 'township', 85, 3, 2],
  ['新市镇', 'township', 90, 3, 3],
  ['仁义镇', 'township', 55, 4, 1],
  ['洲陂乡', 'township', 45, 4, 2],
  ['亮源乡', 'township', 35, 0, 1],
  ['马水乡', 'township', 60, 4, 2],
  ['太平圩乡', 'township', 40, 0, 1],
  ['导子乡', 'township', 70, 4, 2],
  ['东湖圩乡', 'township', 50, 0, 2],
  ['上架乡', 'township', 22, 0, 0],
  ['沙明乡', 'township', 30, 0, 1],
  ['大义乡', 'township', 75, 4, 2],
  ['磨形乡', 'township', 45, 0, 2],
  ['南京乡', 'township', 65, 4, 2],
  ['余庆乡', 'township', 90, 0, 2],
  ['长坪乡', 'township', 20, 0, 1],
  ['大和圩乡', 'township', 55, 0, 1],
  ['坛下乡', 'township', 50, 0, 2],
  ['大市乡', 'township', 80, 0, 2],
  ['肥田乡', 'township', 40, 0, 1],
];

// `approval`: weight of the unit's approval items and online cases (0: no approval powers);
// `ontime`: its on-time completion rate, null for a rate drawn from the PRNG (90–99.5%).
type OrganRow = [name: string, pub: number, approval: number, train: number, ontime: number | null, parent?: string];

const DEPARTMENTS: OrganRow[] = [
  ['市政府办', 780, 0, 6, null],
  ['市监察局', 120, 0, 3, null],
  ['市法制办', 160, 0, 4, null],
  ['市政务中心', 260, 40, 5, null],
  ['市水利局', 210, 30, 5, null],
  ['市工商局', 230, 40, 5, null],
  ['市国土资源局', 220, 40, 5, null],
  ['市财政局', 200, 5, 4, null],
  ['市发改局', 170, 10, 3, null],
  ['市教育局', 190, 8, 3, null],
  ['市公安局', 150, 25, 4, 0.88],
  ['市民政局', 140, 12, 3, null],
  ['市司法局', 90, 3, 2, null],
  ['市人社局', 160, 15, 4, null],
  ['市住建局', 170, 20, 4, 0.86],
  ['市交通运输局', 130, 15, 2, null],
  ['市农业局', 120, 8, 2, null],
  ['市林业局', 95, 8, 2, null],
  ['市畜牧水产局', 70, 6, 2, null],
  ['市商务局', 75, 5, 2, null],
  ['市文广新局', 85, 6, 2, null],
  ['市卫生局', 150, 12, 4, null],
  ['市人口计生局', 140, 10, 3, null],
  ['市审计局', 60, 0, 2, null],
  ['市统计局', 80, 0, 2, null],
  ['市环保局', 110, 10, 2, null],
  ['市安监局', 90, 7, 2, null],
  ['市食药监局', 85, 8, 2, null],
  ['市质监局', 70, 6, 2, null],
  ['市地税局', 95, 10, 2, null],
  ['市国税局', 80, 8, 2, null],
  ['市规划局', 90, 12, 2, 0.84],
  ['市房产局', 55, 8, 2, null],
  ['市城管执法局', 45, 5, 1, 0.8],
  ['市科技局', 40, 2, 1, null],
  ['市经信局', 60, 4, 2, null],
  ['市粮食局', 25, 2, 1, 0.8],
  ['市物价局', 50, 4, 2, null],
  ['市旅游局', 20, 1, 1, 0.78],
  ['市体育局', 12, 1, 0, 0.72],
  ['市档案局', 35, 0, 1, null],
  ['市信访局', 45, 0, 2, null],
  ['市扶贫办', 40, 2, 1, null],
  ['市电子政务办', 120, 0, 6, null],
];

const INSTITUTIONS: OrganRow[] = [
  ['市自来水公司', 40, 6, 2, null, '市住建局'],
  ['市人民医院', 60, 0, 2, null, '市卫生局'],
  ['市中医医院', 35, 0, 1, null, '市卫生局'],
  ['市妇幼保健院', 25, 0, 1, null, '市卫生局'],
  ['市疾病预防控制中心', 30, 2, 1, null, '市卫生局'],
  ['市供电公司', 45, 6, 2, null],
  ['市广播电视台', 55, 0, 2, null, '市文广新局'],
  ['市公路管理局', 30, 3, 1, 0.85, '市交通运输局'],
  ['市住房公积金管理中心', 40, 6, 2, null],
  ['市城市建设投资公司', 20, 0, 1, null, '市住建局'],
  ['市烟草专卖局', 30, 4, 1, null],
  ['市邮政局', 15, 0, 1, null],
  ['市气象局', 25, 2, 1, null],
  ['市农村信用合作联社', 10, 2, 0, 0.7],
];

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
  const rand = mulberry32(20111231);
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

const MINOR: FindingTemplate[] = [
  { text: '未按时更新政府信息公开目录', note: '已更新公开目录，并明确专人每月维护', needs: 'any' },
  { text: '政府信息公开指南内容未及时更新', note: '已重新编制公开指南并在门户网站发布', needs: 'any' },
  { text: '直报系统信息报送不及时，连续数周未报送', note: '已补报信息，建立每周报送提醒制度', needs: 'any' },
  { text: '公开信息分类不准确，工作动态误归入概况信息', note: '已按目录体系重新归类', needs: 'any' },
  { text: '信息公开专栏部分栏目长期空白', note: '已补充栏目内容，无法公开的栏目已说明理由', needs: 'any' },
  { text: '财政预决算信息公开不及时', note: '已在专栏公开部门预算及说明', needs: 'any' },
  { text: '信息员调整后未及时报备，系统账号未移交', note: '已报备新信息员并完成账号移交', needs: 'any' },
  { text: '部分公开信息未履行保密审查登记手续', note: '已建立保密审查登记台账，逐条补登', needs: 'any' },
  { text: '网上办件资料补录不完整', note: '已补录办件资料，明确窗口专人负责', needs: 'approval' },
  { text: '网上政务事项梳理表填报不规范', note: '已按省定表格重新梳理填报', needs: 'approval' },
  { text: '网上审批事项办理流程及收费标准未公示', note: '已在门户网站公示办理流程和收费标准', needs: 'approval' },
];

const MAJOR: FindingTemplate[] = [
  { text: '网上审批事项未公示，群众无法网上查询办理进度', note: '已将全部事项在市党政门户网公开', needs: 'approval' },
  {
    text: '行政许可事项未纳入网上审批系统办理，存在“体外循环”',
    note: '已将全部许可事项纳入系统办理，停止线下受理',
    needs: 'approval',
  },
  { text: '电子监察系统红黄牌预警未及时处理', note: '已处理全部预警并追究相关人员责任', needs: 'approval' },
  {
    text: '网上审批及电子监察系统部署进度滞后，未按期与市级并轨运行',
    note: '已完成设备安装和人员配备，系统试运行',
    needs: 'undeployed',
  },
  {
    text: '依申请公开工作制度未建立，未设立申请受理登记',
    note: '已制定依申请公开工作规程并设立受理登记簿',
    needs: 'any',
  },
  { text: '上季度督查发现的问题整改不到位', note: '已逐项整改并书面报告整改情况', needs: 'any' },
];

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
    text: [
      '一是完善组织机制。今年，我市明确了政府信息公开和网上审批工作的领导机构、工作机构及工作人员、场所经费等。加强了对各部门单位信息操作人员的及时调整，明确了分管领导和专职人员，各部门信息公开工作机构不断完善，加强了对部门信息公开工作的领导，促进了我市信息公开和网上审批工作全面开展。',
      '二是完善工作机制。我市为进一步加强政府信息公开和网上审批工作，先后下发了耒政办发〔2011〕6号、耒政办发〔2011〕14号、耒政办发〔2011〕24号等一系列文件，建立发布协调审查制度，建立保密审查制度，健全政府信息公开考核制度、社会评议制度、审理和责任追究制度，对信息主动公开、保密审查、依申请公开、考核检查内容和网上政务事项梳理等五个方面工作作了明确的要求。',
      '三是完善监督检查机制。通过网上提醒、电话督促、上门督查的方式，对全市有关单位的信息公开及网上审批办理情况分季度进行督查。今年6月，我办联合市政府督查室、市纪委监察室对各单位政府信息公开和网上审批情况进行督查，并把结果公示。同时，我市还将政府信息公开和网上审批工作纳入政府目标管理考核和绩效考核项目。以上各项机制的完善，为我市政府信息公开和网上审批工作的开展提供了强有力的组织保障。',
    ].join('\n\n'),
  },
  {
    section: 'problems',
    text: [
      '（一）存在的问题',
      '虽然我市的政府信息公开及网上审批工作取得了一些成绩，但同时我们也看到了工作中存在的一些不足和问题，主要表现在：',
      '一是思想认识尚有差距。个别单位的领导对推行信息公开的重要性认识不足，存在着“怕失权、不愿公开，怕麻烦、不想公开，怕监督、不敢公开”等思想。同时，部分单位对开展网上审批重视不够，太多考虑了部门利益及个人利益，工作不积极、不主动、不配合，影响网上审批工作的推进。',
      '二是人员及经费保障还存在一点差距。政府信息公开及网上审批工作是一项长期性工作，工作量大、涉及面广，必须投入大量人力和经费才能保证工作的正常开展，但部分单位用于信息公开和网上审批工作上的人员和经费不足，随着工作量的进一步加大，信息公开及网上审批工作将面临较大压力。',
      '三是监督力度不够大。对信息公开及网上审批工作存在的一些问题，部分单位被动接受上级检查的多，自觉进行自查自纠的少，个别单位对查出的问题整改不够及时。',
      '四是网上行政审批及电子监察系统的应用培训对如何补录网上审批资料的操作步骤及具体内容讲解不够透彻，好多参培人员反馈信息比较模糊。',
      '（二）改进措施',
      '一是抓先进带全面。拟召开全市各单位信息报送员大会，以示范单位建设为抓手，对信息公开和网上审批工作的先进单位及个人予以通报表彰，以此带动信息公开和网上审批工作全面推进。1. 抓好2011年各单位的政府信息公开年度报告报送工作。2. 加强市直部门的政府信息公开目录和指南报送工作，协助、指导、督促乡镇、街道办事处的政府信息公开工作。3. 进一步完善政府信息公开考核机制。主要是要加强对政府信息公开工作的探索和创新，进一步健全机制，完善制度，不断提高政府信息公开和网上审批工作的质量和水平。',
      '二是抓督查保落实。进一步加大监督检查力度，继续联合市委、市政府督查室、市监察局、市法制办、市政务中心按季度对相关单位的政府信息公开及网上审批工作进行督查，特别是要充分发挥新闻舆论、政务监督员等社会监督的作用。',
      '三是抓考核促提高。把信息公开和网上审批工作纳入干部考核的重要内容，并与社会评议政风、行风相结合，评议结果与年终干部考核相挂钩。同时加大责任追究力度，造成严重后果的要追究责任，严肃查处。',
      '四是进一步推动和加大网上行政审批及电子监察工作，完善各方面的内容，促使网上办事工作迈上一个新高。',
    ].join('\n\n'),
  },
  {
    section: 'other',
    text: [
      '完善信息公开直报系统：一是改版直报系统在党政门户网政务信息公开专栏内容，包括栏目的布局、精减等；二是对直报系统数据库功能的维稳；三是进一步完善依申请公开系统。',
      '我市作为衡阳市网上审批的试点市，把网上审批及电子监察工作作为今年工作的重中之重。针对网上行政审批及电子监察平台存在的不足，根据我市网上审批及电子监察的需求，在原有设施的基础上，今年我市又投入100余万元，继续完善了各项软、硬件设施，铺设覆盖全市各行政机关及乡镇、街道办事处的电子政务外网平台专线，确保了网上审批平台的进一步完善。同时，从页面和功能设置等方面，要求进行全面的修改和完善，增加了乡镇、街道办事处办事专栏。按照衡阳市文件规定，按时按质完成网上审批及电子监察系统部署并与市级并轨运行，建立政府大厅视频监控室，并能与市级视频监控系统并轨。',
      '2011年11月底至12月初，我市组织乡镇、办事处，市直机关企事业单位分三批次开展了网上行政审批及电子监察系统应用培训，特意邀请了深圳北斗星公司的工程师来我市授课，对网上审批的操作流程和电子监察的应用原理进行了讲解，取得了较好的效果。同时还通过耒政网、电子显示屏等平台对网上审批的作用和意义进行了大力宣传，并将市水利局、市工商局、市国土局等条件较成熟的单位作为示范点，进行网上审批试运行，试点单位审批项目运行情况良好。',
    ].join('\n\n'),
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

/** A small seeded PRNG (mulberry32): the same seed, the same sequence, on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
