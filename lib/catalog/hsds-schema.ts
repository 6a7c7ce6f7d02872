import { z } from 'zod';

/**
 * zod schemas derived from the HSDS 3.0 JSON schemas (openreferral/specification@3.0 schema/*.json), one per object,
 * with the `required` lists of the spec. Lenient where publishers vary (hsds.md §3.8: "validate leniently at the
 * edge"): optional fields may be null, numbers may arrive as numeric strings, `format: uuid|uri|email` are bounded
 * strings rather than strict formats (the official example carries latitude 100 and a phone number in quotes).
 * Strict where it matters: required fields, types, enums, dates that must parse, and a size bound on every string and
 * array so one record cannot exhaust memory. Unknown properties are dropped.
 */

// ---- bounded primitives -------------------------------------------------------------------------------------------
// Measured: zod checks that run code per value (regex, refine, transform, unions) cost 3–5× more than plain bounded
// types across the ~15 nested objects of a service, so they are kept to the few fields that need them; the rest of
// the checks run once per record in validateService.

/** Ids are UUIDs in HSDS; publishers sometimes use other stable keys. The service id's characters are checked once. */
export const HsdsId = z.string().min(1).max(100);
const SAFE_ID = /^[A-Za-z0-9._:~-]+$/;

const str = (max: number) => z.string().max(max).nullish();
const SHORT = 300;
const TEXT = 4000;
const LONG = 10000;

/** Plain number (or null) where the spec says number. */
const num = z.number().finite().nullish();
/** Number, or a numeric string ("12") from CSV-born feeds: for the fields ranking and display depend on. */
const numLenient = z
  .union([
    z.number().finite(),
    z
      .string()
      .max(30)
      .regex(/^\s*-?\d+(\.\d+)?\s*$/, 'expected a number')
      .transform(Number),
  ])
  .nullish();

export function isParseableDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(s) && Number.isFinite(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));
}
/** ISO 8601 date or date-time: bounded here; the service's own dates are checked to parse in validateService. */
const dateLike = z.string().max(40).nullish();

/** Optional arrays stay `null | undefined` when absent (normalisation reads them with `?? []`). */
const arr = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).nullish();

// ---- objects (alphabetical by HSDS file name; recursive refs are lazy) --------------------------------------------

export const HsdsMetadata = z.object({
  id: HsdsId,
  resource_id: str(100),
  resource_type: str(SHORT),
  last_action_date: z.string().max(40),
  last_action_type: z.string().max(SHORT),
  field_name: z.string().max(SHORT),
  previous_value: z.string().max(TEXT),
  replacement_value: z.string().max(TEXT),
  updated_by: z.string().max(SHORT),
});
const metadataArr = arr(HsdsMetadata, 200);

export const HsdsTaxonomy = z.object({
  id: HsdsId,
  name: z.string().max(SHORT),
  description: z.string().max(TEXT),
  uri: str(2000),
  version: str(100),
  metadata: metadataArr,
});

export const HsdsTaxonomyTerm = z.object({
  id: HsdsId,
  code: str(200),
  name: z.string().min(1).max(SHORT),
  description: z.string().max(TEXT),
  parent_id: str(100),
  taxonomy: str(SHORT),
  taxonomy_detail: HsdsTaxonomy.nullish(),
  language: str(20),
  taxonomy_id: str(100),
  term_uri: str(2000),
  metadata: metadataArr,
});
export type HsdsTaxonomyTerm = z.infer<typeof HsdsTaxonomyTerm>;

export const HsdsAttribute = z.object({
  id: HsdsId,
  link_id: str(100),
  taxonomy_term_id: str(100),
  link_type: str(200),
  link_entity: str(200),
  value: str(TEXT),
  taxonomy_term: HsdsTaxonomyTerm.nullish(),
  metadata: metadataArr,
});
export type HsdsAttribute = z.infer<typeof HsdsAttribute>;
const attributesArr = arr(HsdsAttribute, 200);

