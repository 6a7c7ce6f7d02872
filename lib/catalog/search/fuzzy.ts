/**
 * Typo tolerance without scanning the vocabulary: a deletion neighbourhood index (the SymSpell idea). Every term of
 * three or more letters is stored under its own hash and the hash of each single-letter deletion. A query token's
 * variants (itself and its deletions) are looked up by binary search, and candidates are verified with an
 * optimal-string-alignment distance, so substitutions, insertions, deletions and adjacent transpositions all cost 1.
 * With query-side deletions of depth 2 the same index also finds most distance-2 matches for long words.
 */

export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const MIN_FUZZY_TERM = 3;
/** Terms are numbered < 2^20 in the packed sort key below. */
const MAX_TERMS = 1 << 20;

function deletions(s: string, out: Set<string>): void {
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
}

export interface DeleteIndex {
  hashes: Uint32Array;
  termIds: Uint32Array;
}

/** Builds the sorted (hash, termId) arrays for a sorted term list. */
export function buildDeleteIndex(terms: readonly string[]): DeleteIndex {
  if (terms.length >= MAX_TERMS) throw new Error('vocabulary too large for the fuzzy index');
  const keys: number[] = [];
  const variants = new Set<string>();
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!;
    if (term.length < MIN_FUZZY_TERM) continue;
    variants.clear();
    variants.add(term);
    deletions(term, variants);
    for (const v of variants) keys.push(hash32(v) * MAX_TERMS + t);
  }
  // One numeric sort of packed keys (hash in the high bits, term id in the low 20): exact in a float64.
  const packed = Float64Array.from(keys).sort();
  const hashes = new Uint32Array(packed.length);
  const termIds = new Uint32Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const k = packed[i]!;
    const h = Math.floor(k / MAX_TERMS);
    hashes[i] = h;
    termIds[i] = k - h * MAX_TERMS;
  }
  return { hashes, termIds };
}

function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Optimal string alignment distance, giving up (returning max + 1) once it must exceed `max`. */
export function osaDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

export interface FuzzyMatch {
  termId: number;
  distance: number;
}

/** Terms within `maxDistance` (1 or 2) of `q`, excluding an exact match. */
export function fuzzyLookup(
  index: DeleteIndex,
  terms: readonly string[],
  q: string,
  maxDistance: number,
  limit = 16,
): FuzzyMatch[] {
  const variants = new Set<string>([q]);
  deletions(q, variants);
  if (maxDistance >= 2) for (const v of [...variants]) if (v.length >= MIN_FUZZY_TERM) deletions(v, variants);
  const seen = new Set<number>();
  const out: FuzzyMatch[] = [];
  for (const v of variants) {
    if (v.length < MIN_FUZZY_TERM - 1) continue;
    const h = hash32(v);
    for (let i = lowerBound(index.hashes, h); i < index.hashes.length && index.hashes[i] === h; i++) {
      const t = index.termIds[i]!;
      if (seen.has(t)) continue;
      seen.add(t);
      const term = terms[t];
      if (term === undefined || term === q) continue;
      const d = osaDistance(q, term, maxDistance);
      if (d <= maxDistance) out.push({ termId: t, distance: d });
    }
  }
  out.sort((x, y) => x.distance - y.distance || x.termId - y.termId);
  return out.slice(0, limit);
}
