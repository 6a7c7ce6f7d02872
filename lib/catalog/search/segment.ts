import { z } from 'zod';
import { buildDeleteIndex, fuzzyLookup, type DeleteIndex, type FuzzyMatch } from './fuzzy';
import { tokenize } from './text';

/**
 * One immutable inverted index over a range of documents: a sorted vocabulary (prefix search is a binary search over
 * it), postings as typed arrays (document numbers ascending, one byte of field bits each) and the fuzzy deletion
 * index. Typed arrays are stored in IndexedDB as they are (structured clone copies the buffers), so a cold side panel
 * restores an index in a few milliseconds instead of parsing JSON.
 */
export const FIELD_NAME = 1;
export const FIELD_TAXONOMY = 2;
export const FIELD_ORG = 4;
export const FIELD_BODY = 8;

export interface SegmentData {
  v: 1;
  /** Sorted, distinct terms joined with '\n'. */
  terms: string;
  postStart: Uint32Array;
  postDoc: Uint32Array;
  postField: Uint8Array;
  delHashes: Uint32Array;
  delTermIds: Uint32Array;
}

export const SegmentDataSchema = z
  .object({
    v: z.literal(1),
    terms: z.string().max(50_000_000),
    postStart: z.instanceof(Uint32Array),
    postDoc: z.instanceof(Uint32Array),
    postField: z.instanceof(Uint8Array),
    delHashes: z.instanceof(Uint32Array),
    delTermIds: z.instanceof(Uint32Array),
  })
  .refine(
    (d) =>
      d.postDoc.length === d.postField.length &&
      d.delHashes.length === d.delTermIds.length &&
      d.postStart[d.postStart.length - 1] === d.postDoc.length,
    'inconsistent segment arrays',
  );

export interface DocFields {
  name: string;
  taxonomy: string;
  org: string;
  body: string;
}

/** Accumulates documents (in increasing document number) and produces a SegmentData. */
export class SegmentBuilder {
  private readonly postings = new Map<string, number[]>();
  private lastDoc = -1;
  private readonly local = new Map<string, number>();

  add(doc: number, fields: DocFields): void {
    if (doc <= this.lastDoc) throw new Error('documents must be added in increasing order');
    this.lastDoc = doc;
    const local = this.local;
    local.clear();
    const put = (text: string, bit: number) => {
      for (const t of tokenize(text)) local.set(t, (local.get(t) ?? 0) | bit);
    };
    put(fields.name, FIELD_NAME);
    put(fields.taxonomy, FIELD_TAXONOMY);
    put(fields.org, FIELD_ORG);
    put(fields.body, FIELD_BODY);
    for (const [t, mask] of local) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(doc * 16 + mask);
    }
  }

  get size(): number {
    return this.postings.size;
  }

  build(): SegmentData {
    const terms = [...this.postings.keys()].sort();
    const postStart = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((t, i) => {
      postStart[i] = total;
      total += this.postings.get(t)!.length;
    });
    postStart[terms.length] = total;
    const postDoc = new Uint32Array(total);
    const postField = new Uint8Array(total);
    let p = 0;
    for (const t of terms) {
      for (const packed of this.postings.get(t)!) {
        postDoc[p] = Math.floor(packed / 16);
        postField[p] = packed % 16;
        p++;
      }
    }
    const del = buildDeleteIndex(terms);
    return {
      v: 1,
      terms: terms.join('\n'),
      postStart,
      postDoc,
      postField,
      delHashes: del.hashes,
      delTermIds: del.termIds,
    };
  }
}

/** A loaded segment with lookups. */
export class Segment {
  readonly terms: string[];
  private readonly del: DeleteIndex;

  constructor(readonly data: SegmentData) {
    this.terms = data.terms.length ? data.terms.split('\n') : [];
    this.del = { hashes: data.delHashes, termIds: data.delTermIds };
  }

  get postingsCount(): number {
    return this.data.postDoc.length;
  }

  /** Index of the first term >= s. */
  lowerBound(s: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  find(term: string): number {
    const i = this.lowerBound(term);
    return this.terms[i] === term ? i : -1;
  }

  /** Term ids [lo, hi) that start with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const lo = this.lowerBound(prefix);
    const hi = this.lowerBound(prefix + '\uffff');
    return [lo, hi];
  }

  df(termId: number): number {
    return this.data.postStart[termId + 1]! - this.data.postStart[termId]!;
  }

  fuzzy(q: string, maxDistance: number, limit?: number): FuzzyMatch[] {
    return fuzzyLookup(this.del, this.terms, q, maxDistance, limit);
  }
}
