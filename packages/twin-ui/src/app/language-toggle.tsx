import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';

/** 中 / EN: switches the interface language (the choice is kept for the next visit). */
export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const nextLanguage: Language = language === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="lang-toggle"
      data-testid="lang-toggle"
      aria-label={t('header.languageToggle')}
      title={t('header.languageToggle')}
      onClick={() => void i18n.changeLanguage(nextLanguage)}
    >
      <span className={language === 'zh-CN' ? 'is-active' : undefined}>
        {t('header.languageZh')}
      </span>
      <span className="lang-toggle__divider">/</span>
      <span className={language === 'en' ? 'is-active' : undefined}>{t('header.languageEn')}</span>
    </button>
  );
}
