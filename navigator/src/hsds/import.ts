import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database, Sql } from '../db/database';
import { canonicalJson } from '../fhir/canonical-json';
import {
  type CapacityStatus,
  OrganizationInput,
  ServiceInput,
  TaxonomyInput,
  TaxonomyTermInput,
} from './schemas';

export interface ImportReport {
  services: { created: number; updated: number; unchanged: number };
  organizations: number;
  taxonomyTerms: number;
  rejected: { index: number; id: string | null; reasons: string[] }[];
}

export class ImportShapeError extends Error {}

/**
 * Finds the service records in an HSDS JSON document: an array of services, a paged API response ({contents}),
 * an organization with nested services (organization_full), {services: [...]}, or one service record.
 */
export interface HsdsDocument {
  services: unknown[];
  organization: unknown | null;
  /** Top-level taxonomy lists, as in {taxonomies, taxonomy_terms, services} exports (the demo catalog). */
  taxonomies: unknown[];
  taxonomyTerms: unknown[];
}

export function extractServices(doc: unknown): HsdsDocument {
  const none = { organization: null, taxonomies: [], taxonomyTerms: [] };
  if (Array.isArray(doc)) return { ...none, services: doc };
  if (!doc || typeof doc !== 'object') {
    throw new ImportShapeError('expected a JSON array of HSDS services or an HSDS object');
  }
  const o = doc as Record<string, unknown>;
  if (Array.isArray(o.contents)) {
    // Paged API responses exist for organizations, taxonomies, … too; services always carry a status.
    const items = o.contents as unknown[];
    if (items.length > 0 && !items.some((i) => i && typeof i === 'object' && 'status' in i)) {
      throw new ImportShapeError(
        'no HSDS services found: this paged list holds other records (no "status" field)',
      );
    }
    return { ...none, services: items };
  }
  if (Array.isArray(o.services)) {
    const isOrg = typeof o.id === 'string' && typeof o.name === 'string';
    if (isOrg) {
      const { services, ...org } = o;
      return { ...none, services: services as unknown[], organization: org };
    }
    return {
      ...none,
      services: o.services,
      taxonomies: Array.isArray(o.taxonomies) ? o.taxonomies : [],
      taxonomyTerms: Array.isArray(o.taxonomy_terms) ? o.taxonomy_terms : [],
    };
  }
  if (typeof o.id === 'string' && typeof o.name === 'string' && 'status' in o)
    return { ...none, services: [o] };
  throw new ImportShapeError(
    'no HSDS services found: expected an array of services, {"contents": [...]}, {"services": [...]} or one service record',
  );
}

