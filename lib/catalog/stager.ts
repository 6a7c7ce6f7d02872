import { z } from 'zod';
import type { ValidatedBatch, Yield } from './ingest';
import {
  ActiveCatalog,
  CARD_PAGE,
  MAX_QUARANTINE_ENTRIES,
  META,
  chunkKey,
  idx,
  type StagingState,
} from './meta';
import { addMetric } from './metrics';
import { Program, toProgram, type TermMap } from './program';
import { appendDocs, docInputOf, emptyDocTable, tombstone, type DocInput } from './search/docs';
import { SegmentBuilder } from './search/segment';
import { deleteGeneration, deleteOrphanGenerations, getActive, type Db } from './store';

/**
 * Builds a new catalog generation batch by batch (API pages, file slices, compaction), beside the live one:
 * - each batch is derived (program cards, index inputs) and added to the in-memory index builder at once, so the
 *   index is ready when the last page arrives;
 * - each batch is committed in one transaction together with the advanced sync state, so a stopped service worker
 *   resumes at the next page; commits overlap the next batch's fetch and CPU work but are kept in order (a batch
 *   only commits after the previous one did, so a failed commit can never be followed by a later one);
 * - `finalize` writes the document table and the segment and switches the live catalog in one transaction.
 */
const PageCards = z.object({ v: z.literal(1), cards: z.array(Program).max(CARD_PAGE) });

