import type { HsdsServiceInput } from '../hsds-schema';
import { fnv1a, uuidFromString } from '../ids';
import { ONTARIO_PLACES, type Place } from '../geo/places';
import { TAXONOMY, TAXONOMY_ID, TAXONOMY_NAME, termId } from '../taxonomy';
import { Rng } from './prng';
import {
  CATEGORIES,
  LANGUAGE_NAMES,
  OTHER_NEEDS_TERM_BY_NAME_INDEX_EN,
  OTHER_NEEDS_TERM_BY_NAME_INDEX_FR,
  STREETS_EN,
  STREETS_FR,
  SYLLABLES,
  type CategoryTemplate,
  type LangText,
  type ScheduleKind,
} from './templates';

/**
 * Deterministic generator of fictional Ontario community programs in HSDS 3.0 service shape (fully nested, as
 * `GET /services/{id}` returns them). The same seed gives the same catalog on every machine, and smaller catalogs are
 * prefixes of larger ones. Usable from Node (navigator seeding, benchmarks) and the browser.
 */
export interface GenerateOptions {
  count: number;
  seed?: number;
  /** The day the catalog is "as of" (ISO date); modification and verification dates fall before it. */
  asOf?: string;
  /**
   * 'demo': the curated catalog (every category evenly represented, short descriptions).
   * 'bench': weighted categories, 200–800 character descriptions and a long tail of proper nouns, like a provincial
   * 211 feed (about 2.5 KB of JSON per service).
   */
  profile?: 'demo' | 'bench';
}

export const DEMO_SEED = 20261101;
export const DEMO_AS_OF = '2026-11-01';
export const DEMO_COUNT = 340;

type Lang = 'en' | 'fr';

const AREA_CODES: Readonly<Record<string, string>> = {
  M: '416',
  L: '905',
  K: '613',
  N: '519',
  P: '705',
};

function areaCode(place: Place): string {
  if (place.city === 'Thunder Bay' || place.city === 'Kenora') return '807';
  const first = place.fsas[0]?.[0] ?? 'M';
  return AREA_CODES[first] ?? '416';
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

function fill(template: string, place: Place, area: string): string {
  return template.replaceAll('{city}', place.city).replaceAll('{area}', area);
}

function pickWeighted<T extends { weight: number }>(rng: Rng, xs: readonly T[]): T {
  const total = xs.reduce((s, x) => s + x.weight, 0);
  let r = rng.next() * total;
  for (const x of xs) {
    r -= x.weight;
    if (r <= 0) return x;
  }
  return xs[xs.length - 1]!;
}

function isoDaysBefore(asOfMs: number, days: number, rng: Rng): string {
  return new Date(asOfMs - days * 86_400_000 - rng.int(0, 86_399_999)).toISOString();
}

const DAY_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    MO: 'Mondays',
    TU: 'Tuesdays',
    WE: 'Wednesdays',
    TH: 'Thursdays',
    FR: 'Fridays',
    SA: 'Saturdays',
    SU: 'Sundays',
  },
  fr: {
    MO: 'lundis',
    TU: 'mardis',
    WE: 'mercredis',
    TH: 'jeudis',
    FR: 'vendredis',
    SA: 'samedis',
    SU: 'dimanches',
  },
};

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

interface SchedulePlan {
  byday: string[];
  opens: number;
  closes: number;
}

function planSchedules(rng: Rng, kind: ScheduleKind): SchedulePlan[] {
  const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR'];
  const k: ScheduleKind = kind === 'mixed' ? rng.pick(['weekday', 'evening', 'weekend'] as const) : kind;
  switch (k) {
    case 'office': {
      const plans: SchedulePlan[] = [{ byday: weekdays, opens: 9 * 60, closes: 17 * 60 }];
      if (rng.chance(0.25)) plans.push({ byday: ['TH'], opens: 17 * 60, closes: 20 * 60 });
      if (rng.chance(0.1)) plans.push({ byday: ['SA'], opens: 10 * 60, closes: 14 * 60 });
      return plans;
    }
    case 'evening': {
      const opens = rng.pick([18 * 60, 18 * 60 + 30, 19 * 60]);
      return [
        { byday: rng.sample(weekdays, rng.int(1, 2)).sort(), opens, closes: opens + rng.pick([60, 90, 120]) },
      ];
    }
    case 'weekend': {
      const opens = rng.pick([9 * 60, 9 * 60 + 30, 10 * 60, 13 * 60]);
      return [{ byday: [rng.pick(['SA', 'SU'])], opens, closes: opens + rng.pick([60, 90, 120, 180]) }];
    }
    default: {
      const opens = rng.pick([9 * 60 + 30, 10 * 60, 10 * 60 + 30, 13 * 60, 13 * 60 + 30, 14 * 60]);
      return [
        { byday: rng.sample(weekdays, rng.int(1, 2)).sort(), opens, closes: opens + rng.pick([60, 90, 120]) },
      ];
    }
  }
}

