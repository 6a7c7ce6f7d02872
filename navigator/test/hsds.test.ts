import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFeedback } from '../src/hsds/feedback';
import { setCapacity } from '../src/hsds/store';
import type { NavigatorHandle } from '../src/index';
import { backends } from './harness';

const example = (f: string): unknown =>
  JSON.parse(readFileSync(new URL(`../src/hsds/examples/${f}`, import.meta.url), 'utf8'));
const EXAMPLE_SERVICE = 'ac148810-d857-441c-9679-408f346de14b';

function service(
  i: number,
  lastModified: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Test program ${i}`,
    description: `Fictional program number ${i}`,
    status: 'active',
    last_modified: lastModified,
    organization: { id: 'org-test-1', name: 'Fictional Community Org', description: 'Test organization' },
    languages: [{ id: `lang-${i}`, name: 'French', code: 'fr' }],
    attributes: [
      {
        id: `attr-${i}`,
        taxonomy_term: {
          id: i % 2 ? 'term-food' : 'term-social',
          name: i % 2 ? 'Food' : 'Social connection',
          description: 'test',
        },
      },
    ],
    ...extra,
  };
}

interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
}

describe.each(backends())('HSDS API on $name', (backend) => {
  let nav: NavigatorHandle;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${nav.hsdsBaseUrl}${path}`, { headers });
    const text = await r.text();
    return {
      status: r.status,
      etag: r.headers.get('etag'),
      body: text ? (JSON.parse(text) as Page & Record<string, unknown>) : null,
    };
  };

  beforeAll(async () => {
    nav = await backend.start();
    // 25 services, one minute apart, oldest first.
    const base = Date.parse('2025-01-01T00:00:00.000Z');
    const services = Array.from({ length: 25 }, (_, i) =>
      service(i + 1, new Date(base + i * 60_000).toISOString()),
    );
    const report = await nav.importHsds(services);
    expect(report.services.created).toBe(25);
    expect(report.rejected).toEqual([]);
  });
  afterAll(async () => {
    await nav?.close();
  });

  it('imports the official HSDS 3.0 examples (organization_full and service_full)', async () => {
    const org = await nav.importHsds(example('organization_full.json'));
    expect(org.services.created).toBe(1);
    expect(org.organizations).toBe(1);
    const again = await nav.importHsds(example('service_full.json'));
    expect(again.rejected).toEqual([]);
    const full = await get(`/services/${EXAMPLE_SERVICE}`);
    expect(full.status).toBe(200);
    const s = full.body as unknown as Record<string, unknown> & {
      organization: { name: string };
      service_at_locations: unknown[];
    };
    expect(s.name).toBe('Community Counselling');
    expect(s.organization.name).toBe('Example Organization Inc.');
    expect(s.service_at_locations).toHaveLength(1);
    for (const k of ['phones', 'schedules', 'languages', 'cost_options', 'attributes'])
      expect(Array.isArray(s[k])).toBe(true);
    expect(s.capacity_status).toBe('accepting');
    const term = await get('/taxonomy_terms/3f7b145d-84af-42d7-8fae-eaca714b02b2');
    expect(term.status).toBe(200);
  });

  it('importing a list view (one-to-one fields) over a full record keeps the nested data; other paged lists are refused', async () => {
    const full = example('service_full.json') as Record<string, unknown>;
    await nav.importHsds(full);
    const listView = Object.fromEntries(
      Object.entries(full).filter(([, v]) => v === null || typeof v !== 'object'),
    );
    const report = await nav.importHsds({
      total_items: 1,
      total_pages: 1,
      page_number: 1,
      size: 1,
      contents: [{ ...listView, description: 'Shorter' }],
    });
    expect(report.services.updated).toBe(1);
    const s = (await get(`/services/${EXAMPLE_SERVICE}`)).body as unknown as {
      description: string;
      phones: unknown[];
    };
    expect(s.description).toBe('Shorter');
    expect(s.phones).toHaveLength(1);
    await expect(
      nav.importHsds({ contents: [{ id: 'o1', name: 'An organization', description: 'x' }] }),
    ).rejects.toThrow(/other records/);
  });

  it('pages /services with the HSDS page shape', async () => {
    const p1 = await get('/services?per_page=10&page=1&search=Test%20program');
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({
      total_items: 25,
      total_pages: 3,
      page_number: 1,
      size: 10,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const p3 = await get('/services?per_page=10&page=3&search=Test%20program');
    expect(p3.body).toMatchObject({
      page_number: 3,
      size: 5,
      first_page: false,
      last_page: true,
      empty: false,
    });
    const p4 = await get('/services?per_page=10&page=4&search=Test%20program');
    expect(p4.body).toMatchObject({ size: 0, empty: true, last_page: true });
    // List entries carry one-to-one fields only (service_list), plus capacity.
    const first = p1.body!.contents[0]!;
    expect(first.languages).toBeUndefined();
    expect(first.organization_id).toBe('org-test-1');
    expect(first.capacity_status).toBe('accepting');
    const ids = [
      ...p1.body!.contents,
      ...(await get('/services?per_page=10&page=2&search=Test%20program')).body!.contents,
      ...p3.body!.contents,
    ].map((c) => c.id);
    expect(new Set(ids).size).toBe(25);
    const full = await get('/services?per_page=3&full=true&search=Test%20program');
    for (const c of full.body!.contents) {
      expect((c.organization as { name: string }).name).toBe('Fictional Community Org');
      expect(c.languages).toEqual([expect.objectContaining({ code: 'fr' })]);
      expect(c.capacity_status).toBeTruthy();
    }
    const cors = await fetch(`${nav.hsdsBaseUrl}/services?per_page=1`);
    expect(cors.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('minimal=true returns id, name, status and last_modified of every service in one call', async () => {
    const r = await get('/services?minimal=true');
    expect(r.body!.total_pages).toBe(1);
    expect(r.body!.size).toBe(r.body!.total_items);
    for (const c of r.body!.contents)
      expect(Object.keys(c).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
  });

  it('modified_after is inclusive', async () => {
    const at = '2025-01-01T00:20:00.000Z'; // service 21's last_modified
    const r = await get(
      `/services?modified_after=${encodeURIComponent(at)}&search=Test%20program&per_page=100`,
    );
    expect(r.body!.total_items).toBe(5);
    expect(r.body!.contents.map((c) => c.last_modified)).toContain(at);
    // An unencoded '+' offset (turned into a space) still parses.
    const plus = await get('/services?modified_after=2025-01-01T00:20:00.000+00:00&search=Test%20program');
    expect(plus.body!.total_items).toBe(5);
  });

  it('strong ETags with If-None-Match → 304, and a new ETag after a change', async () => {
    const a = await get('/services?per_page=5');
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const b = await get('/services?per_page=5', { 'if-none-match': a.etag! });
    expect(b.status).toBe(304);
    expect(b.body).toBeNull();
    const one = await get('/services/00000000-0000-4000-8000-000000000001');
    expect(
      (await get('/services/00000000-0000-4000-8000-000000000001', { 'if-none-match': one.etag! })).status,
    ).toBe(304);
    await setCapacity(nav.db, '00000000-0000-4000-8000-000000000001', {
      status: 'full',
      available: 0,
      maximum: 12,
    });
    const changed = await get('/services/00000000-0000-4000-8000-000000000001', {
      'if-none-match': one.etag!,
    });
    expect(changed.status).toBe(200);
    expect(changed.body!.capacity_status).toBe('full');
    expect(changed.body!.capacities).toMatchObject([{ available: 0, maximum: 12, unit: { name: 'places' } }]);
    const capacityAttrs = (changed.body!.attributes as { link_type?: string; value?: string }[]).filter(
      (a) => a.link_type === 'capacity',
    );
    expect(capacityAttrs).toEqual([expect.objectContaining({ value: 'full' })]);
    // The capacity change moved last_modified, so a delta sync from before it sees the service.
    expect(Date.parse(String(changed.body!.last_modified))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads capacity from a capacity attribute and publishes a waitlist without a count', async () => {
    await nav.importHsds([
      service(200, '2025-03-01T00:00:00Z', {
        attributes: [{ id: 'cap-200', link_type: 'capacity', value: 'waitlist' }],
        capacities: [{ id: 'c-200', available: 3, maximum: 10, unit: { name: 'spaces' } }],
      }),
    ]);
    const r = await get('/services/00000000-0000-4000-8000-000000000200');
    expect(r.body!.capacity_status).toBe('waitlist');
    expect(r.body!.capacities).toEqual([]);
    const attrs = r.body!.attributes as { link_type?: string; value?: string }[];
    expect(attrs.filter((a) => a.link_type === 'capacity')).toEqual([
      expect.objectContaining({ value: 'waitlist' }),
    ]);
  });

  it('imports top-level taxonomies and taxonomy terms (parents included) from {taxonomies, taxonomy_terms, services}', async () => {
    const report = await nav.importHsds({
      taxonomies: [{ id: 'tax-demo', name: 'demo taxonomy' }],
      taxonomy_terms: [
        { id: 'term-parent', name: 'Parent term', description: 'p', taxonomy_id: 'tax-demo' },
        {
          id: 'term-child',
          name: 'Child term',
          description: 'c',
          parent_id: 'term-parent',
          taxonomy_id: 'tax-demo',
        },
      ],
      services: [
        service(300, '2025-03-02T00:00:00Z', {
          attributes: [{ id: 'a-300', taxonomy_term_id: 'term-child' }],
        }),
      ],
    });
    expect(report.services.created).toBe(1);
    expect(report.taxonomyTerms).toBe(2);
    const top = await get('/taxonomy_terms?taxonomy_id=tax-demo&top_only=true');
    expect(top.body!.contents.map((t) => t.id)).toEqual(['term-parent']);
    const children = await get('/taxonomy_terms?parent_id=term-parent');
    expect(children.body!.contents.map((t) => t.id)).toEqual(['term-child']);
    expect((await get('/services?taxonomy_id=tax-demo')).body!.total_items).toBe(1);
    expect((await get('/taxonomies/tax-demo')).status).toBe(200);
  });

  it('a changed re-import moves last_modified forward so delta syncs pick it up', async () => {
    const cursor = new Date().toISOString();
    const report = await nav.importHsds([
      service(2, '2025-01-01T00:01:00.000Z', { description: 'Changed description' }),
      service(3, '2025-01-01T00:02:00.000Z'),
    ]);
    expect(report.services).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const delta = await get(`/services?modified_after=${encodeURIComponent(cursor)}`);
    expect(delta.body!.contents.map((c) => c.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
  });

  it('rejects invalid records with reasons and keeps the valid ones', async () => {
    const report = await nav.importHsds([
      service(100, '2025-02-01T00:00:00Z'),
      { id: 'bad-1', name: 'No status' },
      { id: 'bad-2', name: 'Bad status', status: 'open' },
      { name: 'No id', status: 'active' },
    ]);
    expect(report.services.created).toBe(1);
    expect(report.rejected.map((r) => r.id)).toEqual(['bad-1', 'bad-2', null]);
    expect(report.rejected[1]!.reasons.join(' ')).toContain('status');
    await expect(nav.importHsds({ hello: 'world' })).rejects.toThrow(/no HSDS services found/);
  });

  it('serves organizations and taxonomy terms, paged', async () => {
    const orgs = await get('/organizations?per_page=1');
    expect(orgs.body!.total_items).toBeGreaterThanOrEqual(2);
    expect(orgs.body!.size).toBe(1);
    const org = await get('/organizations/org-test-1');
    expect((org.body!.services as unknown[]).length).toBeGreaterThanOrEqual(25);
    const terms = await get('/taxonomy_terms?per_page=50');
    expect(terms.body!.contents.map((t) => t.id)).toEqual(
      expect.arrayContaining(['term-food', 'term-social']),
    );
    const byTerm = await get('/services?taxonomy_term_id=term-food&per_page=100');
    expect(byTerm.body!.contents.every((c) => Number(String(c.id).slice(-2)) % 2 === 1)).toBe(true);
    expect((await get('/')).body).toMatchObject({ version: '3.0' });
  });

  it('answers bad parameters with 400 and unknown ids with 404', async () => {
    for (const q of [
      'page=0',
      'per_page=abc',
      'modified_after=yesterday',
      'minimal=maybe',
      'format=ndjson',
    ]) {
      const r = await get(`/services?${q}`);
      expect(r.status, q).toBe(400);
      expect(typeof r.body!.error).toBe('string');
    }
    expect((await get('/services/nope')).status).toBe(404);
    expect((await get('/organizations/nope')).status).toBe(404);
  });

  it('takes "this listing is wrong" reports from clinics (bearer token) and lists them', async () => {
    const token = await nav.createClinicToken('Feedback Clinic');
    const url = `${nav.hsdsBaseUrl}/services/00000000-0000-4000-8000-000000000005/feedback`;
    const post = (body: unknown, auth?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post({ message: 'Closed since March' })).status).toBe(401);
    expect((await post({ message: '' }, token)).status).toBe(400);
    expect((await post({ message: 'x', category: 'nonsense' }, token)).status).toBe(400);
    const ok = await post({ category: 'closed', message: 'Closed since March' }, token);
    expect(ok.status).toBe(201);
    const alt = await fetch(`${nav.hsdsBaseUrl}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        service_id: '00000000-0000-4000-8000-000000000006',
        message: 'Phone number is wrong',
      }),
    });
    expect(alt.status).toBe(201);
    const missing = await fetch(`${nav.hsdsBaseUrl}/services/${randomUUID()}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: 'x' }),
    });
    expect(missing.status).toBe(404);
    // The extension's shape: POST /listing_reports with its report id; a retried delivery is stored once.
    const report = {
      id: randomUUID(),
      service_id: '00000000-0000-4000-8000-000000000007',
      kind: 'wrong-hours',
      comment: 'Evenings only now',
      reported_at: new Date().toISOString(),
    };
    const lr = (body: unknown, auth?: string) =>
      fetch(`${nav.hsdsBaseUrl}/listing_reports`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': report.id,
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify(body),
      });
    expect((await lr(report)).status).toBe(401);
    expect((await lr(report, token)).status).toBe(201);
    expect((await lr(report, token)).status).toBe(200);
    expect((await lr({ ...report, id: randomUUID(), kind: 'rude-staff' }, token)).status).toBe(400);
    expect((await lr({ ...report, id: randomUUID(), service_id: randomUUID() }, token)).status).toBe(404);
    const otherClinic = await nav.createClinicToken('Another Feedback Clinic');
    expect((await lr(report, otherClinic)).status).toBe(409);
    const open = await listFeedback(nav.db, 'open');
    expect(open.filter((f) => f.id === report.id)).toEqual([
      expect.objectContaining({ category: 'hours', message: 'Evenings only now' }),
    ]);
    expect(open.map((f) => f.message)).toEqual(
      expect.arrayContaining(['Closed since March', 'Phone number is wrong']),
    );
    expect(open.find((f) => f.message === 'Closed since March')).toMatchObject({
      category: 'closed',
      clinic_name: 'Feedback Clinic',
      service_name: 'Test program 5',
    });
  });
});

describe('demo seeding', () => {
  it('seeds the demo catalog (or the official examples) into an empty catalog only', async () => {
    const nav = await backends()[0]!.start({ seedDemo: true });
    try {
      expect(nav.seeded).not.toBeNull();
      expect(nav.seeded!.report.rejected).toEqual([]);
      const total = nav.seeded!.report.services.created;
      expect(total).toBeGreaterThan(0);
      const list = (await (await fetch(`${nav.hsdsBaseUrl}/services?minimal=true`)).json()) as {
        total_items: number;
      };
      expect(list.total_items).toBe(total);
      const { seedDemoCatalog } = await import('../src/hsds/seed');
      expect(await seedDemoCatalog(nav.db)).toBeNull();
    } finally {
      await nav.close();
    }
  });
});
