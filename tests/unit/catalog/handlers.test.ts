import { beforeEach, describe, expect, it } from 'vitest';
import { openSocialRxDb } from '@/lib/db';
import { createCatalogHandlers } from '@/lib/catalog/handlers';
import { drainListingReports, listListingReports } from '@/lib/catalog/reports';
import { getActive, type Db } from '@/lib/catalog/store';
import { runCatalogSync } from '@/lib/catalog/sync';
import { setLogSink } from '@/lib/platform/log';
import { demoCatalogDocument } from '@/lib/catalog/demo/generate';
import { FakeHsds, type FakeService } from './fake-hsds';

let db: Db;
const settings = async () => ({ catalogHsdsBaseUrl: 'https://nav.example.org/hsds', catalogToken: 't' });
const ctx = { sender: {} };

beforeEach(async () => {
  setLogSink(() => undefined);
  db = await openSocialRxDb(`handlers-${Math.random()}`);
});

describe('catalog message handlers', () => {
  it('catalog.sync starts a run in the background', async () => {
    const server = new FakeHsds(demoCatalogDocument().services.slice(0, 30) as unknown as FakeService[]);
    const h = createCatalogHandlers({
      sync: {
        fetchImpl: server.fetch,
        getSettings: settings,
        db: async () => db,
        yieldFn: async () => undefined,
      },
      db: async () => db,
    });
    expect(await h['catalog.sync']({ mode: 'auto' }, ctx)).toEqual({ started: true });
    // Joining the same run: it completes with the catalog in place.
    await runCatalogSync({ fetchImpl: server.fetch, getSettings: settings, db: async () => db });
    expect((await getActive(db))?.liveCount).toBe(30);
  });

  it('listing.report queues first and delivers with an idempotency key; offline keeps it queued', async () => {
    const posts: { url: string; key: string; body: string }[] = [];
    let online = false;
    const fetchImpl = async (url: string, init?: RequestInit) => {
      if (!online) throw new TypeError('offline');
      const headers = init?.headers as Record<string, string>;
      posts.push({ url, key: headers['Idempotency-Key'] ?? '', body: String(init?.body) });
      return new Response(null, { status: 201 });
    };
    const h = createCatalogHandlers({
      sync: { fetchImpl, getSettings: settings, db: async () => db },
      db: async () => db,
    });
    expect(
      await h['listing.report'](
        { serviceId: 'svc-1', kind: 'wrong-hours', comment: 'Closed on Mondays now' },
        ctx,
      ),
    ).toEqual({
      queued: true,
    });
    await new Promise((r) => setTimeout(r, 10));
    const queued = await listListingReports(db);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.attempts).toBeGreaterThanOrEqual(1);
    online = true;
    expect(await drainListingReports({ fetchImpl, getSettings: settings, db: async () => db })).toBe(1);
    expect(await listListingReports(db)).toHaveLength(0);
    expect(posts[0]!.url).toBe('https://nav.example.org/hsds/listing_reports');
    expect(posts[0]!.key).toBe(queued[0]!.id);
    expect(JSON.parse(posts[0]!.body)).toMatchObject({ service_id: 'svc-1', kind: 'wrong-hours' });
  });

  it('keeps a rejected report visible instead of retrying it forever', async () => {
    const fetchImpl = async () => new Response(null, { status: 422 });
    const h = createCatalogHandlers({
      sync: { fetchImpl, getSettings: settings, db: async () => db },
      db: async () => db,
    });
    await h['listing.report']({ serviceId: 'svc-2', kind: 'other', comment: '' }, ctx);
    await drainListingReports({ fetchImpl, getSettings: settings, db: async () => db });
    const [r] = await listListingReports(db);
    expect(r).toMatchObject({ state: 'rejected', lastStatus: 422 });
  });
});