function describe(err: z.ZodError): string[] {
  return err.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`);
}

const hash = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');

function termsOf(s: ServiceInput): TaxonomyTermInput[] {
  const out: TaxonomyTermInput[] = [];
  for (const a of s.attributes ?? []) if (a.taxonomy_term) out.push(a.taxonomy_term);
  return out;
}

/**
 * Capacity from, in order: our `capacity_status` field, an attribute with link_type "capacity" (the HSDS 3.0 way
 * to say accepting / waitlist / full), or the HSDS 3.1 `capacities` count.
 */
export function capacityOf(
  s: ServiceInput,
): { status: CapacityStatus; available: number | null; maximum: number | null } | null {
  const cap = s.capacities?.[0];
  const available = cap ? cap.available : null;
  const maximum = cap?.maximum ?? null;
  if (s.capacity_status) return { status: s.capacity_status, available, maximum };
  for (const a of s.attributes ?? []) {
    if (a.link_type !== 'capacity' || typeof a.value !== 'string') continue;
    const v = a.value.toLowerCase();
    if (/full|complet/.test(v)) return { status: 'full', available, maximum };
    if (/wait|attente/.test(v)) return { status: 'waitlist', available, maximum };
    if (/accept|open|available|disponible/.test(v)) return { status: 'accepting', available, maximum };
  }
  if (cap) return { status: cap.available > 0 ? 'accepting' : 'full', available, maximum };
  return null;
}

async function upsertOrganization(tx: Sql, org: OrganizationInput, at: Date): Promise<void> {
  const { services: _s, ...content } = org as OrganizationInput & { services?: unknown };
  await tx.query(
    `INSERT INTO hsds_organization (id, name, last_modified, content) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, content = EXCLUDED.content,
       last_modified = CASE WHEN hsds_organization.content = EXCLUDED.content THEN hsds_organization.last_modified ELSE EXCLUDED.last_modified END`,
    [org.id, org.name, org.last_modified ? new Date(org.last_modified) : at, JSON.stringify(content)],
  );
}

async function upsertTerm(tx: Sql, t: TaxonomyTermInput): Promise<void> {
  const taxonomyId = t.taxonomy_id ?? t.taxonomy_detail?.id ?? null;
  await tx.query(
    `INSERT INTO hsds_taxonomy_term (id, name, parent_id, taxonomy_id, content) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, taxonomy_id = EXCLUDED.taxonomy_id, content = EXCLUDED.content`,
    [t.id, t.name, t.parent_id ?? null, taxonomyId, JSON.stringify(t)],
  );
  if (t.taxonomy_detail && taxonomyId) {
    await tx.query(
      `INSERT INTO hsds_taxonomy (id, name, content) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, content = EXCLUDED.content`,
      [taxonomyId, t.taxonomy_detail.name ?? taxonomyId, JSON.stringify(t.taxonomy_detail)],
    );
  }
}

const ExistingRow = z.object({
  content: z.record(z.string(), z.unknown()),
  content_hash: z.string(),
  capacity_status: z.string(),
  capacity_available: z.number().nullable(),
  capacity_maximum: z.number().nullable(),
});

/**
 * Imports HSDS services (with their organizations and taxonomy terms) in one transaction. Invalid records are
 * rejected with their reasons and the valid ones are kept. A changed record gets a last_modified no older than now,
 * so `modified_after` delta syncs always see the change, even when the publisher did not move its own date.
 */
export async function importHsds(db: Database, doc: unknown): Promise<ImportReport> {
  const { services, organization, taxonomies, taxonomyTerms } = extractServices(doc);
  const report: ImportReport = {
    services: { created: 0, updated: 0, unchanged: 0 },
    organizations: 0,
    taxonomyTerms: 0,
    rejected: [],
  };
  const parentOrg = organization ? OrganizationInput.safeParse(organization) : null;
  if (parentOrg && !parentOrg.success) {
    throw new ImportShapeError(`the organization record is invalid: ${describe(parentOrg.error).join('; ')}`);
  }
  const valid: ServiceInput[] = [];
  services.forEach((raw, index) => {
    const parsed = ServiceInput.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else {
      const id =
        raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
          ? (raw as { id: string }).id
          : null;
      report.rejected.push({ index, id, reasons: describe(parsed.error) });
    }
  });

  await db.transaction(async (tx) => {
    const at = new Date();
    report.services = { created: 0, updated: 0, unchanged: 0 };
    const orgs = new Map<string, OrganizationInput>();
    if (parentOrg?.success) orgs.set(parentOrg.data.id, parentOrg.data);
    for (const s of valid) if (s.organization) orgs.set(s.organization.id, s.organization);
    for (const org of orgs.values()) await upsertOrganization(tx, org, at);
    report.organizations = orgs.size;

    for (const raw of taxonomies) {
      const t = TaxonomyInput.safeParse(raw);
      if (!t.success) throw new ImportShapeError(`a taxonomy is invalid: ${describe(t.error).join('; ')}`);
      await tx.query(
        `INSERT INTO hsds_taxonomy (id, name, content) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, content = EXCLUDED.content`,
        [t.data.id, t.data.name, JSON.stringify(t.data)],
      );
    }
    const terms = new Map<string, TaxonomyTermInput>();
    for (const [i, raw] of taxonomyTerms.entries()) {
      const t = TaxonomyTermInput.safeParse(raw);
      if (!t.success)
        throw new ImportShapeError(`taxonomy_terms[${i}] is invalid: ${describe(t.error).join('; ')}`);
      terms.set(t.data.id, t.data);
    }
    for (const s of valid) for (const t of termsOf(s)) if (!terms.has(t.id)) terms.set(t.id, t);
    for (const t of terms.values()) await upsertTerm(tx, t);
    report.taxonomyTerms = terms.size;

    for (const s of valid)
      await upsertService(tx, s, parentOrg?.success ? parentOrg.data.id : null, at, report);
  });
  return report;
}

/**
 * Inserts or updates one service. An update merges at the top level: a field the input does not carry is kept, so
 * importing a list view (one-to-one fields only) over a full record loses nothing; sending `phones: []` clears.
 */
async function upsertService(
  tx: Sql,
  s: ServiceInput,
  parentOrgId: string | null,
  at: Date,
  report: ImportReport,
): Promise<void> {
  const { organization: org, capacity_status: _cs, capacities: _caps, last_modified, ...rest } = s;
  const organizationId = org?.id ?? s.organization_id ?? parentOrgId;
  const incoming: Record<string, unknown> = { ...rest, organization_id: organizationId };
  // Capacity is kept in its own columns (link workers change it) and re-published from there.
  if (rest.attributes) incoming.attributes = rest.attributes.filter((a) => a.link_type !== 'capacity');
  const prevRow = (
    await tx.query(
      'SELECT content, content_hash, capacity_status, capacity_available, capacity_maximum FROM hsds_service WHERE id = $1',
      [s.id],
    )
  )[0];
  const prev = prevRow ? ExistingRow.parse(prevRow) : null;
  const content = prev ? { ...prev.content, ...incoming } : incoming;
  const contentHash = hash(content);
  const published = last_modified ? new Date(last_modified) : at;
  const cap = capacityOf(s);
  if (!prev) {
    await tx.query(
      `INSERT INTO hsds_service (id, organization_id, name, status, last_modified, content_hash, content,
         capacity_status, capacity_available, capacity_maximum, capacity_updated)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)`,
      [
        s.id,
        organizationId,
        s.name,
        s.status,
        published,
        contentHash,
        JSON.stringify(content),
        cap?.status ?? 'accepting',
        cap?.available ?? null,
        cap?.maximum ?? null,
        at,
      ],
    );
    report.services.created++;
  } else {
    const capChanged =
      cap !== null &&
      (cap.status !== prev.capacity_status ||
        cap.available !== prev.capacity_available ||
        cap.maximum !== prev.capacity_maximum);
    if (prev.content_hash === contentHash && !capChanged) {
      report.services.unchanged++;
      return;
    }
    // Any change moves last_modified to at least now, so a delta sync (modified_after) sees it.
    const lastModified = new Date(Math.max(published.getTime(), at.getTime()));
    await tx.query(
      `UPDATE hsds_service SET organization_id = $2, name = $3, status = $4, last_modified = $5, content_hash = $6, content = $7::jsonb WHERE id = $1`,
      [s.id, organizationId, s.name, s.status, lastModified, contentHash, JSON.stringify(content)],
    );
    if (capChanged && cap) {
      await tx.query(
        'UPDATE hsds_service SET capacity_status = $2, capacity_available = $3, capacity_maximum = $4, capacity_updated = $5 WHERE id = $1',
        [s.id, cap.status, cap.available, cap.maximum, at],
      );
    }
    report.services.updated++;
  }
  if (rest.attributes) {
    await tx.query('DELETE FROM hsds_service_term WHERE service_id = $1', [s.id]);
    const termIds = [
      ...new Set(
        termsOf(s)
          .map((t) => t.id)
          .concat(rest.attributes.flatMap((a) => (a.taxonomy_term_id ? [a.taxonomy_term_id] : []))),
      ),
    ];
    if (termIds.length > 0) {
      await tx.query('INSERT INTO hsds_service_term (service_id, term_id) SELECT $1, unnest($2::text[])', [
        s.id,
        termIds,
      ]);
    }
  }
}

export async function countServices(sql: Sql): Promise<number> {
  const rows = await sql.query('SELECT count(*)::int AS n FROM hsds_service');
  return z.object({ n: z.number() }).parse(rows[0]).n;
}
