import type { EmrAdapter } from '@/lib/emr/adapter';
import { healthId, mrnId, none, recordId, toResult } from '@/lib/emr/read';
import type { PatientIdentifier } from '@/lib/patient/context';
import { normaliseText } from '@/lib/patient/normalise';
import type { ConfiguredAdapterDefinition, FieldLocator } from './schema';

const DEFAULT_LABELS = 'label, th, dt, td, b, strong, span, div.label';
/** Label lookup looks at no more than this many candidate elements (bounded work on huge pages). */
const MAX_LABEL_CANDIDATES = 2000;

type Found = { value: string | null } | 'many';

/** Compiles "https://host/chart/{record}/*" to an anchored RegExp; `*` is any text, `{record}` a captured id. */
export function compileUrlPattern(pattern: string): { re: RegExp; wholeUrl: boolean } {
  const source = pattern
    .split(/(\*|\{record\})/)
    .map((part) =>
      part === '*'
        ? '.*'
        : part === '{record}'
          ? '([A-Za-z0-9._-]{1,64})'
          : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return { re: new RegExp(`^${source}$`), wholeUrl: /[?#]/.test(pattern) };
}

/**
 * Builds an adapter from a definition validated by ./schema.ts (ConfiguredAdapterDefinition). No zod here: this runs in
 * the content script. Every lookup must find exactly one element; two candidates for the name make the page
 * 'ambiguous'; a list indicator makes it 'multiple-patients'.
 */
export function createConfiguredAdapter(def: ConfiguredAdapterDefinition): EmrAdapter {
  const id = `configured-${def.id}`;
  const { re, wholeUrl } = compileUrlPattern(def.urlPattern);
  const urlMatch = (url: URL) => re.exec(wholeUrl ? url.href : url.origin + url.pathname);
  return {
    id,
    label: def.label,
    matches: (url) => urlMatch(url) !== null,
    detect(url, doc) {
      const record = urlMatch(url)?.[1] ?? null;
      if (def.listIndicator && doc.querySelector(def.listIndicator)) return none('multiple-patients', id);
      let root: ParentNode = doc;
      if (def.chartRoot) {
        const roots = doc.querySelectorAll(def.chartRoot);
        if (roots.length === 0) return none('not-rendered', id);
        if (roots.length > 1) return none('ambiguous', id);
        root = roots[0]!;
      }
      const read = (loc: FieldLocator | undefined): Found =>
        loc ? locate(loc, root, doc, url, record) : { value: null };
      const name = read(def.name);
      const birth = read(def.birthDate);
      const sex = read(def.sex);
      if (name === 'many' || birth === 'many' || sex === 'many') return none('ambiguous', id);
      const identifiers: (PatientIdentifier | null)[] = [];
      for (const spec of def.identifiers) {
        const found = read(spec.from);
        if (found === 'many') return none('ambiguous', id);
        identifiers.push(toIdentifier(id, spec.kind, spec.system, found.value));
      }
      return toResult(id, {
        name: name.value,
        birthDate: birth.value,
        birthDateFormat: def.dateFormat,
        sex: sex.value,
        identifiers,
      });
    },
  };
}

function toIdentifier(
  adapterId: string,
  kind: ConfiguredAdapterDefinition['identifiers'][number]['kind'],
  system: string | undefined,
  value: string | null,
): PatientIdentifier | null {
  if (kind === 'on-hcn') return healthId(value, 'ON');
  if (kind === 'bc-phn') return healthId(value, 'BC');
  if (kind === 'emr-record') return recordId(adapterId, value === null ? null : normaliseText(value, 64));
  const mrn = mrnId(adapterId, value);
  return mrn && system ? { ...mrn, system } : mrn;
}

function locate(loc: FieldLocator, root: ParentNode, doc: Document, url: URL, record: string | null): Found {
  if ('urlPart' in loc) return { value: record };
  if ('urlParam' in loc) return { value: url.searchParams.get(loc.urlParam) };
  if ('selector' in loc) {
    const all = root.querySelectorAll(loc.selector);
    if (all.length > 1) return 'many';
    const el = all[0];
    if (!el) return { value: null };
    return { value: loc.attribute ? el.getAttribute(loc.attribute) : (el.textContent ?? '') };
  }
  return byLabel(loc.label, loc.labelSelector ?? DEFAULT_LABELS, root, doc);
}

const labelKey = (s: string) =>
  normaliseText(s, 80)
    .replace(/\s*[:：#]\s*$/, '')
    .toLocaleLowerCase();

/** The value next to the one element whose text is the label (dt→dd, th→td, label[for], next sibling, or the rest). */
function byLabel(label: string, selector: string, root: ParentNode, doc: Document): Found {
  const want = labelKey(label);
  let match: Element | null = null;
  let seen = 0;
  for (const el of root.querySelectorAll(selector)) {
    if (++seen > MAX_LABEL_CANDIDATES) break;
    if (el.childElementCount > 2) continue; // a container, not a label
    const text = el.textContent ?? '';
    if (text.length > 100 || labelKey(text) !== want) continue;
    if (match && !match.contains(el) && !el.contains(match)) return 'many';
    match = match ?? el;
  }
  if (!match) return { value: null };
  const forId = match.getAttribute('for');
  if (forId) {
    const target = doc.getElementById(forId);
    return { value: target ? (target.getAttribute('value') ?? target.textContent ?? '') : null };
  }
  // "<b>DOB:</b> 1956-03-14": the text right after the label; else the next element (dt→dd, th→td, span→span).
  const next = match.nextSibling;
  if (next?.nodeType === 3 && (next.nodeValue ?? '').trim()) return { value: next.nodeValue };
  const sibling = match.nextElementSibling;
  return { value: sibling ? (sibling.getAttribute('value') ?? sibling.textContent ?? '') : null };
}
