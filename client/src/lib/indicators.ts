/** Labels of indicator codes, derived totals and targets as they appear in score explanations. */
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue';
import { hasMessage, type Lang, translate } from './i18n';

const DEFAULT_BY_CODE = new Map(DEFAULT_CATALOGUE.map((d) => [d.code, d]));

export type NamedIndicator = { code: string; nameZh: string; nameEn: string };

/** `pub.total` → 主动公开信息总数; `target:pub.total` → 目标：主动公开信息总数; a catalogue code → its name. */
export function indicatorLabel(code: string, lang: Lang, catalogue?: readonly NamedIndicator[]): string {
  if (code.startsWith('target:'))
    return translate(lang, 'indicator.target', { name: indicatorLabel(code.slice(7), lang, catalogue) });
  const derivedKey = `derived.${code}`;
  if (hasMessage(derivedKey)) return translate(lang, derivedKey);
  const def = catalogue?.find((d) => d.code === code) ?? DEFAULT_BY_CODE.get(code);
  return def ? (lang === 'zh' ? def.nameZh : def.nameEn) : code;
}

const MEASURES_EN: Record<string, string> = {
  条: 'items',
  篇: 'reports',
  件: 'cases',
  人次: 'person-times',
  人: 'people',
  项: 'items',
  '是/否': 'yes/no',
  元: 'yuan',
  万元: '10k yuan',
};

/** A catalogue measure (条, 件, 人次 …) in the page language; unknown measures are shown as stored. */
export function measureLabel(measure: string, lang: Lang): string {
  return lang === 'en' ? (MEASURES_EN[measure] ?? measure) : measure;
}
