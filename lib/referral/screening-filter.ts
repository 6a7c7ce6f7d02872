import type {
  CodeableConcept,
  Condition,
  Observation,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Resource,
} from '@medplum/fhirtypes';
import type { ShareSelection } from './request';
import {
  gravityCodesFor,
  isSafetyNeedCode,
  NON_DOMAIN_SDOHCC,
  SAFETY_CATEGORY_CODES,
  SAFETY_LOINC,
  SYSTEMS,
} from './codes';
import { isSafetyNeed } from './request';

/** The group holding visit-level resources (health concerns for confirmed needs), not tied to one screening. */
export const VISIT_GROUP = 'visit';

/** Screening resources as lib/screening/fhir.ts produces them, grouped by the visit's screening id. */
export interface ScreeningResourceGroup {
  screeningId: string;
  resources: Resource[];
}

export interface PreparedEntry {
  fullUrl: string;
  resource: QuestionnaireResponse | Observation | Condition;
}

export interface PreparedScreenings {
  entries: PreparedEntry[];
  /** fullUrls of kept Conditions and of Observations flagged POS (ServiceRequest.reasonReference candidates). */
  conditions: string[];
  positives: string[];
  questionnaireResponses: string[];
}

export interface PrepareOptions {
  share: ShareSelection;
  referralId: string;
  patientUrl: string;
  practitionerUrl: string | null;
  clinicUrl: string;
  newUrl: () => string;
}

type Screened = QuestionnaireResponse | Observation | Condition;
const isScreened = (r: Resource): r is Screened =>
  r.resourceType === 'QuestionnaireResponse' ||
  r.resourceType === 'Observation' ||
  r.resourceType === 'Condition';

const codesOf = (concepts: readonly CodeableConcept[] | undefined, system?: string): string[] =>
  (concepts ?? []).flatMap((c) =>
    (c.coding ?? []).filter((k) => !system || k.system === system).map((k) => k.code ?? ''),
  );

/** Gravity domain codes on a resource's categories (not 'sdoh' itself). */
function domainsOf(r: Observation | Condition): string[] {
  return codesOf(r.category, SYSTEMS.sdohcc).filter((c) => !NON_DOMAIN_SDOHCC.has(c));
}

const linkIdCode = (linkId: string) => linkId.replace(/^\/+/, '').split('/').pop() ?? linkId;

function isSafetyResource(r: Screened): boolean {
  if (r.resourceType === 'QuestionnaireResponse') return false; // pruned item by item instead
  if (codesOf(r.code ? [r.code] : []).some((c) => SAFETY_LOINC.has(c))) return true;
  if (codesOf(r.category).some((c) => SAFETY_CATEGORY_CODES.has(c))) return true;
  return (r.category ?? []).some((c) => /safety|violence|abuse/i.test(c.text ?? ''));
}

function refKeys(r: Resource): string[] {
  return r.id ? [`${r.resourceType}/${r.id}`, `urn:uuid:${r.id}`] : [];
}

type Json = unknown;
/** Rewrites every `{ reference }` in a resource. `map` returns the new reference, or null to drop it from arrays. */
function rewriteReferences(value: Json, map: (ref: string) => string | null | undefined): Json {
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const v of value) {
      if (isRef(v) && map(v.reference) === null) continue;
      out.push(rewriteReferences(v, map));
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') {
        const next = map(v);
        out[k] = next ?? v; // a single dangling reference stays visible: checkReferralBundle rejects it
      } else out[k] = rewriteReferences(v, map);
    }
    return out;
  }
  return value;
}
const isRef = (v: Json): v is { reference: string } =>
  !!v && typeof v === 'object' && typeof (v as { reference?: unknown }).reference === 'string';

