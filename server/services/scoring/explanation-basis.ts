/**
 * A score's explanation, stored as the few inputs that produced it rather than as the ~1.8 KB of
 * lines the engine writes (rule names, formulas, notes repeated for every unit): the values the
 * scheme's rules read, the findings and commendations that made a line, and the day the score was
 * computed for. The engine is pure, so evaluating the same scheme version on the stored basis gives
 * back exactly the explanation of the stored score, even if data changed since (a frozen quarter).
 * A full period of 10,000 units writes ~2 MB instead of ~18 MB (docs/decisions/003-performance-and-scale.md).
 */
import { DERIVED_TOTALS } from '../../domain/catalogue';
import {
  type CommendationInput,
  evaluateUnit,
  type FindingInput,
  type UnitInput,
  type UnitScore,
} from '../../domain/scoring/evaluate';
import type { Scheme } from '../../domain/scoring/scheme';

export type ExplanationBasis = {
  /** Format. */
  v: 1;
  /** The day the score was computed for (overdue points depend on it). */
  t: string;
  /** The values of `basisCodes(scheme)`, in that order (absent = 0). */
  x: number[];
  /** Findings that made a deduction or overdue line: id, quarter, severity, deduction, description, deadline, rectifiedAt. */
  f?: [number, string, FindingInput['severity'], number, string, string | null, string | null][];
  /** Commendations that counted: id, quarter, points, reason. */
  c?: [number, string, number, string][];
  /** For schemes with a `timeliness` rule: quarters submitted on time, quarters due. */
  o?: [number, number];
};

const codesOf = new WeakMap<Scheme, string[]>();

/** The indicator codes a scheme's rules read (derived totals by their parts), sorted. Fixed for a scheme version. */
export function basisCodes(scheme: Scheme): string[] {
  let codes = codesOf.get(scheme);
  if (codes) return codes;
  const set = new Set<string>();
  const add = (code: string) => {
    const parts = Object.hasOwn(DERIVED_TOTALS, code) ? DERIVED_TOTALS[code] : undefined;
    if (parts) for (const p of parts) set.add(p);
    else set.add(code);
  };
  for (const rule of scheme.rules) {
    switch (rule.kind) {
      case 'ratio':
        add(rule.numerator);
        if ('indicator' in rule.denominator) add(rule.denominator.indicator);
        break;
      case 'threshold':
      case 'per_count':
        add(rule.indicator);
        break;
      case 'timeliness':
        break;
      default: {
        const unknown: never = rule;
        throw new Error(`unknown rule kind in ${JSON.stringify(unknown)}`);
      }
    }
  }
  codes = [...set].sort();
  codesOf.set(scheme, codes);
  return codes;
}

/** The basis of one unit's score: what `explain` needs to give its explanation back. */
export function basisOf(scheme: Scheme, input: UnitInput, score: UnitScore, today: string): ExplanationBasis {
  const values = input.values;
  const x = basisCodes(scheme).map((code) => {
    const v = values[code];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  });
  const basis: ExplanationBasis = { v: 1, t: today, x };
  if (score.explanation.deductions.length) {
    const used = new Set(score.explanation.deductions.map((d) => d.findingId));
    // In input order, which is the order the engine wrote the lines in.
    basis.f = input.findings
      .filter((f) => used.has(f.id))
      .map((f) => [f.id, f.quarter, f.severity, f.deduction, f.description, f.deadline, f.rectifiedAt]);
  }
  if (score.explanation.bonuses.length) {
    const used = new Set(score.explanation.bonuses.map((b) => b.commendationId));
    basis.c = input.commendations.filter((c) => used.has(c.id)).map((c) => [c.id, c.quarter, c.points, c.reason]);
  }
  if (input.timeliness && scheme.rules.some((r) => r.kind === 'timeliness'))
    basis.o = [input.timeliness.onTime, input.timeliness.due];
  return basis;
}

/** The explanation of a stored score from its basis and the scheme version it was computed with. */
export function explain(
  scheme: Scheme,
  basis: ExplanationBasis,
  unit: Pick<UnitInput, 'unitId' | 'unitCode' | 'group' | 'submitted'>,
  period: string,
): UnitScore {
  const codes = basisCodes(scheme);
  const values: Record<string, number> = {};
  codes.forEach((code, i) => {
    values[code] = basis.x[i] ?? 0;
  });
  const findings: FindingInput[] = (basis.f ?? []).map(
    ([id, quarter, severity, deduction, description, deadline, rectifiedAt]) => ({
      id,
      quarter,
      severity,
      deduction,
      description,
      deadline,
      rectifiedAt,
    }),
  );
  const commendations: CommendationInput[] = (basis.c ?? []).map(([id, quarter, points, reason]) => ({
    id,
    quarter,
    points,
    reason,
  }));
  return evaluateUnit(
    scheme,
    {
      ...unit,
      values,
      findings,
      commendations,
      ...(basis.o ? { timeliness: { onTime: basis.o[0], due: basis.o[1] } } : {}),
    },
    { period, today: basis.t },
  );
}

/** A stored explanation text: a basis (explained again here) or, for rows stored before, the explanation itself. */
export function isBasis(value: unknown): value is ExplanationBasis {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { v?: unknown }).v === 1 &&
    Array.isArray((value as { x?: unknown }).x)
  );
}
