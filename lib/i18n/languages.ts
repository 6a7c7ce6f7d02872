import { z } from 'zod';

export const Language = z.enum(['en', 'fr']);
export type Language = z.infer<typeof Language>;
export const LanguagePreference = z.enum(['auto', 'en', 'fr']);
export type LanguagePreference = z.infer<typeof LanguagePreference>;

/** The UI language: the clinic/user override if set, else the browser's language (French for any fr-*). */
export function resolveLanguage(
  pref: LanguagePreference | undefined,
  browserLanguages: readonly string[],
): Language {
  if (pref === 'en' || pref === 'fr') return pref;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr') return 'fr';
    if (base === 'en') return 'en';
  }
  return 'en';
}
