import type { TFunction } from 'i18next';
import type { ProgramHours } from '@/lib/catalog/program';
import type { WhyReason } from '@/lib/catalog/match';
import { languageName } from '@/lib/catalog/languages';

export type Lang = 'en' | 'fr';

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-CA' : 'en-CA');

export function formatKm(km: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
}

// 2024-01-01 was a Monday: the weekday names come from Intl, in the UI language.
const DAY_INDEX = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 } as const;
export function dayName(day: keyof typeof DAY_INDEX, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1 + DAY_INDEX[day])),
  );
}

export function formatHours(h: ProgramHours, lang: Lang): string {
  if (h.text) return h.text;
  const days = h.days.map((d) => dayName(d, lang)).join(', ');
  const times = h.opens && h.closes ? `${h.opens}–${h.closes}` : h.opens;
  return [days, times].filter(Boolean).join(' ');
}

/** "food · French · free · 2.1 km" */
export function formatWhy(why: readonly WhyReason[], t: TFunction<'catalog'>, lang: Lang): string {
  const parts: string[] = [];
  for (const w of why) {
    switch (w.code) {
      case 'need':
        if (w.need) parts.push(t(`why.need.${w.need}`));
        break;
      case 'language':
        parts.push(languageName(w.value ?? '', lang));
        break;
      case 'distance':
        if (typeof w.km === 'number') parts.push(t('why.distance', { km: formatKm(w.km, lang) }));
        break;
      case 'interest':
        parts.push(t('why.interest', { value: w.value ?? '' }));
        break;
      case 'age':
        parts.push(t('why.age', { range: w.value ?? '' }));
        break;
      default:
        parts.push(t(`why.${w.code}`));
    }
  }
  return [...new Set(parts)].join(' · ');
}

/** Only http(s) links are rendered as links (a catalog could carry javascript: URLs). */
export function safeHttpUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
