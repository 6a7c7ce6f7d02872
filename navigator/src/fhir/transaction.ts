import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { recordAudit } from '../audit/audit';
import type { Database, Sql } from '../db/database';
import type { CreateEntry } from './bundle-input';
import { criterionMatches, identKey } from './identifiers';
import { finishIdempotent } from './idempotency';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, issue } from './outcome';
import { rewriteReferences } from './references';
import { findIdentifiers, insertResources, type NewResource } from './store';

export interface Clinic {
  id: string;
  name: string;
}

export interface TransactionOptions {
  clinic: Clinic;
  /** Absolute base of the FHIR endpoint, for response fullUrls. */
  baseUrl: string;
  /** `Prefer: return=representation`: include each resource in the response. */
  representation: boolean;
  idempotencyKey?: string;
}

export interface TransactionResult {
  bundle: Bundle;
  created: number;
  matched: number;
  serviceRequests: string[];
  tasks: string[];
}

interface Outcome {
  entry: CreateEntry;
  id: string;
  versionId: number;
  lastUpdated: Date;
  created: boolean;
  resource?: Resource;
}

/** Decides, inside the transaction, which entries already exist (conditional create) and which are new. */
async function resolveEntries(
  tx: Sql,
  clinicId: string,
  entries: CreateEntry[],
): Promise<{ outcomes: Outcome[]; refMap: Map<string, string> }> {
  const pairs = entries.flatMap((e) => e.identifiers.map((i) => ({ type: e.resourceType, value: i.value })));
  const existing = await findIdentifiers(tx, clinicId, pairs);
  const byKey = new Map(
    existing.map((r) => [identKey(r.resource_type, { system: r.system, value: r.value }), r]),
  );
  const outcomes: Outcome[] = [];
  const refMap = new Map<string, string>();
  const problems: OperationOutcomeIssue[] = [];

  for (const e of entries) {
    const where = `Bundle.entry[${e.index}]`;
    if (e.ifNoneExist) {
      const c = e.ifNoneExist;
      const hits = existing.filter(
        (r) =>
          r.resource_type === e.resourceType && criterionMatches(c, { system: r.system, value: r.value }),
      );
      const distinct = new Set(hits.map((h) => h.resource_id));
      if (distinct.size > 1) {
        throw new FhirError(412, [
          issue('multiple-matches', `ifNoneExist matched ${distinct.size} ${e.resourceType} resources`, [
            `${where}.request.ifNoneExist`,
          ]),
        ]);
      }
      const hit = hits[0];
      if (hit) {
        outcomes.push({
          entry: e,
          id: hit.resource_id,
          versionId: hit.version_id,
          lastUpdated: hit.last_updated,
          created: false,
        });
        if (e.fullUrl) refMap.set(e.fullUrl, `${e.resourceType}/${hit.resource_id}`);
        continue;
      }
    }
    // A new resource may not reuse an identifier another resource of its type already has.
    for (const ident of e.identifiers) {
      const clash = byKey.get(identKey(e.resourceType, ident));
      if (clash) {
        problems.push(
          issue(
            'duplicate',
            `${e.resourceType} identifier ${ident.system}|${ident.value} already belongs to ${e.resourceType}/${clash.resource_id}; use ifNoneExist to reuse it`,
            [`${where}.resource.identifier`],
          ),
        );
      }
    }
    const id = randomUUID();
    outcomes.push({ entry: e, id, versionId: 1, lastUpdated: new Date(0), created: true });
    if (e.fullUrl) refMap.set(e.fullUrl, `${e.resourceType}/${id}`);
  }
  if (problems.length > 0) throw new FhirError(422, problems);
  return { outcomes, refMap };
}

function responseEntry(o: Outcome, opts: TransactionOptions): BundleEntry {
  const lastModified = o.lastUpdated.toISOString();
  return {
    fullUrl: `${opts.baseUrl}/${o.entry.resourceType}/${o.id}`,
    ...(opts.representation && o.resource ? { resource: o.resource } : {}),
    response: {
      status: o.created ? '201 Created' : '200 OK',
      location: `${o.entry.resourceType}/${o.id}/_history/${o.versionId}`,
      etag: `W/"${o.versionId}"`,
      lastModified,
    },
  };
}

/**
 * Runs a parsed transaction as ONE database transaction: every entry is created (or found, for a matching
 * ifNoneExist) or nothing is. urn:uuid references are rewritten to the ids assigned here. The Idempotency-Key
 * response and the audit record are written in the same transaction.
 */
export async function runTransaction(
  db: Database,
  entries: CreateEntry[],
  opts: TransactionOptions,
): Promise<TransactionResult> {
  return db.transaction(async (tx) => {
    const at = new Date();
    const { outcomes, refMap } = await resolveEntries(tx, opts.clinic.id, entries);
    const toInsert: NewResource[] = [];
    const lastUpdated = at.toISOString();
    for (const o of outcomes) {
      if (!o.created) continue;
      const {
        id: _clientId,
        meta,
        ...rest
      } = o.entry.resource as Resource & { meta?: Record<string, unknown> };
      const resource = rewriteReferences(
        { ...rest, id: o.id, meta: { ...(meta ?? {}), versionId: '1', lastUpdated } },
        refMap,
      ) as Resource;
      o.resource = resource;
      o.lastUpdated = at;
      toInsert.push({
        resourceType: o.entry.resourceType,
        id: o.id,
        resource,
        identifiers: o.entry.identifiers,
      });
    }
    await insertResources(tx, toInsert, opts.clinic.id, at);

    const bundle: Bundle = {
      resourceType: 'Bundle',
      id: randomUUID(),
      type: 'transaction-response',
      timestamp: lastUpdated,
      entry: outcomes.map((o) => responseEntry(o, opts)),
    };
    const serviceRequests = outcomes
      .filter((o) => o.entry.resourceType === 'ServiceRequest')
      .map((o) => o.id);
    const tasks = outcomes.filter((o) => o.entry.resourceType === 'Task').map((o) => o.id);
    const createdByType: Record<string, number> = {};
    for (const o of outcomes)
      if (o.created) createdByType[o.entry.resourceType] = (createdByType[o.entry.resourceType] ?? 0) + 1;
    const created = toInsert.length;

    await recordAudit(
      tx,
      {
        actorType: 'clinic',
        actor: opts.clinic.name,
        action: created > 0 ? 'disclosure.received' : 'disclosure.duplicate',
        entity: tasks[0]
          ? `Task/${tasks[0]}`
          : serviceRequests[0]
            ? `ServiceRequest/${serviceRequests[0]}`
            : undefined,
        detail: {
          created: createdByType,
          matched: outcomes.length - created,
          serviceRequests: serviceRequests.map((id) => `ServiceRequest/${id}`),
          consents: outcomes.filter((o) => o.entry.resourceType === 'Consent').map((o) => `Consent/${o.id}`),
          idempotencyKey: opts.idempotencyKey ?? null,
        },
      },
      at,
    );
    if (opts.idempotencyKey) {
      // The stored copy never holds resources (no second copy of patient data): a replay answers the minimal form.
      const stored: Bundle = {
        ...bundle,
        entry: (bundle.entry ?? []).map(({ resource: _r, ...rest }) => rest),
      };
      await finishIdempotent(tx, opts.clinic.id, opts.idempotencyKey, 200, stored);
    }
    return { bundle, created, matched: outcomes.length - created, serviceRequests, tasks };
  });
}
