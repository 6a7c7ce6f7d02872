import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit';
import type { Database, Sql } from '../db/database';
import { hashPassword, randomPassword, verifyPassword } from './passwords';

export const Role = z.enum(['link-worker', 'admin']);
export type Role = z.infer<typeof Role>;
export const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits, dot, underscore, @ and dash only');

export interface User {
  id: string;
  username: string;
  role: Role;
}

const UserRow = z.object({ id: z.string(), username: z.string(), role: Role, password_hash: z.string() });

/** Creates a user; returns the password (generated when not given) so the caller can show it once. */
export async function createUser(
  db: Database,
  username: string,
  role: Role,
  password?: string,
  actor = 'cli',
): Promise<{ user: User; password: string }> {
  const name = Username.parse(username);
  const pw = password ?? randomPassword();
  if (pw.length < 8) throw new Error('password must be at least 8 characters');
  const hash = await hashPassword(pw);
  const user: User = { id: randomUUID(), username: name, role: Role.parse(role) };
  await db.transaction(async (tx) => {
    const rows = await tx.query(
      'INSERT INTO app_user (id, username, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id',
      [user.id, user.username, user.role, hash, new Date()],
    );
    if (rows.length === 0) throw new Error(`user "${name}" already exists`);
    await recordAudit(tx, {
      actorType: 'system',
      actor,
      action: 'user.created',
      entity: `User/${user.id}`,
      detail: { username: name, role },
    });
  });
  return { user, password: pw };
}

export async function countUsers(sql: Sql): Promise<number> {
  const rows = await sql.query('SELECT count(*)::int AS n FROM app_user');
  return z.object({ n: z.number() }).parse(rows[0]).n;
}

// Verifying against a fixed dummy hash when the user does not exist keeps the response time the same either way.
let dummyHash: Promise<string> | null = null;

export async function authenticate(sql: Sql, username: string, password: string): Promise<User | null> {
  const rows = await sql.query('SELECT id, username, role, password_hash FROM app_user WHERE username = $1', [
    username.trim(),
  ]);
  const row = rows[0] ? UserRow.parse(rows[0]) : null;
  if (!row) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, row.password_hash))) return null;
  return { id: row.id, username: row.username, role: row.role };
}
