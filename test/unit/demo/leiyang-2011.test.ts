import { describe, expect, it, vi } from 'vitest';
import {
  apportion,
  buildLeiyangDemo,
  DEMO_FIGURES,
  DEMO_QUARTERS,
  type DemoData,
} from '../../../server/demo/leiyang-2011.ts';
import {
  APPEAL_CODES,
  APPROVAL_ITEM_CODES,
  DEFAULT_CATALOGUE,
  groupOfType,
  PUB_CATEGORY_CODES,
  type RankGroup,
  REPLY_CODES,
  REQ_FORM_CODES,
} from '../../../server/domain/catalogue.ts';
import { isIsoDate, periodBounds } from '../../../server/domain/periods.ts';

const demo = buildLeiyangDemo();
const KIND = new Map(DEFAULT_CATALOGUE.map((d) => [d.code, d.kind]));
const YEAR = '2011';
const Q4 = '2011Q4';
const INSPECTING_OFFICES = ['市政府督查室', '市纪委监察室', '市法制办', '市政务中心', '市电子政务办'];

const groupOf = new Map(demo.units.map((u) => [u.code, groupOfType(u.type)]));

/** unit → period → indicator → value */
function valueIndex(data: DemoData): Map<string, Map<string, Map<string, number>>> {
  const index = new Map<string, Map<string, Map<string, number>>>();
  for (const v of data.values) {
    const byPeriod = index.get(v.unit) ?? new Map<string, Map<string, number>>();
    index.set(v.unit, byPeriod);
    const row = byPeriod.get(v.period) ?? new Map<string, number>();
    byPeriod.set(v.period, row);
    row.set(v.indicator, v.value);
  }
  return index;
}
const index = valueIndex(demo);
const val = (unit: string, period: string, code: string) => index.get(unit)?.get(period)?.get(code) ?? 0;

/** A unit's value for a quarter, or for the year (flows summed, stocks from the last quarter that has one). */
function unitValue(unit: string, period: string, code: string): number {
  if (period !== YEAR) return val(unit, period, code);
  if (KIND.get(code) === 'stock') {
    for (const q of [...DEMO_QUARTERS].reverse()) {
      const v = index.get(unit)?.get(q)?.get(code);
      if (v !== undefined) return v;
    }
    return 0;
  }
  return DEMO_QUARTERS.reduce((s, q) => s + val(unit, q, code), 0);
}

/** City-wide 2011 aggregate of one indicator. */
function cityTotal(code: string): number {
  return demo.units.reduce((s, u) => s + unitValue(u.code, YEAR, code), 0);
}

const sumOf = (unit: string, period: string, codes: readonly string[]) =>
  codes.reduce((s, c) => s + unitValue(unit, period, c), 0);

// A tiny version of the default scheme of scoring.md: base only (no deductions, no bonus).
type Grade = 'excellent' | 'good' | 'pass' | 'fail';
const ratio = (a: number, b: number) => Math.min(1, Math.max(0, a / b));
function baseScore(unit: string, period: string): number {
  const group = groupOf.get(unit)!;
  const share = period === YEAR ? 1 : 0.25;
  const v = (code: string) => unitValue(unit, period, code);
  const pub = sumOf(unit, period, PUB_CATEGORY_CODES);
  const req = sumOf(unit, period, REQ_FORM_CODES);
  const reply = sumOf(unit, period, REPLY_CODES);
  const appeals = sumOf(unit, period, APPEAL_CODES);
  let points = 30 * ratio(pub, (group === 'grassroots' ? 80 : 100) * share);
  points += pub === 0 ? 0 : 10 * ratio(v('pub.electronic'), pub);
  points += req === 0 ? 10 : 10 * ratio(reply, req);
  if (group === 'grassroots') points += v('approval.deployed') >= 1 ? 25 : 0;
  else points += v('approval.cases') === 0 ? 25 : 25 * ratio(v('approval.cases_ontime'), v('approval.cases'));
  points += 10 * ratio(v('training.attendees'), 2 * share);
  points += Math.max(0, 15 - 5 * appeals);
  return points;
}
const gradeOf = (score: number): Grade =>
  score >= 90 ? 'excellent' : score >= 70 ? 'good' : score >= 60 ? 'pass' : 'fail';

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