function scheduleText(plan: SchedulePlan, lang: Lang): string {
  const days = plan.byday.map((d) => DAY_NAMES[lang][d]!);
  const joined =
    days.length > 2
      ? lang === 'en'
        ? 'Monday to Friday'
        : 'du lundi au vendredi'
      : days.join(lang === 'en' ? ' and ' : ' et ');
  const cap = joined.charAt(0).toUpperCase() + joined.slice(1);
  return `${cap}, ${hhmm(plan.opens)}–${hhmm(plan.closes)}`;
}

/** A fixed pool of invented proper nouns drawn with a log-uniform (Zipf-like) distribution. */
class LongTail {
  private readonly words: string[] = [];
  constructor(seed: number, size: number) {
    const rng = new Rng(seed ^ 0x5eed);
    const seen = new Set<string>();
    while (this.words.length < size) {
      let w = '';
      const n = rng.int(2, 3);
      for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
      if (seen.has(w)) continue;
      seen.add(w);
      this.words.push(w.charAt(0).toUpperCase() + w.slice(1));
    }
  }
  pick(rng: Rng): string {
    return this.words[Math.min(this.words.length - 1, Math.floor(this.words.length ** rng.next()) - 1)]!;
  }
}

const LONG_TAIL_EN = [
  'Offered in partnership with the {w} Foundation and the {w2} Lions Club.',
  'Sessions take place at {w} Hall, across from {w2} Park.',
  'This program is supported by volunteers from {w} Collegiate and the {w2} Rotary Club.',
  'Parking is available behind the {w} Community Church; the {w2} bus stops at the door.',
  'Participants from {w} and {w2} neighbourhoods are especially welcome.',
];
const LONG_TAIL_FR = [
  'Offert en partenariat avec la Fondation {w} et le Club Richelieu {w2}.',
  'Les séances ont lieu à la salle {w}, en face du parc {w2}.',
  'Le stationnement est situé derrière l’église {w}; l’autobus {w2} s’arrête à la porte.',
];

interface GenContext {
  rng: Rng;
  asOfMs: number;
  profile: 'demo' | 'bench';
  tail: LongTail | null;
  /** Programs generated so far per category (and per category + language). */
  seen: Map<string, number>;
}

function langText(cat: CategoryTemplate, lang: Lang): LangText {
  return lang === 'en' ? cat.en : cat.fr;
}

function chooseLanguage(ctx: GenContext, cat: CategoryTemplate, place: Place): Lang {
  if (cat.en.names.length === 0) return 'fr';
  if (cat.fr.names.length === 0) return 'en';
  if (ctx.profile === 'demo') {
    // The curated catalog gives every category some French programs: each fourth one, plus francophone towns.
    const k = ctx.seen.get(`${cat.key}`) ?? 0;
    if (k % 4 === 3) return 'fr';
  }
  const p = Math.max(cat.frShare, place.francophoneShare * 0.8);
  return ctx.rng.chance(p) ? 'fr' : 'en';
}

function ageRange(cat: CategoryTemplate, eligibility: string): [number | null, number | null] {
  if (cat.ages) return [cat.ages[0], cat.ages[1]];
  const range = /(\d{2})\s*(?:to|à)\s*(\d{2})/.exec(eligibility);
  if (range) return [Number(range[1]), Number(range[2])];
  const min = /(\d{2})\s*(?:\+|and over|ans et plus| and their)/.exec(eligibility);
  if (min) return [Number(min[1]), null];
  return [null, null];
}

function languageObjects(codes: string[], parentKey: string) {
  return codes.map((code) => ({
    id: uuidFromString(`${parentKey}:lang:${code}`),
    name: LANGUAGE_NAMES[code]?.en ?? code,
    code,
  }));
}

