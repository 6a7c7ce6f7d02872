import { describe, expect, it } from 'vitest';
import { demoCatalogDocument } from '@/lib/catalog/demo/generate';
import { compactService, validateService, type HsdsServiceInput } from '@/lib/catalog/hsds-schema';
import { buildGeneration } from '@/lib/catalog/ingest';
import { termInfo, toProgram, type Program, type TermMap } from '@/lib/catalog/program';
import { docInputOf } from '@/lib/catalog/search/docs';
import { CatalogSearch } from '@/lib/catalog/search/engine';
import { osaDistance } from '@/lib/catalog/search/fuzzy';
import { Segment, SegmentDataSchema } from '@/lib/catalog/search/segment';
import { fold, queryTokens, tokenize } from '@/lib/catalog/search/text';
import { HsdsTaxonomyTerm } from '@/lib/catalog/hsds-schema';

const demo = demoCatalogDocument();

async function engineFor(services: readonly HsdsServiceInput[]) {
  const terms: TermMap = new Map(demo.taxonomy_terms.map((t) => [t.id, termInfo(HsdsTaxonomyTerm.parse(t))]));
  const programs: Program[] = services.map((s) => {
    const r = validateService(s);
    if (!r.ok) throw new Error('invalid fixture');
    return toProgram(compactService(r.value), terms);
  });
  const inputs = programs.map((p) => docInputOf(p, 0));
  const { docs, base } = await buildGeneration(inputs, async () => undefined);
  return {
    engine: new CatalogSearch(docs, [{ segment: new Segment(base), docCount: docs.count }]),
    programs,
    base,
    docs,
  };
}

const { engine, programs, base, docs } = await engineFor(demo.services);
const nameOf = (doc: number) => programs[doc]!.name;
const top = (q: string, n = 5, opts = {}) =>
  engine.search(q, { limit: n, ...opts }).hits.map((h) => nameOf(h.doc));

describe('text folding', () => {
  it('folds case, accents and ligatures and splits French elisions', () => {
    expect(fold('Épicerie Œuvre Ça')).toBe('epicerie oeuvre ca');
    expect(tokenize("l'épicerie de la Côte")).toEqual(['epicerie', 'cote']);
  });
  it('marks the last query word as a prefix unless followed by a space', () => {
    expect(queryTokens('food ba')).toEqual([
      { text: 'food', partial: false, optional: false },
      { text: 'ba', partial: true, optional: false },
    ]);
    expect(queryTokens('food bank ').every((t) => !t.partial)).toBe(true);
    expect(queryTokens('food an')[1]).toMatchObject({ text: 'an', optional: true });
  });
});

