import { Barrier, WhatMatters } from '@/lib/visit/schema';

/**
 * "What matters to you" (screening-instruments.md §7): conversation prompts, not a validated instrument. Interest codes
 * are the ones program matching understands (lib/catalog/taxonomy.ts INTEREST_TERMS); anything else goes in free text.
 */
export const INTEREST_CODES = [
  'walking',
  'nature',
  'exercise',
  'dance',
  'arts',
  'crafts',
  'music',
  'gardening',
  'cooking',
  'volunteering',
  'learning',
  'reading',
  'technology',
  'socializing',
  'culture',
] as const;

export const BARRIERS: readonly Barrier[] = Barrier.options;

/** Preferred-language choices offered first (names come from Intl.DisplayNames); any BCP-47 tag may be typed. */
export const LANGUAGE_CHOICES = [
  'en',
  'fr',
  'ar',
  'zh',
  'es',
  'pa',
  'tl',
  'ta',
  'so',
  'uk',
  'fa',
  'ur',
  'pt',
  'ht',
  'cr',
  'oj',
] as const;

export const MAX_GOALS = 5;

/** A valid BCP-47 primary tag (2–3 letters, optional region), or '' for "not asked". */
export function normaliseLanguage(input: string): string | null {
  const s = input.trim();
  if (!s) return '';
  if (!/^[A-Za-z]{2,3}(-[A-Za-z]{2}|-[0-9]{3})?$/.test(s)) return null;
  const [lang, region] = s.split('-');
  return region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase();
}

/** Applies a patch and validates: a value over its cap is an error the form shows, never silently cut. */
export function updateWhatMatters(
  current: WhatMatters,
  patch: Partial<WhatMatters>,
): { ok: true; value: WhatMatters } | { ok: false; field: string } {
  const parsed = WhatMatters.safeParse({ ...current, ...patch });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, field: String(parsed.error.issues[0]?.path[0] ?? 'whatMatters') };
}

export function toggleIn<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
