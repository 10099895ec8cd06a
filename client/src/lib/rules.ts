/** Names and maximum points of scoring rules by code, for views that carry only rule codes (rankings, heatmap). */
import { DEFAULT_SCHEME } from '../../../server/domain/scoring/default-scheme';
import { hasMessage, translate, type Lang } from './i18n';

export type RuleMeta = { code: string; label: string; short: string; points: number | null };

const DEFAULT_RULES = new Map(DEFAULT_SCHEME.rules.map((r) => [r.code, r]));

/** A rule's label in `lang`: the default scheme's name and the short column name, else the code itself. */
export function ruleMeta(code: string, lang: Lang): RuleMeta {
  const rule = DEFAULT_RULES.get(code);
  const shortKey = `rule.short.${code}`;
  const label = rule ? (lang === 'zh' ? rule.nameZh : rule.nameEn) : code;
  const short = hasMessage(shortKey) ? translate(lang, shortKey) : label;
  return { code, label, short, points: rule?.points ?? null };
}

/** Rule codes seen across rows, in the default scheme's order (others after it, as first seen). */
export function ruleCodesOf(rows: readonly { rules: Record<string, number> }[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const code of Object.keys(r.rules)) seen.add(code);
  const order = DEFAULT_SCHEME.rules.map((r) => r.code);
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  return [...seen].sort((a, b) => rank(a) - rank(b));
}

/** A rule's maximum: the default scheme's points, or the best score seen when the scheme was changed. */
export function rulePoints(code: string, rows: readonly { rules: Record<string, number> }[]): number {
  const observed = rows.reduce((m, r) => Math.max(m, r.rules[code] ?? 0), 0);
  return Math.max(DEFAULT_RULES.get(code)?.points ?? 0, observed) || 1;
}