export class Stager {
  private readonly builder = new SegmentBuilder();
  private readonly inputs: DocInput[] = [];
  /** Cards of the last, partly filled card page (rewritten with the next batch). */
  private carry: Program[] = [];
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Db,
    private current: StagingState,
    private readonly terms: TermMap,
  ) {}

  get state(): StagingState {
    return this.current;
  }

  static fresh(db: Db, state: StagingState, terms: TermMap): Stager {
    return new Stager(db, state, terms);
  }

  /** Rebuilds the in-memory index of an interrupted run from the card pages it had committed. */
  static async resume(db: Db, state: StagingState, terms: TermMap, yieldFn: Yield): Promise<Stager> {
    const s = new Stager(db, state, terms);
    const pages = Math.ceil(state.docCount / CARD_PAGE);
    const starts = state.chunkStarts;
    let seq = 0;
    for (let page = 0; page < pages; page++) {
      const r = PageCards.safeParse(await db.get('catalogIndex', idx.card(state.gen, page)));
      if (!r.success) throw new Error(`card page ${page} missing or invalid`);
      r.data.cards.forEach((p, i) => {
        const doc = page * CARD_PAGE + i;
        while (seq + 1 < starts.length && starts[seq + 1]! <= doc) seq++;
        const input = docInputOf(p, chunkKey(state.gen, seq));
        s.builder.add(doc, input.fields);
        s.inputs.push(input);
      });
      if (page === pages - 1 && state.docCount % CARD_PAGE !== 0) s.carry = r.data.cards;
      if (page % 16 === 15) await yieldFn();
    }
    return s;
  }

  /** Derives, indexes and commits one batch (after the previous commit has completed). */
  async add(batch: ValidatedBatch, advance: Partial<StagingState>, extraMeta: Record<string, unknown> = {}) {
    const state = this.current;
    const seq = state.nextChunkSeq;
    const key = chunkKey(state.gen, seq);
    const start = state.docCount;
    const t0 = performance.now();
    const programs = batch.good.map((svc) => toProgram(svc, this.terms));
    const inputs = programs.map((p) => docInputOf(p, key));
    const t1 = performance.now();
    addMetric('derive', t1 - t0);
    inputs.forEach((inp, i) => {
      this.builder.add(start + i, inp.fields);
      this.inputs.push(inp);
    });
    addMetric('indexAdd', performance.now() - t1);

    const next: StagingState = {
      ...state,
      ...advance,
      done: state.done + batch.good.length + batch.bad.length,
      docCount: start + inputs.length,
      nextChunkSeq: inputs.length ? seq + 1 : seq,
      quarantined: state.quarantined + batch.bad.length,
      chunkStarts: inputs.length ? [...state.chunkStarts, start] : state.chunkStarts,
    };
    // Card pages: the carried partial page plus this batch, cut at page boundaries.
    const firstPage = Math.floor(start / CARD_PAGE);
    const cards = [...this.carry, ...programs];
    const pages: { page: number; cards: Program[] }[] = [];
    for (let k = 0; k * CARD_PAGE < cards.length; k++) {
      pages.push({ page: firstPage + k, cards: cards.slice(k * CARD_PAGE, (k + 1) * CARD_PAGE) });
    }
    const end = start + programs.length;
    this.carry = end % CARD_PAGE === 0 ? [] : (pages[pages.length - 1]?.cards ?? []);
    const quarantine = batch.bad.slice(0, Math.max(0, MAX_QUARANTINE_ENTRIES - state.quarantined));

    await this.pending;
    const tw = performance.now();
    const tx = this.db.transaction(
      ['catalogChunks', 'catalogIndex', 'quarantine', 'catalogMeta'],
      'readwrite',
    );
    const writes: Promise<unknown>[] = [];
    if (inputs.length) {
      writes.push(tx.objectStore('catalogChunks').put({ v: 1, records: batch.good }, key));
      for (const p of pages)
        writes.push(
          tx.objectStore('catalogIndex').put({ v: 1, cards: p.cards }, idx.card(state.gen, p.page)),
        );
    }
    for (const q of quarantine) writes.push(tx.objectStore('quarantine').put(q, q.key));
    writes.push(tx.objectStore('catalogMeta').put(next, META.sync));
    for (const [k, v] of Object.entries(extraMeta)) writes.push(tx.objectStore('catalogMeta').put(v, k));
    addMetric('stageWrite', performance.now() - tw);
    const done = Promise.all([...writes, tx.done]).then(() =>
      addMetric('stageCommit', performance.now() - tw),
    );
    done.catch(() => undefined); // surfaced by the next add/flush; never an unhandled rejection
    this.pending = done;
    this.current = next;
  }

  async flush(): Promise<void> {
    await this.pending;
  }

  /**
   * Builds the document table and segment and makes this generation the live catalog in one transaction, then
   * deletes the previous generation. `finish` adds meta values to the switching transaction (cursor, status).
   */
  async finalize(
    yieldFn: Yield,
    now: () => number,
    finish: Record<string, unknown> = {},
  ): Promise<ActiveCatalog> {
    await this.flush();
    const state = this.current;
    await yieldFn();
    let t = performance.now();
    const base = this.builder.build();
    addMetric('indexBuild', performance.now() - t);
    await yieldFn();
    t = performance.now();
    const docs = appendDocs(emptyDocTable(), this.inputs);
    // A publisher's paging can repeat a record across pages: the last copy wins.
    const lastDoc = new Map<string, number>();
    const dupes: number[] = [];
    this.inputs.forEach((inp, d) => {
      const prev = lastDoc.get(inp.id);
      if (prev !== undefined) dupes.push(prev);
      lastDoc.set(inp.id, d);
    });
    tombstone(docs, dupes);
    addMetric('docTable', performance.now() - t);
    const previous = await getActive(this.db);
    const active: ActiveCatalog = {
      gen: state.gen,
      version: (previous?.version ?? 0) + 1,
      docCount: docs.count,
      liveCount: docs.count - dupes.length,
      baseDocs: docs.count,
      hasDelta: false,
      nextChunkSeq: state.nextChunkSeq,
      builtAt: new Date(now()).toISOString(),
      source: state.source,
      origin: state.origin,
    };
    t = performance.now();
    const tx = this.db.transaction(['catalogIndex', 'catalogMeta'], 'readwrite');
    const writes: Promise<unknown>[] = [
      tx.objectStore('catalogIndex').put(docs, idx.docs(state.gen)),
      tx.objectStore('catalogIndex').put(base, idx.base(state.gen)),
      tx.objectStore('catalogMeta').put(active, META.active),
      tx.objectStore('catalogMeta').delete(META.sync),
      ...Object.entries(finish).map(([k, v]) => tx.objectStore('catalogMeta').put(v, k)),
    ];
    await Promise.all([...writes, tx.done]);
    addMetric('finalWrite', performance.now() - t);
    t = performance.now();
    if (previous && previous.gen !== state.gen) await deleteGeneration(this.db, previous.gen);
    await deleteOrphanGenerations(this.db, [state.gen]);
    addMetric('cleanup', performance.now() - t);
    return active;
  }
}
