import { z } from 'zod';
import type { SocialRxDatabase } from '@/lib/db';
import { log } from '@/lib/platform/log';
import { HsdsService } from './hsds-schema';
import {
  ActiveCatalog,
  CARD_PAGE,
  CatalogProgress,
  CatalogStatus,
  Cursor,
  Etags,
  META,
  StagingState,
  chunkRange,
  genOfChunk,
  genOfIndexKey,
  idx,
  type CatalogErrorCode,
} from './meta';
import { Program, type TermInfo, type TermMap } from './program';
import { DocTableDataSchema, type DocTableData } from './search/docs';
import { SegmentDataSchema, type SegmentData } from './search/segment';

/** Reading and writing the catalog stores. Every value read is validated; an invalid value reads as absent. */
export type Db = SocialRxDatabase;

type MetaKey = (typeof META)[keyof typeof META];

export async function readMeta<S extends z.ZodType>(
  db: Db,
  key: MetaKey,
  schema: S,
): Promise<z.output<S> | null> {
  const raw = await db.get('catalogMeta', key);
  if (raw === undefined) return null;
  const r = schema.safeParse(raw);
  if (!r.success) {
    log('warn', 'catalog.meta.invalid', { key, path: r.error.issues[0]?.path.join('.') ?? '' });
    return null;
  }
  return r.data;
}

export const getActive = (db: Db) => readMeta(db, META.active, ActiveCatalog);
export const getStaging = (db: Db) => readMeta(db, META.sync, StagingState);
export const getCursor = (db: Db) => readMeta(db, META.cursor, Cursor);
export const getProgress = (db: Db) => readMeta(db, META.progress, CatalogProgress);
export const getEtags = async (db: Db) => (await readMeta(db, META.etags, Etags)) ?? {};
export async function getStatus(db: Db): Promise<CatalogStatus> {
  return (await readMeta(db, META.status, CatalogStatus)) ?? CatalogStatus.parse({});
}

export async function putStatus(db: Db, patch: Partial<CatalogStatus>): Promise<CatalogStatus> {
  const next = { ...(await getStatus(db)), ...patch };
  await db.put('catalogMeta', next, META.status);
  return next;
}

export async function recordError(db: Db, code: CatalogErrorCode, detail: string, at: string): Promise<void> {
  await putStatus(db, { lastError: { code, detail: detail.slice(0, 200), at }, lastAttemptAt: at });
}

export async function setProgress(db: Db, p: CatalogProgress | null): Promise<void> {
  if (p) await db.put('catalogMeta', p, META.progress);
  else await db.delete('catalogMeta', META.progress);
}

const CardPage = z.object({ v: z.literal(1), cards: z.array(Program).max(CARD_PAGE) });
export type CardPage = z.infer<typeof CardPage>;
const ChunkValue = z.object({ v: z.literal(1), records: z.array(z.unknown()).max(20_000) });
const TermsValue = z.array(
  z.object({
    id: z.string().max(100),
    code: z.string().max(200),
    name: z.string().max(300),
    parentId: z.string().max(100).nullable(),
  }),
);
const DeltaFields = z.object({
  docs: z.array(z.number().int().min(0)),
  fields: z.array(z.object({ name: z.string(), taxonomy: z.string(), org: z.string(), body: z.string() })),
});
export type DeltaFields = z.infer<typeof DeltaFields>;

export async function readCardPage(db: Db, gen: number, page: number): Promise<Program[] | null> {
  const raw = await db.get('catalogIndex', idx.card(gen, page));
  if (raw === undefined) return null;
  const r = CardPage.safeParse(raw);
  if (!r.success) {
    log('warn', 'catalog.card.invalid', { page });
    return null;
  }
  return r.data.cards;
}

export async function readTerms(db: Db, gen: number): Promise<TermMap> {
  const r = TermsValue.safeParse(await db.get('catalogIndex', idx.terms(gen)));
  const map: TermMap = new Map();
  if (r.success) for (const t of r.data) map.set(t.id, t);
  return map;
}

export function termsValue(terms: TermMap): TermInfo[] {
  return [...terms.values()];
}

export async function readDocTable(db: Db, gen: number): Promise<DocTableData | null> {
  const raw = await db.get('catalogIndex', idx.docs(gen));
  const r = DocTableDataSchema.safeParse(raw);
  return r.success ? (r.data as DocTableData) : null;
}

export async function readSegment(db: Db, key: string): Promise<SegmentData | null> {
  const raw = await db.get('catalogIndex', key);
  if (raw === undefined) return null;
  const r = SegmentDataSchema.safeParse(raw);
  return r.success ? (r.data as SegmentData) : null;
}

export async function readDeltaFields(db: Db, gen: number): Promise<DeltaFields> {
  const r = DeltaFields.safeParse(await db.get('catalogIndex', idx.deltaFields(gen)));
  return r.success ? r.data : { docs: [], fields: [] };
}

/** Records of one chunk, each re-validated (a chunk is a storage boundary like any other). */
export async function readChunkRecords(db: Db, key: number): Promise<HsdsService[]> {
  const r = ChunkValue.safeParse(await db.get('catalogChunks', key));
  if (!r.success) return [];
  const out: HsdsService[] = [];
  for (const rec of r.data.records) {
    const v = HsdsService.safeParse(rec);
    if (v.success) out.push(v.data);
  }
  return out;
}

/** Deletes every chunk and index value of a generation. */
export async function deleteGeneration(db: Db, gen: number): Promise<void> {
  const tx = db.transaction(['catalogChunks', 'catalogIndex'], 'readwrite');
  const [lo, hi] = chunkRange(gen);
  await Promise.all([
    tx.objectStore('catalogChunks').delete(IDBKeyRange.bound(lo, hi)),
    tx.objectStore('catalogIndex').delete(IDBKeyRange.bound(idx.prefix(gen), `${idx.prefix(gen)}\uffff`)),
    tx.done,
  ]);
}

/** Removes generations left behind by interrupted runs (anything that is neither live nor being staged). */
export async function deleteOrphanGenerations(db: Db, keep: readonly number[]): Promise<number> {
  const gens = new Set<number>();
  for (const k of await db.getAllKeys('catalogChunks')) gens.add(genOfChunk(k));
  for (const k of await db.getAllKeys('catalogIndex')) {
    const g = genOfIndexKey(k);
    if (g !== null) gens.add(g);
  }
  let removed = 0;
  for (const g of gens) {
    if (keep.includes(g)) continue;
    await deleteGeneration(db, g);
    removed++;
  }
  return removed;
}
