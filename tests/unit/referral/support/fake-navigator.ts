import type { FetchLike } from '@/lib/fhir/client';

/**
 * An in-memory FHIR endpoint for unit tests: transaction Bundles are applied all-or-nothing with conditional create
 * (`ifNoneExist` on identifier) per entry, like a conformant server. It counts what it created per referral id so
 * tests can prove "exactly one ServiceRequest and one Task", and it injects faults the way the real test navigator
 * does (server down, 5xx, 429 with Retry-After, commit-then-drop, hang until aborted, 4xx with an OperationOutcome).
 */
export type Fault =
  | { kind: 'none' }
  | { kind: 'down' }
  | { kind: 'status'; status: number; retryAfter?: string; outcome?: string }
  | { kind: 'commit-then-drop' }
  | { kind: 'hang' }
  /** Commits, then the answer never arrives (the client must time out or die). */
  | { kind: 'commit-then-hang' };

interface Stored {
  resourceType: string;
  id: string;
  identifiers: string[];
  resource: Record<string, unknown>;
  lastUpdated: string;
}

export class FakeNavigator {
  readonly resources: Stored[] = [];
  readonly requests: { method: string; url: string; idempotencyKey: string | null; auth: string | null }[] =
    [];
  /** Faults consumed one per request, then `steady`. */
  faults: Fault[] = [];
  steady: Fault = { kind: 'none' };
  /** Sends of a referral currently in flight (to prove ≤ 1 concurrent send per id). */
  readonly inFlight = new Map<string, number>();
  maxConcurrentPerId = 0;
  private seq = 0;
  private clock: () => number;
  honourIdempotencyKey = false;
  /** When set, only these bearer tokens are accepted; others get `refusal` (401 or 403). */
  acceptedTokens: Set<string> | null = null;
  refusal = 401;
  private readonly idempotent = new Map<string, unknown>();

  constructor(
    readonly baseUrl = 'http://127.0.0.1:8787/fhir',
    clock: () => number = Date.now,
  ) {
    this.clock = clock;
  }

  setClock(clock: () => number) {
    this.clock = clock;
  }

  count(resourceType: string, referralId: string): number {
    const key =
      resourceType === 'ServiceRequest'
        ? `urn:social-rx:referral|${referralId}`
        : `urn:social-rx:referral-task|${referralId}`;
    return this.resources.filter((r) => r.resourceType === resourceType && r.identifiers.includes(key))
      .length;
  }

  /** Changes a referral's Task like a link worker would (status, reason, note, output). */
  updateTask(referralId: string, patch: Record<string, unknown>, at?: string) {
    const task = this.resources.find(
      (r) => r.resourceType === 'Task' && r.identifiers.includes(`urn:social-rx:referral-task|${referralId}`),
    );
    if (!task) throw new Error('no such task');
    task.lastUpdated = at ?? new Date(this.clock()).toISOString();
    task.resource = { ...task.resource, ...patch, meta: { lastUpdated: task.lastUpdated } };
  }

  private nextFault(): Fault {
    return this.faults.shift() ?? this.steady;
  }

