/**
 * A thin FHIR REST client: `fetch` is injected (tests pass a fake server), every call has a timeout well under the
 * MV3 service worker's 30-second fetch limit, and the outcome is a value, never a throw, so callers can classify it.
 * No retries here: retry policy belongs to the caller (lib/referral/classify.ts).
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface FhirClientOptions {
  baseUrl: string;
  token?: string;
  fetch: FetchLike;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Responses larger than this are treated as errors (default 5 MB). */
  maxBytes?: number;
}

export type FhirResult =
  | {
      kind: 'response';
      status: number;
      /** Raw Retry-After header (seconds or an HTTP date), when present. */
      retryAfter: string | null;
      location: string | null;
      /** Parsed JSON body, or null when empty / not JSON. */
      body: unknown;
    }
  | { kind: 'error'; error: 'timeout' | 'network' | 'too-large' | 'refused' };

const FHIR_JSON = 'application/fhir+json';

export function joinUrl(base: string, path: string): string {
  const b = base.replace(/\/+$/, '');
  return path ? `${b}/${path.replace(/^\/+/, '')}` : b;
}

/**
 * The body as text, or null once it passes `maxBytes`: counted while streaming, so an answer without (or lying in)
 * Content-Length is cut off at the cap instead of being buffered whole in the service worker.
 */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

export function createFhirClient(opts: FhirClientOptions) {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;

  async function request(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<FhirResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const headers: Record<string, string> = { Accept: FHIR_JSON, ...extra };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (body !== undefined) headers['Content-Type'] = FHIR_JSON;
    try {
      const res = await opts.fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        credentials: 'omit',
        redirect: 'follow',
        cache: 'no-store',
      });
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > maxBytes) return { kind: 'error', error: 'too-large' };
      const text = await readCapped(res, maxBytes);
      if (text === null) return { kind: 'error', error: 'too-large' };
      let parsed: unknown = null;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null; // an HTML error page: the status still says what happened
        }
      }
      return {
        kind: 'response',
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        location: res.headers.get('location'),
        body: parsed,
      };
    } catch {
      return { kind: 'error', error: controller.signal.aborted ? 'timeout' : 'network' };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** POST a transaction Bundle to the base URL. */
    transaction(bundle: unknown, headers: { idempotencyKey: string }): Promise<FhirResult> {
      return request('POST', joinUrl(opts.baseUrl, ''), bundle, {
        'Idempotency-Key': headers.idempotencyKey,
      });
    },
    /** GET [base]/Type?params (params already in FHIR search syntax). */
    search(resourceType: string, params: ReadonlyArray<readonly [string, string]>): Promise<FhirResult> {
      const qs = new URLSearchParams(params.map(([k, v]) => [k, v])).toString();
      return request('GET', `${joinUrl(opts.baseUrl, resourceType)}${qs ? `?${qs}` : ''}`);
    },
    /** GET an absolute URL the server handed us (Bundle.link next), only if it is under the base URL. */
    getLink(url: string): Promise<FhirResult> {
      const base = joinUrl(opts.baseUrl, '');
      if (!url.startsWith(`${base}/`) && !url.startsWith(`${base}?`))
        return Promise.resolve({ kind: 'error', error: 'refused' }); // never follow a link off the navigator
      return request('GET', url);
    },
    read(resourceType: string, id: string): Promise<FhirResult> {
      return request('GET', joinUrl(opts.baseUrl, `${resourceType}/${encodeURIComponent(id)}`));
    },
  };
}
export type FhirClient = ReturnType<typeof createFhirClient>;
