import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import {
  type Ident,
  type IdentCriterion,
  identKey,
  parseIfNoneExist,
  resourceIdentifiers,
} from './identifiers';
import { FhirError, fhirError, issue } from './outcome';
import { collectReferences } from './references';
import { validationErrors } from './validate';

/** Resource types a referral transaction may create (Gravity SDOH referral shape, see fhir-sdoh.md §6.1). */
export const CREATABLE_TYPES = [
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
] as const;
export type CreatableType = (typeof CREATABLE_TYPES)[number];

const MAX_ENTRIES = 500;

const EntrySchema = z.object({
  fullUrl: z.string().min(1).max(512).optional(),
  resource: z.looseObject({ resourceType: z.string().min(1).max(64) }),
  request: z.object({
    method: z.string(),
    url: z.string().min(1).max(512),
    ifNoneExist: z.string().max(2048).optional(),
  }),
});

const TransactionSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z.array(z.unknown()).max(MAX_ENTRIES).optional(),
});

export interface CreateEntry {
  index: number;
  fullUrl: string | undefined;
  resourceType: CreatableType;
  resource: Resource;
  identifiers: Ident[];
  ifNoneExist: IdentCriterion | undefined;
}

function zodIssues(err: z.ZodError, base: string): OperationOutcomeIssue[] {
  return err.issues
    .slice(0, 20)
    .map((i) =>
      issue('structure', i.message, [
        [base, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join(''),
      ]),
    );
}

/**
 * Checks everything about a transaction Bundle that does not need the database: envelope, supported operations,
 * conditional-create criteria, intra-bundle references and base R4 validity of every resource. Throws a FhirError
 * (400/422) carrying every problem found, so the client can fix them in one go.
 */
export function parseTransaction(body: unknown): CreateEntry[] {
  const env = TransactionSchema.safeParse(body);
  if (!env.success) {
    if (body && typeof body === 'object' && (body as { resourceType?: unknown }).resourceType !== 'Bundle') {
      throw fhirError(400, 'invalid', 'POST [base] expects a Bundle of type "transaction"', [
        'Bundle.resourceType',
      ]);
    }
    throw new FhirError(400, zodIssues(env.error, 'Bundle'));
  }
  if (env.data.type !== 'transaction') {
    throw fhirError(
      422,
      'not-supported',
      `Bundle.type "${env.data.type}" is not supported; send a "transaction"`,
      ['Bundle.type'],
    );
  }
  const rawEntries = env.data.entry ?? [];
  if (rawEntries.length === 0)
    throw fhirError(400, 'required', 'the transaction has no entries', ['Bundle.entry']);

  const problems: OperationOutcomeIssue[] = [];
  const entries: CreateEntry[] = [];
  const fullUrls = new Set<string>();
  const seenIdents = new Map<string, number>();

  rawEntries.forEach((raw, index) => {
    const where = `Bundle.entry[${index}]`;
    const parsed = EntrySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodIssues(parsed.error, where));
      return;
    }
    const e = parsed.data;
    const type = e.resource.resourceType;
    if (e.request.method !== 'POST') {
      problems.push(
        issue(
          'not-supported',
          `request.method ${e.request.method} is not supported in a transaction here; only POST (create)`,
          [`${where}.request.method`],
        ),
      );
      return;
    }
    if (e.request.url !== type) {
      problems.push(
        issue('invalid', `request.url "${e.request.url}" must be the resource type "${type}"`, [
          `${where}.request.url`,
        ]),
      );
      return;
    }
    if (!(CREATABLE_TYPES as readonly string[]).includes(type)) {
      problems.push(
        issue(
          'not-supported',
          `creating ${type} is not supported; supported: ${CREATABLE_TYPES.join(', ')}`,
          [`${where}.resource.resourceType`],
        ),
      );
      return;
    }
    if (e.fullUrl !== undefined) {
      if (fullUrls.has(e.fullUrl))
        problems.push(issue('invalid', `duplicate fullUrl ${e.fullUrl}`, [`${where}.fullUrl`]));
      fullUrls.add(e.fullUrl);
    }
    const resource = e.resource as unknown as Resource;
    problems.push(...validationErrors(resource, `${where}.resource`));
    const identifiers = resourceIdentifiers(e.resource);
    let criterion: IdentCriterion | undefined;
    if (e.request.ifNoneExist !== undefined) {
      try {
        criterion = parseIfNoneExist(e.request.ifNoneExist, `${where}.request.ifNoneExist`);
      } catch (err) {
        if (err instanceof FhirError) problems.push(...err.issues);
        else throw err;
        return;
      }
      const c = criterion;
      // If the criterion is not one of the resource's own identifiers, a retry would not find what this request
      // created and would create it again.
      if (!identifiers.some((i) => i.value === c.value && (c.system === null || c.system === i.system))) {
        problems.push(
          issue(
            'business-rule',
            "ifNoneExist must name one of the resource's own identifiers, otherwise a retried transaction would create a duplicate",
            [`${where}.request.ifNoneExist`],
          ),
        );
      }
    }
    for (const ident of identifiers) {
      const k = identKey(type, ident);
      const other = seenIdents.get(k);
      if (other !== undefined) {
        problems.push(
          issue(
            'duplicate',
            `${type} identifier ${ident.system}|${ident.value} also appears in Bundle.entry[${other}]`,
            [`${where}.resource.identifier`],
          ),
        );
      }
      seenIdents.set(k, index);
    }
    entries.push({
      index,
      fullUrl: e.fullUrl,
      resourceType: type as CreatableType,
      resource,
      identifiers,
      ifNoneExist: criterion,
    });
  });

  // Every urn: reference must point at an entry of this bundle; anything else could never be resolved.
  for (const e of entries) {
    for (const ref of collectReferences(e.resource)) {
      if (ref.startsWith('urn:') && !fullUrls.has(ref)) {
        problems.push(
          issue('not-found', `reference ${ref} does not match any entry's fullUrl`, [
            `Bundle.entry[${e.index}].resource`,
          ]),
        );
      }
    }
  }

  if (problems.length > 0) {
    const status = problems.some(
      (p) =>
        p.code === 'structure' ||
        p.code === 'invalid' ||
        p.code === 'required' ||
        p.code === 'code-invalid' ||
        p.code === 'duplicate' ||
        p.code === 'not-found',
    )
      ? 400
      : 422;
    throw new FhirError(status, problems.slice(0, 100));
  }
  return entries;
}
