import type { DetectionResult, NoPatientReason, PatientIdentifier } from '@/lib/patient/context';
import { IDENTIFIER_SYSTEMS } from '@/lib/patient/identifier-systems';
import { parseHealthNumber, type Province } from '@/lib/patient/health-number';
import {
  CAPS,
  exceedsCap,
  normaliseText,
  parseDate,
  parseSex,
  splitFamilyGiven,
  type DateFormat,
} from '@/lib/patient/normalise';

/**
 * Small helpers every adapter shares. They read only the elements an adapter points them at (never the page's whole
 * text), bound the work on hostile input and build a DetectionResult whose every field respects PatientContext's
 * caps. No zod here: this runs in the content script on every debounced mutation and the bundle budget is 10 KB.
 */

/** Raw text of an element, or null when it is absent. */
export function textOf(el: Element | null | undefined): string | null {
  return el ? (el.textContent ?? '') : null;
}

/** The text after a leading label such as "DOB:" or "HCN :" (any case), or the whole text when there is none. */
export function afterLabel(raw: string | null, label: RegExp): string | null {
  if (raw === null) return null;
  const head = normaliseText(raw, 200);
  const m = label.exec(head);
  return m && m.index === 0 ? head.slice(m[0].length).replace(/^\s*[:：]?\s*/, '') : head;
}

export function none(reason: NoPatientReason, adapter: string): DetectionResult {
  return { status: 'none', reason, adapter };
}

const RECORD_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The EMR's own record number (demographic_no, pid, uuid …), or null when it is not a plausible id. */
export function recordId(emr: string, raw: string | null | undefined): PatientIdentifier | null {
  const value = raw?.trim() ?? '';
  if (!RECORD_VALUE.test(value)) return null;
  return { kind: 'emr-record', system: `${IDENTIFIER_SYSTEMS.emrRecordBase}/${emr}`, value, valid: true };
}

/** A medical record number scoped to the EMR (MRN-like identifiers shown in a banner). */
export function mrnId(emr: string, raw: string | null | undefined): PatientIdentifier | null {
  const value = normaliseText(raw ?? '', 64);
  if (!RECORD_VALUE.test(value)) return null;
  return { kind: 'mrn', system: `${IDENTIFIER_SYSTEMS.mrn}/${emr}`, value, valid: true };
}

/**
 * A health number as the page shows it. Shaped like one → parsed (valid flag from the check digit). Text with digits
 * that is not shaped like one is still reported, as invalid, so a typo in the chart is visible rather than dropped.
 * Text without digits ("Not on file") means no number.
 */
export function healthId(raw: string | null, province?: Province): PatientIdentifier | null {
  if (raw === null) return null;
  const text = normaliseText(raw, CAPS.identifier);
  if (!/\d/.test(text)) return null;
  const parsed = parseHealthNumber(text, province);
  if (parsed) return parsed;
  const value = text.replace(/[^0-9A-Za-z]/g, '').slice(0, 20);
  return province === 'BC'
    ? { kind: 'bc-phn', system: IDENTIFIER_SYSTEMS.bcPhn, value, valid: false }
    : { kind: 'on-hcn', system: IDENTIFIER_SYSTEMS.onHealthCard, value, valid: false };
}

export interface RawPatient {
  /** The name exactly as the EMR shows it. */
  name: string | null;
  /** Birth date text (display text or an ISO attribute). */
  birthDate?: string | null;
  birthDateFormat?: DateFormat;
  sex?: string | null;
  identifiers: (PatientIdentifier | null)[];
}

/**
 * Turns what an adapter read into a DetectionResult. A name that is missing, empty once cleaned, or longer than the cap
 * is 'invalid' (a truncated name would be a different name); other fields that cannot be read are left empty.
 */
export function toResult(source: string, raw: RawPatient): DetectionResult {
  if (raw.name === null) return none('not-rendered', source);
  if (exceedsCap(raw.name, CAPS.displayName)) return none('invalid', source);
  const displayName = normaliseText(raw.name, CAPS.displayName);
  if (!displayName) return none('invalid', source);
  const identifiers: PatientIdentifier[] = [];
  for (const id of raw.identifiers) {
    if (
      id &&
      identifiers.length < 8 &&
      !identifiers.some((x) => x.system === id.system && x.value === id.value)
    )
      identifiers.push(id);
  }
  return {
    status: 'patient',
    patient: {
      displayName,
      ...splitFamilyGiven(displayName),
      birthDate: raw.birthDate ? parseDate(raw.birthDate, raw.birthDateFormat) : null,
      sex: raw.sex ? parseSex(raw.sex) : null,
      identifiers,
      source,
    },
  };
}

/** Exactly one element for the selector, 'none' when absent, 'many' when several (look-alikes → ambiguous). */
export function single(root: ParentNode, selector: string): Element | 'none' | 'many' {
  const all = root.querySelectorAll(selector);
  return all.length === 0 ? 'none' : all.length > 1 ? 'many' : all[0]!;
}

/**
 * Like single() for an id: getElementById first (a hash lookup, so pages without the element — lists of thousands of
 * rows — cost nothing), then a duplicate check only when it exists (look-alike copies → 'many').
 */
export function byId(doc: Document, id: string): Element | 'none' | 'many' {
  const el = doc.getElementById(id);
  if (!el) return 'none';
  // `#id` (not [id=…]): browsers answer it from the id map when the id is unique.
  return doc.querySelectorAll(`#${id}`).length > 1 ? 'many' : el;
}

/** Loopback hosts: the demo EMR and the e2e fixtures are only ever served there. */
export function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/**
 * Text of an element without the children matched by `skip` (labels such as `<div class="label">DOB</div>`, alias
 * spans). Reads child text nodes and the kept children's text only; bounded by the caller's caps later.
 */
export function textWithout(el: Element | null, skip: string): string | null {
  if (!el) return null;
  let out = '';
  for (const node of el.childNodes) {
    if (node.nodeType === 3) out += node.nodeValue ?? '';
    else if (node.nodeType === 1 && !(node as Element).matches(skip)) out += node.textContent ?? '';
    if (out.length > 4096) break; // no real field is this long; the caps decide what happens next
  }
  return out;
}

// OSCAR and its forks prepend the title (MR, MS, DR …) to "FAMILY, GIVEN"; a title is never part of the name.
const TITLES = new Set(
  'MR MRS MS MISS MSSR DR PROF REV REEVE RT_HON SEN SGT SR MADAM MAJOR MAYOR BRO CAPT CHIEF CORP CST FR HON LT MLLE MME M'.split(
    ' ',
  ),
);

/** Removes a leading honorific ("MS TESTPATIENT, ALEX" → "TESTPATIENT, ALEX") when the rest is FAMILY, GIVEN. */
export function stripTitle(name: string): string {
  if (name.length > 1000) return name; // over any cap: left for toResult to refuse
  const m = /^\s*([A-Za-z_]{1,8})\.?\s+([^,]+,.+)$/.exec(name);
  return m && TITLES.has(m[1]!.toUpperCase()) ? m[2]! : name;
}

/** A query-string value, or null. */
export function param(url: URL, name: string): string | null {
  return url.searchParams.get(name);
}

/** The selected option's value of a <select> (server-rendered `selected` attribute, not what a user is choosing). */
export function selectedValue(select: Element | null): string | null {
  return select?.querySelector('option[selected]')?.getAttribute('value') ?? null;
}
