/** All user-facing text: zh-CN by default, English on request; `{name}` placeholders are filled from params. */
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPeriodShort,
  formatScore,
  formatSigned,
  type Lang,
} from './format';
import { en } from './messages-en';
import { zh } from './messages-zh';

export type { Lang };
export type MessageKey = keyof typeof zh;
export type Params = Record<string, string | number>;

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'dukao.lang';

/** The text of `key` in `lang` with its placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key] ?? zh[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] !== undefined ? String(params[name]) : whole,
  );
}

/** Whether a key exists (for labels built from data, e.g. `grade.excellent`). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

export type I18n = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  num: (n: number | null | undefined) => string;
  score: (n: number | null | undefined) => string;
  signed: (n: number) => string;
  pct: (part: number, whole: number) => string;
  date: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  period: (code: string) => string;
  periodShort: (code: string) => string;
  /** The name in the page language of something named in both (`nameZh`/`nameEn`). */
  name: (o: { nameZh: string; nameEn: string }) => string;
};

const I18nContext = createContext<I18n | null>(null);

/** The page language outside React (error sentences built in callbacks: lib/trpc.ts `errorMessage`). */
let pageLang: Lang | null = null;

export function currentLang(): Lang {
  return pageLang ?? initialLang();
}

function initialLang(): Lang {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  pageLang = lang;
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      num: (n) => formatNumber(n, lang),
      score: (n) => formatScore(n, lang),
      signed: (n) => formatSigned(n, lang),
      pct: (part, whole) => formatPercent(part, whole, lang),
      date: (iso) => formatDate(iso, lang),
      dateTime: (iso) => formatDateTime(iso, lang),
      period: (code) => formatPeriod(code, lang),
      periodShort: (code) => formatPeriodShort(code, lang),
      name: (o) => (lang === 'zh' ? o.nameZh : o.nameEn),
    }),
    [lang, setLang],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
