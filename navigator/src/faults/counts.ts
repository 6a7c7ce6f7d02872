import { z } from 'zod';
import type { Sql } from '../db/database';
import type { IdentCriterion } from '../fhir/identifiers';

const N = z.object({ n: z.number() });

/**
 * Per referral (the ServiceRequest's business identifier): how many ServiceRequests carry it and how many Tasks
 * point at those ServiceRequests. Exactly-once delivery means {1, 1}.
 */
export async function referralCounts(
  sql: Sql,
  c: IdentCriterion,
): Promise<{ serviceRequests: number; tasks: number }> {
  const srRows = await sql.query(
    `SELECT DISTINCT resource_id FROM fhir_identifier
      WHERE resource_type = 'ServiceRequest' AND value = $1 AND ($2::text IS NULL OR system = $2)`,
    [c.value, c.system],
  );
  const ids = srRows.map((r) => String(r.resource_id));
  if (ids.length === 0) return { serviceRequests: 0, tasks: 0 };
  const refs = ids.map((id) => `ServiceRequest/${id}`);
  const t = await sql.query(
    `SELECT count(*)::int AS n FROM fhir_resource WHERE resource_type = 'Task' AND content -> 'focus' ->> 'reference' = ANY($1::text[])`,
    [refs],
  );
  return { serviceRequests: ids.length, tasks: N.parse(t[0]).n };
}

/** Totals over the whole store, including how many ServiceRequests have more than one Task (duplicates). */
export async function totals(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql.query(
    `SELECT resource_type, count(*)::int AS n FROM fhir_resource GROUP BY resource_type`,
  );
  const byType: Record<string, number> = {};
  for (const r of rows) byType[String(r.resource_type)] = Number(r.n);
  const dup = await sql.query(
    `SELECT count(*)::int AS n FROM (
       SELECT content -> 'focus' ->> 'reference' AS f FROM fhir_resource WHERE resource_type = 'Task'
        GROUP BY 1 HAVING count(*) > 1) d`,
  );
  const orphan = await sql.query(
    `SELECT count(*)::int AS n FROM fhir_resource s WHERE s.resource_type = 'ServiceRequest' AND NOT EXISTS (
       SELECT 1 FROM fhir_resource t WHERE t.resource_type = 'Task' AND t.content -> 'focus' ->> 'reference' = 'ServiceRequest/' || s.id)`,
  );
  return {
    serviceRequests: byType.ServiceRequest ?? 0,
    tasks: byType.Task ?? 0,
    resources: Object.values(byType).reduce((a, b) => a + b, 0),
    serviceRequestsWithDuplicateTasks: N.parse(dup[0]).n,
    serviceRequestsWithoutTask: N.parse(orphan[0]).n,
  };
}