describe('the Leiyang 2011 demo: city-wide totals', () => {
  it('equal DEMO_FIGURES for every indicator it names', () => {
    for (const [code, expected] of Object.entries(DEMO_FIGURES)) {
      expect({ code, total: cityTotal(code) }).toEqual({ code, total: expected });
    }
  });

  it('DEMO_FIGURES covers the catalogue except the on-time count the report does not state', () => {
    const codes = DEFAULT_CATALOGUE.map((d) => d.code).filter((c) => c !== 'approval.cases_ontime');
    expect(Object.keys(DEMO_FIGURES).sort()).toEqual([...codes].sort());
  });

  it.each([
    ['pub.overview', 475],
    ['pub.plans', 985],
    ['pub.regulations', 1862],
    ['pub.news', 3181],
    ['pub.personnel', 346],
    ['pub.finance', 51],
    ['pub.services', 758],
    ['pub.annual_reports', 98],
    ['pub.other', 1350],
    ['pub.electronic', 9106],
    ['pub.normative_docs', 97],
    ['chan.direct_report', 4900],
    ['chan.portal', 7626],
    ['chan.gazette', 17],
    ['chan.other_media', 2800],
    ['req.in_person', 1],
    ['req.fax', 0],
    ['req.email', 0],
    ['req.online', 0],
    ['req.letter', 0],
    ['req.other', 0],
    ['reply.granted', 1],
    ['reply.partial', 0],
    ['reply.refused', 0],
    ['consult.service_info', 19052],
    ['consult.online', 3557],
    ['consult.onsite', 1612],
    ['consult.phone', 2015],
    ['consult.page_views', 520000],
    ['appeal.review', 0],
    ['appeal.litigation', 0],
    ['appeal.complaint', 0],
    ['approval.deployed', 24],
    ['approval.items_licensing', 247],
    ['approval.items_nonlicensing', 75],
    ['approval.items_services', 429],
    ['approval.items_transfer', 129],
    ['approval.items_published', 880],
    ['approval.cases', 42896],
    ['training.attendees', 206],
  ])('%s adds up to the published %i', (code, expected) => {
    expect(cityTotal(code)).toBe(expected);
  });

  it('publishes 9106 items in all, every one of them electronically', () => {
    const total = demo.units.reduce((s, u) => s + sumOf(u.code, YEAR, PUB_CATEGORY_CODES), 0);
    expect(total).toBe(9106);
    expect(cityTotal('pub.electronic')).toBe(total);
  });

  it('answers the single request in the unit and quarter that received it', () => {
    const requests = demo.values.filter((v) => REQ_FORM_CODES.includes(v.indicator as never) && v.value > 0);
    const replies = demo.values.filter((v) => REPLY_CODES.includes(v.indicator as never) && v.value > 0);
    expect(requests).toHaveLength(1);
    expect(replies).toHaveLength(1);
    expect([replies[0]!.unit, replies[0]!.period, replies[0]!.indicator]).toEqual([
      requests[0]!.unit,
      requests[0]!.period,
      'reply.granted',
    ]);
  });

  it('counts only submitted or verified values (no drafts to leave out)', () => {
    expect(demo.submissions.every((s) => s.status !== 'draft')).toBe(true);
  });
});