export const HsdsLanguage = z.object({
  id: HsdsId,
  service_id: str(100),
  location_id: str(100),
  phone_id: str(100),
  name: str(200),
  code: str(20),
  note: str(TEXT),
  attributes: attributesArr,
  metadata: metadataArr,
});
const languagesArr = arr(HsdsLanguage, 50);

export const HsdsPhone = z.object({
  id: HsdsId,
  location_id: str(100),
  service_id: str(100),
  organization_id: str(100),
  contact_id: str(100),
  service_at_location_id: str(100),
  number: z.string().min(1).max(60),
  // The JSON schema says number; many publishers send "x123" strings.
  extension: z.union([z.number().finite(), z.string().max(20)]).nullish(),
  type: str(60),
  description: str(TEXT),
  languages: languagesArr,
  attributes: attributesArr,
  metadata: metadataArr,
});
const phonesArr = arr(HsdsPhone, 30);

export const HsdsContact = z.object({
  id: HsdsId,
  organization_id: str(100),
  service_id: str(100),
  service_at_location_id: str(100),
  location_id: str(100),
  name: str(SHORT),
  title: str(SHORT),
  department: str(SHORT),
  email: str(254),
  phones: phonesArr,
  attributes: attributesArr,
  metadata: metadataArr,
});
const contactsArr = arr(HsdsContact, 30);

export const Weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
export const HsdsSchedule = z.object({
  id: HsdsId,
  service_id: str(100),
  location_id: str(100),
  service_at_location_id: str(100),
  valid_from: dateLike,
  valid_to: dateLike,
  dtstart: dateLike,
  timezone: num,
  until: dateLike,
  count: num,
  wkst: Weekday.nullish(),
  freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
  interval: num,
  byday: str(100),
  byweekno: str(200),
  bymonthday: str(200),
  byyearday: str(400),
  description: str(TEXT),
  opens_at: str(30),
  closes_at: str(30),
  schedule_link: str(2000),
  attending_type: str(SHORT),
  notes: str(TEXT),
  attributes: attributesArr,
  metadata: metadataArr,
});
export type HsdsSchedule = z.infer<typeof HsdsSchedule>;
const schedulesArr = arr(HsdsSchedule, 60);

