import { z } from 'zod';
import { compactService, validateService, type HsdsService } from './hsds-schema';
import {
  ActiveCatalog,
  CARD_PAGE,
  META,
  chunkKey,
  idx,
  type QuarantineEntry,
  type StagingState,
} from './meta';
import { addMetric, timed } from './metrics';
import { Program as ProgramSchema, toProgram, type Program, type TermMap } from './program';
import { DocInput, appendDocs, docInputOf, emptyDocTable, tombstone, type DocTableData } from './search/docs';
import { SegmentBuilder, type DocFields } from './search/segment';
import { readChunkRecords, readDeltaFields, readDocTable, termsValue, type Db } from './store';

/**
 * The write side shared by API sync, file import and compaction: validate → quarantine or stage (record chunk,
 * program cards, index inputs) one batch per transaction → finalize a generation (build the document table and the
 * search segment, switch the live catalog in one transaction). Deltas append to the live generation instead.
 */

export type Yield = () => Promise<void>;
export const yieldToLoop: Yield = () => new Promise((r) => setTimeout(r, 0));

function quarantineEntry(
  source: StagingState['source'],
  r: { id: string | null; name: string | null; reasons: QuarantineEntry['reasons'] },
  fallbackKey: string,
  at: string,
): QuarantineEntry {
  return {
    key: `${source}:${r.id ?? fallbackKey}`.slice(0, 200),
    id: r.id,
    name: r.name,
    reasons: r.reasons,
    source,
    at,
  };
}

export interface ValidatedBatch {
  good: HsdsService[];
  bad: QuarantineEntry[];
}

/** Validates raw records; bad ones become quarantine entries with their zod reasons. */
export function validateBatch(
  raws: readonly unknown[],
  source: StagingState['source'],
  keyPrefix: string,
  at: string,
) {
  const out: ValidatedBatch = { good: [], bad: [] };
  raws.forEach((raw, i) => {
    const r = validateService(raw);
    if (r.ok) out.good.push(compactService(r.value));
    else out.bad.push(quarantineEntry(source, r, `${keyPrefix}:${i}`, at));
  });
  return out;
}

interface KvStore {
  get(key: string): Promise<unknown>;
  put(value: unknown, key: string): Promise<unknown>;
}

/**
 * Writes cards for documents [start, start + cards.length), merging into a partly filled first page. The page is read
 * through the same transaction's store (awaiting another transaction would let this one commit early).
 */
async function putCards(store: KvStore, gen: number, start: number, cards: Program[]): Promise<void> {
  const readPage = async (page: number): Promise<Program[] | null> => {
    const r = z.object({ cards: z.array(ProgramSchema) }).safeParse(await store.get(idx.card(gen, page)));
    return r.success ? r.data.cards : null;
  };
  let i = 0;
  while (i < cards.length) {
    const doc = start + i;
    const page = Math.floor(doc / CARD_PAGE);
    const offset = doc % CARD_PAGE;
    const existing = offset > 0 ? ((await readPage(page)) ?? []) : [];
    const take = Math.min(CARD_PAGE - offset, cards.length - i);
    const merged = [...existing.slice(0, offset), ...cards.slice(i, i + take)];
    await store.put({ v: 1, cards: merged }, idx.card(gen, page));
    i += take;
  }
}

/** Builds the search segment and document table for a whole generation, yielding regularly. */
export async function buildGeneration(
  inputs: readonly DocInput[],
  yieldFn: Yield,
): Promise<{ docs: DocTableData; base: ReturnType<SegmentBuilder['build']> }> {
  const builder = new SegmentBuilder();
  let last = Date.now();
  const t0 = performance.now();
  for (let d = 0; d < inputs.length; d++) {
    builder.add(d, inputs[d]!.fields);
    if ((d & 255) === 0 && Date.now() - last > 40) {
      await yieldFn();
      last = Date.now();
    }
  }
  addMetric('indexAdd', performance.now() - t0);
  await yieldFn();
  const base = timed('indexBuild', () => builder.build());
  await yieldFn();
  const docs = timed('docTable', () => appendDocs(emptyDocTable(), inputs));
  // A publisher's paging can repeat a record across pages: the last copy wins.
  const lastDoc = new Map<string, number>();
  const dupes: number[] = [];
  inputs.forEach((inp, d) => {
    const prev = lastDoc.get(inp.id);
    if (prev !== undefined) dupes.push(prev);
    lastDoc.set(inp.id, d);
  });
  tombstone(docs, dupes);
  return { docs, base };
}