describe('the Leiyang 2011 demo: units', () => {
  it('has the 36 grassroots units and at least 55 city organs', () => {
    const grassroots = demo.units.filter((u) => groupOfType(u.type) === 'grassroots');
    expect(grassroots).toHaveLength(36);
    expect(demo.units.length - grassroots.length).toBeGreaterThanOrEqual(55);
    expect(grassroots.filter((u) => u.type === 'street').map((u) => u.name)).toEqual(
      expect.arrayContaining(['蔡子池街道', '水东江街道', '五里牌街道', '灶市街街道', '三架街道']),
    );
    expect(demo.units.filter((u) => u.type === 'department').length).toBeGreaterThan(0);
    expect(demo.units.filter((u) => u.type === 'institution').length).toBeGreaterThan(0);
  });

  it('has unique, stable ASCII codes and unique names', () => {
    const codes = demo.units.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(demo.units.map((u) => u.name)).size).toBe(codes.length);
    for (const u of demo.units) {
      const prefix = groupOfType(u.type) === 'grassroots' ? 'T' : u.type === 'department' ? 'D' : 'I';
      expect(u.code).toMatch(new RegExp(`^${prefix}\\d{2}$`));
    }
    expect(demo.units.find((u) => u.code === 'T01')?.name).toBe('蔡子池街道');
    expect(demo.units.find((u) => u.code === 'D01')?.name).toBe('市政府办');
  });

  it('gives a parent only to institutions, and that parent is a department listed before them', () => {
    const seen = new Map<string, string>();
    for (const u of demo.units) {
      if (u.parent !== null) {
        expect(u.type).toBe('institution');
        expect(seen.get(u.parent)).toBe('department');
      }
      seen.set(u.code, u.type);
    }
  });
});

