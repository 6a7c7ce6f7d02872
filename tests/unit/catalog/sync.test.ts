import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openSocialRxDb } from '@/lib/db';
import { demoCatalogDocument } from '@/lib/catalog/demo/generate';
import { META } from '@/lib/catalog/meta';
import { loadCatalog, programsByIds } from '@/lib/catalog/reader';
import { getActive, getStaging, getStatus, type Db } from '@/lib/catalog/store';
import { DEFAULT_LIMITS, compact, runCatalogSync, type CatalogSyncDeps } from '@/lib/catalog/sync';
import { setLogSink } from '@/lib/platform/log';
import { FakeHsds, type FakeService } from './fake-hsds';

const demo = demoCatalogDocument();
const services = demo.services as unknown as FakeService[];
const BASE = 'https://navigator.example.org/hsds/';

let db: Db;
let clock: number;

beforeEach(async () => {
  setLogSink(() => undefined);
  db = await openSocialRxDb(`sync-${Math.random()}`);
  clock = Date.parse('2026-11-01T12:00:00Z');
});

function deps(server: FakeHsds, limits: CatalogSyncDeps['limits'] = {}): CatalogSyncDeps {
  return {
    fetchImpl: server.fetch,
    getSettings: async () => ({ catalogHsdsBaseUrl: BASE, catalogToken: 'tok' }),
    db: async () => db,
    now: () => clock,
    limits: { pageSize: 100, retryDelayMs: 1, ...limits },
    yieldFn: async () => undefined,
  };
}

async function search(q: string) {
  const cat = await loadCatalog(db);
  if (!cat) throw new Error('no catalog');
  return { cat, result: cat.search.search(q, { limit: 50 }) };
}

describe('full sync', () => {
  it('ingests the demo catalog through the API, with taxonomy and search index', async () => {
    const server = new FakeHsds(services, demo.taxonomy_terms);
    const out = await runCatalogSync(deps(server));
    expect(out).toMatchObject({
      status: 'ok',
      summary: { mode: 'full', added: services.length, quarantined: 0 },
    });
    const active = await getActive(db);
    expect(active?.liveCount).toBe(services.length);
    const { result } = await search('good food box');
    expect(result.total).toBeGreaterThan(5);
    // The bearer token is sent; pages were requested with full=true.
    expect(server.requests.some((r) => r.includes('full=true') && r.includes('per_page=100'))).toBe(true);
    expect((await db.get('catalogMeta', META.progress)) ?? null).toBeNull();
  });

  it('fetches /services/{id} when the publisher only lists one-to-one fields', async () => {
    const server = new FakeHsds(services.slice(0, 120), demo.taxonomy_terms, { minimalList: true });
    const out = await runCatalogSync(deps(server));
    expect(out.status).toBe('ok');
    expect(server.requests.filter((r) => /^\/hsds\/services\/[0-9a-f-]{36}$/.test(r))).toHaveLength(120);
    const { cat } = await search('food');
    const [p] = await programsByIds(cat, [services[0]!.id]);
    expect(p?.locations.length ?? 0).toBeGreaterThanOrEqual(0);
    expect(p?.hours.length).toBeGreaterThan(0); // nested schedules came from the detail records
  });

  it('quarantines bad records with their reasons and keeps the rest', async () => {
    const bad: FakeService[] = [
      { ...services[0]!, id: 'bad-1', status: 'open' },
      { ...services[1]!, id: 'bad-2', name: 42 },
      { ...services[2]!, id: 'bad-3', phones: [{ id: 'p', number: 5551234 }] },
    ];
    const server = new FakeHsds([...services.slice(3, 50), ...bad], demo.taxonomy_terms);
    const out = await runCatalogSync(deps(server));
    expect(out).toMatchObject({ status: 'ok', summary: { added: 47, quarantined: 3 } });
    const entries = await db.getAll('quarantine');
    expect(entries.map((e) => (e as { id: string }).id).sort()).toEqual(['bad-1', 'bad-2', 'bad-3']);
    const reasons = entries
      .flatMap((e) => (e as { reasons: { path: string }[] }).reasons.map((r) => r.path))
      .sort();
    expect(reasons).toEqual(['name', 'phones.0.number', 'status']);
    expect((await getStatus(db)).quarantined).toBe(3);
  });

  it('refuses a publisher that is not HSDS 3', async () => {
    const server = new FakeHsds(services.slice(0, 10), [], { version: '2.0.1' });
    expect(await runCatalogSync(deps(server))).toMatchObject({
      status: 'error',
      code: 'unsupported-version',
    });
    expect(await getActive(db)).toBeNull();
  });
});

