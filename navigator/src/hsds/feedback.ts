import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit';
import type { Clinic } from '../auth/tokens';
import type { Database, Sql } from '../db/database';

export const FeedbackCategory = z.enum([
  'closed',
  'contact',
  'hours',
  'eligibility',
  'location',
  'cost',
  'capacity',
  'other',
]);
export type FeedbackCategory = z.infer<typeof FeedbackCategory>;

/** A "this listing is wrong" report. It is about the listing: the API docs ask for no patient details in it. */
export const FeedbackInput = z
  .object({
    category: FeedbackCategory.default('other'),
    message: z.string().trim().min(1, 'message is required').max(2000),
  })
  .strict();

export const FeedbackRow = z.object({
  id: z.string(),
  service_id: z.string(),
  service_name: z.string().nullable(),
  clinic_name: z.string().nullable(),
  category: FeedbackCategory,
  message: z.string(),
  created_at: z.date(),
  status: z.enum(['open', 'resolved']),
  resolved_by: z.string().nullable(),
  resolved_at: z.date().nullable(),
});
export type FeedbackRow = z.infer<typeof FeedbackRow>;

export async function addFeedback(
  db: Database,
  clinic: Clinic,
  serviceId: string,
  input: z.infer<typeof FeedbackInput>,
): Promise<{ id: string; created_at: string }> {
  const id = randomUUID();
  const at = new Date();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO listing_feedback (id, service_id, clinic_id, category, message, created_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'open')`,
      [id, serviceId, clinic.id, input.category, input.message, at],
    );
    await recordAudit(
      tx,
      {
        actorType: 'clinic',
        actor: clinic.name,
        action: 'feedback.received',
        entity: `Service/${serviceId}`,
        detail: { feedback: id, category: input.category },
      },
      at,
    );
  });
  return { id, created_at: at.toISOString() };
}

export async function listFeedback(sql: Sql, status: 'open' | 'resolved' | 'all'): Promise<FeedbackRow[]> {
  const rows = await sql.query(
    `SELECT f.id, f.service_id, s.name AS service_name, c.name AS clinic_name, f.category, f.message, f.created_at, f.status, f.resolved_by, f.resolved_at
       FROM listing_feedback f LEFT JOIN hsds_service s ON s.id = f.service_id LEFT JOIN clinic c ON c.id = f.clinic_id
      WHERE ($1 = 'all' OR f.status = $1) ORDER BY f.created_at DESC LIMIT 500`,
    [status],
  );
  return rows.map((r) => FeedbackRow.parse(r));
}

export async function resolveFeedback(db: Database, id: string, username: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE listing_feedback SET status = 'resolved', resolved_by = $2, resolved_at = $3 WHERE id = $1 AND status = 'open' RETURNING service_id`,
      [id, username, new Date()],
    );
    if (rows.length === 0) return false;
    await recordAudit(tx, {
      actorType: 'user',
      actor: username,
      action: 'feedback.resolved',
      entity: `Service/${String(rows[0]!.service_id)}`,
      detail: { feedback: id },
    });
    return true;
  });
}
