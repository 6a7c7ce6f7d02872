import type { SdohCategory, Visit } from '@/lib/visit/schema';
import { fsaCentroid } from './geo/fsa';
import { F, NO_AGE } from './search/docs';
import type { CatalogSearch } from './search/engine';
import { DEFAULT_NEED_MAPPING, INTEREST_TERMS, TAXONOMY, type NeedMapping } from './taxonomy';

/**
 * Ranks programs for this patient from the visit: confirmed needs (Gravity SDOH categories mapped to catalog
 * taxonomy codes, mapping configurable), "what matters" interests and goals, preferred language, cost, distance
 * (patient's postal code when the catalog has locations, else the clinic), age eligibility and the patient's
 * barriers (cost, transport, language, mobility, childcare, digital access, hours). Every suggestion carries the
 * reasons it was suggested, rendered like "food · French · free · 2.1 km".
 */

export type WhyCode =
  | 'need'
  | 'interest'
  | 'goal'
  | 'language'
  | 'free'
  | 'low-cost'
  | 'distance'
  | 'remote'
  | 'age'
  | 'accessible'
  | 'evening'
  | 'weekend'
  | 'childcare'
  | 'transport'
  | 'in-person';

export interface WhyReason {
  code: WhyCode;
  /** interest: the interest; language: its code; age: "55+" / "12–24". */
  value?: string;
  need?: SdohCategory;
  km?: number;
}

export interface Suggestion {
  doc: number;
  id: string;
  score: number;
  why: WhyReason[];
  distanceKm: number | null;
  /** Days since the listing was last verified (assured_date, else last_modified); null when unknown. */
  verifiedDaysAgo: number | null;
  stale: boolean;
  capacity: 'full' | 'waitlist' | null;
}

export interface MatchInput {
  visit: Visit;
  /** Patient's age in years, when the birth date is known. */
  age: number | null;
  clinic: { lat: number; lon: number } | null;
  staleListingDays: number;
  mapping?: Partial<NeedMapping>;
  now?: number;
  limit?: number;
}

export function ageFromBirthDate(birthDate: string | null, now = Date.now()): number | null {
  if (!birthDate) return null;
  const b = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(b.getTime())) return null;
  const n = new Date(now);
  let age = n.getUTCFullYear() - b.getUTCFullYear();
  if (
    n.getUTCMonth() < b.getUTCMonth() ||
    (n.getUTCMonth() === b.getUTCMonth() && n.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age >= 0 && age < 130 ? age : null;
}

/** Taxonomy codes plus every descendant in the built-in taxonomy (catalog documents already carry ancestors). */
function withDescendants(codes: readonly string[]): string[] {
  const out = new Set(codes.map((c) => c.toLowerCase()));
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of TAXONOMY) {
      if (t.parent && out.has(t.parent) && !out.has(t.code)) {
        out.add(t.code);
        grew = true;
      }
    }
  }
  return [...out];
}

/** The reference point for distances: the patient's postal code when we can place it, else the clinic. */
export function matchOrigin(visit: Visit, clinic: { lat: number; lon: number } | null) {
  const fromPostal = visit.whatMatters.postalCode ? fsaCentroid(visit.whatMatters.postalCode) : null;
  return fromPostal ?? clinic;
}

const DAY_MS = 86_400_000;

export function freshness(verifiedDay: number, staleDays: number, now = Date.now()) {
  if (!verifiedDay) return { verifiedDaysAgo: null, stale: true };
  const ago = Math.max(0, Math.floor(now / DAY_MS) - verifiedDay);
  return { verifiedDaysAgo: ago, stale: ago > staleDays };
}