  private apply(bundle: {
    entry?: { fullUrl?: string; resource?: Record<string, unknown>; request?: { ifNoneExist?: string } }[];
  }) {
    const entries = bundle.entry ?? [];
    const idFor = new Map<string, string>();
    const created: Stored[] = [];
    const responses: { status: string; location: string }[] = [];
    const now = new Date(this.clock()).toISOString();
    for (const e of entries) {
      const r = e.resource!;
      const type = String(r.resourceType);
      const q = new URLSearchParams(e.request?.ifNoneExist ?? '');
      const wanted = q.get('identifier');
      const existing = wanted
        ? [...this.resources, ...created].find(
            (x) => x.resourceType === type && x.identifiers.includes(wanted),
          )
        : undefined;
      if (existing) {
        idFor.set(e.fullUrl!, `${type}/${existing.id}`);
        responses.push({ status: '200 OK', location: `${type}/${existing.id}/_history/1` });
        continue;
      }
      const id = String(++this.seq);
      const ids = (
        (Array.isArray(r.identifier) ? r.identifier : r.identifier ? [r.identifier] : []) as {
          system?: string;
          value?: string;
        }[]
      ).map((i) => `${i.system}|${i.value}`);
      created.push({ resourceType: type, id, identifiers: ids, resource: { ...r, id }, lastUpdated: now });
      idFor.set(e.fullUrl!, `${type}/${id}`);
      responses.push({ status: '201 Created', location: `${type}/${id}/_history/1` });
    }
    const rewrite = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(rewrite)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v).map(([k, x]) => [
                k,
                k === 'reference' && typeof x === 'string' ? (idFor.get(x) ?? x) : rewrite(x),
              ]),
            )
          : v;
    for (const c of created) {
      c.resource = { ...(rewrite(c.resource) as Record<string, unknown>), meta: { lastUpdated: now } };
      this.resources.push(c);
    }
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: responses.map((response) => ({ response })),
    };
  }

  private json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/fhir+json', ...headers },
    });
  }

  private search(url: URL): Response {
    const params = url.searchParams;
    const gt = params.get('_lastUpdated')?.replace(/^gt/, '');
    const idValues = params.get('identifier')?.split(',') ?? null;
    const tasks = this.resources.filter(
      (r) =>
        r.resourceType === 'Task' &&
        (!gt || Date.parse(r.lastUpdated) > Date.parse(gt)) &&
        (!idValues || idValues.some((v) => r.identifiers.includes(v))),
    );
    const entries: unknown[] = tasks.map((t) => ({
      resource: { ...t.resource, meta: { lastUpdated: t.lastUpdated } },
    }));
    if (params.get('_include') === 'Task:focus') {
      for (const t of tasks) {
        const ref = (t.resource.focus as { reference?: string } | undefined)?.reference ?? '';
        const sr = this.resources.find((r) => `${r.resourceType}/${r.id}` === ref);
        if (sr) entries.push({ resource: sr.resource, search: { mode: 'include' } });
      }
    }
    return this.json(200, { resourceType: 'Bundle', type: 'searchset', entry: entries });
  }

  readonly fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const key = headers.get('idempotency-key');
    this.requests.push({
      method: init.method ?? 'GET',
      url: input,
      idempotencyKey: key,
      auth: headers.get('authorization'),
    });
    const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    if (this.acceptedTokens && !this.acceptedTokens.has(token)) return this.json(this.refusal, null);
    if (init.method === 'GET') return this.search(url);
    const bundle = JSON.parse(String(init.body)) as Parameters<FakeNavigator['apply']>[0];
    const rid = key ?? '';
    const fault = this.nextFault();
    const n = (this.inFlight.get(rid) ?? 0) + 1;
    this.inFlight.set(rid, n);
    this.maxConcurrentPerId = Math.max(this.maxConcurrentPerId, n);
    const done = () => this.inFlight.set(rid, (this.inFlight.get(rid) ?? 1) - 1);
    const hang = () =>
      new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => {
          done();
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    // Let other sends interleave, as a real network would.
    await Promise.resolve();
    switch (fault.kind) {
      case 'down':
        done();
        throw new TypeError('fetch failed');
      case 'hang':
        return hang();
      case 'status': {
        done();
        const body = fault.outcome
          ? {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'invalid', details: { text: fault.outcome } }],
            }
          : null;
        return this.json(fault.status, body, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      }
      case 'commit-then-drop':
        this.apply(bundle);
        done();
        throw new TypeError('connection reset');
      case 'commit-then-hang':
        this.apply(bundle);
        return hang();
      default: {
        if (this.honourIdempotencyKey && key && this.idempotent.has(key)) {
          done();
          return this.json(200, this.idempotent.get(key));
        }
        const res = this.apply(bundle);
        if (key) this.idempotent.set(key, res);
        done();
        return this.json(200, res);
      }
    }
  };
}
