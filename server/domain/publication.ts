/**
 * Publication (公示) as a numbered, frozen snapshot: the body layout, its canonical text, the differences
 * between a stored version and the live scores, the pre-publish list and the appeal window. Pure; no clock.
 */
import type { RankGroup } from './catalogue.ts';

export type PublishedGrade = 'excellent' | 'good' | 'pass' | 'fail';

/** One unit's published result: what leadership saw when it published. */
export type PublishedRow = {
  unit: string;
  name: string;
  group: RankGroup;
  submitted: boolean;
  base: number;
  deductions: number;
  bonus: number;
  score: number;
  grade: PublishedGrade;
  veto: boolean;
  rank: number | null;
  rank_change: number | null;
};

/** A finding as the bulletin reports it, frozen with the version. */
export type PublishedFinding = {
  id: number;
  unit: string;
  name: string;
  group: RankGroup;
  period: string;
  severity: 'minor' | 'major' | 'veto';
  deduction: number;
  description: string;
  deadline: string | null;
  rectifiedAt: string | null;
  /** Rectification state as it stood when published (open, pending, confirmed, rejected). */
  status: string;
  /** The deadline had passed and it was not rectified on or before it (scoring.md), as of `asOf`. */
  overdue: boolean;
  /** Days past the deadline as of `asOf` (or up to the rectification), 0 when not overdue. */
  daysOverdue: number;
};

/** What the bulletin (督查情况通报) states beside the rankings, frozen with the version. */
export type PublicationFacts = {
  /** The day (China time) the version was published: "as of" for overdue items and rates. */
  asOf: string;
  units: { total: number; grassroots: number; organs: number };
  submissions: {
    /** Units with a submitted or verified submission for the period (for a year: unit-quarters). */
    submitted: number;
    onTime: number;
    late: number;
    missing: number;
    /** The quarter's submission deadline (null for a year). */
    deadline: string | null;
  };
  /** Findings of the period (a year: of its quarters). */
  findings: PublishedFinding[];
  /** Findings of any period up to this one's end still not rectified and past their deadline on `asOf`. */
  overdueItems: PublishedFinding[];
  commendations: { unit: string; name: string; group: RankGroup; points: number; reason: string }[];
  /** Rectified on time over findings whose deadline in the period has passed (scoring.md's completion rate). */
  rectification: { done: number; total: number };
};

export type PublicationBody = {
  format: 1;
  period: string;
  /** In ranking order: group (grassroots first), rank, unit code. */
  rows: PublishedRow[];
  /** Absent only for versions taken over from before versions existed (the upgrade migration). */
  facts: PublicationFacts | null;
};

/** The canonical text of a body: keys in a fixed order, so the same snapshot always gives the same bytes. */
export function serializePublication(body: PublicationBody): string {
  const row = (r: PublishedRow) => ({
    unit: r.unit,
    name: r.name,
    group: r.group,
    submitted: r.submitted,
    base: r.base,
    deductions: r.deductions,
    bonus: r.bonus,
    score: r.score,
    grade: r.grade,
    veto: r.veto,
    rank: r.rank,
    rank_change: r.rank_change,
  });
  const finding = (f: PublishedFinding) => ({
    id: f.id,
    unit: f.unit,
    name: f.name,
    group: f.group,
    period: f.period,
    severity: f.severity,
    deduction: f.deduction,
    description: f.description,
    deadline: f.deadline,
    rectifiedAt: f.rectifiedAt,
    status: f.status,
    overdue: f.overdue,
    daysOverdue: f.daysOverdue,
  });
  const facts = body.facts;
  return JSON.stringify({
    format: 1,
    period: body.period,
    rows: body.rows.map(row),
    facts: facts
      ? {
          asOf: facts.asOf,
          units: { total: facts.units.total, grassroots: facts.units.grassroots, organs: facts.units.organs },
          submissions: {
            submitted: facts.submissions.submitted,
            onTime: facts.submissions.onTime,
            late: facts.submissions.late,
            missing: facts.submissions.missing,
            deadline: facts.submissions.deadline,
          },
          findings: facts.findings.map(finding),
          overdueItems: facts.overdueItems.map(finding),
          commendations: facts.commendations.map((c) => ({
            unit: c.unit,
            name: c.name,
            group: c.group,
            points: c.points,
            reason: c.reason,
          })),
          rectification: { done: facts.rectification.done, total: facts.rectification.total },
        }
      : null,
  });
}