export const HsdsAccessibility = z.object({
  id: HsdsId,
  location_id: str(100),
  description: str(TEXT),
  details: str(TEXT),
  url: str(2000),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const AddressType = z.enum(['physical', 'postal', 'virtual']);
export const HsdsAddress = z.object({
  id: HsdsId,
  location_id: str(100),
  attention: str(SHORT),
  address_1: z.string().max(SHORT),
  address_2: str(SHORT),
  city: z.string().max(200),
  region: str(200),
  state_province: z.string().max(100),
  postal_code: z.string().max(20),
  country: z.string().max(10),
  address_type: AddressType,
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsLocation = z.object({
  id: HsdsId,
  location_type: AddressType,
  url: str(2000),
  organization_id: str(100),
  name: str(SHORT),
  alternate_name: str(SHORT),
  description: str(TEXT),
  transportation: str(TEXT),
  // Kept even when out of range (the official example has latitude 100); distance code ignores invalid pairs.
  latitude: numLenient,
  longitude: numLenient,
  external_identifier: str(200),
  external_identifier_type: str(100),
  languages: languagesArr,
  addresses: arr(HsdsAddress, 10),
  contacts: contactsArr,
  accessibility: arr(HsdsAccessibility, 30),
  phones: phonesArr,
  schedules: schedulesArr,
  attributes: attributesArr,
  metadata: metadataArr,
});
export type HsdsLocation = z.infer<typeof HsdsLocation>;

export const HsdsServiceAtLocation = z.object({
  id: HsdsId,
  service_id: str(100),
  location_id: str(100),
  description: str(TEXT),
  contacts: contactsArr,
  phones: phonesArr,
  schedules: schedulesArr,
  location: HsdsLocation.nullish(),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsServiceArea = z.object({
  id: HsdsId,
  service_id: str(100),
  name: str(TEXT),
  description: str(TEXT),
  // GeoJSON extents can be large; bounded so a single polygon cannot blow the record up.
  extent: str(100_000),
  extent_type: str(30),
  uri: str(2000),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsFunding = z.object({
  id: HsdsId,
  organization_id: str(100),
  service_id: str(100),
  source: str(TEXT),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsCostOption = z.object({
  id: HsdsId,
  service_id: str(100),
  valid_from: dateLike,
  valid_to: dateLike,
  option: str(TEXT),
  currency: str(10),
  amount: numLenient,
  amount_description: str(TEXT),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsProgram = z.object({
  id: HsdsId,
  organization_id: str(100),
  name: z.string().max(SHORT),
  alternate_name: str(SHORT),
  description: z.string().max(TEXT),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsRequiredDocument = z.object({
  id: HsdsId,
  service_id: str(100),
  document: str(TEXT),
  uri: str(2000),
  attributes: attributesArr,
  metadata: metadataArr,
});

export const HsdsOrganizationIdentifier = z.object({
  id: HsdsId,
  organization_id: str(100),
  identifier_scheme: str(100),
  identifier_type: z.string().max(200),
  identifier: z.string().max(200),
  attributes: attributesArr,
  metadata: metadataArr,
});

/** The organization nested in a service. Its own locations/services are validated but not kept (see compact). */
export const HsdsOrganization = z.object({
  id: HsdsId,
  name: z.string().min(1).max(SHORT),
  alternate_name: str(SHORT),
  description: z.string().max(LONG),
  email: str(254),
  website: str(2000),
  tax_status: str(200),
  tax_id: str(100),
  year_incorporated: num,
  legal_status: str(200),
  logo: str(2000),
  uri: str(2000),
  parent_organization_id: str(100),
  funding: arr(HsdsFunding, 30),
  contacts: contactsArr,
  phones: phonesArr,
  locations: arr(HsdsLocation, 200),
  programs: arr(HsdsProgram, 100),
  organization_identifiers: arr(HsdsOrganizationIdentifier, 30),
  attributes: attributesArr,
  metadata: metadataArr,
});
export type HsdsOrganization = z.infer<typeof HsdsOrganization>;

/** HSDS 3.1 `service_capacity` (not in 3.0); accepted as an extension because capacity must show before choosing. */
export const HsdsServiceCapacity = z.object({
  id: HsdsId,
  unit: z.object({ id: HsdsId.optional(), name: z.string().max(200).nullish() }).nullish(),
  available: numLenient,
  maximum: numLenient,
  description: str(TEXT),
  updated: dateLike,
});

export const ServiceStatus = z.enum(['active', 'inactive', 'defunct', 'temporarily closed']);
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const HsdsService = z.object({
  id: HsdsId,
  organization_id: str(100),
  program_id: str(100),
  name: z.string().min(1).max(SHORT),
  alternate_name: str(SHORT),
  description: str(LONG),
  url: str(2000),
  email: str(254),
  status: ServiceStatus,
  interpretation_services: str(TEXT),
  application_process: str(TEXT),
  fees_description: str(TEXT),
  wait_time: str(SHORT),
  fees: str(TEXT),
  accreditations: str(TEXT),
  eligibility_description: str(TEXT),
  minimum_age: numLenient,
  maximum_age: numLenient,
  assured_date: dateLike,
  assurer_email: str(254),
  licenses: str(TEXT),
  alert: str(TEXT),
  last_modified: dateLike,
  phones: phonesArr,
  schedules: schedulesArr,
  service_areas: arr(HsdsServiceArea, 50),
  service_at_locations: arr(HsdsServiceAtLocation, 200),
  languages: languagesArr,
  organization: HsdsOrganization.nullish(),
  funding: arr(HsdsFunding, 30),
  cost_options: arr(HsdsCostOption, 30),
  program: HsdsProgram.nullish(),
  required_documents: arr(HsdsRequiredDocument, 30),
  contacts: contactsArr,
  attributes: attributesArr,
  metadata: metadataArr,
  capacities: arr(HsdsServiceCapacity, 20),
});
export type HsdsService = z.infer<typeof HsdsService>;
export type HsdsServiceInput = z.input<typeof HsdsService>;

/** HSDS API Page (components/schemas/Page in openapi.json). Contents are validated one record at a time. */
export const HsdsPage = z.object({
  total_items: num,
  total_pages: num,
  page_number: num,
  size: num,
  first_page: z.boolean().nullish(),
  last_page: z.boolean().nullish(),
  empty: z.boolean().nullish(),
  contents: z.array(z.unknown()).max(10_000),
});
export type HsdsPage = z.infer<typeof HsdsPage>;

/** `GET /` of an HSDS API. */
export const HsdsRoot = z.object({
  version: z.string().max(20),
  profile: str(2000),
  openapi_url: str(2000),
});

/** `minimal=true` items: id and a modification stamp (the spec text says `modified_date`; the field is `last_modified`). */
export const HsdsMinimalItem = z.object({
  id: HsdsId,
  last_modified: dateLike,
  modified_date: dateLike,
  status: ServiceStatus.nullish(),
});

// ---- per-record validation with quarantine reasons ----------------------------------------------------------------

export interface QuarantineReason {
  path: string;
  message: string;
}

export type RecordResult<T> =
  { ok: true; value: T } | { ok: false; id: string | null; name: string | null; reasons: QuarantineReason[] };

const MAX_REASONS = 10;

/** The id of a bad record when it has a usable one (so the quarantine can name it). */
export function recordIdOf(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= 100 && SAFE_ID.test(id) ? id : null;
}

function recordNameOf(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const name = (raw as { name?: unknown }).name;
  return typeof name === 'string' ? name.slice(0, 200) : null;
}

export function issuesToReasons(issues: readonly z.core.$ZodIssue[]): QuarantineReason[] {
  return issues.slice(0, MAX_REASONS).map((i) => ({
    path: i.path.map(String).join('.').slice(0, 200) || '(record)',
    message: i.message.slice(0, 200),
  }));
}

export function validateRecord<S extends z.ZodType>(schema: S, raw: unknown): RecordResult<z.output<S>> {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    id: recordIdOf(raw),
    name: recordNameOf(raw),
    reasons: issuesToReasons(r.error.issues),
  };
}

export function validateService(raw: unknown): RecordResult<HsdsService> {
  const r = validateRecord(HsdsService, raw);
  if (!r.ok) return r;
  const s = r.value;
  const reasons: QuarantineReason[] = [];
  if (!SAFE_ID.test(s.id)) reasons.push({ path: 'id', message: 'id must be a short token (UUID)' });
  for (const key of ['last_modified', 'assured_date'] as const) {
    const v = s[key];
    if (v && !isParseableDate(v)) reasons.push({ path: key, message: 'expected an ISO 8601 date' });
  }
  if (
    typeof s.minimum_age === 'number' &&
    typeof s.maximum_age === 'number' &&
    s.minimum_age > s.maximum_age
  ) {
    reasons.push({ path: 'minimum_age', message: 'minimum_age is greater than maximum_age' });
  }
  return reasons.length ? { ok: false, id: SAFE_ID.test(s.id) ? s.id : null, name: s.name, reasons } : r;
}

/**
 * What is stored: the validated service minus provenance `metadata` (optional in API responses and unbounded in
 * practice) and minus the organization's own nested lists (every service of an organization would otherwise carry
 * all of its siblings' locations).
 */
export function compactService(s: HsdsService): HsdsService {
  const out: HsdsService = { ...s, metadata: undefined };
  if (s.organization) {
    out.organization = {
      ...s.organization,
      locations: undefined,
      programs: undefined,
      funding: undefined,
      metadata: undefined,
    };
  }
  return out;
}
