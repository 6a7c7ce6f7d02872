import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Sql } from '../db/database';
import { recordAudit } from '../audit/audit';

export interface Clinic {
  id: string;
  name: string;
}

const PREFIX = 'srx_';
const CLINIC_NAME = z.string().trim().min(1).max(200);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Finds or creates the clinic by name. */
export async function ensureClinic(sql: Sql, name: string): Promise<Clinic> {
  const clean = CLINIC_NAME.parse(name);
  await sql.query(
    'INSERT INTO clinic (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [randomUUID(), clean, new Date()],
  );
  const rows = await sql.query('SELECT id, name FROM clinic WHERE name = $1', [clean]);
  return z.object({ id: z.string(), name: z.string() }).parse(rows[0]);
}

/**
 * Creates a new bearer token for a clinic and returns it in clear — the only time it exists in clear; the database
 * keeps its SHA-256. 32 random bytes make a brute-force or a rainbow table pointless, so no salt is needed.
 */
export async function createClinicToken(db: Database, clinicName: string, actor = 'cli'): Promise<string> {
  return db.transaction(async (tx) => {
    const clinic = await ensureClinic(tx, clinicName);
    const token = PREFIX + randomBytes(32).toString('base64url');
    await tx.query('INSERT INTO clinic_token (token_hash, clinic_id, created_at) VALUES ($1, $2, $3)', [
      hashToken(token),
      clinic.id,
      new Date(),
    ]);
    await recordAudit(tx, {
      actorType: 'system',
      actor,
      action: 'token.created',
      entity: `Clinic/${clinic.id}`,
      detail: { clinic: clinic.name },
    });
    return token;
  });
}

const TokenRow = z.object({ id: z.string(), name: z.string() });

/** Verifies bearer tokens; positive answers are cached briefly so a burst of referrals costs one lookup. */
export class TokenVerifier {
  private cache = new Map<string, { clinic: Clinic; until: number }>();
  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 30_000,
  ) {}

  async verify(authorization: string | undefined): Promise<Clinic | null> {
    if (!authorization) return null;
    const m = /^Bearer\s+(\S{1,512})$/i.exec(authorization.trim());
    if (!m) return null;
    const hash = hashToken(m[1]!);
    const hit = this.cache.get(hash);
    const now = Date.now();
    if (hit && hit.until > now) return hit.clinic;
    const rows = await this.db.query(
      `SELECT c.id, c.name FROM clinic_token t JOIN clinic c ON c.id = t.clinic_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [hash],
    );
    if (!rows[0]) {
      this.cache.delete(hash);
      return null;
    }
    const clinic = TokenRow.parse(rows[0]);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(hash, { clinic, until: now + this.ttlMs });
    return clinic;
  }
}