/** Reads a stored body back (the inverse of serializePublication). */
export function parsePublication(text: string): PublicationBody {
  const body = JSON.parse(text) as PublicationBody;
  if (body.format !== 1 || !Array.isArray(body.rows)) throw new Error('unknown publication body format');
  return body;
}

/** The fields of a published row that a difference names. */
export const COMPARED_FIELDS = ['name', 'group', 'score', 'grade', 'rank', 'rank_change', 'veto', 'submitted'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export type PublicationDifference =
  | { kind: 'changed'; unit: string; name: string; field: ComparedField; published: unknown; live: unknown }
  | { kind: 'added'; unit: string; name: string; group: RankGroup; score: number }
  | { kind: 'removed'; unit: string; name: string; group: RankGroup; score: number };

/** How the live scores of a period differ from its latest published version, unit by unit (published order). */
export function diffPublication(
  published: readonly PublishedRow[],
  live: readonly PublishedRow[],
): PublicationDifference[] {
  const out: PublicationDifference[] = [];
  const liveBy = new Map(live.map((r) => [r.unit, r]));
  const seen = new Set<string>();
  for (const p of published) {
    seen.add(p.unit);
    const l = liveBy.get(p.unit);
    if (!l) {
      out.push({ kind: 'removed', unit: p.unit, name: p.name, group: p.group, score: p.score });
      continue;
    }
    for (const field of COMPARED_FIELDS)
      if (p[field] !== l[field])
        out.push({ kind: 'changed', unit: p.unit, name: l.name, field, published: p[field], live: l[field] });
  }
  for (const l of live)
    if (!seen.has(l.unit)) out.push({ kind: 'added', unit: l.unit, name: l.name, group: l.group, score: l.score });
  return out;
}

/** What is incomplete before a period is published (the pre-publish list). */
export type IncompleteKind =
  | 'no_submission'
  | 'not_verified'
  | 'returned'
  | 'claim_pending'
  | 'appeal_open'
  | 'appeal_window'
  | 'quarter_unpublished';

export const INCOMPLETE_KINDS: readonly IncompleteKind[] = [
  'quarter_unpublished',
  'no_submission',
  'not_verified',
  'returned',
  'claim_pending',
  'appeal_open',
  'appeal_window',
];

export type IncompleteItem = {
  kind: IncompleteKind;
  /** The quarter the item belongs to. */
  period: string;
  unit?: string;
  name?: string;
  findingId?: number;
  appealId?: number;
  /** appeal_window: the last day an appeal is accepted. */
  until?: string;
};

/** The list in a stable order: by kind (INCOMPLETE_KINDS), period, unit code, finding, appeal. */
export function sortIncomplete(items: readonly IncompleteItem[]): IncompleteItem[] {
  const rank = new Map(INCOMPLETE_KINDS.map((k, i) => [k, i]));
  return [...items].sort(
    (a, b) =>
      rank.get(a.kind)! - rank.get(b.kind)! ||
      a.period.localeCompare(b.period) ||
      (a.unit ?? '').localeCompare(b.unit ?? '') ||
      (a.findingId ?? 0) - (b.findingId ?? 0) ||
      (a.appealId ?? 0) - (b.appealId ?? 0),
  );
}

/** Counts of the list by kind (every kind present, 0 when none). */
export function countIncomplete(items: readonly IncompleteItem[]): Record<IncompleteKind, number> {
  const out = Object.fromEntries(INCOMPLETE_KINDS.map((k) => [k, 0])) as Record<IncompleteKind, number>;
  for (const i of items) out[i.kind] += 1;
  return out;
}

/** The last day (inclusive, ISO) on which a version published on `publishedDay` can be appealed. */
export function appealClosingDay(publishedDay: string, windowDays: number): string {
  const d = new Date(`${publishedDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + windowDays);
  return d.toISOString().slice(0, 10);
}

/** The submission deadline of a quarter by default: the 10th day after it ends. */
export function defaultSubmissionDeadline(quarterEnd: string): string {
  const d = new Date(`${quarterEnd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 10);
  return d.toISOString().slice(0, 10);
}
