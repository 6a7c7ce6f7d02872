import { z } from 'zod';
import { db as defaultDb } from '@/lib/db';
import { ActiveCatalog, CARD_PAGE, META, idx } from './meta';
import { Program } from './program';
import { DocTableDataSchema, type DocTableData } from './search/docs';
import { CatalogSearch } from './search/engine';
import { Segment, SegmentDataSchema, type SegmentData } from './search/segment';
import { getActive, type Db } from './store';

/**
 * The side panel's view of the catalog: the persisted index restored in one read transaction (typed arrays, no
 * parsing, no rebuild), and program cards fetched a page at a time for the results on screen. Nothing here writes.
 */
export interface LoadedCatalog {
  active: ActiveCatalog;
  search: CatalogSearch;
  db: Db;
}

/** Loads the live catalog's index, or null when there is none yet. */
export async function loadCatalog(database?: Db): Promise<LoadedCatalog | null> {
  const db = database ?? (await defaultDb());
  const tx = db.transaction(['catalogMeta', 'catalogIndex'], 'readonly');
  const activeRaw = await tx.objectStore('catalogMeta').get(META.active);
  const active = ActiveCatalog.safeParse(activeRaw);
  if (!active.success) {
    await tx.done;
    return null;
  }
  const gen = active.data.gen;
  const index = tx.objectStore('catalogIndex');
  const [docsRaw, baseRaw, deltaRaw] = await Promise.all([
    index.get(idx.docs(gen)),
    index.get(idx.base(gen)),
    active.data.hasDelta ? index.get(idx.delta(gen)) : Promise.resolve(undefined),
  ]);
  await tx.done;
  const docs = DocTableDataSchema.safeParse(docsRaw);
  const base = SegmentDataSchema.safeParse(baseRaw);
  if (!docs.success || !base.success) return null;
  const segments = [{ segment: new Segment(base.data as SegmentData), docCount: active.data.baseDocs }];
  if (deltaRaw !== undefined) {
    const delta = SegmentDataSchema.safeParse(deltaRaw);
    if (delta.success) {
      segments.push({
        segment: new Segment(delta.data as SegmentData),
        docCount: docs.data.count - active.data.baseDocs,
      });
    }
  }
  return { active: active.data, search: new CatalogSearch(docs.data as DocTableData, segments), db };
}

const CardPage = z.object({ v: z.literal(1), cards: z.array(z.unknown()).max(CARD_PAGE) });

/** Program cards for document numbers, one read transaction; cards that fail validation are left out. */
export async function programsForDocs(
  cat: LoadedCatalog,
  docs: readonly number[],
): Promise<Map<number, Program>> {
  const pages = [...new Set(docs.map((d) => Math.floor(d / CARD_PAGE)))];
  const tx = cat.db.transaction('catalogIndex', 'readonly');
  const raw = await Promise.all(pages.map((p) => tx.store.get(idx.card(cat.active.gen, p))));
  await tx.done;
  const byPage = new Map<number, unknown[]>();
  pages.forEach((p, i) => {
    const r = CardPage.safeParse(raw[i]);
    if (r.success) byPage.set(p, r.data.cards);
  });
  const out = new Map<number, Program>();
  for (const d of docs) {
    const card = byPage.get(Math.floor(d / CARD_PAGE))?.[d % CARD_PAGE];
    const r = Program.safeParse(card);
    if (r.success && r.data.id === cat.search.ids[d]) out.set(d, r.data);
  }
  return out;
}

/** Program cards by id (e.g. the visit's chosen programs), in the order asked; unknown ids are skipped. */
export async function programsByIds(cat: LoadedCatalog, ids: readonly string[]): Promise<Program[]> {
  const docs = ids.map((id) => cat.search.docOf(id)).filter((d): d is number => d !== null);
  const cards = await programsForDocs(cat, docs);
  return docs.map((d) => cards.get(d)).filter((p): p is Program => !!p);
}

/** The live catalog version, cheap to poll (a panel reloads its index when it changes). */
export async function activeVersion(database?: Db): Promise<number | null> {
  const db = database ?? (await defaultDb());
  return (await getActive(db))?.version ?? null;
}
