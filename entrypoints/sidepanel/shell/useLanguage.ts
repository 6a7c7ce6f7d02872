import { useMemo } from 'react';
import { createI18n, resolveLanguage, type Language, type LanguagePreference } from '@/lib/i18n';

/** One i18next instance per language, created once; the language follows the browser unless overridden. */
export function useI18nFor(pref: LanguagePreference | undefined) {
  const lang: Language = resolveLanguage(pref, navigator.languages);
  const i18n = useMemo(() => createI18n(lang), [lang]);
  return { lang, i18n };
}
