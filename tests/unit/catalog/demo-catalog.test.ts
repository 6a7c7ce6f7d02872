import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoCatalogDocument, generateCatalog } from '@/lib/catalog/demo/generate';
import { HsdsTaxonomyTerm, validateRecord, validateService } from '@/lib/catalog/hsds-schema';

const committed = JSON.parse(
  readFileSync(new URL('../../../lib/catalog/demo/demo-catalog.json', import.meta.url), 'utf8'),
) as ReturnType<typeof demoCatalogDocument>;

const codesOf = (s: (typeof committed.services)[number]) =>
  (s.attributes ?? []).map((a) => a.taxonomy_term?.code).filter((c): c is string => !!c);

describe('demo catalog', () => {
  it('is what the generator produces (regenerate with npx tsx lib/catalog/demo/write-demo.ts)', () => {
    expect(JSON.parse(JSON.stringify(demoCatalogDocument()))).toEqual(committed);
  });

  it('has at least 300 valid, uniquely identified services', () => {
    expect(committed.services.length).toBeGreaterThanOrEqual(300);
    const bad = committed.services.map(validateService).filter((r) => !r.ok);
    expect(bad).toEqual([]);
    expect(new Set(committed.services.map((s) => s.id)).size).toBe(committed.services.length);
    for (const t of committed.taxonomy_terms) expect(validateRecord(HsdsTaxonomyTerm, t).ok).toBe(true);
  });

  it('covers every category the field names, in English and French', () => {
    const required = [
      'exercise-group',
      'good-food-box',
      'food-bank',
      'arts-class',
      'dance-class',
      'bereavement',
      'community-garden',
      'walking-group',
      'volunteering',
      'income-support',
      'housing',
      'newcomer',
      'befriending',
      'seniors-active-living',
      'caregiver',
      'youth',
      'black-focused',
      'indigenous-led',
      'francophone',
    ];
    const counts = new Map<string, number>();
    for (const s of committed.services) for (const c of codesOf(s)) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const code of required) expect(counts.get(code) ?? 0, code).toBeGreaterThanOrEqual(5);
    const french = committed.services.filter((s) => s.languages?.[0]?.code === 'fr');
    expect(french.length).toBeGreaterThanOrEqual(40);
  });

  it('gives every in-person location Ontario coordinates and a postal code', () => {
    for (const s of committed.services) {
      for (const sal of s.service_at_locations ?? []) {
        const loc = sal.location;
        if (!loc || loc.location_type !== 'physical') continue;
        expect(loc.latitude).toBeGreaterThan(41.6);
        expect(loc.latitude).toBeLessThan(56.9);
        expect(loc.addresses?.[0]?.postal_code).toMatch(/^[A-Z]\d[A-Z] \d[A-Z]\d$/);
      }
    }
  });

  it('generates larger catalogs deterministically, smaller ones being prefixes', () => {
    const a = generateCatalog({ count: 50, seed: 7 });
    const b = generateCatalog({ count: 80, seed: 7 });
    expect(b.slice(0, 50)).toEqual(a);
    const size = JSON.stringify(b).length / b.length;
    expect(size).toBeGreaterThan(1500);
    expect(size).toBeLessThan(4500);
    for (const s of b) expect(validateService(s).ok).toBe(true);
  });
});
