import type { TokenVerifier } from './auth/tokens';
import type { Database } from './db/database';
import type { FaultInjector } from './faults/injector';

/** Counters since start, for GET /__test/stats and the benchmark. */
export interface Metrics {
  requests: number;
  transactions: number;
  transactionsCreated: number;
  idempotentReplays: number;
  idempotencyConflicts: number;
  idempotencyMismatches: number;
  unauthorized: number;
}

export function newMetrics(): Metrics {
  return {
    requests: 0,
    transactions: 0,
    transactionsCreated: 0,
    idempotentReplays: 0,
    idempotencyConflicts: 0,
    idempotencyMismatches: 0,
    unauthorized: 0,
  };
}

export type NavLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  code: string,
  facts?: Record<string, string | number | boolean | null>,
) => void;

export interface NavigatorContext {
  db: Database;
  tokens: TokenVerifier;
  metrics: Metrics;
  faults: FaultInjector | null;
  log: NavLog;
  version: string;
}