function pruneItems(items: QuestionnaireResponseItem[] | undefined, drop: (code: string) => boolean) {
  if (!items) return undefined;
  const out: QuestionnaireResponseItem[] = [];
  for (const item of items) {
    if (drop(linkIdCode(item.linkId ?? ''))) continue;
    const nested = pruneItems(item.item, drop);
    const answers = item.answer?.map((a) => ({ ...a, item: pruneItems(a.item, drop) }));
    const kept: QuestionnaireResponseItem = {
      ...item,
      item: nested?.length ? nested : undefined,
      answer: answers,
    };
    if (!kept.item) delete kept.item;
    if (!kept.answer?.length && !kept.item) continue; // a group emptied by pruning says nothing
    if (kept.answer) kept.answer = kept.answer.map((a) => (a.item?.length ? a : dropKey(a, 'item')));
    out.push(kept);
  }
  return out;
}
function dropKey<T extends object>(o: T, key: keyof T): T {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/**
 * Minimum necessary for screening content: only screenings the patient agreed to share; safety answers only when
 * explicitly added; answers about needs that are not shared are removed (Observations and the matching
 * QuestionnaireResponse items); Conditions only for shared needs. References are rewritten to the bundle's urn:uuids.
 */
export function prepareScreeningResources(
  groups: readonly ScreeningResourceGroup[],
  opts: PrepareOptions,
): PreparedScreenings {
  const { share } = opts;
  const sharedDomains = new Set(
    share.needs.filter((n) => share.safety || !isSafetyNeed(n)).flatMap((n) => gravityCodesFor(n)),
  );
  const candidates = groups
    .filter((g) => g.screeningId === VISIT_GROUP || share.screeningIds.includes(g.screeningId))
    .flatMap((g) => g.resources);
  const dropped = new Set<string>(); // Observation codes whose answers must also leave the QuestionnaireResponse
  const kept: Screened[] = [];
  for (const r of candidates) {
    if (!isScreened(r) || r.resourceType === 'QuestionnaireResponse') continue; // not screening content: not shared
    const domains = domainsOf(r);
    const safety = isSafetyResource(r);
    const inScope = (d: string) => sharedDomains.has(d) || (share.safety && isSafetyNeedCode(d));
    const outOfScope =
      (safety && !share.safety) ||
      (r.resourceType === 'Condition' && !domains.some(inScope)) ||
      (domains.length > 0 && !domains.some(inScope) && !(share.safety && safety));
    if (outOfScope) for (const c of codesOf(r.code ? [r.code] : [])) dropped.add(c);
    else kept.push(r);
  }
  // Responses second: their items follow the Observation decisions above.
  for (const r of candidates) {
    if (r.resourceType !== 'QuestionnaireResponse') continue;
    const items = pruneItems(
      r.item,
      (code) => dropped.has(code) || (!share.safety && SAFETY_LOINC.has(code)),
    );
    if (items?.length) kept.push({ ...r, item: items }); // nothing left to share: the response stays home
  }

  const urlFor = new Map<string, string>();
  const assigned = kept.map((r) => {
    const url = opts.newUrl();
    for (const k of refKeys(r)) urlFor.set(k, url);
    return url;
  });
  const map = (ref: string): string | null | undefined => {
    if (urlFor.has(ref)) return urlFor.get(ref);
    const type = ref.startsWith('urn:') ? null : ref.split('/')[0];
    if (type === 'Patient') return opts.patientUrl;
    if (type === 'Practitioner' || type === 'PractitionerRole') return opts.practitionerUrl;
    if (type === 'Organization') return opts.clinicUrl;
    if (type === 'Observation' || type === 'QuestionnaireResponse' || type === 'Condition') return null; // filtered out
    if (ref.startsWith('urn:uuid:')) return null; // a sibling that was filtered out
    return undefined;
  };

  const out: PreparedScreenings = { entries: [], conditions: [], positives: [], questionnaireResponses: [] };
  const counters: Record<string, number> = {};
  kept.forEach((original, i) => {
    const fullUrl = assigned[i]!;
    let r = rewriteReferences(original, map) as Screened;
    r = { ...r };
    delete r.id;
    delete r.meta;
    const short = { QuestionnaireResponse: 'qr', Observation: 'obs', Condition: 'cond' }[r.resourceType];
    counters[short] = (counters[short] ?? 0) + 1;
    const identifier = {
      system: SYSTEMS.referralPart,
      value: `${opts.referralId}/${short}-${counters[short]}`,
    };
    if (r.resourceType === 'QuestionnaireResponse') {
      r = { ...r, identifier, subject: { reference: opts.patientUrl } };
      out.questionnaireResponses.push(fullUrl);
    } else if (r.resourceType === 'Observation') {
      r = { ...r, identifier: [identifier], subject: { reference: opts.patientUrl } };
      if (codesOf(r.interpretation).includes('POS')) out.positives.push(fullUrl);
    } else {
      r = { ...r, identifier: [identifier], subject: { reference: opts.patientUrl } };
      out.conditions.push(fullUrl);
    }
    out.entries.push({ fullUrl, resource: r });
  });
  return out;
}
