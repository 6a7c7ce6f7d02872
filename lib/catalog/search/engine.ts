import { distanceKm } from '../geo/fsa';
import { F, NO_AGE, type DocTableData } from './docs';
import { FIELD_BODY, FIELD_NAME, FIELD_ORG, FIELD_TAXONOMY, type Segment } from './segment';
import { queryTokens, type QueryToken } from './text';

/**
 * Query engine over the document table and one or more segments (base + delta). Scoring is per query token: the best
 * of its expansions (exact 1.0, singular/plural 0.9, prefix 0.5–0.9, typo 0.6 / 0.4) × field boost (name 3,
 * taxonomy 2, organisation 1.5, body 1) × idf. Tokens are combined with AND (rarest first, so later tokens only touch
 * survivors); when AND finds nothing the query falls back to OR, ranked by tokens matched. All per-query state lives in
 * reusable typed arrays stamped with a query epoch, so a query allocates almost nothing and never clears 60k slots.
 */

export type ScheduleFilter = 'evening' | 'weekend' | 'weekday';
export type DeliveryFilter = 'in-person' | 'virtual' | 'phone';

export interface SearchFilters {
  /** Taxonomy codes (any of). Documents carry their terms' ancestors, so a parent code finds its children. */
  taxonomy?: readonly string[];
  /** Language codes (any of). */
  languages?: readonly string[];
  free?: boolean;
  /** Free or low cost. */
  lowCost?: boolean;
  near?: { lat: number; lon: number; km: number; includeRemote?: boolean };
  /** The patient's age: programs whose age range excludes it are left out. */
  age?: number | null;
  accessible?: boolean;
  schedule?: readonly ScheduleFilter[];
  delivery?: readonly DeliveryFilter[];
  hideFull?: boolean;
  /** Inactive and defunct programs are hidden unless asked for. */
  includeInactive?: boolean;
}

export interface SearchOptions {
  filters?: SearchFilters;
  limit?: number;
  /** Reference point for the distance reported with each hit (and the order of a query-less browse). */
  origin?: { lat: number; lon: number } | null;
}

export interface SearchHit {
  doc: number;
  id: string;
  score: number;
  distanceKm: number | null;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  mode: 'and' | 'or' | 'browse';
  /** True when a typo correction contributed. */
  fuzzy: boolean;
}

interface Expansion {
  seg: Segment;
  segIndex: number;
  termId: number;
  weight: number;
  fuzzy: boolean;
}

interface PlannedToken {
  token: QueryToken;
  expansions: Expansion[];
  cost: number;
}

export interface CompiledFilters {
  taxMask: Uint8Array | null;
  langBits: number;
  flagsAll: number;
  flagsAny: number;
  deliveryAny: number;
  near: { lat: number; lon: number; km: number; includeRemote: boolean } | null;
  age: number | null;
  includeInactive: boolean;
  hideFull: boolean;
  /** Filters that cannot match anything (an unknown language or taxonomy code). */
  impossible: boolean;
}

const FIELD_BOOST = (() => {
  const t = new Float32Array(16);
  for (let m = 0; m < 16; m++) {
    let b = 0;
    if (m & FIELD_NAME) b = Math.max(b, 3);
    if (m & FIELD_TAXONOMY) b = Math.max(b, 2);
    if (m & FIELD_ORG) b = Math.max(b, 1.5);
    if (m & FIELD_BODY) b = Math.max(b, 1);
    // A word in the name and the description is a stronger signal than in the name alone.
    const fields = ((m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) + ((m >> 3) & 1)) as number;
    t[m] = b * (1 + 0.1 * (fields - 1));
  }
  return t;
})();

const MAX_PREFIX_EXPANSIONS = 40;
const PREFIX_POSTINGS_BUDGET = 40_000;
/** Intersect by binary search when the survivors are this many times fewer than a term's postings. */
const GALLOP_RATIO = 24;
const MAX_FUZZY_EXPANSIONS = 12;
const MAX_EPOCH = Math.floor(0xffffffff / 16) - 1;

