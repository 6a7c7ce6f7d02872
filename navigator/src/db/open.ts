import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export const DEFAULT_DATA_DIR = join(fileURLToPath(new URL('../../', import.meta.url)), 'data');

export interface OpenOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing). */
  pgSchema?: string;
  /** PGlite data folder, or 'memory'. Default navigator/data/. */
  dataDir?: string;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.databaseUrl
    ? await openPostgres({ url: opts.databaseUrl, schema: opts.pgSchema })
    : await openPglite(opts.dataDir ?? DEFAULT_DATA_DIR);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