describe('malformed responses keep the last good catalog', () => {
  const cases = [
    { name: 'an HTML error page', fault: { kind: 'html' } as const, code: 'not-json' },
    { name: 'truncated JSON', fault: { kind: 'truncated' } as const, code: 'truncated-json' },
    { name: 'wrong types', fault: { kind: 'wrong-types' } as const, code: 'bad-shape' },
    {
      name: 'a declared oversized payload',
      fault: { kind: 'oversized-declared', bytes: 10_000_000 } as const,
      code: 'payload-too-large',
    },
    {
      name: 'an oversized stream',
      fault: { kind: 'oversized-stream', bytes: 3_000_000 } as const,
      code: 'payload-too-large',
    },
    { name: 'a server error', fault: { kind: 'status', status: 503 } as const, code: 'http-5xx' },
    { name: 'an expired token', fault: { kind: 'status', status: 401 } as const, code: 'http-401' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const server = new FakeHsds(services.slice(0, 60), demo.taxonomy_terms);
      expect((await runCatalogSync(deps(server))).status).toBe('ok');
      const before = await getActive(db);
      server.fault = (url) => (url.pathname.endsWith('/services') ? c.fault : null);
      clock += 1000;
      const out = await runCatalogSync(deps(server, { maxResponseBytes: 2_000_000 }), { mode: 'full' });
      expect(out).toMatchObject({ status: 'error', code: c.code });
      expect(await getActive(db)).toEqual(before);
      expect((await getStatus(db)).lastError?.code).toBe(c.code);
      const { result } = await search('food');
      expect(result.total).toBeGreaterThan(0);
    });
  }
});

describe('resume', () => {
  it('resumes an interrupted full sync at the next page, without duplicates', async () => {
    const server = new FakeHsds(services, demo.taxonomy_terms);
    let pagesServed = 0;
    server.fault = (url) => {
      if (url.pathname.endsWith('/services') && !url.searchParams.has('minimal')) pagesServed++;
      return pagesServed === 3 ? { kind: 'network' } : null;
    };
    const first = await runCatalogSync(deps(server, { attempts: 1 }));
    expect(first).toMatchObject({ status: 'error', code: 'network' });
    expect(await getActive(db)).toBeNull();
    expect(await getStaging(db)).toMatchObject({ page: 3, docCount: 200, phase: 'services' });
    const progress = (await getStatus(db)).lastError;
    expect(progress?.code).toBe('network');

    server.fault = null;
    server.requests = [];
    const second = await runCatalogSync(deps(server));
    expect(second.status).toBe('ok');
    expect(
      server.requests
        .filter((r) => r.includes('/services?'))
        .map((r) => new URLSearchParams(r.split('?')[1]).get('page')),
    ).toEqual(['3', '4']);
    const active = await getActive(db);
    expect(active?.liveCount).toBe(services.length);
    expect(active?.docCount).toBe(services.length);
  });
});

