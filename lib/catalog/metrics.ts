/**
 * Cumulative milliseconds per sync step in this context (fetch, validate, derive, write, build…), for the benchmark
 * and for diagnosing a slow sync. Numbers only; never record content.
 */
export const syncMetrics: Record<string, number> = {};

export function resetSyncMetrics(): void {
  for (const k of Object.keys(syncMetrics)) delete syncMetrics[k];
}

export function addMetric(name: string, ms: number): void {
  syncMetrics[name] = (syncMetrics[name] ?? 0) + ms;
}

export async function timedAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    addMetric(name, performance.now() - t0);
  }
}

export function timed<T>(name: string, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    addMetric(name, performance.now() - t0);
  }
}
