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

/**
 * Stores a report. With a client-chosen `id` (the extension's report UUID) a repeated delivery is recognised and
 * stored once: `created` is false the second time.
 */
export async function addFeedback(
  db: Database,
  clinic: Clinic,
  serviceId: string,
  input: { category: FeedbackCategory; message: string },
  clientId?: string,
): Promise<{ id: string; created_at: string; created: boolean }> {
  const id = clientId ?? randomUUID();
  const at = new Date();
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO listing_feedback (id, service_id, clinic_id, category, message, created_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'open') ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, serviceId, clinic.id, input.category, input.message, at],
    );
    if (inserted.length === 0) {
      const prev = await tx.query('SELECT created_at, clinic_id FROM listing_feedback WHERE id = $1', [id]);
      const row = z.object({ created_at: z.date(), clinic_id: z.string().nullable() }).parse(prev[0]);
      if (row.clinic_id !== clinic.id) throw new FeedbackIdConflict();
      return { id, created_at: row.created_at.toISOString(), created: false };
    }
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
    return { id, created_at: at.toISOString(), created: true };
  });
}

/** A report id already used by another clinic. */
export class FeedbackIdConflict extends Error {}

/** The extension's listing-report shape (lib/catalog/reports.ts): POST {catalogHsdsBaseUrl}/listing_reports. */
export const ListingReportInput = z.object({
  id: z.uuid(),
  service_id: z.string().min(1).max(200),
  kind: z.enum(['closed', 'wrong-contact', 'wrong-hours', 'wrong-eligibility', 'other']),
  comment: z.string().trim().max(2000).default(''),
  reported_at: z.string().max(40).optional(),
});

export const KIND_TO_CATEGORY: Record<z.infer<typeof ListingReportInput>['kind'], FeedbackCategory> = {
  closed: 'closed',
  'wrong-contact': 'contact',
  'wrong-hours': 'hours',
  'wrong-eligibility': 'eligibility',
  other: 'other',
};

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