describe('incremental sync', () => {
  it('applies changed and new records after the full sync and skips the unchanged overlap', async () => {
    const server = new FakeHsds(services.slice(0, 200), demo.taxonomy_terms);
    await runCatalogSync(deps(server));
    const later = '2026-11-01T13:00:00.000Z';
    server.touch(services[0]!.id, { name: 'Zanzibar Walking Club' }, later);
    server.touch(services[1]!.id, { status: 'inactive' }, later);
    server.services.set('new-service-1', {
      ...services[250]!,
      id: 'new-service-1',
      name: 'Quokka Community Choir',
      last_modified: later,
    });
    // Unchanged but inside the overlap window: must not count as an update.
    server.touch(services[2]!.id, {}, (services[2]!.last_modified as string) ?? later);
    clock = Date.parse('2026-11-01T14:00:00Z');
    server.date = 'Sun, 01 Nov 2026 14:00:00 GMT';
    const out = await runCatalogSync(deps(server));
    expect(out).toMatchObject({ status: 'ok', summary: { mode: 'delta', added: 1, updated: 2, removed: 0 } });
    expect(server.requests.some((r) => r.includes('modified_after=2026-11-01T11%3A55%3A00.000Z'))).toBe(true);
    expect((await search('zanzibar')).result.hits[0]?.id).toBe(services[0]!.id);
    expect((await search('quokka choir')).result.hits[0]?.id).toBe('new-service-1');
    // The superseded copy is gone from search, the inactive program is hidden by default.
    const { cat } = await search('x');
    expect(
      cat.search
        .search(services[0]!.name as string, { limit: 200 })
        .hits.filter((h) => h.id === services[0]!.id),
    ).toHaveLength(0);
    expect(
      cat.search
        .search(services[1]!.name as string, { limit: 200 })
        .hits.some((h) => h.id === services[1]!.id),
    ).toBe(false);
    const again = await runCatalogSync(deps(server));
    expect(again).toMatchObject({ status: 'ok', summary: { added: 0, updated: 0 } });
  });

  it('reconciles deletions against the minimal list, using its ETag', async () => {
    const server = new FakeHsds(services.slice(0, 100), demo.taxonomy_terms);
    await runCatalogSync(deps(server));
    for (const s of services.slice(0, 3)) server.remove(s.id);
    clock += DEFAULT_LIMITS.reconcileEveryMs + 60_000;
    const out = await runCatalogSync(deps(server));
    expect(out).toMatchObject({ status: 'ok', summary: { mode: 'reconcile', removed: 3 } });
    const { cat } = await search('x');
    for (const s of services.slice(0, 3)) expect(cat.search.docOf(s.id)).toBeNull();
    expect((await getActive(db))?.liveCount).toBe(97);
    // Next reconciliation: unchanged list → 304 → nothing removed.
    clock += DEFAULT_LIMITS.reconcileEveryMs + 60_000;
    server.requests = [];
    const again = await runCatalogSync(deps(server));
    expect(again).toMatchObject({ status: 'ok', summary: { removed: 0 } });
  });

  it('does not wipe the catalog when the minimal list comes back nearly empty', async () => {
    const server = new FakeHsds(services.slice(0, 100), demo.taxonomy_terms);
    await runCatalogSync(deps(server));
    const before = await getActive(db);
    for (const s of services.slice(0, 90)) server.remove(s.id);
    clock += DEFAULT_LIMITS.reconcileEveryMs + 60_000;
    expect(await runCatalogSync(deps(server))).toMatchObject({
      status: 'error',
      code: 'reconcile-suspicious',
    });
    expect(await getActive(db)).toEqual(before);
  });

  it('rebuilds the generation locally from live records (compaction)', async () => {
    const server = new FakeHsds(services.slice(0, 100), demo.taxonomy_terms);
    await runCatalogSync(deps(server));
    const later = '2026-11-01T13:00:00.000Z';
    for (const s of services.slice(0, 40))
      server.touch(s.id, { name: `${s.name as string} Xylophone` }, later);
    server.remove(services[99]!.id);
    clock = Date.parse('2026-11-01T14:00:00Z') + DEFAULT_LIMITS.reconcileEveryMs;
    server.date = 'Sun, 01 Nov 2026 14:00:00 GMT';
    expect(await runCatalogSync(deps(server))).toMatchObject({
      status: 'ok',
      summary: { updated: 40, removed: 1 },
    });
    const before = (await getActive(db))!;
    expect(before).toMatchObject({ docCount: 140, liveCount: 99, hasDelta: true });
    await compact(
      {
        db,
        now: () => clock,
        iso: () => new Date(clock).toISOString(),
        yieldFn: async () => undefined,
        runId: 'c1',
      },
      before,
    );
    const after = (await getActive(db))!;
    expect(after).toMatchObject({
      gen: before.gen + 1,
      docCount: 99,
      liveCount: 99,
      baseDocs: 99,
      hasDelta: false,
    });
    const cat = await loadCatalog(db);
    expect(cat?.search.search('xylophone', { filters: { includeInactive: true } }).total).toBe(40);
    // The old generation is gone.
    const keys = await db.getAllKeys('catalogIndex');
    expect(keys.some((k) => k.startsWith(`g${before.gen}:`))).toBe(false);
  });
});

describe('sync settings', () => {
  it('does nothing without a catalog URL', async () => {
    const server = new FakeHsds([], []);
    const out = await runCatalogSync({
      ...deps(server),
      getSettings: async () => ({ catalogHsdsBaseUrl: '', catalogToken: '' }),
    });
    expect(out).toEqual({ status: 'skipped', reason: 'not-configured' });
    expect(server.requests).toHaveLength(0);
  });

  it('sends the bearer token', async () => {
    const seen: string[] = [];
    const server = new FakeHsds(services.slice(0, 5), []);
    const inner = server.fetch;
    server.fetch = async (u, init) => {
      seen.push(((init?.headers ?? {}) as Record<string, string>).Authorization ?? '');
      return inner(u, init);
    };
    await runCatalogSync(deps(server));
    expect(seen.every((h) => h === 'Bearer tok')).toBe(true);
  });
});

// The official examples must ingest through the API too (service_full as a one-item page).
describe('official HSDS examples through the API', () => {
  it('ingests service_full.json', async () => {
    const svc = JSON.parse(
      readFileSync(new URL('./fixtures/hsds-3.0/service_full.json', import.meta.url), 'utf8'),
    ) as FakeService;
    const server = new FakeHsds([svc], []);
    const out = await runCatalogSync(deps(server));
    expect(out).toMatchObject({ status: 'ok', summary: { added: 1, quarantined: 0 } });
    const { result } = await search('counselling');
    expect(result.hits[0]?.id).toBe(svc.id);
  });
});
