/**
 * An in-memory HSDS 3.0 API behind a `fetch` function (an edge fake, not a mock): /, /services (page, per_page,
 * full, modified_after inclusive, minimal), /services/{id}, /taxonomy_terms, ETags. Faults are injected per request.
 */
export interface FakeService {
  id: string;
  last_modified?: string;
  [k: string]: unknown;
}

export type Fault =
  | { kind: 'html' }
  | { kind: 'truncated' }
  | { kind: 'wrong-types' }
  | { kind: 'oversized-declared'; bytes: number }
  | { kind: 'oversized-stream'; bytes: number }
  | { kind: 'status'; status: number }
  | { kind: 'network' };

export interface FakeOptions {
  /** The list ignores `full=true` and returns one-to-one fields only (details need /services/{id}). */
  minimalList?: boolean;
  /** Wrong HSDS version at `/`. */
  version?: string;
}

const NESTED = [
  'phones',
  'schedules',
  'service_at_locations',
  'languages',
  'cost_options',
  'attributes',
  'capacities',
];

export class FakeHsds {
  services = new Map<string, FakeService>();
  terms: unknown[] = [];
  requests: string[] = [];
  /** Called before each request; return a fault to inject it. */
  fault: ((url: URL, n: number) => Fault | null) | null = null;
  minimalEtag = 'W/"m1"';
  date = 'Sun, 01 Nov 2026 12:00:00 GMT';

  constructor(
    services: readonly FakeService[],
    terms: readonly unknown[] = [],
    readonly opts: FakeOptions = {},
  ) {
    for (const s of services) this.services.set(s.id, structuredClone(s));
    this.terms = [...terms];
  }

  private page(all: unknown[], url: URL) {
    const perPage = Math.max(1, Number(url.searchParams.get('per_page') ?? 50));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const totalPages = Math.max(1, Math.ceil(all.length / perPage));
    const contents = all.slice((page - 1) * perPage, page * perPage);
    return {
      total_items: all.length,
      total_pages: totalPages,
      page_number: page,
      size: contents.length,
      first_page: page === 1,
      last_page: page >= totalPages,
      empty: contents.length === 0,
      contents,
    };
  }

  private json(body: unknown, extra: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', date: this.date, ...extra },
    });
  }

  private applyFault(f: Fault): Response {
    switch (f.kind) {
      case 'html':
        return new Response('<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        });
      case 'truncated':
        return new Response('{"total_items": 10, "contents": [{"id": "a", "name": "Trunc', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      case 'wrong-types':
        return this.json({ total_items: 'many', contents: { not: 'an array' } });
      case 'oversized-declared':
        return new Response('{}', { status: 200, headers: { 'content-length': String(f.bytes) } });
      case 'oversized-stream': {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent >= f.bytes) return c.close();
            sent += chunk.byteLength;
            c.enqueue(chunk);
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      }
      case 'status':
        return new Response('error', { status: f.status });
      case 'network':
        throw new TypeError('Failed to fetch');
    }
  }

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    this.requests.push(url.pathname + url.search);
    const f = this.fault?.(url, this.requests.length);
    if (f) return this.applyFault(f);
    const path = url.pathname.replace(/^\/hsds/, '');
    if (path === '/' || path === '') {
      return this.json({ version: this.opts.version ?? '3.0', profile: 'https://example.org/profile' });
    }
    if (path === '/taxonomy_terms') return this.json(this.page(this.terms, url));
    const one = /^\/services\/([^/]+)$/.exec(path);
    if (one) {
      const s = this.services.get(decodeURIComponent(one[1]!));
      return s ? this.json(s) : new Response('not found', { status: 404 });
    }
    if (path === '/services') {
      let all = [...this.services.values()];
      if (url.searchParams.get('minimal') === 'true') {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        if (headers['If-None-Match'] === this.minimalEtag) return new Response(null, { status: 304 });
        const list = all.map((s) => ({ id: s.id, last_modified: s.last_modified }));
        return this.json(this.page(list, url), { etag: this.minimalEtag });
      }
      const after = url.searchParams.get('modified_after');
      if (after) all = all.filter((s) => (s.last_modified ?? '') >= after);
      const full = url.searchParams.get('full') === 'true' && !this.opts.minimalList;
      const items = full
        ? all
        : all.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !NESTED.includes(k))));
      return this.json(this.page(items, url));
    }
    return new Response('not found', { status: 404 });
  };

  /** Changes a record the way a publisher edit would (new last_modified). */
  touch(id: string, patch: Record<string, unknown>, at: string): void {
    const s = this.services.get(id);
    if (!s) throw new Error(`no service ${id}`);
    this.services.set(id, { ...s, ...patch, last_modified: at });
    this.minimalEtag = `W/"m${Math.random()}"`;
  }

  remove(id: string): void {
    this.services.delete(id);
    this.minimalEtag = `W/"m${Math.random()}"`;
  }
}
