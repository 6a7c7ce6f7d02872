import type { CatalogHandlerDeps } from '@/lib/catalog/handlers';
import { loadSettings } from '@/lib/settings/store';

/** The background's catalog dependencies: the service worker's fetch and the clinic's catalog settings. */
export function backgroundCatalogDeps(): CatalogHandlerDeps {
  return {
    sync: {
      fetchImpl: (input, init) => fetch(input, init),
      getSettings: async () => (await loadSettings()).settings,
    },
  };
}
