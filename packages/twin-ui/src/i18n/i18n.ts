import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import {
  defaultLanguage,
  isLanguage,
  type Language,
  readStoredLanguage,
  storeLanguage,
} from './languages.ts';
import { zhCN } from './zh-cn.ts';

/** Creates the i18next instance with both catalogues bundled, in the stored language. */
export function createI18n(): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: readStoredLanguage(),
    fallbackLng: defaultLanguage,
    supportedLngs: ['zh-CN', 'en'],
    // Catalogues are bundled, so initialisation is synchronous and the first render is translated.
    initAsync: false,
    interpolation: { escapeValue: false },
    // An empty translation is meant (no unit after a count in English), not missing.
    returnEmptyString: true,
    react: { useSuspense: false },
  });
  applyDocumentLanguage(instance);
  instance.on('languageChanged', (language: string) => {
    if (isLanguage(language)) storeLanguage(language);
    applyDocumentLanguage(instance);
  });
  return instance;
}

/** The current language of an instance, narrowed to the supported ones. */
export function currentLanguage(instance: i18n): Language {
  const language = instance.resolvedLanguage ?? instance.language;
  return isLanguage(language) ? language : defaultLanguage;
}

function applyDocumentLanguage(instance: i18n): void {
  document.documentElement.lang = currentLanguage(instance);
  document.title = instance.t('app.title');
}