describe('search', () => {
  it('matches accent-folded French: epicerie → Épicerie', () => {
    expect(top('epicerie')[0]).toMatch(/^Épicerie solidaire/);
    expect(top('ÉPICERIE')[0]).toMatch(/^Épicerie solidaire/);
    expect(top('boite bonne bouffe')[0]).toMatch(/^Boîte Bonne Bouffe/);
  });

  it('matches prefixes of the word being typed', () => {
    expect(top('epic')[0]).toMatch(/^Épicerie/);
    expect(top('bereav').length).toBeGreaterThan(0);
    expect(top('walkin').some((n) => /Walk/.test(n))).toBe(true);
  });

  it('tolerates typos: substitution, deletion, insertion, transposition', () => {
    expect(top('greif support')[0]).toMatch(/Grief/); // transposition
    expect(top('fod bank')[0]).toMatch(/Food Bank/); // deletion
    expect(top('foood bank')[0]).toMatch(/Food Bank/); // insertion
    expect(top('caregjver')[0]).toMatch(/Caregiver/); // substitution
    expect(top('bereavment')[0]).toBeDefined(); // long word, distance ≤ 2
    expect(engine.search('greif').fuzzy).toBe(true);
  });

  it('ranks a word in the name above the same word in a description', () => {
    const hits = engine.search('choir', { limit: 20 }).hits;
    expect(nameOf(hits[0]!.doc)).toMatch(/Choir/);
  });

  it('combines words with AND, and falls back to OR when nothing has them all', () => {
    const and = engine.search('food bank');
    expect(and.mode).toBe('and');
    const or = engine.search('food qqqzzzxxx');
    expect(or.mode).toBe('or');
    expect(or.hits.length).toBeGreaterThan(0);
    expect(engine.search('qqqzzzxxx').hits).toHaveLength(0);
  });

  it('filters by taxonomy (a parent code finds its children), language, cost and age', () => {
    const food = engine.search('', { filters: { taxonomy: ['food'] }, limit: 200 });
    expect(food.total).toBeGreaterThan(30);
    for (const h of food.hits) expect(engine.termsOf(h.doc)).toContain('food');
    const fr = engine.search('', { filters: { languages: ['fr'] }, limit: 200 });
    for (const h of fr.hits) expect(programs[h.doc]!.languages).toContain('fr');
    const free = engine.search('exercise', { filters: { free: true }, limit: 200 });
    for (const h of free.hits) expect(programs[h.doc]!.free).toBe(true);
    const youth = engine.search('youth', { filters: { age: 70 }, limit: 200 });
    for (const h of youth.hits)
      expect(programs[h.doc]!.maxAge === null || programs[h.doc]!.maxAge! >= 70).toBe(true);
    expect(engine.search('', { filters: { languages: ['xx'] } }).total).toBe(0);
  });

  it('filters by distance, accessibility, schedule and delivery', () => {
    const ottawa = { lat: 45.4215, lon: -75.6972 };
    const near = engine.search('', { filters: { near: { ...ottawa, km: 10 } }, origin: ottawa, limit: 200 });
    expect(near.total).toBeGreaterThan(5);
    for (const h of near.hits) expect(h.distanceKm!).toBeLessThanOrEqual(10);
    expect(near.hits[0]!.distanceKm!).toBeLessThanOrEqual(near.hits[near.hits.length - 1]!.distanceKm!);
    for (const h of engine.search('', { filters: { accessible: true }, limit: 100 }).hits) {
      expect(programs[h.doc]!.locations.some((l) => l.accessible === true)).toBe(true);
    }
    for (const h of engine.search('', { filters: { schedule: ['weekend'] }, limit: 100 }).hits) {
      expect(programs[h.doc]!.hours.some((x) => x.days.includes('SA') || x.days.includes('SU'))).toBe(true);
    }
    for (const h of engine.search('', { filters: { delivery: ['phone'] }, limit: 100 }).hits) {
      expect(programs[h.doc]!.delivery.phone).toBe(true);
    }
  });

  it('hides inactive and defunct programs unless asked', () => {
    const inactive = programs.findIndex((p) => p.status === 'inactive' || p.status === 'defunct');
    expect(inactive).toBeGreaterThanOrEqual(0);
    const q = programs[inactive]!.name;
    expect(engine.search(q, { limit: 200 }).hits.some((h) => h.doc === inactive)).toBe(false);
    expect(
      engine
        .search(q, { limit: 200, filters: { includeInactive: true } })
        .hits.some((h) => h.doc === inactive),
    ).toBe(true);
  });

  it('answers identically after the index is serialised and restored (structured clone)', () => {
    const restoredBase = SegmentDataSchema.parse(structuredClone(base));
    const restored = new CatalogSearch(structuredClone(docs), [
      { segment: new Segment(restoredBase), docCount: docs.count },
    ]);
    for (const q of ['food bank', 'greif', 'epicerie', 'walk', 'tax clinic toronto']) {
      expect(restored.search(q).hits).toEqual(engine.search(q).hits);
    }
  });
});

describe('optimal string alignment distance', () => {
  it('counts adjacent transpositions as one edit and stops early', () => {
    expect(osaDistance('grief', 'greif', 2)).toBe(1);
    expect(osaDistance('food', 'fod', 2)).toBe(1);
    expect(osaDistance('kitten', 'sitting', 3)).toBe(3);
    expect(osaDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
