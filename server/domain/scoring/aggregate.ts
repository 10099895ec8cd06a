/** A period's values from its quarters' values, and the derived totals rules read (scoring.md). */
import { DERIVED_TOTALS, type IndicatorDef, type IndicatorKind } from '../catalogue.ts';

export type Values = Record<string, number>;
export type QuarterValues = { quarter: string; values: Readonly<Values> };

/**
 * A year's (or any run of quarters') values: flow indicators summed, stock indicators the
 * value of the last quarter that has one. A code missing from `kinds` counts as a flow.
 */
export function aggregatePeriod(
  quarterValues: readonly QuarterValues[],
  kinds: Readonly<Record<string, IndicatorKind>>,
): Values {
  // Quarter codes (`2011Q3`) sort as text; sorting makes "last" independent of input order.
  const ordered = [...quarterValues].sort((a, b) => (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0));
  const result: Values = {};
  for (const { values } of ordered) {
    for (const [code, value] of Object.entries(values)) {
      if (kinds[code] === 'stock') result[code] = value;
      else result[code] = (result[code] ?? 0) + value;
    }
  }
  return result;
}

/** The values with `pub.total`, `req.total`, `reply.total` and `appeal.total` (re)computed from their parts. */
export function withDerivedTotals(values: Readonly<Values>): Values {
  const result: Values = { ...values };
  for (const [total, parts] of Object.entries(DERIVED_TOTALS)) {
    let sum = 0;
    for (const part of parts) sum += values[part] ?? 0;
    result[total] = sum;
  }
  return result;
}

/** Indicator code → flow or stock, from a catalogue. */
export function indicatorKinds(
  catalogue: readonly Pick<IndicatorDef, 'code' | 'kind'>[],
): Record<string, IndicatorKind> {
  return Object.fromEntries(catalogue.map((def) => [def.code, def.kind]));
}
