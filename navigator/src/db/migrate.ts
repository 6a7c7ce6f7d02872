import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

/** The migration files, one per step, in order. A gap or a duplicate number is a packaging error. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort();
  return files.map((name, i) => {
    const version = name.slice(0, 4);
    if (Number(version) !== i + 1)
      throw new Error(`migration ${name} is out of sequence (expected ${i + 1})`);
    return { version, name, sql: readFileSync(new URL(name, `file://${dir}/`), 'utf8') };
  });
}

// Arbitrary constant: serialises concurrent starts of several navigator processes on one PostgreSQL database.
const LOCK_ID = 874_203_117;

/** Applies every migration not yet recorded, all in one transaction (all or none). Returns the versions applied. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
  );
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    const done = new Set(
      (await tx.query('SELECT version FROM schema_migrations')).map((r) => String(r.version)),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date(),
      ]);
      applied.push(m.version);
    }
  });
  return applied;
}