function generateOne(ctx: GenContext, index: number, cat: CategoryTemplate): HsdsServiceInput {
  const { rng } = ctx;
  const place = pickWeighted(rng, ONTARIO_PLACES);
  const area = rng.pick(place.areas);
  const lang = chooseLanguage(ctx, cat, place);
  const text = langText(cat, lang);
  // The demo walks each category's names in turn (every kind of program appears); benchmarks draw at random.
  const seenKey = `${cat.key}:${lang}`;
  const nth = ctx.seen.get(seenKey) ?? 0;
  ctx.seen.set(seenKey, nth + 1);
  ctx.seen.set(cat.key, (ctx.seen.get(cat.key) ?? 0) + 1);
  const nameIndex =
    ctx.profile === 'demo' ? nth % text.names.length : Math.floor(rng.next() * text.names.length);
  const baseName = fill(text.names[nameIndex]!, place, area);
  // Benchmark catalogs model a provincial feed: thousands of distinct organisations (an invented proper noun in
  // front of the template), and many program names that carry the organisation's name, as real listings do.
  const orgWord = ctx.tail ? ctx.tail.pick(rng) : null;
  const orgTemplate = fill(rng.pick(text.orgs), place, area);
  const orgName = orgWord ? `${orgWord} ${orgTemplate}` : orgTemplate;
  const placed =
    baseName.includes(place.city) || baseName.includes(area) ? baseName : `${baseName} – ${area}`;
  const name = orgWord && rng.chance(0.4) ? `${orgWord} ${placed}` : placed;
  const orgId = uuidFromString(`org:${orgName}`);
  const orgSlug = slug(orgName);
  const id = uuidFromString(`service:${ctx.profile}:${index}:${name}`);
  const key = `service:${id}`;

  // Description: 2–4 template sentences (demo) or 3–6 plus a long-tail sentence (bench, 200–800 chars).
  const nSentences = ctx.profile === 'demo' ? rng.int(2, 4) : rng.int(3, 7);
  const sentences = rng.sample(text.sentences, nSentences).map((s) => fill(s, place, area));
  if (ctx.tail) {
    const tails = lang === 'en' ? LONG_TAIL_EN : LONG_TAIL_FR;
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      sentences.push(rng.pick(tails).replace('{w}', ctx.tail.pick(rng)).replace('{w2}', ctx.tail.pick(rng)));
    }
  }
  const description = sentences.join(' ');
  const eligibility = fill(rng.pick(text.eligibility), place, area);
  const [minAge, maxAge] = ageRange(cat, eligibility);

  // Taxonomy: category terms, one optional extra, and population terms implied by language / age.
  const codes = new Set(cat.terms);
  if (cat.key === 'other-needs') {
    const map = lang === 'en' ? OTHER_NEEDS_TERM_BY_NAME_INDEX_EN : OTHER_NEEDS_TERM_BY_NAME_INDEX_FR;
    codes.clear();
    codes.add(map[nameIndex] ?? 'digital-access');
  } else if (cat.extraTerms && rng.chance(0.5)) {
    codes.add(rng.pick(cat.extraTerms));
  }
  if (lang === 'fr') codes.add('francophone');
  if (minAge !== null && minAge >= 50) codes.add('older-adults');

  // Languages.
  const langs = new Set<string>([lang]);
  if (lang === 'fr' && rng.chance(0.4)) langs.add('en');
  if (lang === 'en' && rng.chance(Math.max(0.08, place.francophoneShare))) langs.add('fr');
  if (cat.languages && rng.chance(0.35))
    for (const l of rng.sample(cat.languages, rng.int(1, 2))) langs.add(l);

  // Cost.
  const free = rng.chance(cat.freeShare) || !cat.cost;
  const amount = free || !cat.cost ? 0 : rng.int(cat.cost.min, cat.cost.max);
  const costUnit = cat.cost ? (lang === 'en' ? cat.cost.en : cat.cost.fr) : '';
  const feesDescription = free
    ? lang === 'en'
      ? 'Free.'
      : 'Gratuit.'
    : lang === 'en'
      ? `$${amount} ${costUnit}. Nobody is turned away for inability to pay.`
      : `${amount} $ ${costUnit}. Personne n'est refusé faute de moyens.`;
  const costOptions = free
    ? rng.chance(0.3)
      ? [
          {
            id: uuidFromString(`${key}:cost`),
            option: lang === 'en' ? 'Free' : 'Gratuit',
            amount: 0,
            currency: 'CAD',
          },
        ]
      : []
    : [
        {
          id: uuidFromString(`${key}:cost`),
          option: costUnit,
          amount,
          currency: 'CAD',
          amount_description: costUnit,
        },
      ];

  // Schedules.
  const plans = planSchedules(rng, cat.schedule);
  const delivery =
    cat.delivery === 'mixed' ? rng.pick(['in-person', 'in-person', 'virtual'] as const) : cat.delivery;
  const attending =
    delivery === 'phone'
      ? lang === 'en'
        ? 'By telephone'
        : 'Par téléphone'
      : delivery === 'virtual'
        ? lang === 'en'
          ? 'In person or online by video'
          : 'En personne ou en ligne par vidéo'
        : lang === 'en'
          ? 'In person'
          : 'En personne';
  const schedules = plans.map((p, i) => ({
    id: uuidFromString(`${key}:schedule:${i}`),
    freq: 'WEEKLY' as const,
    interval: 1,
    byday: p.byday.join(','),
    opens_at: hhmm(p.opens),
    closes_at: hhmm(p.closes),
    description: scheduleText(p, lang),
    attending_type: attending,
  }));

  // Locations.
  const phoneNumber = `+1 ${areaCode(place)}-555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
  const nPhysical =
    delivery === 'phone' ? (rng.chance(0.5) ? 1 : 0) : ctx.profile === 'bench' ? rng.int(1, 3) : 1;
  const serviceAtLocations = [];
  for (let i = 0; i < nPhysical; i++) {
    const locKey = `${key}:loc:${i}`;
    const fsa = rng.pick(place.fsas);
    const lat = place.lat + rng.gauss() * 0.018;
    const lon = place.lon + rng.gauss() * 0.025;
    const street = lang === 'fr' && rng.chance(0.6) ? rng.pick(STREETS_FR) : rng.pick(STREETS_EN);
    const accessible = rng.chance(0.72);
    const stairsOnly = !accessible && rng.chance(0.4);
    const accessibility = accessible
      ? [
          {
            id: uuidFromString(`${locKey}:access`),
            description:
              lang === 'en'
                ? 'Wheelchair accessible entrance, elevator and washroom.'
                : 'Entrée, ascenseur et toilettes accessibles en fauteuil roulant.',
          },
        ]
      : stairsOnly
        ? [
            {
              id: uuidFromString(`${locKey}:access`),
              description:
                lang === 'en'
                  ? 'Second floor; stairs only, no elevator.'
                  : 'Deuxième étage; escalier seulement.',
            },
          ]
        : [];
    const locName = i === 0 ? orgName : `${area} ${lang === 'en' ? 'Community Room' : 'salle communautaire'}`;
    serviceAtLocations.push({
      id: uuidFromString(`${locKey}:sal`),
      location: {
        id: uuidFromString(locKey),
        location_type: 'physical' as const,
        name: locName,
        latitude: Math.round(lat * 1e5) / 1e5,
        longitude: Math.round(lon * 1e5) / 1e5,
        transportation: rng.chance(0.4)
          ? lang === 'en'
            ? `On a local bus route; free parking at ${area}.`
            : `Sur une ligne d'autobus; stationnement gratuit.`
          : undefined,
        addresses: [
          {
            id: uuidFromString(`${locKey}:addr`),
            address_1:
              lang === 'fr' && street.startsWith('r')
                ? `${rng.int(10, 2999)}, ${street}`
                : `${rng.int(10, 2999)} ${street}`,
            city: place.city,
            state_province: 'ON',
            postal_code: `${fsa} ${rng.int(0, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${rng.int(0, 9)}`,
            country: 'CA',
            address_type: 'physical' as const,
          },
        ],
        accessibility,
        languages: [],
      },
    });
  }
  if (delivery === 'phone' || delivery === 'virtual') {
    serviceAtLocations.push({
      id: uuidFromString(`${key}:virtual:sal`),
      location: {
        id: uuidFromString(`${key}:virtual`),
        location_type: 'virtual' as const,
        name:
          delivery === 'phone'
            ? lang === 'en'
              ? 'By telephone'
              : 'Par téléphone'
            : lang === 'en'
              ? 'Online'
              : 'En ligne',
        url: `https://${orgSlug}.example.org/online`,
        addresses: [],
        accessibility: [],
        languages: [],
      },
    });
  }

  // Status, freshness, capacity.
  const statusRoll = rng.next();
  const status =
    statusRoll < 0.955
      ? 'active'
      : statusRoll < 0.98
        ? 'temporarily closed'
        : statusRoll < 0.99
          ? 'inactive'
          : 'defunct';
  const modifiedDays = rng.chance(0.72) ? rng.int(0, 150) : rng.int(150, 520);
  const lastModified = isoDaysBefore(ctx.asOfMs, modifiedDays, rng);
  const assuredDate = isoDaysBefore(ctx.asOfMs, modifiedDays + rng.int(0, 40), rng).slice(0, 10);
  const capRoll = rng.next();
  const full = capRoll < (cat.fullShare ?? 0);
  const waitlist = !full && capRoll < (cat.fullShare ?? 0) + (cat.waitlistShare ?? 0);
  const attributes: NonNullable<HsdsServiceInput['attributes']> = [...codes].map((code) => {
    const def = TAXONOMY.find((t) => t.code === code);
    // Large feeds usually reference terms by id (resolved through /taxonomy_terms); the demo embeds them.
    if (ctx.profile === 'bench') {
      return {
        id: uuidFromString(`${key}:attr:${code}`),
        link_id: id,
        link_type: 'service_type',
        link_entity: 'service',
        taxonomy_term_id: termId(code),
      };
    }
    return {
      id: uuidFromString(`${key}:attr:${code}`),
      link_id: id,
      link_type: 'service_type',
      link_entity: 'service',
      taxonomy_term_id: termId(code),
      taxonomy_term: {
        id: termId(code),
        code,
        name: def?.en ?? code,
        description: def?.en ?? code,
        taxonomy: TAXONOMY_NAME,
        taxonomy_id: TAXONOMY_ID,
        parent_id: def?.parent ? termId(def.parent) : undefined,
        language: 'en',
      },
    };
  });
  if (waitlist || full) {
    attributes.push({
      id: uuidFromString(`${key}:attr:capacity`),
      link_id: id,
      link_type: 'capacity',
      link_entity: 'service',
      value: full ? 'full' : 'waitlist',
    });
  }
  const capacities =
    full || (rng.chance(0.1) && (cat.fullShare || cat.waitlistShare))
      ? [
          {
            id: uuidFromString(`${key}:capacity`),
            unit: { id: uuidFromString('unit:spaces'), name: lang === 'en' ? 'spaces' : 'places' },
            available: full ? 0 : rng.int(1, 12),
            maximum: rng.int(12, 40),
            updated: isoDaysBefore(ctx.asOfMs, rng.int(0, 20), rng),
          },
        ]
      : [];

  const orgWebsite = `https://${orgSlug}.example.org`;
  return {
    id,
    organization_id: orgId,
    name,
    description,
    url: `${orgWebsite}/programs/${slug(baseName)}`,
    email: `programs@${orgSlug}.example.org`,
    status,
    interpretation_services:
      langs.size > 2
        ? lang === 'en'
          ? 'Free interpretation available on request.'
          : 'Interprétation gratuite sur demande.'
        : undefined,
    application_process: rng.pick(text.apply),
    fees_description: feesDescription,
    eligibility_description: eligibility,
    minimum_age: minAge ?? undefined,
    maximum_age: maxAge ?? undefined,
    assured_date: assuredDate,
    alert:
      status === 'temporarily closed'
        ? lang === 'en'
          ? 'Temporarily closed for renovations; call for the reopening date.'
          : 'Fermé temporairement pour rénovations; téléphonez pour connaître la date de réouverture.'
        : undefined,
    last_modified: lastModified,
    phones: [
      {
        id: uuidFromString(`${key}:phone`),
        number: phoneNumber,
        type: 'voice',
        extension: rng.chance(0.3) ? rng.int(100, 299) : undefined,
      },
    ],
    schedules,
    service_areas:
      ctx.profile === 'demo'
        ? [{ id: uuidFromString(`${key}:area`), name: place.city, extent: place.city, extent_type: 'text' }]
        : [],
    service_at_locations: serviceAtLocations,
    languages: languageObjects([...langs], key),
    organization: {
      id: orgId,
      name: orgName,
      description:
        lang === 'en'
          ? `${orgName} is a fictional non-profit organisation used in Social Rx demo data.`
          : `${orgName} est un organisme sans but lucratif fictif utilisé dans les données de démonstration de Social Rx.`,
      website: orgWebsite,
      email: `info@${orgSlug}.example.org`,
    },
    cost_options: costOptions,
    contacts:
      ctx.profile === 'demo'
        ? [
            {
              id: uuidFromString(`${key}:contact`),
              title: lang === 'en' ? 'Program coordinator' : 'Coordination du programme',
              email: `programs@${orgSlug}.example.org`,
            },
          ]
        : [],
    attributes,
    capacities,
  };
}

