import type { Handler } from '@/lib/messaging/router';
import { drainListingReports, queueListingReport } from './reports';
import type { Db } from './store';
import { isSyncRunning, runCatalogSync, type CatalogSyncDeps } from './sync';

/**
 * Background handlers for the catalog messages (lib/messaging/payloads/catalog.ts). The background registers them
 * and also calls `runCatalogSync` from its chrome.alarms tick (every `catalogSyncMinutes`).
 */
export interface CatalogHandlerDeps {
  sync: CatalogSyncDeps;
  db?: () => Promise<Db>;
  now?: () => number;
  newId?: () => string;
}

export function createCatalogHandlers(deps: CatalogHandlerDeps): {
  'catalog.sync': Handler<'catalog.sync'>;
  'listing.report': Handler<'listing.report'>;
} {
  const drain = () =>
    drainListingReports({
      fetchImpl: deps.sync.fetchImpl,
      getSettings: deps.sync.getSettings,
      db: deps.db,
    }).catch(() => 0);
  return {
    'catalog.sync': async (req) => {
      const wasRunning = isSyncRunning();
      // The sync reports progress through catalogMeta; the caller does not wait for it.
      void runCatalogSync(deps.sync, { mode: req.mode }).then(() => drain());
      return { started: !wasRunning };
    },
    'listing.report': async (req) => {
      await queueListingReport(req, { db: deps.db, now: deps.now, newId: deps.newId });
      void drain();
      return { queued: true };
    },
  };
}

/** For the alarm tick: sync, then send any queued listing reports. */
export async function runCatalogAlarm(deps: CatalogHandlerDeps): Promise<void> {
  await runCatalogSync(deps.sync);
  await drainListingReports({
    fetchImpl: deps.sync.fetchImpl,
    getSettings: deps.sync.getSettings,
    db: deps.db,
  });
}
