// Benchmark queries for the catalog (bench/catalog.bench.ts): for each target service, 1–3 words from its name,
// taxonomy and description; about 20 % with one typo (substitution, deletion, insertion or transposition, never on
// the first letter) and about 40 % with a filter the target satisfies (taxonomy, language, free, within 10 km).
// Stop words are not sampled: nobody searches a catalog for "the".
import { Rng } from '../lib/catalog/demo/prng';
import { fold, isStopWord } from '../lib/catalog/search/text';
import type { SearchFilters } from '../lib/catalog/search/engine';

export interface Target {
  id: string;
  name: string;
  taxonomy: string[];
  description: string;
  languages: string[];
  free: boolean;
  coords: { lat: number; lon: number } | null;
}

const words = (s: string) =>
  fold(s)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !isStopWord(w));
function typo(rng: Rng, w: string): string {
  const p = rng.int(1, w.length - 1); // never the first letter
  const letter = String.fromCharCode(97 + rng.int(0, 25));
  switch (rng.int(0, 3)) {
    case 0:
      return w.slice(0, p) + letter + w.slice(p + 1);
    case 1:
      return w.slice(0, p) + w.slice(p + 1);
    case 2:
      return w.slice(0, p) + letter + w.slice(p);
    default:
      return p < w.length - 1
        ? w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2)
        : w.slice(0, p - 1) + w[p] + w[p - 1];
  }
}
export interface Query {
  q: string;
  filters?: SearchFilters;
  origin?: { lat: number; lon: number };
  target: string;
  typo: boolean;
}
export function makeQueries(targets: readonly Target[], seed = 777): Query[] {
  const qrng = new Rng(seed);
  return targets.map((t) => {
    const pool = [
      ...words(t.name),
      ...words(t.name),
      ...t.taxonomy.flatMap((c) => c.split('-')),
      ...words(t.description),
    ];
    const n = qrng.chance(0.4) ? 1 : qrng.chance(0.67) ? 2 : 3;
    const chosen = qrng.sample([...new Set(pool.filter((w) => w.length >= 3))], n);
    let isTypo = false;
    if (qrng.chance(0.2)) {
      const k = chosen.findIndex((w) => w.length >= 4);
      if (k >= 0) {
        chosen[k] = typo(qrng, chosen[k]!);
        isTypo = true;
      }
    }
    const q: Query = { q: `${chosen.join(' ')} `, target: t.id, typo: isTypo };
    const r = qrng.next();
    if (r < 0.13 && t.taxonomy[0]) q.filters = { taxonomy: [t.taxonomy[0]] };
    else if (r < 0.2 && t.languages[0]) q.filters = { languages: [qrng.pick(t.languages)] };
    else if (r < 0.25 && t.free) q.filters = { free: true };
    else if (r < 0.35 && t.coords) q.filters = { near: { ...t.coords, km: 10 } };
    else if (r < 0.39 && t.coords && t.taxonomy[0])
      q.filters = { taxonomy: [t.taxonomy[0]], near: { ...t.coords, km: 10 } };
    if (q.filters?.near) q.origin = { lat: q.filters.near.lat, lon: q.filters.near.lon };
    return q;
  });
}
