import { readFileSync, readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openSocialRxDb } from '@/lib/db';
import { importHsdsFile, extractHsdsDocument } from '@/lib/catalog/import';
import { loadCatalog } from '@/lib/catalog/reader';
import { getActive, getStatus, type Db } from '@/lib/catalog/store';
import { setLogSink } from '@/lib/platform/log';

const FIX = new URL('./fixtures/hsds-3.0/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIX), 'utf8');
const demoText = readFileSync(
  new URL('../../../lib/catalog/demo/demo-catalog.json', import.meta.url),
  'utf8',
);

let db: Db;
const deps = () => ({
  db: async () => db,
  now: () => Date.parse('2026-11-01T12:00:00Z'),
  yieldFn: async () => undefined,
});

beforeEach(async () => {
  setLogSink(() => undefined);
  db = await openSocialRxDb(`import-${Math.random()}`);
});

describe('HSDS file import', () => {
  it('imports the demo catalog file', async () => {
    const out = await importHsdsFile(demoText, { ...deps(), fileName: 'demo-catalog.json' });
    expect(out).toMatchObject({ status: 'ok', summary: { mode: 'import', added: 340, quarantined: 0 } });
    const cat = await loadCatalog(db);
    expect(cat?.active.source).toBe('file');
    expect(cat?.search.search('épicerie').total).toBeGreaterThan(0);
  });

  // Every official example that carries services must ingest, whatever its shape.
  const withServices = [
    'service_full.json',
    'service_list.json',
    'organization_full.json',
    'service_at_location_full.json',
    'service_at_location_list.json',
    'tabular.json',
  ];
  for (const name of withServices) {
    it(`ingests the official ${name}`, async () => {
      const out = await importHsdsFile(read(name), { ...deps(), fileName: name });
      expect(out).toMatchObject({ status: 'ok', summary: { added: 1, quarantined: 0 } });
      const cat = await loadCatalog(db);
      const hit = cat?.search.search('counselling').hits[0];
      expect(hit?.id).toBe('ac148810-d857-441c-9679-408f346de14b');
    });
  }

  it('knows which official examples carry no services', () => {
    const files = readdirSync(FIX).filter((f) => f.endsWith('.json'));
    for (const f of files) {
      const json: unknown = JSON.parse(read(f));
      if (withServices.includes(f)) expect(extractHsdsDocument(json).services.length, f).toBeGreaterThan(0);
      else expect(() => extractHsdsDocument(json), f).toThrow();
    }
  });

  it('joins the tabular example into a nested service', () => {
    const doc = extractHsdsDocument(JSON.parse(read('tabular.json')));
    const s = doc.services[0] as {
      service_at_locations: { location: { addresses: unknown[] } }[];
      phones: unknown[];
    };
    expect(s.service_at_locations[0]?.location.addresses).toHaveLength(1);
    expect(s.phones).toHaveLength(1);
  });

  it('imports NDJSON', async () => {
    const lines = (JSON.parse(demoText) as { services: unknown[] }).services
      .slice(0, 5)
      .map((s) => JSON.stringify(s));
    expect(await importHsdsFile(lines.join('\n'), deps())).toMatchObject({
      status: 'ok',
      summary: { added: 5 },
    });
  });

  const bad = [
    { name: 'an HTML page', text: '<html><body>Sign in</body></html>', code: 'not-json' },
    { name: 'truncated JSON', text: demoText.slice(0, 5000), code: 'truncated-json' },
    { name: 'invalid JSON', text: '{"services": [1, 2,, 3]}', code: 'invalid-json' },
    { name: 'no services', text: '{"hello": "world"}', code: 'bad-shape' },
    { name: 'an empty list', text: '[]', code: 'bad-shape' },
  ];
  for (const b of bad) {
    it(`rejects ${b.name} (${b.code}) and keeps the previous catalog`, async () => {
      await importHsdsFile(demoText, deps());
      const before = await getActive(db);
      const out = await importHsdsFile(b.text, deps());
      expect(out).toMatchObject({ status: 'error', code: b.code });
      expect(await getActive(db)).toEqual(before);
      expect((await getStatus(db)).lastError?.code).toBe(b.code);
    });
  }

  it('quarantines bad records in a file and keeps the good ones', async () => {
    const doc = JSON.parse(demoText) as { services: Record<string, unknown>[] };
    doc.services[0] = { ...doc.services[0], status: 'open' };
    doc.services[1] = { ...doc.services[1], minimum_age: 70, maximum_age: 12 };
    const out = await importHsdsFile(JSON.stringify(doc), deps());
    expect(out).toMatchObject({ status: 'ok', summary: { added: 338, quarantined: 2 } });
    expect(await db.count('quarantine')).toBe(2);
  });
});
