import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../db/database';
import { Role, type User } from './users';

const SESSION_HOURS = 12;

export interface Session {
  user: User;
  csrfToken: string;
}

const hash = (v: string) => createHash('sha256').update(v).digest('hex');

/** Creates a session; returns the cookie value (only its hash is stored). */
export async function createSession(sql: Sql, user: User): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = new Date();
  await sql.query('DELETE FROM app_session WHERE expires_at < $1', [now]);
  await sql.query(
    'INSERT INTO app_session (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hash(cookie), user.id, csrfToken, now, new Date(now.getTime() + SESSION_HOURS * 3600_000)],
  );
  return { cookie, csrfToken };
}

const SessionRow = z.object({ csrf_token: z.string(), id: z.string(), username: z.string(), role: Role });

export async function readSession(sql: Sql, cookie: string | undefined): Promise<Session | null> {
  if (!cookie || cookie.length > 200) return null;
  const rows = await sql.query(
    `SELECT s.csrf_token, u.id, u.username, u.role FROM app_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > $2`,
    [hash(cookie), new Date()],
  );
  if (!rows[0]) return null;
  const r = SessionRow.parse(rows[0]);
  return { user: { id: r.id, username: r.username, role: r.role }, csrfToken: r.csrf_token };
}

export async function deleteSession(sql: Sql, cookie: string | undefined): Promise<void> {
  if (cookie) await sql.query('DELETE FROM app_session WHERE id_hash = $1', [hash(cookie)]);
}
