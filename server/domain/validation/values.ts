import { DERIVED_TOTALS, type IndicatorDef, type RankGroup } from '../catalogue';
import {
  renderServerMessage,
  type ServerMessage,
  type ServerMessageKey,
  type ServerMessageParams,
} from '../server-messages';

/** A problem of one figure: `message` in English (CLI, logs), `key` and `params` for the reader's language. */
export type ValueProblem = { indicator: string; message: string; key: ServerMessageKey; params: ServerMessageParams };

/** A problem as the catalogue sentence alone (what the web client renders). */
export function messageOf(p: ValueProblem): ServerMessage {
  return { key: p.key, params: p.params };
}

function problem(indicator: string, key: ServerMessageKey, params: ServerMessageParams): ValueProblem {
  return { indicator, message: renderServerMessage(key, params, 'en'), key, params };
}

export type ValueCheck = { errors: ValueProblem[]; warnings: ValueProblem[] };

export type ValueContext = { unit: string; period: string; group: RankGroup };

/**
 * Validates one unit's values for one quarter against the catalogue: whole numbers, bounds,
 * sub-counts not above their totals (errors), and replies above requests (a warning).
 * Messages name the unit, the period and the figures.
 */
export function checkQuarterValues(
  values: Record<string, number>,
  catalogue: readonly IndicatorDef[],
  ctx: ValueContext,
): ValueCheck {
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const errors: ValueProblem[] = [];
  const warnings: ValueProblem[] = [];
  const where = { unit: ctx.unit, period: ctx.period };
  const nameZh = (code: string) => byCode.get(code)?.nameZh ?? code;
  for (const [code, value] of Object.entries(values)) {
    const def = byCode.get(code);
    if (!def) {
      errors.push(problem(code, 'values.unknownIndicator', { ...where, indicator: code }));
      continue;
    }
    const figure = { ...where, indicator: code, indicatorZh: def.nameZh };
    if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
      errors.push(problem(code, 'values.notWhole', { ...figure, value: String(value) }));
      continue;
    }
    if (value < def.min) errors.push(problem(code, 'values.belowMin', { ...figure, value, min: def.min }));
    if (def.max !== null && value > def.max)
      errors.push(problem(code, 'values.aboveMax', { ...figure, value, max: def.max }));
    if (value > 2_000_000_000) errors.push(problem(code, 'values.tooLarge', { ...figure, value }));
    if (def.group && def.group !== ctx.group && value !== 0)
      errors.push(problem(code, 'values.wrongGroup', { ...figure, group: def.group, value }));
  }
  for (const def of catalogue) {
    if (def.notAboveSumOf.length === 0) continue;
    const v = values[def.code];
    if (v === undefined || !Number.isInteger(v)) continue;
    const total = def.notAboveSumOf.reduce((s, c) => s + (Number.isInteger(values[c]) ? (values[c] as number) : 0), 0);
    if (v > total) {
      const figure = { ...where, indicator: def.code, indicatorZh: def.nameZh, value: v, total };
      const parts = def.notAboveSumOf;
      errors.push(
        parts.length === 1
          ? problem(def.code, 'values.aboveOne', { ...figure, other: parts[0]!, otherZh: nameZh(parts[0]!) })
          : problem(def.code, 'values.aboveSum', {
              ...figure,
              others: parts.join(', '),
              othersZh: parts.map((c) => `“${nameZh(c)}”`).join('、'),
            }),
      );
    }
  }
  const sum = (codes: readonly string[]) => codes.reduce((s, c) => s + (values[c] ?? 0), 0);
  const replies = sum(DERIVED_TOTALS['reply.total'] ?? []);
  const requests = sum(DERIVED_TOTALS['req.total'] ?? []);
  if (replies > requests) {
    warnings.push(problem('reply.total', 'values.repliesExceed', { ...where, replies, requests }));
  }
  return { errors, warnings };
}
