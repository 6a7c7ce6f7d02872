import type { CatalogErrorCode } from './meta';

/**
 * Fetching HSDS JSON defensively: bounded bytes (content-length checked first, then counted while reading), a
 * timeout, and a specific error for each way a response can be wrong (HTML error page, truncated JSON, invalid JSON,
 * HTTP status). `fetch` is injected so tests and benchmarks drive the same code as the service worker.
 */
export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(
    readonly code: CatalogErrorCode,
    readonly detail = '',
  ) {
    super(code);
  }
}

export type FetchImpl = (input: string, init?: RequestInit) => Promise<Response>;

export interface FetchJsonOptions {
  fetchImpl: FetchImpl;
  token?: string;
  etag?: string;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type FetchJsonResult =
  | { status: 304; etag: string | null; date: string | null }
  | { status: 200; json: unknown; etag: string | null; date: string | null; bytes: number };

function statusCode(status: number): CatalogErrorCode {
  if (status === 401) return 'http-401';
  if (status === 403) return 'http-403';
  if (status === 404) return 'http-404';
  if (status === 429) return 'http-429';
  if (status >= 500) return 'http-5xx';
  return 'http-4xx';
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new CatalogError('payload-too-large', `declared ${declared}`);
  }
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    if (buf.byteLength > maxBytes) throw new CatalogError('payload-too-large', 'body');
    return buf;
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new CatalogError('payload-too-large', 'stream');
    }
    parts.push(value);
  }
  if (Number.isFinite(declared) && declared > 0 && total < declared)
    throw new CatalogError('truncated-json', 'short body');
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

/** Parses JSON text, naming what is wrong with it. */
export function parseJsonText(text: string, contentType = ''): unknown {
  const head = text.trimStart().slice(0, 1);
  if (/text\/html/i.test(contentType) || head === '<') throw new CatalogError('not-json', 'html');
  if (text.trim() === '') throw new CatalogError('truncated-json', 'empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    const tail = text.trimEnd().slice(-1);
    if (
      /end of (json )?(input|data)|unterminated|unexpected end/i.test(msg) ||
      (tail !== '}' && tail !== ']')
    ) {
      throw new CatalogError('truncated-json', 'parse');
    }
    throw new CatalogError('invalid-json', 'parse');
  }
}

export async function fetchJson(url: string, opts: FetchJsonOptions): Promise<FetchJsonResult> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  try {
    let res: Response;
    try {
      res = await opts.fetchImpl(url, {
        headers,
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      if (opts.signal?.aborted) throw new CatalogError('aborted');
      if (controller.signal.aborted) throw new CatalogError('timeout');
      throw new CatalogError('network');
    }
    const etag = res.headers.get('etag');
    const date = res.headers.get('date');
    if (res.status === 304) return { status: 304, etag, date };
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new CatalogError(statusCode(res.status), String(res.status));
    }
    let bytes: Uint8Array;
    try {
      bytes = await readCapped(res, opts.maxBytes);
    } catch (e) {
      if (e instanceof CatalogError) throw e;
      if (opts.signal?.aborted) throw new CatalogError('aborted');
      if (controller.signal.aborted) throw new CatalogError('timeout');
      // The connection dropped mid-body: what arrived is a truncated document.
      throw new CatalogError('truncated-json', 'read');
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const json = parseJsonText(text, res.headers.get('content-type') ?? '');
    return { status: 200, json, etag, date, bytes: bytes.byteLength };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Retries transient failures (network, timeout, 5xx, 429, truncated bodies) with backoff. */
export async function withRetry<T>(fn: () => Promise<T>, attempts: number, baseDelayMs: number): Promise<T> {
  const transient: ReadonlySet<CatalogErrorCode> = new Set([
    'network',
    'timeout',
    'http-5xx',
    'http-429',
    'truncated-json',
  ]);
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof CatalogError) || !transient.has(e.code) || i + 1 >= attempts) throw e;
      await new Promise((r) => setTimeout(r, baseDelayMs * 4 ** i));
    }
  }
}

/** Joins a base URL and a path + query, keeping any path prefix of the base (e.g. https://host/hsds/). */
export function apiUrl(
  base: string,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
) {
  const u = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}
