import { z } from 'zod';
import type { Sql } from '../db/database';

export type AuditActorType = 'clinic' | 'user' | 'system';

/** Details are ids, codes, counts and statuses only: the audit log is for "who, when, what", not a copy of the data. */
export type AuditDetail = Record<
  string,
  string | number | boolean | null | string[] | Record<string, number>
>;

export interface AuditEntry {
  actorType: AuditActorType;
  actor: string;
  action: string;
  entity?: string;
  detail?: AuditDetail;
}

export async function recordAudit(sql: Sql, e: AuditEntry, at = new Date()): Promise<void> {
  await sql.query(
    'INSERT INTO audit_event (at, actor_type, actor, action, entity, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
    [at, e.actorType, e.actor, e.action, e.entity ?? null, JSON.stringify(e.detail ?? {})],
  );
}

export const AuditRow = z.object({
  id: z.coerce.number(),
  at: z.date(),
  actor_type: z.enum(['clinic', 'user', 'system']),
  actor: z.string(),
  action: z.string(),
  entity: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditRow = z.infer<typeof AuditRow>;

export async function listAudit(sql: Sql, opts: { limit: number; beforeId?: number }): Promise<AuditRow[]> {
  const rows = await sql.query(
    `SELECT id, at, actor_type, actor, action, entity, detail FROM audit_event
      WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [opts.beforeId ?? null, opts.limit],
  );
  return rows.map((r) => AuditRow.parse(r));
}
