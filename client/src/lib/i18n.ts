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
import { zh } from './messages-zh';

export type { Lang };
export type MessageKey = keyof typeof zh;
export type Params = Record<string, string | number>;

/**
 * zh-CN is in the first page's bundle; English is a chunk of its own, fetched when a user picks it (most never
 * do, and the first page has a budget: test/e2e/leadership.test.ts). Until then `translate(..., 'en')` answers zh.
 */
const DICTIONARIES: Partial<Record<Lang, Record<MessageKey, string>>> = { zh };

/** Loads the dictionary of `lang` (once); resolves when `translate` answers in it. */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (DICTIONARIES[lang]) return;
  if (lang === 'en') DICTIONARIES.en = (await import('./messages-en')).en;
}
const STORAGE_KEY = 'dukao.lang';

/** The text of `key` in `lang` with its placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang]?.[key] ?? zh[key] ?? key;
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
  // A page opened in English waits for its dictionary (a moment) rather than flash Chinese.
  const [ready, setReady] = useState(() => Boolean(DICTIONARIES[lang]));
  useEffect(() => {
    if (ready) return;
    void loadLanguage(lang).then(
      () => setReady(true),
      () => setLangState('zh'),
    );
  }, [lang, ready]);
  const setLang = useCallback((next: Lang) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    // Switch once the words are there: the page never shows a mix.
    void loadLanguage(next).then(() => setLangState(next));
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
  return createElement(I18nContext.Provider, { value }, ready ? children : null);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
