/** Interface languages: Simplified Chinese (the default) and English. */
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh-CN';

const storageKey = 'city-twin.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The language chosen on this screen before, or the default. */
export function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : defaultLanguage;
  } catch {
    // Storage can be disabled (kiosk profiles); the default is then the right answer.
    return defaultLanguage;
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Not persisted; the toggle still works for this session.
  }
}

/** The BCP 47 locale for number and date formatting. */
export function toLocale(language: Language): string {
  return language === 'zh-CN' ? 'zh-CN' : 'en-GB';
}
