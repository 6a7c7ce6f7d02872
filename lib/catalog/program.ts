import { z } from 'zod';
import type { HsdsSchedule, HsdsService, HsdsTaxonomyTerm } from './hsds-schema';
import { ServiceStatus } from './hsds-schema';
import { isValidCoordinate } from './geo/fsa';
import { fold } from './search/text';
import { TAXONOMY } from './taxonomy';

/**
 * The program card: what the side panel shows for one HSDS service, flattened and capped. Derived once at sync time
 * (so the panel never walks nested HSDS) and stored in pages of 64 cards.
 */
const s = (max: number) => z.string().max(max);

export const CapacityStatus = z.enum(['full', 'waitlist', 'available', 'unknown']);
export type CapacityStatus = z.infer<typeof CapacityStatus>;

export const ProgramLocation = z.object({
  name: s(300),
  address: s(400),
  city: s(200),
  postalCode: s(20),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  accessible: z.boolean().nullable(),
  accessibilityNote: s(500),
  type: z.enum(['physical', 'postal', 'virtual']),
});
export type ProgramLocation = z.infer<typeof ProgramLocation>;

export const ProgramHours = z.object({
  days: z.array(z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'])).max(7),
  opens: s(10),
  closes: s(10),
  text: s(300),
});
export type ProgramHours = z.infer<typeof ProgramHours>;

export const Program = z.object({
  id: s(100),
  name: s(300),
  alternateName: s(300),
  organization: z.object({ id: s(100), name: s(300) }),
  description: s(2000),
  eligibility: s(1000),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  applicationProcess: s(1000),
  fees: s(500),
  free: z.boolean().nullable(),
  lowCost: z.boolean(),
  costs: z.array(z.object({ label: s(200), amount: z.number().nullable(), currency: s(10) })).max(5),
  languages: z.array(s(20)).max(20),
  interpretation: s(300),
  hours: z.array(ProgramHours).max(10),
  locations: z.array(ProgramLocation).max(10),
  phones: z.array(z.object({ number: s(60), extension: s(20), type: s(60) })).max(5),
  email: s(254),
  url: s(500),
  status: ServiceStatus,
  alert: s(500),
  /** ISO date the listing was last verified (assured_date), or '' when unknown. */
  assuredDate: s(40),
  lastModified: s(40),
  capacity: z.object({
    status: CapacityStatus,
    available: z.number().nullable(),
    maximum: z.number().nullable(),
    note: s(300),
  }),
  taxonomy: z.array(z.object({ code: s(200), name: s(300) })).max(30),
  delivery: z.object({ inPerson: z.boolean(), virtual: z.boolean(), phone: z.boolean() }),
  childcare: z.boolean(),
  transportHelp: z.boolean(),
});
export type Program = z.infer<typeof Program>;

/** The taxonomy terms known to the catalog (from /taxonomy_terms and from terms embedded in attributes). */
export interface TermInfo {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}
export type TermMap = Map<string, TermInfo>;

export function termInfo(t: HsdsTaxonomyTerm): TermInfo {
  return { id: t.id, code: (t.code || t.id).toLowerCase(), name: t.name, parentId: t.parent_id ?? null };
}

const cap = (v: string | null | undefined, max: number) => (v ?? '').trim().slice(0, max);

const FREE_RE = /\b(free|no cost|no charge|gratuit|gratuite|sans frais|aucun frais)\b/;
const PRICE_RE = /\$\s?[1-9]|\b[1-9]\d*(?:[.,]\d\d)?\s?\$/;
const ACCESS_YES = /wheelchair|accessib|step[- ]free|ramp|elevator|fauteuil|rampe|ascenseur/;
const ACCESS_NO =
  /not (wheelchair )?accessible|inaccessible|stairs only|no elevator|escalier seulement|non accessible|pas accessible/;
const ONLINE_RE = /online|video|virtual|zoom|en ligne|virtuel/;
const PHONE_RE = /phone|telephone|by phone|telephonique/;
const CHILDCARE_RE = /childcare|child care|child-minding|garde d.enfants|halte-garderie/;
const TRANSPORT_RE =
  /bus tickets?|bus fare|rides? (are |is )?(provided|available)|transportation (is )?provided|volunteer drivers?|carpool|billets d.autobus|transport (est )?fourni|covoiturage|chauffeurs? benevoles?/;
const LOW_COST_MAX = 10;

function allSchedules(svc: HsdsService): HsdsSchedule[] {
  const out = [...(svc.schedules ?? [])];
  for (const sal of svc.service_at_locations ?? []) {
    out.push(...(sal.schedules ?? []));
    if (sal.location) out.push(...(sal.location.schedules ?? []));
  }
  return out;
}

function hoursOf(sc: HsdsSchedule): ProgramHours {
  const days = (sc.byday ?? '')
    .toUpperCase()
    .split(',')
    .map((d) => d.trim().replace(/^[+-]?\d+/, ''))
    .filter((d): d is ProgramHours['days'][number] => /^(MO|TU|WE|TH|FR|SA|SU)$/.test(d));
  return {
    days: [...new Set(days)],
    opens: cap(sc.opens_at, 5),
    closes: cap(sc.closes_at, 5),
    text: cap(sc.description ?? sc.notes, 300),
  };
}

function normaliseLanguage(code: string | null | undefined, name: string | null | undefined): string | null {
  const c = (code ?? '').trim().toLowerCase();
  const THREE: Record<string, string> = {
    eng: 'en',
    fra: 'fr',
    fre: 'fr',
    spa: 'es',
    ara: 'ar',
    zho: 'zh',
    chi: 'zh',
    por: 'pt',
  };
  if (c) return (THREE[c] ?? c.split(/[-_]/)[0]!).slice(0, 10);
  const n = fold(name ?? '');
  if (/^(english|anglais)/.test(n)) return 'en';
  if (/^(french|francais)/.test(n)) return 'fr';
  return n ? n.slice(0, 10) : null;
}

function capacityOf(svc: HsdsService): Program['capacity'] {
  let status: CapacityStatus = 'unknown';
  let available: number | null = null;
  let maximum: number | null = null;
  let note = '';
  for (const c of svc.capacities ?? []) {
    if (typeof c.available === 'number') {
      available = (available ?? 0) + c.available;
      if (typeof c.maximum === 'number') maximum = (maximum ?? 0) + c.maximum;
      note = cap(c.description ?? c.unit?.name, 300);
    }
  }
  if (available !== null) status = available <= 0 ? 'full' : 'available';
  for (const a of svc.attributes ?? []) {
    const lt = fold(a.link_type ?? '');
    const v = fold(a.value ?? a.taxonomy_term?.code ?? '');
    if (lt !== 'capacity' && !v.startsWith('capacity-')) continue;
    if (/full|complet/.test(v)) status = 'full';
    else if (/wait|attente/.test(v) && status !== 'full') status = 'waitlist';
    else if (/open|available|accept|disponible/.test(v) && status === 'unknown') status = 'available';
  }
  if (status === 'unknown' && svc.wait_time && !/^(none|no|n\/a|0)$/i.test(svc.wait_time.trim())) {
    status = 'waitlist';
    note = cap(svc.wait_time, 300);
  }
  return { status, available, maximum, note };
}

/** Taxonomy codes applied to the service, with their ancestors (so "food" finds food banks). */
export function taxonomyOf(svc: HsdsService, terms: TermMap): { code: string; name: string }[] {
  const out = new Map<string, string>();
  const add = (info: TermInfo | undefined, depth = 0) => {
    if (!info || depth > 8) return;
    if (!out.has(info.code)) out.set(info.code, info.name);
    if (info.parentId) add(terms.get(info.parentId), depth + 1);
  };
  for (const a of svc.attributes ?? []) {
    if (a.taxonomy_term) {
      const embedded = termInfo(a.taxonomy_term);
      add(terms.get(embedded.id) ?? embedded);
    } else if (a.taxonomy_term_id) {
      add(terms.get(a.taxonomy_term_id));
    }
  }
  return [...out]
    .slice(0, 30)
    .map(([code, name]) => ({ code: code.slice(0, 200), name: name.slice(0, 300) }));
}

export function toProgram(svc: HsdsService, terms: TermMap): Program {
  const costs = (svc.cost_options ?? []).slice(0, 5).map((c) => ({
    label: cap(c.option ?? c.amount_description, 200),
    amount: typeof c.amount === 'number' ? c.amount : null,
    currency: cap(c.currency, 10).toUpperCase(),
  }));
  const fees = cap(svc.fees_description ?? svc.fees, 500);
  const foldedFees = fold(fees);
  const paid = costs.some((c) => (c.amount ?? 0) > 0) || PRICE_RE.test(foldedFees);
  const allZero = costs.length > 0 && costs.every((c) => c.amount === 0);
  const free = paid ? false : allZero || FREE_RE.test(foldedFees) ? true : null;
  const maxAmount = Math.max(0, ...costs.map((c) => c.amount ?? 0));
  const lowCost = free === true || (paid && maxAmount > 0 && maxAmount <= LOW_COST_MAX);

  const schedules = allSchedules(svc);
  const attending = fold(schedules.map((sc) => sc.attending_type ?? '').join(' '));
  const locations: ProgramLocation[] = [];
  let virtual = ONLINE_RE.test(attending);
  let phone = PHONE_RE.test(attending);
  let inPerson = false;
  for (const sal of svc.service_at_locations ?? []) {
    const loc = sal.location;
    if (!loc) continue;
    const addresses = loc.addresses ?? [];
    const accessibility = loc.accessibility ?? [];
    const addr = addresses.find((a) => a.address_type === 'physical') ?? addresses[0];
    const accessText = fold(accessibility.map((a) => `${a.description ?? ''} ${a.details ?? ''}`).join(' '));
    const accessible = accessText
      ? ACCESS_NO.test(accessText)
        ? false
        : ACCESS_YES.test(accessText)
          ? true
          : null
      : null;
    const coords = isValidCoordinate(loc.latitude, loc.longitude);
    if (loc.location_type === 'virtual') {
      const n = fold(loc.name ?? '');
      if (PHONE_RE.test(n)) phone = true;
      else virtual = true;
    } else inPerson = true;
    if (locations.length < 10) {
      locations.push({
        name: cap(loc.name, 300),
        address: cap([addr?.address_1, addr?.address_2].filter(Boolean).join(', '), 400),
        city: cap(addr?.city, 200),
        postalCode: cap(addr?.postal_code, 20),
        lat: coords ? (loc.latitude as number) : null,
        lon: coords ? (loc.longitude as number) : null,
        accessible,
        accessibilityNote: cap(accessibility[0]?.description, 500),
        type: loc.location_type,
      });
    }
  }

  const languages = [
    ...new Set(
      (svc.languages ?? []).map((l) => normaliseLanguage(l.code, l.name)).filter((l): l is string => !!l),
    ),
  ].slice(0, 20);
  const phones = [
    ...(svc.phones ?? []),
    ...(svc.service_at_locations ?? []).flatMap((sal) => sal.phones ?? []),
  ]
    .slice(0, 5)
    .map((p) => ({
      number: cap(p.number, 60),
      extension: p.extension === null || p.extension === undefined ? '' : cap(String(p.extension), 20),
      type: cap(p.type, 60),
    }));
  const text = fold(
    `${svc.description ?? ''} ${svc.eligibility_description ?? ''} ${svc.application_process ?? ''}`,
  );
  const org = svc.organization;
  return {
    id: svc.id,
    name: cap(svc.name, 300),
    alternateName: cap(svc.alternate_name, 300),
    organization: { id: cap(org?.id ?? svc.organization_id, 100), name: cap(org?.name, 300) },
    description: cap(svc.description, 2000),
    eligibility: cap(svc.eligibility_description, 1000),
    minAge: typeof svc.minimum_age === 'number' ? svc.minimum_age : null,
    maxAge: typeof svc.maximum_age === 'number' ? svc.maximum_age : null,
    applicationProcess: cap(svc.application_process, 1000),
    fees,
    free,
    lowCost,
    costs,
    languages,
    interpretation: cap(svc.interpretation_services, 300),
    hours: schedules.slice(0, 10).map(hoursOf),
    locations,
    phones,
    email: cap(svc.email ?? org?.email, 254),
    url: cap(svc.url ?? org?.website, 500),
    status: svc.status,
    alert: cap(svc.alert, 500),
    assuredDate: cap(svc.assured_date, 40),
    lastModified: cap(svc.last_modified, 40),
    capacity: capacityOf(svc),
    taxonomy: taxonomyOf(svc, terms),
    delivery: { inPerson, virtual, phone },
    childcare: CHILDCARE_RE.test(text),
    transportHelp: TRANSPORT_RE.test(text),
  };
}

/** French label of a known taxonomy code (HSDS 3.0 has no multilingual text; our own taxonomy carries both). */
export function taxonomyLabel(code: string, fallback: string, lang: 'en' | 'fr'): string {
  const def = TAXONOMY.find((t) => t.code === code);
  return def ? def[lang] : fallback;
}

/** The fields the referral's patient handout needs (lib/referral/programs.ts ProgramDetails input). */
export function programToDetails(p: Program) {
  const loc = p.locations.find((l) => l.type === 'physical') ?? p.locations[0];
  return {
    id: p.id,
    name: p.name,
    organization: p.organization.name,
    description: p.description,
    address: loc ? [loc.address, loc.city, loc.postalCode].filter(Boolean).join(', ').slice(0, 500) : '',
    hours: p.hours
      .map((h) => h.text || `${h.days.join(',')} ${h.opens}-${h.closes}`)
      .join('; ')
      .slice(0, 500),
    cost: p.fees.slice(0, 300),
    howToJoin: p.applicationProcess,
    phone: p.phones[0]?.number ?? '',
    email: p.email.slice(0, 200),
    url: p.url,
    verifiedAt: p.assuredDate || p.lastModified.slice(0, 10),
  };
}
