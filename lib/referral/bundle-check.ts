import type { Bundle } from '@medplum/fhirtypes';
import { SAFETY_CATEGORY_CODES, SAFETY_LOINC, SAFETY_NEED_TEXT, SYSTEMS } from './codes';
import { identifierQuery } from './bundle';

/** A base-R4 validator (lib/fhir/validate.ts: @medplum/core against the R4 StructureDefinitions). */
export type FhirValidator = (resource: unknown) => { valid: boolean; issues: string[] };

export interface CheckOptions {
  referralId: string;
  /** Safety content is allowed only when the clinician explicitly added it. */
  allowSafety: boolean;
}

export interface CheckResult {
  valid: boolean;
  issues: string[];
}

function walk(value: unknown, visit: (obj: Record<string, unknown>, path: string) => void, path = ''): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>, path);
    for (const [k, v] of Object.entries(value)) walk(v, visit, path ? `${path}.${k}` : k);
  }
}

const SAFETY_LINK = (linkId: string) => SAFETY_LOINC.has(linkId.replace(/^\/+/, '').split('/').pop() ?? '');

/**
 * The rules a referral bundle must meet before it may be queued, on top of base R4 validation: a transaction of
 * POSTs with urn:uuid fullUrls, `ifNoneExist` on a business identifier the resource really carries, every urn:uuid
 * reference resolvable inside the bundle, exactly one ServiceRequest and one Task for this referral, and no safety
 * content unless it was explicitly added. `validate` adds base R4 validation (structure, cardinality, bindings); it is the
 * expensive part, so the submit runs the rules alone and the drain runs everything before a bundle is first sent.
 */
export function checkReferralBundle(
  bundle: Bundle,
  opts: CheckOptions,
  validate: FhirValidator | null,
): CheckResult {
  const issues: string[] = [];
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction')
    issues.push('bundle: not a transaction Bundle');
  const entries = bundle.entry ?? [];
  const fullUrls = new Set<string>();
  for (const [i, e] of entries.entries()) {
    const at = `entry[${i}]`;
    if (!e.fullUrl || !/^urn:uuid:[0-9a-f-]{36}$/i.test(e.fullUrl))
      issues.push(`${at}: fullUrl must be a urn:uuid`);
    else if (fullUrls.has(e.fullUrl)) issues.push(`${at}: duplicate fullUrl`);
    else fullUrls.add(e.fullUrl);
    const r = e.resource;
    if (!r) {
      issues.push(`${at}: no resource`);
      continue;
    }
    if (e.request?.method !== 'POST' || e.request.url !== r.resourceType)
      issues.push(`${at}: request must be POST ${r.resourceType}`);
    const ids =
      'identifier' in r
        ? Array.isArray(r.identifier)
          ? r.identifier
          : r.identifier
            ? [r.identifier]
            : []
        : [];
    const ifNoneExist = e.request?.ifNoneExist;
    if (!ifNoneExist) issues.push(`${at}: ifNoneExist missing`);
    else if (!ids.some((id) => identifierQuery(id) === ifNoneExist))
      issues.push(`${at}: ifNoneExist does not match an identifier of the resource`);
  }
  walk(bundle.entry, (obj, path) => {
    const ref = obj.reference;
    if (typeof ref !== 'string') return;
    if (ref.startsWith('urn:uuid:')) {
      if (!fullUrls.has(ref)) issues.push(`entry${path}: reference does not resolve inside the bundle`);
    } else if (!ref.startsWith('#')) issues.push(`entry${path}: references must point inside the bundle`);
  });

  const byType = (t: string) => entries.filter((e) => e.resource?.resourceType === t).map((e) => e.resource!);
  const srs = byType('ServiceRequest');
  const tasks = byType('Task');
  if (srs.length !== 1) issues.push(`bundle: expected one ServiceRequest, found ${srs.length}`);
  if (tasks.length !== 1) issues.push(`bundle: expected one Task, found ${tasks.length}`);
  const sr = srs[0];
  if (
    sr?.resourceType === 'ServiceRequest' &&
    !sr.identifier?.some((id) => id.system === SYSTEMS.referral && id.value === opts.referralId)
  )
    issues.push('ServiceRequest: identifier must be the referral id');
  const task = tasks[0];
  if (task?.resourceType === 'Task') {
    if (task.status !== 'requested') issues.push('Task: status must be requested');
    if (task.intent !== 'order') issues.push('Task: intent must be order');
    if (!task.code?.coding?.some((c) => c.system === SYSTEMS.taskCode && c.code === 'fulfill'))
      issues.push('Task: code must be fulfill');
    if (!task.owner?.reference) issues.push('Task: owner (the navigator) is required');
    const srEntry = entries.find((e) => e.resource === sr);
    if (!srEntry || task.focus?.reference !== srEntry.fullUrl)
      issues.push('Task: focus must be the ServiceRequest');
  }

  if (!opts.allowSafety) {
    walk(bundle.entry, (obj, path) => {
      const system = obj.system;
      const code = obj.code;
      if (typeof code === 'string' && system === SYSTEMS.loinc && SAFETY_LOINC.has(code))
        issues.push(`entry${path}: safety item present without explicit consent`);
      if (typeof code === 'string' && system === SYSTEMS.sdohcc && SAFETY_CATEGORY_CODES.has(code))
        issues.push(`entry${path}: safety category present without explicit consent`);
      if (obj.text === SAFETY_NEED_TEXT)
        issues.push(`entry${path}: safety need present without explicit consent`);
      if (typeof obj.linkId === 'string' && SAFETY_LINK(obj.linkId))
        issues.push(`entry${path}: safety answer present without explicit consent`);
    });
  }

  // null: the referral rules only (the submit path); the drain runs base R4 validation before the first send.
  const base = validate ? validate(bundle) : { valid: true, issues: [] };
  if (!base.valid) issues.push(...base.issues.map((m) => `fhir: ${m}`));
  return { valid: issues.length === 0, issues: issues.slice(0, 50) };
}
