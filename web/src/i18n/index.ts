/**
 * The console's languages: i18next with react-i18next. Each area of the console has its own
 * namespace, one JSON file per language (`<lang>/<namespace>.json`), loaded with the area's
 * chunk the first time a page of it asks for it (`useTranslation('<namespace>')` suspends until
 * then). `common` (the frame, shared components, roles, platforms, errors) is loaded before the
 * first render. A third language is a folder of the same files and a line in LANGUAGES.
 */
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'allot.language';
const files = import.meta.glob<{ default: Record<string, unknown> }>('./*/*.json');

/** Reads `<lang>/<namespace>.json` from the build (its own small chunk). */
const bundledFiles: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = files[`./${language}/${namespace}.json`];
    if (load === undefined) {
      callback(new Error(`no ${namespace} strings in ${language}`), false);
      return;
    }
    load().then(
      (file) => callback(null, file.default),
      (error: unknown) => callback(error as Error, false),
    );
  },
};

function isLanguage(code: string | null | undefined): code is Language {
  return LANGUAGES.some((l) => l.code === code);
}

/** The language chosen in the header, else the browser's first one the console speaks. */
export function preferredLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = tag.toLowerCase().split('-')[0];
    if (isLanguage(code)) return code;
  }
  return 'en';
}

export async function startI18n(): Promise<void> {
  await i18next
    .use(bundledFiles)
    .use(initReactI18next)
    .init({
      lng: preferredLanguage(),
      fallbackLng: 'en',
      supportedLngs: LANGUAGES.map((l) => l.code),
      ns: ['common'],
      defaultNS: 'common',
      fallbackNS: 'common',
      // React escapes what it renders.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
}

/** Switches the console's language and remembers it in this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
}

/** The language in use, for Intl. */
export function currentLocale(): string {
  return i18next.resolvedLanguage ?? i18next.language ?? 'en';
}

export { i18next };