/** Lazily yields `count` services. */
export function* generateServices(opts: GenerateOptions): Generator<HsdsServiceInput> {
  const seed = opts.seed ?? DEMO_SEED;
  const profile = opts.profile ?? 'bench';
  const ctx: GenContext = {
    rng: new Rng(seed),
    asOfMs: Date.parse(`${opts.asOf ?? DEMO_AS_OF}T12:00:00Z`),
    profile,
    tail: profile === 'bench' ? new LongTail(seed, 15_000) : null,
    seen: new Map(),
  };
  for (let i = 0; i < opts.count; i++) {
    // The demo walks the categories in turn so every one is represented; bench catalogs draw by weight.
    const cat = profile === 'demo' ? CATEGORIES[i % CATEGORIES.length]! : pickWeighted(ctx.rng, CATEGORIES);
    yield generateOne(ctx, i, cat);
  }
}

export function generateCatalog(opts: GenerateOptions): HsdsServiceInput[] {
  return [...generateServices(opts)];
}

/** HSDS taxonomy_term objects for the built-in taxonomy (what `GET /taxonomy_terms` serves). */
export function taxonomyTerms() {
  return TAXONOMY.map((t) => ({
    id: termId(t.code),
    code: t.code,
    name: t.en,
    description: `${t.en} / ${t.fr}`,
    parent_id: t.parent ? termId(t.parent) : undefined,
    taxonomy: TAXONOMY_NAME,
    taxonomy_id: TAXONOMY_ID,
    language: 'en',
  }));
}

