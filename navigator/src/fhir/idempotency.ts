import { z } from 'zod';
import type { Sql } from '../db/database';
import { fhirError } from './outcome';

/** How long a claimed key stays "in flight" before another request may take it over (crashed worker). */
const LEASE_MS = 60_000;

export type IdempotencyStart =
  | { kind: 'proceed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

const KeyRow = z.object({
  request_hash: z.string(),
  state: z.enum(['in-flight', 'done']),
  locked_until: z.date().nullable(),
  response_status: z.number().int().nullable(),
  response_body: z.unknown(),
});

/** The header value: an sf-string per the IETF draft ("…") or a bare token; 1–255 printable characters. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw fhirError(400, 'invalid', 'send a single Idempotency-Key header');
  let key = raw.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw fhirError(
      400,
      'invalid',
      'Idempotency-Key must be 1–255 printable ASCII characters (a UUID is expected)',
    );
  }
  return key;
}

/**
 * Claims `key` for this request, or says what to answer instead: the stored response (same payload, done), 422
 * (different payload), 409 (same key still being processed).
 */
export async function startIdempotent(
  sql: Sql,
  clinicId: string,
  key: string,
  hash: string,
  now = new Date(),
): Promise<IdempotencyStart> {
  const lease = new Date(now.getTime() + LEASE_MS);
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await sql.query(
      `INSERT INTO idempotency_key (clinic_id, key, request_hash, state, locked_until, created_at)
       VALUES ($1, $2, $3, 'in-flight', $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [clinicId, key, hash, lease, now],
    );
    if (inserted.length > 0) return { kind: 'proceed' };
    const rows = await sql.query(
      'SELECT request_hash, state, locked_until, response_status, response_body FROM idempotency_key WHERE clinic_id = $1 AND key = $2',
      [clinicId, key],
    );
    const row = rows[0];
    if (!row) continue; // released between our insert and select: try again
    const r = KeyRow.parse(row);
    if (r.request_hash !== hash) return { kind: 'mismatch' };
    if (r.state === 'done')
      return { kind: 'replay', status: r.response_status ?? 200, body: r.response_body };
    if (r.locked_until && r.locked_until.getTime() < now.getTime()) {
      const taken = await sql.query(
        `UPDATE idempotency_key SET locked_until = $3 WHERE clinic_id = $1 AND key = $2 AND state = 'in-flight' AND locked_until = $4 RETURNING key`,
        [clinicId, key, lease, r.locked_until],
      );
      if (taken.length > 0) return { kind: 'proceed' };
      continue;
    }
    return { kind: 'in-flight' };
  }
  return { kind: 'in-flight' };
}

/** Stores the response; called inside the same database transaction as the writes it describes. */
export async function finishIdempotent(
  tx: Sql,
  clinicId: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await tx.query(
    `UPDATE idempotency_key SET state = 'done', locked_until = NULL, response_status = $3, response_body = $4::jsonb
      WHERE clinic_id = $1 AND key = $2`,
    [clinicId, key, status, JSON.stringify(body)],
  );
}

/** Keys are kept this long, then forgotten (the IETF draft lets a server expire keys; clients retry far sooner). */
export const KEY_RETENTION_DAYS = 30;

export async function purgeExpiredKeys(sql: Sql, now = new Date()): Promise<number> {
  const rows = await sql.query(`DELETE FROM idempotency_key WHERE created_at < $1 RETURNING key`, [
    new Date(now.getTime() - KEY_RETENTION_DAYS * 86_400_000),
  ]);
  return rows.length;
}

/** Releases a claim whose request failed before committing anything, so a retry can run it again. */
export async function releaseIdempotent(sql: Sql, clinicId: string, key: string): Promise<void> {
  await sql.query(`DELETE FROM idempotency_key WHERE clinic_id = $1 AND key = $2 AND state = 'in-flight'`, [
    clinicId,
    key,
  ]);
}
