import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { CREATABLE_TYPES } from './bundle-input';

const SEARCH_PARAMS = [
  { name: 'identifier', type: 'token' as const, documentation: 'system|value, |value or value; comma = OR' },
  { name: '_id', type: 'token' as const },
  { name: '_lastUpdated', type: 'date' as const, documentation: 'prefixes gt, ge, lt, le, eq; repeatable' },
  { name: '_count', type: 'number' as const, documentation: 'default 100, max 1000' },
  { name: '_offset', type: 'number' as const },
];

function resource(type: CapabilityStatementRestResource['type']): CapabilityStatementRestResource {
  const searchable = type === 'Task' || type === 'ServiceRequest';
  return {
    type,
    interaction: [{ code: 'read' }, ...(searchable ? [{ code: 'search-type' as const }] : [])],
    versioning: 'versioned',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    ...(searchable ? { searchParam: SEARCH_PARAMS } : {}),
    ...(type === 'Task' ? { searchInclude: ['Task:focus'] } : {}),
  };
}

/** What this server supports, so a client can check before it relies on conditional create or idempotency. */
export function capabilityStatement(
  baseUrl: string,
  software: { name: string; version: string },
): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2025-01-01',
    kind: 'instance',
    software,
    implementation: {
      description: 'Social Rx reference navigator (social-prescribing link-worker service)',
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'application/json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'POST [base] accepts a transaction Bundle of creates (all-or-nothing). Every entry may carry request.ifNoneExist ' +
          '"identifier=system|value" (conditional create). The Idempotency-Key header is honoured: the same key and payload ' +
          'returns the stored response, the same key with a different payload returns 422, a concurrent request with a key ' +
          'still in flight returns 409. Search results carry Bundle.meta.lastUpdated = server time of the search.',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'OAuth',
                  display: 'OAuth',
                },
              ],
              text: 'Bearer token per clinic (static, issued by the navigator operator)',
            },
          ],
          description:
            'Send Authorization: Bearer <clinic token>. Each clinic reads only the resources it created.',
        },
        resource: CREATABLE_TYPES.map(resource),
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}