export function matchPrograms(search: CatalogSearch, input: MatchInput): Suggestion[] {
  const { visit } = input;
  const now = input.now ?? Date.now();
  const docs = search.docs;
  const mapping: Partial<NeedMapping> = { ...DEFAULT_NEED_MAPPING, ...input.mapping };
  const needs = visit.confirmedNeeds.map((need) => ({
    need,
    mask: search.termMask(withDescendants(mapping[need] ?? [])),
  }));
  const interests: { value: string; mask: Uint8Array | null }[] = [];
  const freeWords: string[] = [];
  for (const raw of visit.whatMatters.interests) {
    const key = raw.toLowerCase().trim();
    const codes = INTEREST_TERMS[key];
    if (codes) interests.push({ value: key, mask: search.termMask(withDescendants(codes)) });
    else if (key) freeWords.push(key);
  }
  // Goals and free-text interests: words found by the search engine (any of them) add a smaller boost.
  const text = [...freeWords, visit.whatMatters.interestsText, ...visit.whatMatters.goals]
    .join(' ')
    .slice(0, 300);
  const textScore = new Map<number, number>();
  if (text.trim()) {
    const r = search.search(text, { limit: 200, filters: { includeInactive: false } });
    const max = r.hits[0]?.score ?? 1;
    for (const h of r.hits) textScore.set(h.doc, h.score / max);
  }
  if (needs.length === 0 && interests.length === 0 && textScore.size === 0) return [];

  const barriers = new Set(visit.whatMatters.barriers);
  const lang = visit.whatMatters.preferredLanguage.toLowerCase().split('-')[0] ?? '';
  const langBits = lang ? search.langBits([lang]) : 0;
  const origin = matchOrigin(visit, input.clinic);
  const age = input.age;
  const limit = input.limit ?? 20;
  const out: Suggestion[] = [];

  for (let d = 0; d < docs.count; d++) {
    if (docs.tomb[d] || docs.status[d]! >= 2) continue;
    const why: WhyReason[] = [];
    let score = 0;
    for (const n of needs) {
      if (n.mask && search.docHasTerm(d, n.mask)) {
        score += 10;
        why.push({ code: 'need', need: n.need });
      }
    }
    for (const i of interests) {
      if (i.mask && search.docHasTerm(d, i.mask)) {
        score += 4;
        why.push({ code: 'interest', value: i.value });
      }
    }
    const ts = textScore.get(d);
    if (ts !== undefined) {
      score += 3 * ts;
      if (!why.some((w) => w.code === 'interest')) why.push({ code: 'goal' });
    }
    if (score === 0) continue;

    const minAge = docs.minAge[d]!;
    const maxAge = docs.maxAge[d]!;
    if (age !== null && ((minAge !== NO_AGE && age < minAge) || (maxAge !== NO_AGE && age > maxAge)))
      continue;
    if (age !== null && (minAge !== NO_AGE || maxAge !== NO_AGE)) {
      score += 1;
      why.push({
        code: 'age',
        value: maxAge === NO_AGE ? `${minAge}+` : `${minAge === NO_AGE ? 0 : minAge}–${maxAge}`,
      });
    }

    const flags = docs.flags[d]!;
    if (langBits) {
      if (search.hasLanguage(d, langBits)) {
        score += barriers.has('language') ? 6 : 3;
        why.push({ code: 'language', value: lang });
      } else {
        score -= barriers.has('language') ? 8 : 2;
      }
    }
    if (flags & F.FREE) {
      score += barriers.has('cost') ? 4 : 1;
      why.push({ code: 'free' });
    } else if (flags & F.LOW_COST) {
      score += barriers.has('cost') ? 2 : 0.5;
      why.push({ code: 'low-cost' });
    } else if (barriers.has('cost')) {
      score -= 4;
    }
    const remote = (flags & (F.VIRTUAL | F.PHONE)) !== 0;
    const dist = origin ? search.distanceKm(d, origin.lat, origin.lon) : null;
    if (dist !== null) {
      const w = barriers.has('transport') || barriers.has('mobility') ? 6 : 3;
      score += w * Math.exp(-dist / 10);
      if (dist > 50 && !remote) score -= 3;
      why.push({ code: 'distance', km: Math.round(dist * 10) / 10 });
    }
    if (remote && (barriers.has('transport') || barriers.has('mobility') || barriers.has('childcare'))) {
      score += 3;
      why.push({ code: 'remote' });
    }
    if (barriers.has('digital-access')) {
      if (flags & (F.IN_PERSON | F.PHONE)) {
        score += 2;
        if (flags & F.IN_PERSON && !why.some((w) => w.code === 'remote')) why.push({ code: 'in-person' });
      } else if (flags & F.VIRTUAL) score -= 3;
    }
    if (barriers.has('mobility')) {
      if (flags & F.ACCESSIBLE) {
        score += 3;
        why.push({ code: 'accessible' });
      } else if (flags & F.NOT_ACCESSIBLE) score -= 4;
    }
    if (barriers.has('hours')) {
      if (flags & F.EVENING) {
        score += 2;
        why.push({ code: 'evening' });
      }
      if (flags & F.WEEKEND) {
        score += 2;
        why.push({ code: 'weekend' });
      }
    }
    if (barriers.has('childcare') && flags & F.CHILDCARE) {
      score += 3;
      why.push({ code: 'childcare' });
    }
    if (barriers.has('transport') && flags & F.TRANSPORT) {
      score += 2;
      why.push({ code: 'transport' });
    }
    const fresh = freshness(docs.verifiedDay[d]!, input.staleListingDays, now);
    if (fresh.stale) score -= 1;
    const capacity = flags & F.FULL ? 'full' : flags & F.WAITLIST ? 'waitlist' : null;
    if (capacity === 'full') score -= 3;
    else if (capacity === 'waitlist') score -= 1;
    if (docs.status[d] === 1) score -= 5; // temporarily closed
    out.push({
      doc: d,
      id: search.ids[d] ?? '',
      score,
      why,
      distanceKm: dist,
      verifiedDaysAgo: fresh.verifiedDaysAgo,
      stale: fresh.stale,
      capacity,
    });
  }
  out.sort((a, b) => b.score - a.score || (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9) || a.doc - b.doc);
  return out.slice(0, limit);
}

/** Needs a suggestion answers (for grouping in the UI). */
export const needsOf = (s: Suggestion): SdohCategory[] =>
  s.why.map((w) => w.need).filter((n): n is SdohCategory => !!n);
