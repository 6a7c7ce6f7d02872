import { z } from 'zod';
import type { Sql, SqlParam } from '../db/database';
import { CapacityStatus } from './schemas';

const ServiceRow = z.object({
  id: z.string(),
  organization_id: z.string().nullable(),
  name: z.string(),
  status: z.string(),
  last_modified: z.date(),
  content: z.record(z.string(), z.unknown()),
  capacity_status: CapacityStatus,
  capacity_available: z.number().nullable(),
  capacity_maximum: z.number().nullable(),
  capacity_updated: z.date(),
});
type ServiceRow = z.infer<typeof ServiceRow>;
const SERVICE_COLUMNS =
  'id, organization_id, name, status, last_modified, content, capacity_status, capacity_available, capacity_maximum, capacity_updated';

export type Json = Record<string, unknown>;

function scalarsOnly(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v === null || typeof v !== 'object') out[k] = v;
  return out;
}

/**
 * Capacity as published with each service, three ways for three kinds of reader: `capacity_status` (accepting |
 * waitlist | full), an HSDS 3.0 attribute with link_type "capacity" and the same value, and, when a count is known
 * and the service is not on a waitlist, HSDS 3.1 `capacities` (service_capacity objects).
 */
export function capacityAttribute(r: ServiceRow): Json {
  return {
    id: `${r.id}-capacity`,
    link_id: r.id,
    link_type: 'capacity',
    link_entity: 'service',
    value: r.capacity_status,
  };
}

function capacityFields(r: ServiceRow): Json {
  const attributes = Array.isArray(r.content.attributes) ? r.content.attributes : [];
  return {
    capacity_status: r.capacity_status,
    attributes: [...attributes, capacityAttribute(r)],
    capacities:
      r.capacity_available === null || r.capacity_status === 'waitlist'
        ? []
        : [
            {
              id: `${r.id}-capacity`,
              service_id: r.id,
              unit: { id: 'places', name: 'places' },
              available: r.capacity_available,
              ...(r.capacity_maximum !== null ? { maximum: r.capacity_maximum } : {}),
              description: r.capacity_status === 'full' ? 'No places' : 'Accepting referrals',
              updated: r.capacity_updated.toISOString(),
            },
          ],
  };
}

/** A service as it appears in /services lists: one-to-one fields only (HSDS service_list). */
export function listShape(r: ServiceRow): Json {
  return {
    ...scalarsOnly(r.content),
    id: r.id,
    name: r.name,
    status: r.status,
    organization_id: r.organization_id,
    last_modified: r.last_modified.toISOString(),
    capacity_status: r.capacity_status,
  };
}

export function minimalShape(r: ServiceRow): Json {
  return { id: r.id, name: r.name, status: r.status, last_modified: r.last_modified.toISOString() };
}

/** The fully nested services (HSDS service.json): organization, locations, phones, schedules, … and capacity. */
export async function fullShapes(sql: Sql, rows: ServiceRow[]): Promise<Json[]> {
  const orgIds = [...new Set(rows.flatMap((r) => (r.organization_id ? [r.organization_id] : [])))];
  const orgs = new Map<string, Json>();
  if (orgIds.length > 0) {
    const found = await sql.query('SELECT id, content FROM hsds_organization WHERE id = ANY($1::text[])', [
      orgIds,
    ]);
    for (const o of found) {
      const parsed = NamedRow.parse(o);
      orgs.set(parsed.id, parsed.content);
    }
  }
  return rows.map((r) => ({
    ...r.content,
    id: r.id,
    name: r.name,
    status: r.status,
    organization_id: r.organization_id,
    organization: (r.organization_id && orgs.get(r.organization_id)) || null,
    last_modified: r.last_modified.toISOString(),
    ...capacityFields(r),
  }));
}

export async function fullShape(sql: Sql, r: ServiceRow): Promise<Json> {
  const [one] = await fullShapes(sql, [r]);
  return one!;
}

