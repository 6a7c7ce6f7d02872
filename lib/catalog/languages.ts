/** Display names of the language codes the demo catalog and the filters use (ISO 639-1, or 639-3 where none). */
export const LANGUAGE_NAMES: Readonly<Record<string, { en: string; fr: string }>> = {
  en: { en: 'English', fr: 'anglais' },
  fr: { en: 'French', fr: 'français' },
  ar: { en: 'Arabic', fr: 'arabe' },
  so: { en: 'Somali', fr: 'somali' },
  es: { en: 'Spanish', fr: 'espagnol' },
  ta: { en: 'Tamil', fr: 'tamoul' },
  pa: { en: 'Punjabi', fr: 'pendjabi' },
  zh: { en: 'Chinese', fr: 'chinois' },
  tl: { en: 'Tagalog', fr: 'tagalog' },
  uk: { en: 'Ukrainian', fr: 'ukrainien' },
  fa: { en: 'Persian', fr: 'persan' },
  ur: { en: 'Urdu', fr: 'ourdou' },
  ti: { en: 'Tigrinya', fr: 'tigrigna' },
  it: { en: 'Italian', fr: 'italien' },
  pt: { en: 'Portuguese', fr: 'portugais' },
  el: { en: 'Greek', fr: 'grec' },
  am: { en: 'Amharic', fr: 'amharique' },
  ht: { en: 'Haitian Creole', fr: 'créole haïtien' },
  oj: { en: 'Ojibwe', fr: 'ojibwé' },
  cr: { en: 'Cree', fr: 'cri' },
  moh: { en: 'Mohawk', fr: 'mohawk' },
};

/** A language's name in the UI language, or the code itself when unknown. */
export function languageName(code: string, lang: 'en' | 'fr'): string {
  return LANGUAGE_NAMES[code]?.[lang] ?? code;
}
