import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback HTTP proxy between the extension and the test navigator. The faults themselves come from the navigator's
 * fault plan; the proxy only watches (every request with its Idempotency-Key, timing and outcome, for the "no retry
 * before Retry-After", "at most one in flight per referral" and "abort before 30 s" checks) and offers two hooks at
 * the exact moments a test wants to kill the service worker: after the navigator has committed and before the
 * extension sees the answer, and right after the extension received a 2xx.
 *
 * The service worker's own fetches are not routed by Playwright, so observing them here is the reliable way.
 */

export type ProxyOutcome = 'pending' | 'answered' | 'upstream-error' | 'client-aborted';

export interface ProxyRecord {
  seq: number;
  method: string;
  path: string;
  /** The Idempotency-Key header (the referral UUID for referral POSTs). */
  key: string | null;
  startedAt: number;
  endedAt: number | null;
  /** When the navigator's full answer arrived at the proxy (the extension cannot have seen it earlier). */
  upstreamAt: number | null;
  status: number | null;
  retryAfter: string | null;
  outcome: ProxyOutcome;
}

export interface ProxyHooks {
  /** Called when a referral POST arrives, before it is forwarded (the request is in flight from here on). */
  onReferralPost?: (rec: ProxyRecord) => void;
  /** Called after the navigator answered a referral POST with a 2xx and before the answer is forwarded. */
  beforeForwardingSuccess?: (rec: ProxyRecord) => Promise<void> | void;
  /** Called once a 2xx answer to a referral POST has been fully written to the extension. */
  afterForwardingSuccess?: (rec: ProxyRecord) => void;
}

export interface RecordingProxy {
  readonly port: number;
  readonly url: string;
  readonly records: ProxyRecord[];
  hooks: ProxyHooks;
  /** Highest number of simultaneous requests seen per Idempotency-Key. */
  maxInFlight(key: string): number;
  /** Referral POSTs (transaction bundles) for one key, oldest first. */
  posts(key?: string): ProxyRecord[];
  /** Stops listening and drops open connections: the port refuses connections until `listen()`. */
  down(): Promise<void>;
  listen(): Promise<void>;
  close(): Promise<void>;
}

function forwardHeaders(h: IncomingHttpHeaders, upstreamHost: string): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...h, host: upstreamHost };
  delete out.connection;
  delete out['keep-alive'];
  return out;
}

const isReferralPost = (rec: ProxyRecord) => rec.method === 'POST' && /^\/fhir\/?$/.test(rec.path);

export async function startRecordingProxy(upstream: () => string): Promise<RecordingProxy> {
  const records: ProxyRecord[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const sockets = new Set<Socket>();
  let seq = 0;
  let port = 0;
  let server: Server | null = null;
  const proxy: RecordingProxy = {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    records,
    hooks: {},
    maxInFlight: (key) => maxInFlight.get(key) ?? 0,
    posts: (key) => records.filter((r) => isReferralPost(r) && (key === undefined || r.key === key)),
    down,
    listen,
    close: down,
  };

  function track(key: string | null, delta: 1 | -1) {
    if (!key) return;
    const n = (inFlight.get(key) ?? 0) + delta;
    inFlight.set(key, n);
    if (n > (maxInFlight.get(key) ?? 0)) maxInFlight.set(key, n);
  }

  function handle(req: IncomingMessage, res: import('node:http').ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const keyHeader = req.headers['idempotency-key'];
    const rec: ProxyRecord = {
      seq: ++seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      key: typeof keyHeader === 'string' ? keyHeader.replace(/^"|"$/g, '') : null,
      startedAt: Date.now(),
      endedAt: null,
      upstreamAt: null,
      status: null,
      retryAfter: null,
      outcome: 'pending',
    };
    records.push(rec);
    track(rec.key, 1);
    let settled = false;
    const settle = (outcome: ProxyOutcome) => {
      if (settled) return;
      settled = true;
      rec.outcome = outcome;
      rec.endedAt = Date.now();
      track(rec.key, -1);
    };
    const target = new URL(upstream());
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: forwardHeaders(req.headers, target.host),
      },
      (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('error', () => {
          settle('upstream-error');
          res.destroy();
        });
        upRes.on('end', () => {
          void (async () => {
            const status = upRes.statusCode ?? 502;
            rec.upstreamAt = Date.now();
            rec.status = status;
            const ra = upRes.headers['retry-after'];
            rec.retryAfter = typeof ra === 'string' ? ra : null;
            const success = status >= 200 && status < 300 && isReferralPost(rec);
            if (success && !res.destroyed) await proxy.hooks.beforeForwardingSuccess?.(rec);
            if (res.destroyed) return settle('client-aborted');
            const headers = { ...upRes.headers };
            delete headers.connection;
            delete headers['keep-alive'];
            delete headers['transfer-encoding'];
            res.on('finish', () => {
              settle('answered');
              if (success) proxy.hooks.afterForwardingSuccess?.(rec);
            });
            res.writeHead(status, headers).end(Buffer.concat(chunks));
          })();
        });
      },
    );
    // The navigator dropped the connection (reset, commit-then-drop) or is gone: the client sees the same.
    up.on('error', () => {
      settle('upstream-error');
      res.destroy();
    });
    // The client gave up (timeout abort) or died (service worker killed). The request already went upstream, so the
    // navigator finishes it (and commits) as a server whose client vanished would; its answer goes nowhere.
    res.on('close', () => {
      if (!res.writableFinished) settle('client-aborted');
    });
    if (isReferralPost(rec)) proxy.hooks.onReferralPost?.(rec);
    req.pipe(up);
  }

  async function listen(): Promise<void> {
    if (server) return;
    const s = createServer(handle);
    s.keepAliveTimeout = 5_000;
    s.on('connection', (sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  }

  async function down(): Promise<void> {
    const s = server;
    if (!s) return;
    server = null;
    const closed = new Promise<void>((r) => s.close(() => r()));
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    await closed;
  }

  await listen();
  return proxy;
}