describe('the Leiyang 2011 demo: values', () => {
  it('holds every catalogue indicator for every unit and quarter, once, approval.deployed only for grassroots', () => {
    const keys = demo.values.map((v) => `${v.unit}|${v.period}|${v.indicator}`);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = demo.units.flatMap((u) =>
      DEMO_QUARTERS.flatMap((q) =>
        DEFAULT_CATALOGUE.filter((def) => def.group === null || def.group === groupOfType(u.type)).map(
          (def) => `${u.code}|${q}|${def.code}`,
        ),
      ),
    );
    expect([...keys].sort()).toEqual(expected.sort());
    expect(new Set(demo.values.map((v) => v.period))).toEqual(new Set(['2011Q1', '2011Q2', '2011Q3', '2011Q4']));
  });

  it('keeps every validation bound of interfaces.md in every unit-quarter', () => {
    for (const v of demo.values) {
      expect(Number.isInteger(v.value) && v.value >= 0, `${v.unit} ${v.period} ${v.indicator}=${v.value}`).toBe(true);
      if (v.indicator === 'approval.deployed') expect([0, 1]).toContain(v.value);
    }
    for (const u of demo.units) {
      for (const q of DEMO_QUARTERS) {
        const at = `${u.code} ${q}`;
        expect(val(u.code, q, 'pub.electronic'), at).toBeLessThanOrEqual(sumOf(u.code, q, PUB_CATEGORY_CODES));
        expect(val(u.code, q, 'approval.items_published'), at).toBeLessThanOrEqual(
          sumOf(u.code, q, APPROVAL_ITEM_CODES),
        );
        expect(val(u.code, q, 'approval.cases_ontime'), at).toBeLessThanOrEqual(val(u.code, q, 'approval.cases'));
        // A warning rather than an error in the app, but the demo keeps it too.
        expect(sumOf(u.code, q, REPLY_CODES), at).toBeLessThanOrEqual(sumOf(u.code, q, REQ_FORM_CODES));
      }
    }
  });

  it('deploys online approval unit by unit, 6 → 12 → 18 → 24 of 36, never withdrawn', () => {
    const grassroots = demo.units.filter((u) => groupOfType(u.type) === 'grassroots').map((u) => u.code);
    const counts = DEMO_QUARTERS.map((q) => grassroots.filter((c) => val(c, q, 'approval.deployed') === 1).length);
    expect(counts).toEqual([6, 12, 18, 24]);
    for (const c of grassroots) {
      const series = DEMO_QUARTERS.map((q) => val(c, q, 'approval.deployed'));
      expect([...series].sort(), c).toEqual(series);
    }
  });

  it('handles online cases in a grassroots unit only once it is deployed, at a realistic on-time rate', () => {
    for (const u of demo.units) {
      for (const q of DEMO_QUARTERS) {
        if (groupOfType(u.type) === 'grassroots' && val(u.code, q, 'approval.deployed') === 0) {
          expect(val(u.code, q, 'approval.cases'), `${u.code} ${q}`).toBe(0);
        }
      }
    }
    const rates = demo.units
      .map((u) => unitValue(u.code, YEAR, 'approval.cases_ontime') / unitValue(u.code, YEAR, 'approval.cases'))
      .filter((r) => Number.isFinite(r));
    expect(rates.length).toBeGreaterThan(40);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0.6);
    expect(new Set(rates.map((r) => r.toFixed(3))).size).toBeGreaterThan(20);
    expect(cityTotal('approval.cases_ontime') / cityTotal('approval.cases')).toBeGreaterThan(0.9);
  });

  it('publishes every catalogued approval item by the year end', () => {
    for (const u of demo.units) {
      expect(val(u.code, Q4, 'approval.items_published'), u.code).toBe(sumOf(u.code, Q4, APPROVAL_ITEM_CODES));
    }
  });

  it('trains 206 operators in Q4, from 90+ units, with a few units left out', () => {
    for (const q of DEMO_QUARTERS.slice(0, 3)) {
      expect(demo.units.every((u) => val(u.code, q, 'training.attendees') === 0)).toBe(true);
    }
    const trained = demo.units.filter((u) => val(u.code, Q4, 'training.attendees') > 0);
    expect(trained.length).toBeGreaterThanOrEqual(90);
    expect(trained.length).toBeLessThan(demo.units.length);
    expect(trained.reduce((s, u) => s + val(u.code, Q4, 'training.attendees'), 0)).toBe(206);
  });

  it('splits publishing unevenly, with a few weak publishers in each group', () => {
    for (const group of ['grassroots', 'organs'] as RankGroup[]) {
      const totals = demo.units
        .filter((u) => groupOfType(u.type) === group)
        .map((u) => sumOf(u.code, YEAR, PUB_CATEGORY_CODES));
      const target = group === 'grassroots' ? 80 : 100;
      expect(Math.max(...totals)).toBeGreaterThan(target);
      expect(totals.filter((t) => t < target / 2).length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('the Leiyang 2011 demo: score spread (base of the default scheme)', () => {
  it.each([Q4, YEAR])('shows at least 3 grades in each group for %s', (period) => {
    for (const group of ['grassroots', 'organs'] as RankGroup[]) {
      const grades = demo.units
        .filter((u) => groupOfType(u.type) === group)
        .map((u) => gradeOf(baseScore(u.code, period)));
      expect(new Set(grades).size, `${group} ${period}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('shows all four grades in each group for the year', () => {
    for (const group of ['grassroots', 'organs'] as RankGroup[]) {
      const grades = new Set(
        demo.units.filter((u) => groupOfType(u.type) === group).map((u) => gradeOf(baseScore(u.code, YEAR))),
      );
      expect([...grades].sort(), group).toEqual(['excellent', 'fail', 'good', 'pass']);
    }
  });
});

describe('the Leiyang 2011 demo: submissions, inspections, commendations', () => {
  it('has a submission from every unit for every quarter, most verified, a few awaiting verification in Q4', () => {
    expect(demo.submissions).toHaveLength(demo.units.length * 4);
    const keys = new Set(demo.submissions.map((s) => `${s.unit}|${s.period}`));
    expect(keys.size).toBe(demo.submissions.length);
    const waiting = demo.submissions.filter((s) => s.status === 'submitted');
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.length).toBeLessThanOrEqual(10);
    expect(waiting.every((s) => s.period === Q4)).toBe(true);
  });

  it('holds one joint inspection round per quarter, dated inside it, by the inspecting offices', () => {
    expect(demo.rounds.map((r) => r.period)).toEqual([...DEMO_QUARTERS]);
    for (const r of demo.rounds) {
      const { start, end } = periodBounds(r.period);
      expect(isIsoDate(r.date)).toBe(true);
      expect(r.date >= start && r.date <= end, r.date).toBe(true);
      expect(r.offices.length).toBeGreaterThanOrEqual(2);
      for (const o of r.offices) expect(INSPECTING_OFFICES).toContain(o);
      expect(r.note.length).toBeGreaterThan(0);
    }
    expect(demo.rounds.find((r) => r.period === '2011Q2')!.date.slice(5, 7)).toBe('06');
    expect(demo.rounds.find((r) => r.period === Q4)!.date.slice(5, 7)).toBe('10');
  });

  it('records 8–15 findings a quarter, each with a late and a never-rectified one', () => {
    const roundDate = new Map(demo.rounds.map((r) => [r.period, r.date]));
    for (const q of DEMO_QUARTERS) {
      const found = demo.findings.filter((f) => f.period === q);
      expect(found.length, q).toBeGreaterThanOrEqual(8);
      expect(found.length, q).toBeLessThanOrEqual(15);
      expect(
        found.some((f) => f.rectifiedAt !== null && f.deadline !== null && f.rectifiedAt > f.deadline),
        q,
      ).toBe(true);
      expect(
        found.some((f) => f.rectifiedAt === null),
        q,
      ).toBe(true);
      expect(
        found.some((f) => f.rectifiedAt !== null && f.deadline !== null && f.rectifiedAt <= f.deadline),
        q,
      ).toBe(true);
    }
    const codes = new Set(demo.units.map((u) => u.code));
    for (const f of demo.findings) {
      const at = `${f.unit} ${f.period} ${f.description}`;
      expect(codes.has(f.unit), at).toBe(true);
      expect(f.deduction, at).toBeGreaterThanOrEqual(0.5);
      expect(f.deduction, at).toBeLessThanOrEqual(5);
      expect(Number.isInteger(f.deduction * 2), at).toBe(true);
      expect(f.description.length, at).toBeGreaterThan(4);
      expect(f.deadline, at).not.toBeNull();
      const days = daysBetween(roundDate.get(f.period)!, f.deadline!);
      expect(days, at).toBeGreaterThanOrEqual(15);
      expect(days, at).toBeLessThanOrEqual(45);
      for (const d of [f.deadline, f.rectifiedAt]) {
        if (d === null) continue;
        expect(isIsoDate(d), at).toBe(true);
        expect(d >= '2011-01-01' && d <= '2012-03-31', at).toBe(true);
      }
      if (f.rectifiedAt === null) {
        expect(f.rectificationNote, at).toBeNull();
        expect(f.confirmed, at).toBe(false);
      } else {
        expect(f.rectifiedAt >= roundDate.get(f.period)!, at).toBe(true);
        expect(f.rectificationNote?.length, at).toBeGreaterThan(0);
      }
    }
  });

  it('has mostly minor findings, some major, and exactly one veto, on a unit that otherwise scores high', () => {
    const bySeverity = (s: string) => demo.findings.filter((f) => f.severity === s);
    expect(bySeverity('minor').length).toBeGreaterThan(bySeverity('major').length);
    expect(bySeverity('major').length).toBeGreaterThan(0);
    const vetoes = bySeverity('veto');
    expect(vetoes).toHaveLength(1);
    expect(baseScore(vetoes[0]!.unit, YEAR)).toBeGreaterThanOrEqual(90);
    expect(baseScore(vetoes[0]!.unit, vetoes[0]!.period)).toBeGreaterThanOrEqual(80);
  });

  it('leaves some rectifications for an inspector to confirm', () => {
    expect(demo.findings.some((f) => f.rectifiedAt !== null && !f.confirmed)).toBe(true);
    expect(demo.findings.filter((f) => f.rectifiedAt !== null && f.confirmed).length).toBeGreaterThan(20);
  });

  it('commends a few units in every quarter, 1–3 points each', () => {
    const codes = new Set(demo.units.map((u) => u.code));
    for (const q of DEMO_QUARTERS) {
      expect(demo.commendations.filter((c) => c.period === q).length, q).toBeGreaterThanOrEqual(2);
    }
    for (const c of demo.commendations) {
      expect(codes.has(c.unit)).toBe(true);
      expect(c.points).toBeGreaterThanOrEqual(1);
      expect(c.points).toBeLessThanOrEqual(3);
      expect(c.reason.length).toBeGreaterThan(4);
    }
  });
});

describe('the Leiyang 2011 demo: users and report texts', () => {
  it('has one user per role and operators of T01, T02 and D01', () => {
    expect(demo.users.map((u) => [u.username, u.password, u.role, u.unit])).toEqual([
      ['admin', 'admin123', 'admin', null],
      ['security', 'security123', 'security', null],
      ['auditor', 'audit123', 'audit', null],
      ['leader', 'leader123', 'leadership', null],
      ['inspector', 'inspector123', 'inspector', null],
      ['t01', 'unit123', 'unit', 'T01'],
      ['t02', 'unit123', 'unit', 'T02'],
      ['d01', 'unit123', 'unit', 'D01'],
    ]);
    expect(demo.users.every((u) => u.displayName.length > 0)).toBe(true);
  });

  it('carries the city report’s free-text sections, the gazette and the investment among them', () => {
    expect(demo.reportTexts.map((t) => t.section)).toEqual(['organisation', 'problems', 'other', 'gazette']);
    const text = (s: string) => demo.reportTexts.find((t) => t.section === s)!.text;
    expect(text('organisation')).toContain('完善组织机制');
    expect(text('problems')).toContain('存在的问题');
    expect(text('problems')).toContain('改进措施');
    expect(text('gazette')).toContain('17期');
    expect(text('gazette')).toContain('60000余份');
    expect(text('other')).toContain('100余万元');
  });
});

describe('the Leiyang 2011 demo: purity', () => {
  it('returns deep-equal data on every call without reading the clock or Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const now = vi.spyOn(Date, 'now');
    try {
      const again = buildLeiyangDemo();
      expect(again).toEqual(demo);
      expect(again).not.toBe(demo);
      expect(random).not.toHaveBeenCalled();
      expect(now).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it('does not share mutable state between calls', () => {
    const a = buildLeiyangDemo();
    a.units[0]!.name = 'changed';
    a.reportTexts[0]!.text = 'changed';
    const b = buildLeiyangDemo();
    expect(b.units[0]!.name).toBe('蔡子池街道');
    expect(b.reportTexts[0]!.text).not.toBe('changed');
  });
});

describe('apportion', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [17, [4, 4, 4, 5], [4, 4, 4, 5]],
    [5, [0, 2, 0, 3], [0, 2, 0, 3]],
    [0, [1, 2], [0, 0]],
    [7, [0.1, 0.1, 10], [0, 0, 7]],
  ])('splits %i over %j as %j', (total, weights, expected) => {
    expect(apportion(total, weights)).toEqual(expected);
  });

  it('always adds up to the total and never gives to a zero weight', () => {
    for (let total = 0; total < 60; total += 7) {
      const weights = [0, 3.3, 1.1, 0, 7.9, 0.2];
      const parts = apportion(total, weights);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
      weights.forEach((w, i) => {
        if (w === 0) expect(parts[i]).toBe(0);
      });
    }
  });

  it('refuses a positive total without any weight', () => {
    expect(() => apportion(3, [0, 0])).toThrow();
  });
});
