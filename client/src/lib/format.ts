/** Numbers, dates and periods in the conventions of the page language (zh-CN by default). Pure. */
export type Lang = 'zh' | 'en';

const QUARTER_ZH = ['一', '二', '三', '四'];

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, maxDigits: number, minDigits = 0): Intl.NumberFormat {
  const key = `${lang}|${maxDigits}|${minDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
      maximumFractionDigits: maxDigits,
      minimumFractionDigits: minDigits,
    });
    numberFormats.set(key, f);
  }
  return f;
}

/** A count: `13,703`. */
export function formatNumber(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return numberFormat(lang, 2).format(n);
}

/** A score or points: at most two decimals, `102`, `56.66`. */
export function formatScore(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return numberFormat(lang, 2).format(n);
}

/** `+2`, `−3.5`, `0`. */
export function formatSigned(n: number, lang: Lang): string {
  const text = formatScore(Math.abs(n), lang);
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

/** A ratio as a percentage with one decimal: `66.7%`; `—` when the whole is 0. */
export function formatPercent(part: number, whole: number, lang: Lang): string {
  if (!whole) return '—';
  return `${numberFormat(lang, 1).format((part / whole) * 100)}%`;
}

/** `2011-11-27` → `2011年11月27日` (zh) or `2011-11-27` (en). */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === 'zh' ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}-${m[2]}-${m[3]}`;
}

/** An ISO timestamp in China time: `2012年3月1日 12:00` (zh) or `2012-03-01 12:00` (en). */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000).toISOString();
  return `${formatDate(d.slice(0, 10), lang)} ${d.slice(11, 16)}`;
}

/** `2011Q4` → `2011年第四季度` / `2011 Q4`; `2011` → `2011年度` / `Year 2011`. */
export function formatPeriod(code: string, lang: Lang): string {
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return lang === 'zh' ? `${q[1]}年第${QUARTER_ZH[Number(q[2]) - 1]}季度` : `${q[1]} Q${q[2]}`;
  if (/^\d{4}$/.test(code)) return lang === 'zh' ? `${code}年度` : `Year ${code}`;
  return code;
}

/** Short period label for chart axes: `2011Q4` → `四季度` / `Q4`. */
export function formatPeriodShort(code: string, lang: Lang): string {
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return lang === 'zh' ? `${q[1]}年${QUARTER_ZH[Number(q[2]) - 1]}季度` : `${q[1]} Q${q[2]}`;
  return formatPeriod(code, lang);
}
