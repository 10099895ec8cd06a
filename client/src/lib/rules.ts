/**
 * Names and maximum points of scoring rules by code, for views that carry rule codes (rankings,
 * heatmap). The server sends the rules of the year's scheme with those views; a rule it does not
 * describe falls back to the default scheme, then to its code.
 */
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme';
import { hasMessage, type Lang, translate } from './i18n';
import type { RouterOutputs } from './trpc';

export type RuleMeta = { code: string; label: string; short: string; points: number | null };
/** A rule as the server sends it with a view (the rankings' `rules`): its code, names and maximum points. */
export type RuleInfo = Pick<
  RouterOutputs['scores']['rankings']['rules'][number],
  'code' | 'nameZh' | 'nameEn' | 'points'
>;

const DEFAULT_RULES = new Map<string, RuleInfo>(DEFAULT_SCHEME.rules.map((r) => [r.code, r]));

function find(code: string, rules: readonly RuleInfo[] | undefined): RuleInfo | undefined {
  return rules?.find((r) => r.code === code) ?? DEFAULT_RULES.get(code);
}

/**
 * A rule's label in `lang` and its short column name. The short names of the default rules are kept
 * while the scheme keeps the default's name for them; a renamed or new rule shows its own name.
 */
export function ruleMeta(code: string, lang: Lang, rules?: readonly RuleInfo[]): RuleMeta {
  const rule = find(code, rules);
  const label = rule ? (lang === 'zh' ? rule.nameZh : rule.nameEn) || code : code;
  const shortKey = `rule.short.${code}`;
  const fallback = DEFAULT_RULES.get(code);
  const sameName = !!rule && !!fallback && rule.nameZh === fallback.nameZh && rule.nameEn === fallback.nameEn;
  const short = sameName && hasMessage(shortKey) ? translate(lang, shortKey) : label;
  return { code, label, short, points: rule?.points ?? null };
}

/** Rule codes seen across rows, in the scheme's order (the default's when none is given; others after, as first seen). */
export function ruleCodesOf(rows: readonly { rules: Record<string, number> }[], rules?: readonly RuleInfo[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const code of Object.keys(r.rules)) seen.add(code);
  const order = (rules ?? DEFAULT_SCHEME.rules).map((r) => r.code);
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  return [...seen].sort((a, b) => rank(a) - rank(b));
}

/** A rule's maximum: the scheme's points, else the best score seen (a rule the view does not describe). */
export function rulePoints(
  code: string,
  rows: readonly { rules: Record<string, number> }[],
  rules?: readonly RuleInfo[],
): number {
  const observed = rows.reduce((m, r) => Math.max(m, r.rules[code] ?? 0), 0);
  const points = rules?.find((r) => r.code === code)?.points;
  if (points !== undefined && points > 0) return points;
  return Math.max(DEFAULT_RULES.get(code)?.points ?? 0, observed) || 1;
}
