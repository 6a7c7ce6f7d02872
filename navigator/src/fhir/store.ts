import type { Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import type { Row, Sql } from '../db/database';
import type { Ident } from './identifiers';

export const ResourceRow = z.object({
  resource_type: z.string(),
  id: z.string(),
  version_id: z.number().int(),
  last_updated: z.date(),
  clinic_id: z.string().nullable(),
  content: z.looseObject({ resourceType: z.string() }),
});
export type ResourceRow = z.infer<typeof ResourceRow>;

export interface StoredResource {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: Date;
  clinicId: string | null;
  resource: Resource;
}

export function toStored(row: Row): StoredResource {
  const r = ResourceRow.parse(row);
  return {
    resourceType: r.resource_type,
    id: r.id,
    versionId: r.version_id,
    lastUpdated: r.last_updated,
    clinicId: r.clinic_id,
    resource: r.content as unknown as Resource,
  };
}

export const RESOURCE_COLUMNS = 'resource_type, id, version_id, last_updated, clinic_id, content';

/** Reads one resource. With `clinicId`, resources created by another clinic are invisible (404, not 403). */
export async function readResource(
  sql: Sql,
  type: string,
  id: string,
  clinicId?: string,
): Promise<StoredResource | null> {
  const rows = await sql.query(
    `SELECT ${RESOURCE_COLUMNS} FROM fhir_resource WHERE resource_type = $1 AND id = $2`,
    [type, id],
  );
  const row = rows[0];
  if (!row) return null;
  const stored = toStored(row);
  if (clinicId !== undefined && stored.clinicId !== clinicId) return null;
  return stored;
}

export interface NewResource {
  resourceType: string;
  id: string;
  resource: Resource;
  identifiers: Ident[];
}

/** Inserts new resources (version 1), their history rows and identifiers, in three statements. */
export async function insertResources(
  tx: Sql,
  items: NewResource[],
  clinicId: string,
  at: Date,
): Promise<void> {
  if (items.length === 0) return;
  const types = items.map((i) => i.resourceType);
  const ids = items.map((i) => i.id);
  const bodies = items.map((i) => JSON.stringify(i.resource));
  await tx.query(
    `INSERT INTO fhir_resource (resource_type, id, version_id, last_updated, clinic_id, content)
     SELECT t, i, 1, $4, $5, c::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS x(t, i, c)`,
    [types, ids, bodies, at, clinicId],
  );
  await tx.query(
    `INSERT INTO fhir_resource_history (resource_type, id, version_id, last_updated, content)
     SELECT t, i, 1, $4, c::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS x(t, i, c)`,
    [types, ids, bodies, at],
  );
  const it: string[] = [];
  const is: string[] = [];
  const iv: string[] = [];
  const ir: string[] = [];
  for (const item of items) {
    for (const ident of item.identifiers) {
      it.push(item.resourceType);
      is.push(ident.system);
      iv.push(ident.value);
      ir.push(item.id);
    }
  }
  if (it.length > 0) {
    await tx.query(
      `INSERT INTO fhir_identifier (clinic_id, resource_type, system, value, resource_id)
       SELECT $5, t, s, v, r FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(t, s, v, r)`,
      [it, is, iv, ir, clinicId],
    );
  }
}

/** Writes a new version of an existing resource if its current version is `expectedVersion`. */
export async function updateResource(
  tx: Sql,
  type: string,
  id: string,
  expectedVersion: number,
  resource: Resource,
  at: Date,
): Promise<boolean> {
  const body = JSON.stringify(resource);
  const rows = await tx.query(
    `UPDATE fhir_resource SET version_id = version_id + 1, last_updated = $4, content = $5::jsonb
     WHERE resource_type = $1 AND id = $2 AND version_id = $3 RETURNING version_id`,
    [type, id, expectedVersion, at, body],
  );
  if (rows.length === 0) return false;
  await tx.query(
    `INSERT INTO fhir_resource_history (resource_type, id, version_id, last_updated, content) VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [type, id, expectedVersion + 1, at, body],
  );
  return true;
}

export const IdentMatchRow = z.object({
  resource_type: z.string(),
  system: z.string(),
  value: z.string(),
  resource_id: z.string(),
  version_id: z.number().int(),
  last_updated: z.date(),
});
export type IdentMatchRow = z.infer<typeof IdentMatchRow>;

/**
 * The clinic's stored identifiers with one of these (type, value) pairs, with the current version of their
 * resource. Identifiers are scoped per clinic (migration 0004).
 */
export async function findIdentifiers(
  sql: Sql,
  clinicId: string,
  pairs: { type: string; value: string }[],
): Promise<IdentMatchRow[]> {
  if (pairs.length === 0) return [];
  const rows = await sql.query(
    `SELECT i.resource_type, i.system, i.value, i.resource_id, r.version_id, r.last_updated
       FROM fhir_identifier i
       JOIN fhir_resource r ON r.resource_type = i.resource_type AND r.id = i.resource_id
      WHERE i.clinic_id = $3 AND (i.resource_type, i.value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [pairs.map((p) => p.type), pairs.map((p) => p.value), clinicId],
  );
  return rows.map((r) => IdentMatchRow.parse(r));
}
