import pg from 'pg';
import { type Database, type Row, type Sql, type SqlParam, withRetries } from './database';

export interface PostgresOptions {
  url: string;
  /** Schema to create and use (tests isolate themselves this way); default: the server's search_path. */
  schema?: string;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// Return bigint counts as numbers (they are small here) and keep timestamps as Date (pg's default).
pg.types.setTypeParser(20, (v: string) => Number(v));

export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new Error(`invalid schema name: ${opts.schema}`);
  }
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const wrap = (q: pg.Pool | pg.PoolClient): Sql => ({
    async query(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const res = await q.query<Row>(text, [...params]);
      return res.rows;
    },
    async exec(script: string): Promise<void> {
      await q.query(script);
    },
  });
  const top = wrap(pool);
  return {
    kind: 'postgres',
    query: top.query,
    exec: top.exec,
    transaction: <T>(fn: (tx: Sql) => Promise<T>) =>
      withRetries(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const out = await fn(wrap(client));
          await client.query('COMMIT');
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}

/** Drops a test schema (used by the test harness after a suite). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
