import { describe, expect, it } from 'vitest';
import { demoCatalogDocument } from '@/lib/catalog/demo/generate';
import { HsdsTaxonomyTerm, compactService, validateService } from '@/lib/catalog/hsds-schema';
import { buildGeneration } from '@/lib/catalog/ingest';
import { ageFromBirthDate, matchPrograms, type MatchInput } from '@/lib/catalog/match';
import { termInfo, toProgram, type TermMap } from '@/lib/catalog/program';
import { docInputOf } from '@/lib/catalog/search/docs';
import { CatalogSearch } from '@/lib/catalog/search/engine';
import { Segment } from '@/lib/catalog/search/segment';
import { Visit } from '@/lib/visit/schema';

const demo = demoCatalogDocument();
const terms: TermMap = new Map(demo.taxonomy_terms.map((t) => [t.id, termInfo(HsdsTaxonomyTerm.parse(t))]));
const programs = demo.services.map((s) => {
  const r = validateService(s);
  if (!r.ok) throw new Error('fixture');
  return toProgram(compactService(r.value), terms);
});
const { docs, base } = await buildGeneration(
  programs.map((p) => docInputOf(p, 0)),
  async () => undefined,
);
const search = new CatalogSearch(docs, [{ segment: new Segment(base), docCount: docs.count }]);
const NOW = Date.parse('2026-11-01T12:00:00Z');

function input(
  visit: Partial<Omit<Visit, 'whatMatters'>> & { whatMatters?: Partial<Visit['whatMatters']> },
  extra: Partial<MatchInput> = {},
): MatchInput {
  return {
    visit: Visit.parse({ ...visit, whatMatters: visit.whatMatters ?? {} }),
    age: 68,
    clinic: { lat: 43.6532, lon: -79.3832 },
    staleListingDays: 180,
    now: NOW,
    ...extra,
  };
}

const codes = (doc: number) => programs[doc]!.taxonomy.map((t) => t.code);

describe('matching', () => {
  it('suggests programs for confirmed needs, in the patient’s language, free, near their postal code, with reasons', () => {
    const out = matchPrograms(
      search,
      input({
        confirmedNeeds: ['food-insecurity'],
        whatMatters: { preferredLanguage: 'fr', barriers: ['cost'], postalCode: 'K1N 5T5' },
      }),
    );
    expect(out.length).toBeGreaterThan(5);
    const first = out[0]!;
    expect(first.why.map((w) => w.code)).toEqual(
      expect.arrayContaining(['need', 'language', 'free', 'distance']),
    );
    expect(first.why.find((w) => w.code === 'need')?.need).toBe('food-insecurity');
    expect(programs[first.doc]!.languages).toContain('fr');
    expect(first.distanceKm!).toBeLessThan(60); // Ottawa area, not the Toronto clinic
    for (const s of out)
      expect(
        codes(s.doc).some(
          (c) =>
            c === 'food' ||
            c.startsWith('food') ||
            c.includes('garden') ||
            c.includes('meal') ||
            c.includes('kitchen') ||
            c.includes('good-food'),
        ),
      ).toBe(true);
  });

  it('never suggests programs the patient is too old or too young for', () => {
    const out = matchPrograms(
      search,
      input(
        { confirmedNeeds: ['social-connection'], whatMatters: { interests: ['youth'] } },
        { age: 70, limit: 200 },
      ),
    );
    for (const s of out) {
      const p = programs[s.doc]!;
      expect(p.maxAge === null || p.maxAge >= 70).toBe(true);
      expect(p.minAge === null || p.minAge <= 70).toBe(true);
    }
    const young = matchPrograms(
      search,
      input({ confirmedNeeds: ['social-connection'] }, { age: 16, limit: 200 }),
    );
    for (const s of young)
      expect(programs[s.doc]!.minAge === null || programs[s.doc]!.minAge! <= 16).toBe(true);
  });

  it('uses interests from "what matters" and says so', () => {
    const out = matchPrograms(search, input({ whatMatters: { interests: ['walking'] } }));
    expect(out[0]!.why.some((w) => w.code === 'interest' && w.value === 'walking')).toBe(true);
    expect(codes(out[0]!.doc)).toContain('walking-group');
  });

  it('uses goals and free-text interests through search', () => {
    const out = matchPrograms(search, input({ whatMatters: { goals: ['sing in a choir again'] } }));
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]!.why.some((w) => w.code === 'goal')).toBe(true);
  });

  it('favours accessible venues for a mobility barrier and remote programs for a transport barrier', () => {
    const mob = matchPrograms(
      search,
      input({ confirmedNeeds: ['social-connection'], whatMatters: { barriers: ['mobility'] } }),
    );
    expect(
      mob.slice(0, 5).every((s) => s.why.some((w) => w.code === 'accessible' || w.code === 'remote')),
    ).toBe(true);
    const trans = matchPrograms(
      search,
      input({ confirmedNeeds: ['social-connection'], whatMatters: { barriers: ['transport'] } }),
    );
    expect(trans.slice(0, 10).some((s) => s.why.some((w) => w.code === 'remote'))).toBe(true);
  });

  it('applies a configured need mapping', () => {
    const out = matchPrograms(
      search,
      input(
        { confirmedNeeds: ['food-insecurity'] },
        { mapping: { 'food-insecurity': ['community-garden'] }, limit: 100 },
      ),
    );
    expect(out.length).toBeGreaterThan(0);
    for (const s of out) expect(codes(s.doc)).toContain('community-garden');
  });

  it('flags stale listings and capacity before choosing', () => {
    const out = matchPrograms(search, input({ confirmedNeeds: ['social-connection'] }, { limit: 400 }));
    const stale = out.filter((s) => s.stale);
    expect(stale.length).toBeGreaterThan(0);
    for (const s of stale) expect(s.verifiedDaysAgo === null || s.verifiedDaysAgo > 180).toBe(true);
    expect(out.some((s) => s.capacity === 'waitlist' || s.capacity === 'full')).toBe(true);
    for (const s of out.filter((x) => x.capacity)) expect(programs[s.doc]!.capacity.status).toBe(s.capacity);
  });

  it('suggests nothing without needs, interests or goals', () => {
    expect(matchPrograms(search, input({}))).toEqual([]);
  });

  it('computes age from a birth date', () => {
    expect(ageFromBirthDate('1956-11-02', NOW)).toBe(69);
    expect(ageFromBirthDate('1956-11-01', NOW)).toBe(70);
    expect(ageFromBirthDate(null, NOW)).toBeNull();
  });
});
