import i18next, { type i18n as I18n } from 'i18next';
import { Language } from './languages';

export { Language, LanguagePreference, resolveLanguage } from './languages';

type Bundle = Record<string, unknown>;

/**
 * Every UI string lives in lib/i18n/locales/<lang>/<namespace>.json; one namespace per feature so features can be
 * added without touching a shared file. tests/unit/i18n.test.ts checks English and French have the same keys.
 */
const files = import.meta.glob<Bundle>('./locales/*/*.json', { eager: true, import: 'default' });

export function localeResources(): Record<Language, Record<string, Bundle>> {
  const out: Record<Language, Record<string, Bundle>> = { en: {}, fr: {} };
  for (const [path, bundle] of Object.entries(files)) {
    const m = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    if (!m) continue;
    const lang = Language.safeParse(m[1]);
    if (lang.success) out[lang.data][m[2]!] = bundle;
  }
  return out;
}

export const NAMESPACES = Object.keys(localeResources().en);

export function createI18n(lng: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng,
    fallbackLng: false,
    resources: localeResources(),
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