export const taxonomyObject = () => ({
  id: TAXONOMY_ID,
  name: TAXONOMY_NAME,
  description: 'Social Rx community program taxonomy (fictional demo taxonomy).',
  version: '1',
});

/** The committed demo catalog file: `lib/catalog/demo/demo-catalog.json`. */
export function demoCatalogDocument() {
  return {
    hsds_version: '3.0',
    description:
      'Fictional Ontario community programs for Social Rx demos and tests. Every organisation, program, address and phone number (555-01xx) is invented.',
    as_of: DEMO_AS_OF,
    seed: DEMO_SEED,
    taxonomies: [taxonomyObject()],
    taxonomy_terms: taxonomyTerms(),
    services: generateCatalog({ count: DEMO_COUNT, seed: DEMO_SEED, asOf: DEMO_AS_OF, profile: 'demo' }),
  };
}

/**
 * Moves every date in a generated catalog forward so it is "as of" `now` (keeps relative ages: a listing verified 30
 * days before the demo's as-of date is verified 30 days before now). For seeding a live demo from the committed file.
 */
export function rebaseDates<T>(doc: T, fromAsOf: string, now: Date): T {
  const shift = now.getTime() - Date.parse(`${fromAsOf}T12:00:00Z`);
  const json = JSON.stringify(doc, (_k, v: unknown) => {
    if (typeof v !== 'string') return v;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v))
      return new Date(Date.parse(v) + shift).toISOString();
    if (/^\d{4}-\d{2}-\d{2}$/.test(v))
      return new Date(Date.parse(`${v}T12:00:00Z`) + shift).toISOString().slice(0, 10);
    return v;
  });
  return JSON.parse(json) as T;
}

/** Stable 32-bit hash of a service id (benchmarks use it to pick targets reproducibly). */
export const hashId = (id: string) => fnv1a(id);
