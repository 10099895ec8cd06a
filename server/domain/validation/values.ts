import { DERIVED_TOTALS, type IndicatorDef, type RankGroup } from '../catalogue';

export type ValueProblem = { indicator: string; message: string };

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
  const where = `${ctx.unit} ${ctx.period}`;
  for (const [code, value] of Object.entries(values)) {
    const def = byCode.get(code);
    if (!def) {
      errors.push({ indicator: code, message: `${where}: unknown indicator ${code}` });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
      errors.push({ indicator: code, message: `${where}: ${code} must be a whole number, got ${String(value)}` });
      continue;
    }
    if (value < def.min) {
      errors.push({ indicator: code, message: `${where}: ${code} = ${value} is below the minimum ${def.min}` });
    }
    if (def.max !== null && value > def.max) {
      errors.push({ indicator: code, message: `${where}: ${code} = ${value} is above the maximum ${def.max}` });
    }
    if (value > 2_000_000_000) {
      errors.push({ indicator: code, message: `${where}: ${code} = ${value} is too large` });
    }
    if (def.group && def.group !== ctx.group && value !== 0) {
      errors.push({ indicator: code, message: `${where}: ${code} applies only to ${def.group} units, got ${value}` });
    }
  }
  for (const def of catalogue) {
    if (def.notAboveSumOf.length === 0) continue;
    const v = values[def.code];
    if (v === undefined || !Number.isInteger(v)) continue;
    const total = def.notAboveSumOf.reduce((s, c) => s + (Number.isInteger(values[c]) ? (values[c] as number) : 0), 0);
    if (v > total) {
      const label =
        def.notAboveSumOf.length === 1 ? def.notAboveSumOf[0] : `the sum of ${def.notAboveSumOf.join(', ')}`;
      errors.push({ indicator: def.code, message: `${where}: ${def.code} = ${v} is above ${label} = ${total}` });
    }
  }
  const sum = (codes: readonly string[]) => codes.reduce((s, c) => s + (values[c] ?? 0), 0);
  const replies = sum(DERIVED_TOTALS['reply.total'] ?? []);
  const requests = sum(DERIVED_TOTALS['req.total'] ?? []);
  if (replies > requests) {
    warnings.push({
      indicator: 'reply.total',
      message: `${where}: replies (${replies}) exceed requests (${requests}); only requests carried over from earlier can explain this`,
    });
  }
  return { errors, warnings };
}
