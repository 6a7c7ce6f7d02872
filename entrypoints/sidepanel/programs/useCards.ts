import { useEffect, useState } from 'react';
import { programsForDocs, type LoadedCatalog } from '@/lib/catalog/reader';
import type { Program } from '@/lib/catalog/program';

/** Program cards for the documents on screen, fetched a page at a time and cached for this catalog version. */
export function useCards(catalog: LoadedCatalog | null, docs: readonly number[]): Map<number, Program> {
  const [cache, setCache] = useState<{ version: number; cards: Map<number, Program> }>({
    version: -1,
    cards: new Map(),
  });
  const version = catalog?.active.version ?? -1;
  const key = docs.join(',');
  useEffect(() => {
    if (!catalog) return;
    const known = cache.version === version ? cache.cards : new Map<number, Program>();
    const missing = docs.filter((d) => !known.has(d));
    if (missing.length === 0) return;
    let alive = true;
    void programsForDocs(catalog, missing).then((found) => {
      if (!alive) return;
      setCache((c) => {
        const base = c.version === version ? c.cards : new Map<number, Program>();
        // Bounded: keep the most recent few hundred cards.
        const next = new Map([...base].slice(-400));
        for (const [d, p] of found) next.set(d, p);
        return { version, cards: next };
      });
    });
    return () => {
      alive = false;
    };
    // `key` stands for `docs` (a new array on every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalog, version, key]);
  return cache.version === version ? cache.cards : new Map();
}