export interface ServiceQuery {
  search?: string;
  organizationId?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  modifiedAfter?: Date;
  limit: number;
  offset: number;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function queryServices(
  sql: Sql,
  q: ServiceQuery,
): Promise<{ total: number; rows: ServiceRow[] }> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const p = (v: SqlParam) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.search) {
    const pat = p(`%${escapeLike(q.search)}%`);
    where.push(
      `(s.name ILIKE ${pat} OR s.content ->> 'description' ILIKE ${pat} OR s.content ->> 'alternate_name' ILIKE ${pat})`,
    );
  }
  if (q.organizationId) where.push(`s.organization_id = ${p(q.organizationId)}`);
  if (q.taxonomyTermId)
    where.push(
      `EXISTS (SELECT 1 FROM hsds_service_term st WHERE st.service_id = s.id AND st.term_id = ${p(q.taxonomyTermId)})`,
    );
  if (q.taxonomyId) {
    where.push(
      `EXISTS (SELECT 1 FROM hsds_service_term st JOIN hsds_taxonomy_term t ON t.id = st.term_id WHERE st.service_id = s.id AND t.taxonomy_id = ${p(q.taxonomyId)})`,
    );
  }
  // Inclusive, as the HSDS API reference says ("modified on or after").
  if (q.modifiedAfter) where.push(`s.last_modified >= ${p(q.modifiedAfter)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number(
    (await sql.query(`SELECT count(*)::int AS n FROM hsds_service s ${w}`, params))[0]?.n ?? 0,
  );
  const rows = await sql.query(
    `SELECT ${SERVICE_COLUMNS} FROM hsds_service s ${w} ORDER BY s.last_modified, s.id LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`,
    params,
  );
  return { total, rows: rows.map((r) => ServiceRow.parse(r)) };
}

export async function getService(sql: Sql, id: string): Promise<ServiceRow | null> {
  const rows = await sql.query(`SELECT ${SERVICE_COLUMNS} FROM hsds_service WHERE id = $1`, [id]);
  return rows[0] ? ServiceRow.parse(rows[0]) : null;
}

/** Changes a service's capacity (inbox); moves last_modified so delta syncs pick it up. */
export async function setCapacity(
  sql: Sql,
  id: string,
  cap: { status: CapacityStatus; available: number | null; maximum: number | null },
  at = new Date(),
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE hsds_service SET capacity_status = $2, capacity_available = $3, capacity_maximum = $4, capacity_updated = $5,
       last_modified = GREATEST(last_modified, $5) WHERE id = $1 RETURNING id`,
    [id, cap.status, cap.available, cap.maximum, at],
  );
  return rows.length > 0;
}

const NamedRow = z.object({ id: z.string(), content: z.record(z.string(), z.unknown()) });

export async function queryOrganizations(
  sql: Sql,
  q: { search?: string; limit: number; offset: number },
): Promise<{ total: number; rows: Json[] }> {
  const params: SqlParam[] = [];
  let w = '';
  if (q.search) {
    params.push(`%${escapeLike(q.search)}%`);
    w = `WHERE name ILIKE $1 OR content ->> 'description' ILIKE $1`;
  }
  const total = Number(
    (await sql.query(`SELECT count(*)::int AS n FROM hsds_organization ${w}`, params))[0]?.n ?? 0,
  );
  const rows = await sql.query(
    `SELECT id, content FROM hsds_organization ${w} ORDER BY name, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return { total, rows: rows.map((r) => scalarsOnly(NamedRow.parse(r).content)) };
}

export async function getOrganization(sql: Sql, id: string): Promise<Json | null> {
  const rows = await sql.query('SELECT id, content FROM hsds_organization WHERE id = $1', [id]);
  return rows[0] ? NamedRow.parse(rows[0]).content : null;
}

export async function queryTerms(
  sql: Sql,
  q: {
    taxonomyId?: string;
    parentId?: string;
    topOnly: boolean;
    search?: string;
    limit: number;
    offset: number;
  },
): Promise<{ total: number; rows: Json[] }> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const p = (v: SqlParam) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.taxonomyId) where.push(`taxonomy_id = ${p(q.taxonomyId)}`);
  if (q.parentId) where.push(`parent_id = ${p(q.parentId)}`);
  if (q.topOnly)
    where.push(
      `(parent_id IS NULL OR parent_id = '' OR NOT EXISTS (SELECT 1 FROM hsds_taxonomy_term pt WHERE pt.id = hsds_taxonomy_term.parent_id))`,
    );
  if (q.search) where.push(`name ILIKE ${p(`%${escapeLike(q.search)}%`)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number(
    (await sql.query(`SELECT count(*)::int AS n FROM hsds_taxonomy_term ${w}`, params))[0]?.n ?? 0,
  );
  const rows = await sql.query(
    `SELECT id, content FROM hsds_taxonomy_term ${w} ORDER BY name, id LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`,
    params,
  );
  return { total, rows: rows.map((r) => NamedRow.parse(r).content) };
}

export async function getTerm(sql: Sql, id: string): Promise<Json | null> {
  const rows = await sql.query('SELECT id, content FROM hsds_taxonomy_term WHERE id = $1', [id]);
  return rows[0] ? NamedRow.parse(rows[0]).content : null;
}

export async function queryTaxonomies(
  sql: Sql,
  q: { limit: number; offset: number },
): Promise<{ total: number; rows: Json[] }> {
  const total = Number((await sql.query('SELECT count(*)::int AS n FROM hsds_taxonomy'))[0]?.n ?? 0);
  const rows = await sql.query('SELECT id, content FROM hsds_taxonomy ORDER BY name, id LIMIT $1 OFFSET $2', [
    q.limit,
    q.offset,
  ]);
  return { total, rows: rows.map((r) => NamedRow.parse(r).content) };
}

export async function getTaxonomy(sql: Sql, id: string): Promise<Json | null> {
  const rows = await sql.query('SELECT id, content FROM hsds_taxonomy WHERE id = $1', [id]);
  return rows[0] ? NamedRow.parse(rows[0]).content : null;
}
