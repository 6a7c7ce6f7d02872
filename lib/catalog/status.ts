import { db as defaultDb } from '@/lib/db';
import { QuarantineEntry, type ActiveCatalog, type CatalogProgress, type CatalogStatus } from './meta';
import { getActive, getProgress, getStaging, getStatus, type Db } from './store';

/**
 * What the side panel's status line and the options page show about the catalog: the live catalog, the last run,
 * the last error, a sync in progress (records done / total) and the quarantined records with their reasons.
 */
export interface CatalogOverview {
  active: ActiveCatalog | null;
  status: CatalogStatus;
  progress: CatalogProgress | null;
  /** An interrupted full sync waiting to resume (records staged so far). */
  resumable: { done: number; total: number | null } | null;
}

export async function readCatalogOverview(database?: Db): Promise<CatalogOverview> {
  const db = database ?? (await defaultDb());
  const [active, status, progress, staging] = await Promise.all([
    getActive(db),
    getStatus(db),
    getProgress(db),
    getStaging(db),
  ]);
  return {
    active,
    status,
    progress: progress?.running ? progress : null,
    resumable: staging ? { done: staging.done, total: staging.totalItems } : null,
  };
}

/** Quarantined records (at most `limit`), each with its zod paths and messages. */
export async function listQuarantine(limit = 200, database?: Db): Promise<QuarantineEntry[]> {
  const db = database ?? (await defaultDb());
  const out: QuarantineEntry[] = [];
  let cursor = await db.transaction('quarantine').store.openCursor();
  while (cursor && out.length < limit) {
    const r = QuarantineEntry.safeParse(cursor.value);
    if (r.success) out.push(r.data);
    cursor = await cursor.continue();
  }
  return out;
}
