import { useEffect, useRef, useState } from 'react';
import { db as defaultDb } from '@/lib/db';
import { getNeedMapping } from '@/lib/catalog/mapping';
import { loadCatalog, type LoadedCatalog } from '@/lib/catalog/reader';
import { readCatalogOverview, type CatalogOverview } from '@/lib/catalog/status';
import type { Db } from '@/lib/catalog/store';
import type { NeedMapping } from '@/lib/catalog/taxonomy';
import { log } from '@/lib/platform/log';

export interface CatalogHandle {
  catalog: LoadedCatalog | null;
  overview: CatalogOverview | null;
  mapping: NeedMapping | null;
  loading: boolean;
}

// One restored index per panel (per catalog version): reopening the Programs screen does not reload it.
let shared: { version: number; promise: Promise<LoadedCatalog | null> } | null = null;

function loadShared(db: Db, version: number): Promise<LoadedCatalog | null> {
  if (!shared || shared.version !== version) {
    const promise = loadCatalog(db).then((cat) => {
      // Warm the JIT while the clinician reads the first results, so typing is instant from the first key.
      if (cat) {
        const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback;
        (idle ?? ((cb: () => void) => setTimeout(cb, 50)))(() => cat.search.warmUp());
      }
      return cat;
    });
    shared = { version, promise };
  }
  return shared.promise;
}

/** Test hook: forget the shared index (each test uses its own database). */
export function resetSharedCatalog(): void {
  shared = null;
}

const FAST_POLL_MS = 1000;
const SLOW_POLL_MS = 10_000;

/**
 * The catalog for the side panel: the persisted index restored once (never rebuilt here), the sync status polled
 * (every second while a sync runs, so the progress bar moves), and a reload when the catalog version changes.
 */
export function useCatalog(openDb: () => Promise<Db> = defaultDb): CatalogHandle {
  const [state, setState] = useState<CatalogHandle>({
    catalog: null,
    overview: null,
    mapping: null,
    loading: true,
  });
  const versionRef = useRef<number | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const db = await openDb();
        const overview = await readCatalogOverview(db);
        const version = overview.active?.version ?? null;
        let catalog: LoadedCatalog | null | undefined;
        let mapping: NeedMapping | undefined;
        if (version !== versionRef.current) {
          catalog = version === null ? null : await loadShared(db, version);
          mapping = await getNeedMapping(db);
          versionRef.current = version;
        }
        if (!alive) return;
        setState((s) => ({
          overview,
          catalog: catalog === undefined ? s.catalog : catalog,
          mapping: mapping ?? s.mapping,
          loading: false,
        }));
        timer = setTimeout(() => void tick(), overview.progress ? FAST_POLL_MS : SLOW_POLL_MS);
      } catch (e) {
        log('warn', 'catalog.panel.load-failed', { name: e instanceof Error ? e.name : 'unknown' });
        if (alive) {
          setState((s) => ({ ...s, loading: false }));
          timer = setTimeout(() => void tick(), SLOW_POLL_MS);
        }
      }
    };
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [openDb]);
  return state;
}
