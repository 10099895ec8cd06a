/** The engine's notes on a rule (English, fixed patterns) in the page language. Pure; unknown notes pass through. */
import type { Lang } from '../../lib/format';

/** The year target and the share of it a quarter is held to, from the engine's note; null for other notes. */
export function quarterTargetOf(note: string | null | undefined): { year: number; parts: number } | null {
  const m = note ? /^quarter target = year target ([\d.]+) \/ ([\d.]+)$/.exec(note) : null;
  return m ? { year: Number(m[1]), parts: Number(m[2]) } : null;
}

export function explainNote(note: string, lang: Lang): string {
  if (lang === 'en') return note;
  const target = /^quarter target = year target ([\d.]+) \/ ([\d.]+)$/.exec(note);
  if (target) return `季度目标 = 年度目标 ${target[1]} / ${target[2]}`;
  const zero = /^denominator (\S+) is 0: ([\d.]+) points?$/.exec(note);
  if (zero) return `分母 ${zero[1]} 为 0：得 ${zero[2]} 分`;
  if (note === 'no submitted or verified value in the period: 0 points') return '本期无已提交或已核验的数据：得 0 分';
  if (note === 'no quarter of the period was due: 0 points') return '本期没有应报送的季度：得 0 分';
  return note;
}
