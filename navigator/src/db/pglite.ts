import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Database, type Row, type Sql, type SqlParam, withRetries } from './database';

/**
 * Embedded PostgreSQL (WASM). `dataDir` is a folder (created if missing; survives restarts) or 'memory'.
 * PGlite has a single connection and serialises transactions itself, so concurrent requests queue here.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir === 'memory' ? 'memory://' : dataDir);
  const wrap = (q: PGlite | Transaction): Sql => ({
    async query(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const res = await q.query<Row>(text, [...params]);
      return res.rows;
    },
    async exec(script: string): Promise<void> {
      await q.exec(script);
    },
  });
  const top = wrap(db);
  return {
    kind: 'pglite',
    query: top.query,
    exec: top.exec,
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => withRetries(() => db.transaction((tx) => fn(wrap(tx)))),
    close: () => db.close(),
  };
}
