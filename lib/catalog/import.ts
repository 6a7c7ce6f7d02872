import { db as defaultDb } from '@/lib/db';
import { log } from '@/lib/platform/log';
import { HsdsTaxonomyTerm, validateRecord } from './hsds-schema';
import { CatalogError, parseJsonText } from './http';
import { yieldToLoop, type Yield } from './ingest';
import type { CatalogErrorCode, RunSummary } from './meta';
import { termInfo, type TermMap } from './program';
import { recordError, type Db } from './store';
import { stageDocument } from './sync';

/**
 * Import of an HSDS JSON file from the options page, for clinics without an HSDS API. Accepts the shapes HSDS data
 * comes in: an array of services, one service, an API page (`contents`), an organization with nested `services`,
 * a service_at_location with its `service`, the Social Rx demo file (`services` + `taxonomy_terms`), the tabular
 * serialisation as JSON (`services.csv`, `locations.csv`, … joined by foreign keys) and NDJSON (one service per line).
 * Every record goes through the same validation and quarantine as the API sync.
 */

export const MAX_IMPORT_CHARS = 400_000_000;
const MAX_IMPORT_RECORDS = 250_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface ExtractedDocument {
  services: unknown[];
  terms: unknown[];
}

function looksLikeService(o: Obj): boolean {
  return typeof o.id === 'string' && typeof o.name === 'string' && 'status' in o;
}

// Fields the HSDS schemas type as numbers; in tabular data every other field is text, whatever a CSV-to-JSON
// converter made of it (the official tabular example turns "10092008082" into a number).
const NUMERIC_FIELDS = new Set([
  'latitude',
  'longitude',
  'minimum_age',
  'maximum_age',
  'amount',
  'extension',
  'timezone',
  'count',
  'interval',
  'year_incorporated',
  'available',
  'maximum',
]);
function retype(row: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'number' && !NUMERIC_FIELDS.has(k) ? String(v) : v === '' ? undefined : v;
  }
  return out;
}

