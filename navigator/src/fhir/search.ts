import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Sql, SqlParam } from '../db/database';
import { parseDateParam } from './dates';
import { parseTokenCriterion } from './identifiers';
import { fhirError } from './outcome';
import { parseRelativeReference } from './references';
import { RESOURCE_COLUMNS, type StoredResource, toStored } from './store';

export const SEARCHABLE = ['Task', 'ServiceRequest'] as const;
const KNOWN_PARAMS = new Set(['identifier', '_id', '_lastUpdated', '_count', '_offset', '_include', '_sort']);
const MAX_COUNT = 1000;
const DEFAULT_COUNT = 100;

export type Query = Record<string, string | string[] | undefined>;

function values(q: Query, name: string): string[] {
  const v = q[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Splits a comma-separated OR list, keeping `\,` escapes inside a value. */
function orList(v: string): string[] {
  return v.split(/(?<!\\),/).filter((s) => s !== '');
}

function intParam(q: Query, name: string, def: number, max: number): number {
  const vs = values(q, name);
  if (vs.length === 0) return def;
  const n = Number(vs[0]);
  if (!Number.isInteger(n) || n < 0)
    throw fhirError(400, 'invalid', `${name} must be a non-negative integer`);
  return Math.min(n, max);
}

export interface SearchOptions {
  type: (typeof SEARCHABLE)[number];
  clinicId: string;
  query: Query;
  /** Absolute URL of the search endpoint (for links and fullUrls). */
  baseUrl: string;
  /** `Prefer: handling=strict`: unknown parameters are an error instead of being ignored. */
  strict: boolean;
}

/**
 * Task / ServiceRequest search: identifier, _id, _lastUpdated (gt/ge/lt/le/eq, repeatable), _count, _offset,
 * _include=Task:focus. Results are ordered by last update so a poller can page through changes in order.
 * Bundle.meta.lastUpdated is the server time the search ran: the value to use for the next `_lastUpdated=gt` poll.
 */
export async function search(sql: Sql, opts: SearchOptions): Promise<Bundle> {
  const { type, clinicId, query } = opts;
  const ranAt = new Date();
  const where: string[] = ['r.resource_type = $1', 'r.clinic_id = $2'];
  const params: SqlParam[] = [type, clinicId];
  const p = (v: SqlParam) => {
    params.push(v);
    return `$${params.length}`;
  };
  const ignored: OperationOutcomeIssue[] = [];
  for (const name of Object.keys(query)) {
    if (!KNOWN_PARAMS.has(name)) {
      if (opts.strict) throw fhirError(400, 'not-supported', `search parameter "${name}" is not supported`);
      ignored.push({
        severity: 'warning',
        code: 'not-supported',
        diagnostics: `search parameter "${name}" was ignored`,
      });
    }
  }

  for (const v of values(query, '_id')) {
    const ids = orList(v);
    where.push(`r.id = ANY(${p(ids)}::text[])`);
  }
  for (const v of values(query, 'identifier')) {
    const ors = orList(v).map((raw) => parseTokenCriterion(raw, 'identifier'));
    const clauses = ors.map((c) =>
      c.system === null
        ? `(i.value = ${p(c.value)})`
        : `(i.value = ${p(c.value)} AND i.system = ${p(c.system)})`,
    );
    where.push(
      `EXISTS (SELECT 1 FROM fhir_identifier i WHERE i.resource_type = r.resource_type AND i.resource_id = r.id AND (${clauses.join(' OR ')}))`,
    );
  }
  for (const v of values(query, '_lastUpdated')) {
    for (const b of parseDateParam(v, '_lastUpdated')) where.push(`r.last_updated ${b.op} ${p(b.at)}`);
  }
  const includes = values(query, '_include');
  for (const inc of includes) {
    if (!(type === 'Task' && (inc === 'Task:focus' || inc === 'Task:focus:ServiceRequest'))) {
      throw fhirError(400, 'not-supported', `_include=${inc} is not supported (only Task:focus)`);
    }
  }
  const sort = values(query, '_sort')[0];
  const desc = sort === '-_lastUpdated';
  if (sort !== undefined && sort !== '_lastUpdated' && sort !== '-_lastUpdated') {
    throw fhirError(
      400,
      'not-supported',
      `_sort=${sort} is not supported (only _lastUpdated or -_lastUpdated)`,
    );
  }
  const count = intParam(query, '_count', DEFAULT_COUNT, MAX_COUNT);
  const offset = intParam(query, '_offset', 0, 1_000_000);

  const whereSql = where.join(' AND ');
  const totalRows = await sql.query(
    `SELECT count(*)::int AS n FROM fhir_resource r WHERE ${whereSql}`,
    params,
  );
  const total = Number(totalRows[0]?.n ?? 0);
  const order = desc ? 'r.last_updated DESC, r.id DESC' : 'r.last_updated, r.id';
  const rows = await sql.query(
    `SELECT ${RESOURCE_COLUMNS} FROM fhir_resource r WHERE ${whereSql} ORDER BY ${order} LIMIT ${p(count)} OFFSET ${p(offset)}`,
    params,
  );
  const matches = rows.map(toStored);

  const included: StoredResource[] = [];
  if (includes.length > 0) {
    const focusIds = new Set<string>();
    for (const m of matches) {
      const ref = (m.resource as { focus?: { reference?: string } }).focus?.reference;
      const parsed = ref ? parseRelativeReference(ref) : null;
      if (parsed?.type === 'ServiceRequest') focusIds.add(parsed.id);
    }
    if (focusIds.size > 0) {
      const inc = await sql.query(
        `SELECT ${RESOURCE_COLUMNS} FROM fhir_resource WHERE resource_type = 'ServiceRequest' AND id = ANY($1::text[]) AND clinic_id = $2`,
        [[...focusIds], clinicId],
      );
      included.push(...inc.map(toStored));
    }
  }

  const fhirBase = opts.baseUrl.replace(/\/[A-Za-z]+$/, '');
  const entry: BundleEntry[] = [
    ...matches.map((m) => ({
      fullUrl: `${fhirBase}/${m.resourceType}/${m.id}`,
      resource: m.resource,
      search: { mode: 'match' as const },
    })),
    ...included.map((m) => ({
      fullUrl: `${fhirBase}/${m.resourceType}/${m.id}`,
      resource: m.resource,
      search: { mode: 'include' as const },
    })),
  ];
  if (ignored.length > 0) {
    entry.push({
      resource: { resourceType: 'OperationOutcome', issue: ignored } as Resource,
      search: { mode: 'outcome' },
    });
  }
  const link = [{ relation: 'self', url: pageUrl(opts.baseUrl, query, offset, count) }];
  if (offset + matches.length < total)
    link.push({ relation: 'next', url: pageUrl(opts.baseUrl, query, offset + count, count) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    meta: { lastUpdated: ranAt.toISOString() },
    total,
    link,
    entry,
  };
}

function pageUrl(base: string, query: Query, offset: number, count: number): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries(query)) {
    if (k === '_offset' || k === '_count' || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) u.searchParams.append(k, one);
  }
  u.searchParams.set('_count', String(count));
  if (offset > 0) u.searchParams.set('_offset', String(offset));
  return u.toString();
}