export interface ChangeResult {
  active: ActiveCatalog;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

/**
 * Applies a delta to the live generation: changed records go to a new chunk and new document numbers, superseded and
 * deleted numbers are tombstoned, and the small delta segment is rebuilt — all in one transaction.
 */
export async function applyChanges(
  db: Db,
  active: ActiveCatalog,
  upserts: readonly HsdsService[],
  deletes: readonly string[],
  terms: TermMap,
  now: () => number,
  extraMeta: Record<string, unknown> = {},
): Promise<ChangeResult> {
  const gen = active.gen;
  const table = await readDocTable(db, gen);
  if (!table) throw new Error('document table missing');
  const ids = table.ids ? table.ids.split('\n') : [];
  const liveDoc = new Map<string, number>();
  ids.forEach((id, d) => {
    if (!table.tomb[d]) liveDoc.set(id, d);
  });
  const seq = active.nextChunkSeq;
  const key = chunkKey(gen, seq);
  const fresh: HsdsService[] = [];
  const programs: Program[] = [];
  const inputs: DocInput[] = [];
  const superseded: number[] = [];
  let updated = 0;
  let unchanged = 0;
  const seen = new Set<string>();
  // Last copy of an id wins within one delta.
  for (let i = upserts.length - 1; i >= 0; i--) {
    const svc = upserts[i]!;
    if (seen.has(svc.id)) continue;
    seen.add(svc.id);
    const program = toProgram(svc, terms);
    const input = docInputOf(program, key);
    const old = liveDoc.get(svc.id);
    if (old !== undefined) {
      // The inclusive, overlapping modified_after window returns records we already hold.
      if (
        input.modified !== 0 &&
        table.modified[old]! >= input.modified &&
        table.status[old] === input.status
      ) {
        unchanged++;
        continue;
      }
      superseded.push(old);
      updated++;
    }
    fresh.push(svc);
    programs.push(program);
    inputs.push(input);
  }
  const removedDocs: number[] = [];
  for (const id of deletes) {
    const d = liveDoc.get(id);
    if (d !== undefined && !seen.has(id)) removedDocs.push(d);
  }
  const start = table.count;
  const next = appendDocs(table, inputs);
  tombstone(next, superseded);
  tombstone(next, removedDocs);

  const prevDelta = await readDeltaFields(db, gen);
  const deltaDocs: number[] = [];
  const deltaFields: DocFields[] = [];
  prevDelta.docs.forEach((d, i) => {
    if (!next.tomb[d]) {
      deltaDocs.push(d);
      deltaFields.push(prevDelta.fields[i]!);
    }
  });
  inputs.forEach((inp, i) => {
    deltaDocs.push(start + i);
    deltaFields.push(inp.fields);
  });
  const builder = new SegmentBuilder();
  deltaDocs.forEach((d, i) => builder.add(d, deltaFields[i]!));
  const deltaSeg = builder.build();

  let live = 0;
  for (let d = 0; d < next.count; d++) if (!next.tomb[d]) live++;
  const nextActive: ActiveCatalog = {
    ...active,
    version: active.version + 1,
    docCount: next.count,
    liveCount: live,
    hasDelta: deltaDocs.length > 0,
    nextChunkSeq: fresh.length ? seq + 1 : seq,
    builtAt: new Date(now()).toISOString(),
  };
  const tx = db.transaction(['catalogChunks', 'catalogIndex', 'catalogMeta'], 'readwrite');
  const index = tx.objectStore('catalogIndex');
  if (fresh.length) {
    await tx.objectStore('catalogChunks').put({ v: 1, records: fresh }, key);
    await putCards(index, gen, start, programs);
  }
  await index.put(next, idx.docs(gen));
  await index.put(deltaSeg, idx.delta(gen));
  await index.put({ docs: deltaDocs, fields: deltaFields }, idx.deltaFields(gen));
  await index.put(termsValue(terms), idx.terms(gen));
  const meta = tx.objectStore('catalogMeta');
  await meta.put(nextActive, META.active);
  for (const [k, v] of Object.entries(extraMeta)) await meta.put(v, k);
  await tx.done;
  return {
    active: nextActive,
    added: fresh.length - updated,
    updated,
    removed: removedDocs.length,
    unchanged,
  };
}

/** When the delta segment or the garbage grows past this share of the base, the generation is rebuilt locally. */
export function needsCompaction(active: ActiveCatalog): boolean {
  const garbage = active.docCount - active.liveCount;
  const deltaDocs = active.docCount - active.baseDocs;
  return (
    deltaDocs > Math.max(5000, active.baseDocs * 0.15) || garbage > Math.max(5000, active.docCount * 0.25)
  );
}

/** Live records of the current generation, in document order (for compaction). */
export async function* liveRecords(db: Db, active: ActiveCatalog): AsyncGenerator<HsdsService[]> {
  const table = await readDocTable(db, active.gen);
  if (!table) return;
  const ids = table.ids.split('\n');
  const liveChunkOf = new Map<string, number>();
  ids.forEach((id, d) => {
    if (!table.tomb[d]) liveChunkOf.set(id, table.chunk[d]!);
  });
  const chunkKeys = [...new Set(liveChunkOf.values())].sort((a, b) => a - b);
  for (const k of chunkKeys) {
    const recs = await readChunkRecords(db, k);
    yield recs.filter((r) => liveChunkOf.get(r.id) === k);
  }
}
