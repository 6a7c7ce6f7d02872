/**
 * One small interface over the two storage engines: embedded PGlite (default, one process, data folder on disk or in
 * memory) and PostgreSQL via `pg` (when DATABASE_URL is set). Both speak the same SQL, so the migrations and every
 * query are shared. Rows come back as plain objects; callers validate them with zod where they cross into the app.
 */
export type SqlParam = string | number | boolean | null | Date | string[] | number[];
export type Row = Record<string, unknown>;

export interface Sql {
  query(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one database transaction. Serialisation failures, deadlocks and unique-constraint races are
   * retried from the start (a few times, with jitter): concurrent duplicates of the same referral then see each
   * other's committed rows on the retry instead of failing.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL SQLSTATEs worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

export function sqlState(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && RETRYABLE.has(code);
}

/** Thrown when a transaction kept conflicting after every retry (mapped to 409 by the HTTP layer). */
export class TransactionConflictError extends Error {
  constructor(readonly attempts: number) {
    super(`transaction still conflicting after ${attempts} attempts`);
  }
}

export const MAX_ATTEMPTS = 12;

/** Process-wide count of retried transactions (reported by GET /__test/stats). */
export const retryStats = { retries: 0 };

export async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (i >= MAX_ATTEMPTS) throw new TransactionConflictError(i);
      retryStats.retries++;
      // Full jitter, growing: spreads the losers of a race so they do not collide again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** i)));
    }
  }
}
