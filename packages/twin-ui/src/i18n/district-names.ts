import type { Language } from './languages.ts';

// District names by official code. The gateway sends the Chinese name; English has its own.
const namesByLanguage: Record<Language, Readonly<Record<string, string>>> = {
  'zh-CN': {
    '411202': '湖滨区',
    '411203': '陕州区',
    '411221': '渑池县',
    '411224': '卢氏县',
    '411281': '义马市',
    '411282': '灵宝市',
  },
  en: {
    '411202': 'Hubin District',
    '411203': 'Shanzhou District',
    '411221': 'Mianchi County',
    '411224': 'Lushi County',
    '411281': 'Yima City',
    '411282': 'Lingbao City',
  },
};

/** The name of a district in the given language, falling back to the name the server sent. */
export function toDistrictName(code: string, serverName: string, language: Language): string {
  return namesByLanguage[language][code] ?? serverName;
}