/** Tabular HSDS (one array of flat rows per table, keyed `<table>.csv`) joined back into nested services. */
function joinTabular(t: Obj): ExtractedDocument {
  const rows = (name: string) => arrayOf(t[`${name}.csv`]).filter(isObj).map(retype);
  const by = (table: Obj[], key: string) => {
    const m = new Map<string, Obj[]>();
    for (const r of table) {
      const k = r[key];
      if (typeof k !== 'string') continue;
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return (k: unknown) => (typeof k === 'string' ? (m.get(k) ?? []) : []);
  };
  const orgs = new Map(rows('organizations').map((o) => [o.id, o]));
  const programs = new Map(rows('programs').map((p) => [p.id, p]));
  const terms = rows('taxonomy_terms');
  const termById = new Map(terms.map((x) => [x.id, x]));
  const locations = new Map(rows('locations').map((l) => [l.id, l]));
  const phonesBy = { service: by(rows('phones'), 'service_id'), location: by(rows('phones'), 'location_id') };
  const schedBy = {
    service: by(rows('schedules'), 'service_id'),
    location: by(rows('schedules'), 'location_id'),
  };
  const langsBy = {
    service: by(rows('languages'), 'service_id'),
    location: by(rows('languages'), 'location_id'),
  };
  const addressesBy = by(rows('addresses'), 'location_id');
  const accessBy = by(rows('accessibility'), 'location_id');
  const salBy = by(rows('service_at_location'), 'service_id');
  const costBy = by(rows('cost_options'), 'service_id');
  const docsBy = by(rows('required_documents'), 'service_id');
  const contactsBy = by(rows('contacts'), 'service_id');
  const fundingBy = by(rows('funding'), 'service_id');
  const areasBy = by(rows('service_areas'), 'service_id');
  const attrsBy = by(rows('attributes'), 'link_id');
  const withTerm = (a: Obj) => ({ ...a, taxonomy_term: termById.get(a.taxonomy_term_id) ?? undefined });
  const services = rows('services').map((s) => ({
    ...s,
    organization: orgs.get(s.organization_id) ?? undefined,
    program: programs.get(s.program_id) ?? undefined,
    phones: phonesBy.service(s.id),
    schedules: schedBy.service(s.id),
    languages: langsBy.service(s.id),
    cost_options: costBy(s.id),
    required_documents: docsBy(s.id),
    contacts: contactsBy(s.id),
    funding: fundingBy(s.id),
    service_areas: areasBy(s.id),
    attributes: attrsBy(s.id).map(withTerm),
    service_at_locations: salBy(s.id).map((sal) => {
      const loc = locations.get(sal.location_id);
      return {
        ...sal,
        location: loc
          ? {
              ...loc,
              addresses: addressesBy(loc.id),
              accessibility: accessBy(loc.id),
              phones: phonesBy.location(loc.id),
              schedules: schedBy.location(loc.id),
              languages: langsBy.location(loc.id),
            }
          : undefined,
      };
    }),
  }));
  return { services, terms };
}

function fromServiceAtLocation(item: Obj): unknown {
  const { service, ...sal } = item;
  if (!isObj(service)) return service;
  const existing = arrayOf(service.service_at_locations);
  return { ...service, service_at_locations: existing.length ? existing : [sal] };
}

/** Finds the services (and taxonomy terms) in any of the accepted shapes; throws 'bad-shape' otherwise. */
export function extractHsdsDocument(json: unknown): ExtractedDocument {
  if (Array.isArray(json)) return { services: json, terms: [] };
  if (!isObj(json)) throw new CatalogError('bad-shape', 'not an object');
  if (Object.keys(json).some((k) => k.endsWith('.csv'))) return joinTabular(json);
  const terms = arrayOf(json.taxonomy_terms);
  if (Array.isArray(json.services)) {
    // An organization document nests its services without repeating the organization in each.
    const isOrg = typeof json.id === 'string' && typeof json.name === 'string' && !('status' in json);
    if (isOrg) {
      const { services: _s, ...org } = json;
      const services = json.services.map((s) =>
        isObj(s) && !s.organization ? { ...s, organization: org } : s,
      );
      return { services, terms };
    }
    return { services: json.services, terms };
  }
  if (Array.isArray(json.contents)) {
    const items = json.contents.filter(isObj);
    // A page of services_at_location carries each service inside; a page of anything else is not a catalog.
    if (items.length && items.every((i) => isObj(i.service)))
      return { services: items.map(fromServiceAtLocation), terms };
    if (items.length && !items.some((i) => 'status' in i))
      throw new CatalogError('bad-shape', 'contents are not services');
    return { services: json.contents, terms };
  }
  if (isObj(json.service) && isObj(json.location)) return { services: [fromServiceAtLocation(json)], terms };
  if (looksLikeService(json)) return { services: [json], terms };
  throw new CatalogError('bad-shape', 'no services found');
}

function parseFile(text: string): unknown {
  try {
    return parseJsonText(text);
  } catch (e) {
    // NDJSON: one JSON object per line.
    const lines = text.split('\n').filter((l) => l.trim());
    if (lines.length > 1 && lines.every((l) => l.trimStart().startsWith('{'))) {
      return lines.map((l) => parseJsonText(l));
    }
    throw e;
  }
}

export type ImportOutcome =
  { status: 'ok'; summary: RunSummary } | { status: 'error'; code: CatalogErrorCode; detail: string };

export interface ImportDeps {
  db?: () => Promise<Db>;
  now?: () => number;
  yieldFn?: Yield;
  fileName?: string;
}

/** Imports an HSDS JSON file as the new catalog. A bad file changes nothing and reports a specific error. */
export async function importHsdsFile(text: string, deps: ImportDeps = {}): Promise<ImportOutcome> {
  const db = await (deps.db ?? defaultDb)();
  const now = deps.now ?? Date.now;
  try {
    if (text.length > MAX_IMPORT_CHARS) throw new CatalogError('payload-too-large', String(text.length));
    const doc = extractHsdsDocument(parseFile(text));
    if (doc.services.length === 0) throw new CatalogError('bad-shape', 'empty');
    if (doc.services.length > MAX_IMPORT_RECORDS) throw new CatalogError('too-many-records', 'import');
    const terms: TermMap = new Map();
    for (const raw of doc.terms) {
      const r = validateRecord(HsdsTaxonomyTerm, raw);
      if (r.ok) terms.set(r.value.id, termInfo(r.value));
    }
    const origin = `file:${(deps.fileName ?? 'import.json').slice(0, 200)}`;
    const summary = await stageDocument(db, doc.services, terms, origin, now, deps.yieldFn ?? yieldToLoop);
    log('info', 'catalog.import.ok', { added: summary.added, quarantined: summary.quarantined });
    return { status: 'ok', summary };
  } catch (e) {
    const code: CatalogErrorCode = e instanceof CatalogError ? e.code : 'internal';
    const detail = e instanceof CatalogError ? e.detail : e instanceof Error ? e.name : 'unknown';
    await recordError(db, code, detail, new Date(now()).toISOString());
    log('warn', 'catalog.import.failed', { code });
    return { status: 'error', code, detail };
  }
}
