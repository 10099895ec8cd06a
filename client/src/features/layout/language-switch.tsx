import { useI18n } from '../../lib/i18n';

/** 中文 / English toggle (the choice is remembered in this browser). */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      <button
        type="button"
        className={lang === 'zh' ? 'active' : ''}
        aria-pressed={lang === 'zh'}
        onClick={() => setLang('zh')}
        lang="zh-CN"
      >
        中文
      </button>
      <button
        type="button"
        className={lang === 'en' ? 'active' : ''}
        aria-pressed={lang === 'en'}
        onClick={() => setLang('en')}
        lang="en"
      >
        EN
      </button>
    </div>
  );
}