/** Fixed-capacity min-heap of (doc, score) over typed arrays: no allocation per push. */
class MinHeap {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;
  constructor(private readonly cap: number) {
    this.docs = new Int32Array(cap);
    this.scores = new Float64Array(cap);
  }
  get size() {
    return this.n;
  }
  /** The score a new entry must beat once the heap is full. */
  min(): number {
    return this.n < this.cap ? -Infinity : this.scores[0]!;
  }
  push(doc: number, score: number): void {
    const { docs, scores } = this;
    let i: number;
    if (this.n < this.cap) {
      i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (scores[p]! <= score) break;
        docs[i] = docs[p]!;
        scores[i] = scores[p]!;
        i = p;
      }
    } else {
      if (score <= scores[0]!) return;
      i = 0;
      const n = this.n;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && scores[r]! < scores[l]! ? r : l;
        if (scores[c]! >= score) break;
        docs[i] = docs[c]!;
        scores[i] = scores[c]!;
        i = c;
      }
    }
    docs[i] = doc;
    scores[i] = score;
  }
  /** Best first; ties broken by document number for stable results. */
  sorted(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

export class CatalogSearch {
  readonly ids: string[];
  readonly liveCount: number;
  private idIndex: Map<string, number> | null = null;
  private readonly stamp: Uint32Array;
  private readonly acc: Float32Array;
  private readonly best: Float32Array;
  private readonly count: Uint8Array;
  private epoch = 0;
  private readonly termIndex: Map<string, number>;

  constructor(
    readonly docs: DocTableData,
    readonly segments: readonly { segment: Segment; docCount: number }[],
  ) {
    this.ids = docs.ids ? docs.ids.split('\n') : [];
    const n = docs.count;
    this.stamp = new Uint32Array(n);
    this.acc = new Float32Array(n);
    this.best = new Float32Array(n);
    this.count = new Uint8Array(n);
    let live = 0;
    for (let d = 0; d < n; d++) if (!docs.tomb[d]) live++;
    this.liveCount = live;
    this.termIndex = new Map(docs.termCodes.map((c, i) => [c, i]));
  }

  /** The live document of a program id (the newest, when an update superseded older numbers). */
  docOf(id: string): number | null {
    if (!this.idIndex) {
      this.idIndex = new Map();
      for (let d = 0; d < this.ids.length; d++) if (!this.docs.tomb[d]) this.idIndex.set(this.ids[d]!, d);
    }
    return this.idIndex.get(id) ?? null;
  }

  /** Ordinal mask for taxonomy codes (matched case-insensitively, against codes and term ids). */
  termMask(codes: readonly string[]): Uint8Array | null {
    const mask = new Uint8Array(this.docs.termCodes.length);
    let any = false;
    for (const c of codes) {
      const ord = this.termIndex.get(c.toLowerCase()) ?? this.termIndex.get(c);
      if (ord !== undefined) {
        mask[ord] = 1;
        any = true;
      }
    }
    return any ? mask : null;
  }

  docHasTerm(doc: number, mask: Uint8Array): boolean {
    const { termStart, termOrd } = this.docs;
    for (let i = termStart[doc]!; i < termStart[doc + 1]!; i++) if (mask[termOrd[i]!]) return true;
    return false;
  }

  /** Codes of a document's taxonomy terms. */
  termsOf(doc: number): string[] {
    const { termStart, termOrd, termCodes } = this.docs;
    const out: string[] = [];
    for (let i = termStart[doc]!; i < termStart[doc + 1]!; i++) out.push(termCodes[termOrd[i]!]!);
    return out;
  }

  langBits(codes: readonly string[]): number {
    let bits = 0;
    for (const c of codes) {
      const i = this.docs.langCodes.indexOf(c.toLowerCase());
      if (i >= 0) bits |= 1 << i;
    }
    return bits >>> 0;
  }

  hasLanguage(doc: number, bits: number): boolean {
    return (this.docs.langMask[doc]! & bits) !== 0;
  }

  /** Smallest distance from a point to any of the document's locations, or null when it has none. */
  distanceKm(doc: number, lat: number, lon: number): number | null {
    const { locStart, locLat, locLon } = this.docs;
    let best = Infinity;
    for (let i = locStart[doc]!; i < locStart[doc + 1]!; i++) {
      const d = distanceKm(lat, lon, locLat[i]!, locLon[i]!);
      if (d < best) best = d;
    }
    return best === Infinity ? null : best;
  }

  /**
   * Whether any location is within `km`: 1 if so, 0 if not, -1 when the document has no location. A latitude band
   * check rejects most documents before any trigonometry.
   */
  private within(doc: number, lat: number, lon: number, km: number): -1 | 0 | 1 {
    const { locStart, locLat, locLon } = this.docs;
    const a = locStart[doc]!;
    const b = locStart[doc + 1]!;
    if (a === b) return -1;
    const dLatMax = km / 110.5 + 0.01;
    for (let i = a; i < b; i++) {
      if (Math.abs(locLat[i]! - lat) > dLatMax) continue;
      if (distanceKm(lat, lon, locLat[i]!, locLon[i]!) <= km) return 1;
    }
    return 0;
  }

  compileFilters(f: SearchFilters = {}): CompiledFilters {
    let flagsAll = 0;
    let flagsAny = 0;
    let deliveryAny = 0;
    if (f.free) flagsAll |= F.FREE;
    if (f.accessible) flagsAll |= F.ACCESSIBLE;
    for (const s of f.schedule ?? [])
      flagsAny |= s === 'evening' ? F.EVENING : s === 'weekend' ? F.WEEKEND : F.WEEKDAY;
    for (const d of f.delivery ?? [])
      deliveryAny |= d === 'in-person' ? F.IN_PERSON : d === 'virtual' ? F.VIRTUAL : F.PHONE;
    const taxMask = f.taxonomy?.length ? this.termMask(f.taxonomy) : null;
    const langBits = f.languages?.length ? this.langBits(f.languages) : 0;
    const impossible = (!!f.taxonomy?.length && !taxMask) || (!!f.languages?.length && langBits === 0);
    return {
      taxMask,
      langBits,
      flagsAll,
      flagsAny,
      deliveryAny,
      near: f.near ? { ...f.near, includeRemote: f.near.includeRemote ?? false } : null,
      age: typeof f.age === 'number' && Number.isFinite(f.age) ? f.age : null,
      includeInactive: f.includeInactive ?? false,
      hideFull: f.hideFull ?? false,
      impossible,
    };
  }

  /** Whether a document passes the filters (and is live). */
  passes(d: number, c: CompiledFilters, lowCost = false): boolean {
    const docs = this.docs;
    if (docs.tomb[d]) return false;
    if (!c.includeInactive && docs.status[d]! >= 2) return false;
    const flags = docs.flags[d]!;
    if ((flags & c.flagsAll) !== c.flagsAll) return false;
    if (lowCost && !(flags & (F.FREE | F.LOW_COST))) return false;
    if (c.flagsAny && !(flags & c.flagsAny)) return false;
    if (c.deliveryAny && !(flags & c.deliveryAny)) return false;
    if (c.hideFull && flags & F.FULL) return false;
    if (c.langBits && !(docs.langMask[d]! & c.langBits)) return false;
    if (c.age !== null) {
      const min = docs.minAge[d]!;
      const max = docs.maxAge[d]!;
      if (min !== NO_AGE && c.age < min) return false;
      if (max !== NO_AGE && c.age > max) return false;
    }
    if (c.taxMask && !this.docHasTerm(d, c.taxMask)) return false;
    if (c.near) {
      const w = this.within(d, c.near.lat, c.near.lon, c.near.km);
      if (w === 0) return false;
      if (w === -1 && !(c.near.includeRemote && flags & (F.VIRTUAL | F.PHONE))) return false;
    }
    return true;
  }

  private nextEpoch(): number {
    if (++this.epoch > MAX_EPOCH) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch * 16;
  }

  private expand(tok: QueryToken): PlannedToken {
    const text = tok.text;
    const expansions: Expansion[] = [];
    let exact = false;
    const seen = new Set<string>();
    const add = (seg: Segment, segIndex: number, termId: number, weight: number, fuzzy = false) => {
      const key = `${segIndex}:${termId}`;
      if (seen.has(key)) return;
      seen.add(key);
      expansions.push({ seg, segIndex, termId, weight, fuzzy });
    };
    this.segments.forEach(({ segment }, si) => {
      const id = segment.find(text);
      if (id >= 0) {
        exact = true;
        add(segment, si, id, 1);
      }
      if (text.length > 3) {
        const alt = text.endsWith('s') ? text.slice(0, -1) : `${text}s`;
        const altId = segment.find(alt);
        if (altId >= 0) add(segment, si, altId, 0.9);
      }
      if (text.length >= 3 || (tok.partial && text.length >= 2)) {
        const [lo, hi] = segment.prefixRange(text);
        const range: number[] = [];
        for (let t = lo; t < hi; t++) if (segment.terms[t] !== text) range.push(t);
        // Most frequent completions first (the word being typed is most likely a common one), within a postings
        // budget so a two-letter prefix cannot turn into a scan of the whole index.
        range.sort((a, b) => segment.df(b) - segment.df(a));
        let budget = PREFIX_POSTINGS_BUDGET;
        for (const t of range.slice(0, MAX_PREFIX_EXPANSIONS)) {
          const df = segment.df(t);
          if (df > budget && budget < PREFIX_POSTINGS_BUDGET) break;
          budget -= df;
          const term = segment.terms[t]!;
          add(segment, si, t, 0.5 + (0.4 * text.length) / term.length);
        }
      }
    });
    if (!exact && text.length >= 3 && !/^\d+$/.test(text)) {
      // One edit for short words (three-letter words are noisy: lower weight), two from eight letters.
      const maxD = text.length >= 8 ? 2 : 1;
      const w1 = text.length === 3 ? 0.45 : 0.6;
      this.segments.forEach(({ segment }, si) => {
        for (const m of segment.fuzzy(text, maxD, MAX_FUZZY_EXPANSIONS)) {
          add(segment, si, m.termId, m.distance === 1 ? w1 : 0.4, true);
        }
      });
    }
    // Best expansions first: a document's first hit for a token is usually its best.
    expansions.sort((a, b) => b.weight - a.weight);
    let cost = 0;
    for (const e of expansions) cost += e.seg.df(e.termId);
    return { token: tok, expansions, cost };
  }

  private idf(e: Expansion): number {
    const df = e.seg.df(e.termId);
    const n = this.segments[e.segIndex]!.docCount;
    return Math.log(1 + n / Math.max(1, df));
  }

  search(query: string, opts: SearchOptions = {}): SearchResult {
    const limit = Math.max(1, Math.min(200, opts.limit ?? 20));
    const filters = this.compileFilters(opts.filters);
    const lowCost = opts.filters?.lowCost ?? false;
    if (filters.impossible) return { hits: [], total: 0, mode: 'browse', fuzzy: false };
    // A single letter still being typed matches too much to be useful: show the browse list until the second one.
    const tokens = queryTokens(query).filter((t) => !(t.partial && t.text.length < 2));
    if (tokens.length === 0) {
      // Only stop words ("are", "de la"): nothing in the index can match them.
      if (/[\p{L}\p{N}]{2,}/u.test(query)) return { hits: [], total: 0, mode: 'and', fuzzy: false };
      return this.browse(filters, lowCost, limit, opts.origin ?? null);
    }
    const planned = tokens.map((t) => this.expand(t));
    let required = planned.filter((p) => !p.token.optional).sort((a, b) => a.cost - b.cost);
    let optional = planned.filter((p) => p.token.optional);
    if (required.length === 0) [required, optional] = [optional, []];
    const fuzzy = planned.some((p) => p.expansions.some((e) => e.fuzzy));
    let cands = this.andPass(required, optional);
    let mode: SearchResult['mode'] = 'and';
    if (cands.length === 0 && required.length > 1) {
      cands = this.orPass(required);
      mode = 'or';
    }
    const heap = new MinHeap(limit);
    let total = 0;
    const statusPenalty = [1, 0.6, 0.3, 0.2];
    for (const d of cands) {
      if (!this.passes(d, filters, lowCost)) continue;
      total++;
      let s = this.acc[d]! * statusPenalty[this.docs.status[d]!]!;
      if (mode === 'or') s += 1000 * this.count[d]!;
      heap.push(d, s);
    }
    return { hits: this.toHits(heap.sorted(), opts.origin ?? null), total, mode, fuzzy };
  }

  /** AND of required tokens; optional tokens only add score. Returns the surviving documents. */
  private andPass(required: PlannedToken[], optional: PlannedToken[]): number[] {
    const base = this.nextEpoch();
    const { stamp, acc, best } = this;
    let survivors: number[] = [];
    for (let i = 0; i < required.length; i++) {
      const want = base + i; // documents that matched the previous i tokens
      const touched: number[] = [];
      const visit = (d: number, s: number) => {
        const st = stamp[d]!;
        if (i === 0 ? st < base : st === want) {
          stamp[d] = want + 1;
          best[d] = s;
          if (i === 0) acc[d] = 0;
          touched.push(d);
        } else if (st === want + 1 && s > best[d]!) {
          best[d] = s;
        }
      };
      const sorted = i > 0 ? Uint32Array.from(survivors).sort() : null;
      for (const e of required[i]!.expansions) {
        const w = e.weight * this.idf(e);
        const { postStart, postDoc, postField } = e.seg.data;
        const start = postStart[e.termId]!;
        const end = postStart[e.termId + 1]!;
        if (sorted && sorted.length * GALLOP_RATIO < end - start) {
          // Few survivors, long postings list: look each survivor up instead of scanning.
          let lo = start;
          for (let k = 0; k < sorted.length && lo < end; k++) {
            const d = sorted[k]!;
            let hi = end;
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (postDoc[mid]! < d) lo = mid + 1;
              else hi = mid;
            }
            if (lo < end && postDoc[lo] === d) visit(d, w * FIELD_BOOST[postField[lo]!]!);
          }
        } else {
          for (let p = start; p < end; p++) visit(postDoc[p]!, w * FIELD_BOOST[postField[p]!]!);
        }
      }
      for (const d of touched) acc[d] = acc[d]! + best[d]!;
      survivors = touched;
      if (touched.length === 0) return [];
    }
    const done = base + required.length;
    for (const p of optional) {
      for (const e of p.expansions) {
        const w = e.weight * this.idf(e) * 0.5;
        const { postStart, postDoc, postField } = e.seg.data;
        for (let q = postStart[e.termId]!; q < postStart[e.termId + 1]!; q++) {
          const d = postDoc[q]!;
          if (stamp[d] === done) {
            acc[d] = acc[d]! + w * FIELD_BOOST[postField[q]!]!;
            stamp[d] = done + 1; // once per document
          }
        }
      }
      for (const d of survivors) if (stamp[d] === done + 1) stamp[d] = done;
    }
    return survivors;
  }

  /** OR of tokens: count of tokens matched and the sum of their best scores. */
  private orPass(required: PlannedToken[]): number[] {
    const base = this.nextEpoch();
    const { stamp, acc, count } = this;
    const cands: number[] = [];
    required.forEach((p, i) => {
      const tokStamp = base + 1 + (i % 14);
      for (const e of p.expansions) {
        const w = e.weight * this.idf(e);
        const { postStart, postDoc, postField } = e.seg.data;
        for (let q = postStart[e.termId]!; q < postStart[e.termId + 1]!; q++) {
          const d = postDoc[q]!;
          if (stamp[d]! < base) {
            acc[d] = 0;
            count[d] = 0;
            cands.push(d);
          } else if (stamp[d] === tokStamp) continue; // this token already counted for d
          stamp[d] = tokStamp;
          count[d] = count[d]! + 1;
          acc[d] = acc[d]! + w * FIELD_BOOST[postField[q]!]!;
        }
      }
    });
    return cands;
  }

  private byFreshness: Uint32Array | null = null;

  private browse(
    c: CompiledFilters,
    lowCost: boolean,
    limit: number,
    origin: { lat: number; lon: number } | null,
  ) {
    let total = 0;
    const unfiltered =
      !c.taxMask && !c.langBits && !c.flagsAll && !c.flagsAny && !c.deliveryAny && !c.near && c.age === null;
    if (!origin && unfiltered && !c.hideFull && !lowCost) {
      // Most recently verified first, from an order computed once.
      if (!this.byFreshness) {
        const order = Array.from({ length: this.docs.count }, (_, d) => d);
        order.sort((a, b) => this.docs.verifiedDay[b]! - this.docs.verifiedDay[a]! || a - b);
        this.byFreshness = Uint32Array.from(order);
      }
      const hits: { doc: number; score: number }[] = [];
      for (const d of this.byFreshness) {
        if (!this.passes(d, c, false)) continue;
        total++;
        if (hits.length < limit) hits.push({ doc: d, score: this.docs.verifiedDay[d]! });
      }
      return { hits: this.toHits(hits, origin), total, mode: 'browse' as const, fuzzy: false };
    }
    const heap = new MinHeap(limit);
    for (let d = 0; d < this.docs.count; d++) {
      if (!this.passes(d, c, lowCost)) continue;
      total++;
      // Nearest first when there is a reference point, otherwise most recently verified first.
      const score = origin ? -(this.distanceKm(d, origin.lat, origin.lon) ?? 1e6) : this.docs.verifiedDay[d]!;
      if (score > heap.min()) heap.push(d, score);
    }
    return { hits: this.toHits(heap.sorted(), origin), total, mode: 'browse' as const, fuzzy: false };
  }

  /**
   * Runs a few queries of each shape (prefix, typo, filters, browse) so the JIT has compiled the hot paths before the
   * clinician types: the side panel calls it when idle after the first results.
   */
  warmUp(): void {
    const probe = this.docs.termCodes[0];
    const samples = ['food bank', 'grouppe', 'walk', 'seniors centre', 'aide', 'tax clin', ''];
    for (let round = 0; round < 3; round++) {
      for (const q of samples) {
        this.search(q, { limit: 20 });
        this.search(q, { limit: 20, filters: { free: true, taxonomy: probe ? [probe] : undefined } });
        this.search(q, {
          limit: 20,
          filters: { near: { lat: 43.65, lon: -79.38, km: 10, includeRemote: true } },
        });
      }
    }
  }

  private toHits(
    sorted: { doc: number; score: number }[],
    origin: { lat: number; lon: number } | null,
  ): SearchHit[] {
    return sorted.map(({ doc, score }) => ({
      doc,
      id: this.ids[doc] ?? '',
      score,
      distanceKm: origin ? this.distanceKm(doc, origin.lat, origin.lon) : null,
    }));
  }
}
