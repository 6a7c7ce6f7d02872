import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HsdsTaxonomyTerm, compactService, validateRecord, validateService } from '@/lib/catalog/hsds-schema';

const EX = new URL('./fixtures/hsds-3.0/', import.meta.url).pathname;
const example = (name: string): unknown => JSON.parse(readFileSync(EX + name, 'utf8'));

describe('HSDS 3.0 service schema', () => {
  it('accepts the official service_full example', () => {
    const r = validateService(example('service_full.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe('Community Counselling');
    // Quirks of the official example are kept, not rejected: latitude 100, a quoted phone number, ISO 639-3 code.
    expect(r.value.service_at_locations?.[0]?.location?.latitude).toBe(100);
    expect(r.value.phones?.[0]?.number).toBe('"+44 1234 234567"');
  });

  it('accepts every service in the official list and organization examples', () => {
    const list = example('service_list.json') as { contents: unknown[] };
    const org = example('organization_full.json') as { services: unknown[] };
    for (const s of [...list.contents, ...org.services]) expect(validateService(s).ok).toBe(true);
  });

  it('accepts the official taxonomy_term example', () => {
    expect(validateRecord(HsdsTaxonomyTerm, example('taxonomy_term.json')).ok).toBe(true);
  });

  it('rejects wrong types with the zod path and message', () => {
    const base = example('service_full.json') as Record<string, unknown>;
    const r = validateService({ ...base, status: 'open', minimum_age: 'twelve' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.id).toBe('ac148810-d857-441c-9679-408f346de14b');
    expect(r.reasons.map((x) => x.path).sort()).toEqual(['minimum_age', 'status']);
  });

  it('rejects a missing name, an unparseable date and a nested bad type', () => {
    const base = example('service_full.json') as Record<string, unknown>;
    const { name: _omit, ...noName } = base;
    const r1 = validateService(noName);
    expect(r1.ok || r1.reasons.map((x) => x.path)).toEqual(['name']);
    const r2 = validateService({ ...base, last_modified: 'yesterday' });
    expect(r2.ok || r2.reasons[0]?.path).toBe('last_modified');
    const r3 = validateService({ ...base, phones: [{ id: 'p1', number: 5551234 }] });
    expect(r3.ok || r3.reasons[0]?.path).toBe('phones.0.number');
  });

  it('bounds string and array sizes', () => {
    const base = example('service_full.json') as Record<string, unknown>;
    const r1 = validateService({ ...base, description: 'x'.repeat(10_001) });
    expect(r1.ok || r1.reasons[0]?.path).toBe('description');
    const manyPhones = Array.from({ length: 31 }, (_, i) => ({ id: `p${i}`, number: '555-0100' }));
    const r2 = validateService({ ...base, phones: manyPhones });
    expect(r2.ok || r2.reasons[0]?.path).toBe('phones');
  });

  it('accepts nulls and numeric strings from lenient publishers', () => {
    const r = validateService({
      id: 'svc-1',
      name: 'X',
      status: 'active',
      alternate_name: null,
      minimum_age: '12',
      phones: null,
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.minimum_age).toBe(12);
      expect(r.value.phones).toBeNull();
    }
  });

  it('rejects inverted age ranges', () => {
    const r = validateService({ id: 'svc-1', name: 'X', status: 'active', minimum_age: 65, maximum_age: 18 });
    expect(r.ok).toBe(false);
  });

  it('compacts provenance metadata and organisation sub-lists for storage', () => {
    const r = validateService(example('service_full.json'));
    if (!r.ok) throw new Error('example must validate');
    const c = compactService(r.value);
    expect(c.metadata).toBeUndefined();
    expect(c.organization?.locations).toBeUndefined();
    expect(c.organization?.name).toBe('Example Organization Inc.');
  });
});
