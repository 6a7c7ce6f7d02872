import type { BrowserContext, Page } from '@playwright/test';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { SYSTEMS } from '../../lib/referral/codes';
import { startNavigator, type NavigatorHandle } from '../../navigator/src/index';
import { test as extensionTest } from '../e2e/fixtures';

/**
 * The real reference navigator (navigator/src) for end-to-end tests and benches: Fastify + PGlite in memory on a
 * random loopback port, with a clinic bearer token and a link-worker inbox login made the way the CLI makes them.
 * Nothing here is a stand-in: the extension under test talks HTTP to this server, and assertions read back what the
 * server stored, over HTTP (with the clinic's token) and straight from its database.
 *
 * With `capture` (default on), the extension is pointed at a loopback pass-through in front of the navigator that
 * keeps a copy of every request body, so a test can validate the exact transaction Bundle the navigator received.
 * The service worker's own fetches are not routed by Playwright, so a pass-through is the reliable way to see them.
 */

export interface StartLiveNavigatorOptions {
  /** Enables /__test/* (per-referral counts, fault plans). Default true: tests want the counts. */
  faults?: boolean;
  /** Seeds the demo catalog (slower start). Default false. */
  seedDemo?: boolean;
  /** Puts the capturing pass-through in front of /fhir for the extension. Default true. */
  capture?: boolean;
  clinicName?: string;
  workerName?: string;
}

export interface FhirReply {
  status: number;
  body: unknown;
}

/** One request the extension made to the navigator, as the navigator received it. */
export interface CapturedRequest {
  method: string;
  path: string;
  /** Idempotency-Key header, unquoted (the referral UUID on referral POSTs). */
  idempotencyKey: string | null;
  bearer: string | null;
  contentType: string | null;
  body: string;
  /** The navigator's answer status as it reached the pass-through (before any hold). */
  upstreamStatus: number | null;
  /** The status forwarded to the extension (null until forwarded). */
  status: number | null;
  /** Epoch ms (sub-ms precision) when the navigator's full answer had been written back to the extension. */
  answeredAt: number | null;
}

/** One row of the navigator's storage, as text, for "is this anywhere in what it stored?" checks. */
export interface StoredRow {
  table: string;
  resourceType: string | null;
  id: string | null;
  json: string;
}

export interface LiveNavigator {
  handle: NavigatorHandle;
  url: string;
  fhirBaseUrl: string;
  /** What the extension is configured with: the capturing pass-through when `capture`, else `fhirBaseUrl`. */
  extensionFhirBaseUrl: string;
  inboxUrl: string;
  clinicName: string;
  /** The clinic's bearer token (only its SHA-256 is stored by the navigator). */
  token: string;
  /** A link-worker inbox login. */
  worker: { username: string; password: string };
  /** Every request the extension made through the pass-through, oldest first (empty without `capture`). */
  captured: CapturedRequest[];
  /** Referral POSTs (transaction Bundles) captured. */
  referralPosts(): CapturedRequest[];
  /**
   * From now on, answers to referral POSTs are held at the pass-through (the navigator has already handled and
   * committed them) until `release()`: lets a test see what the extension shows before the 2xx reaches it.
   */
  holdReferralAnswers(): { release(): void };
  /** GET `${fhirBaseUrl}/${path}` with the clinic's bearer token. */
  fhir(path: string): Promise<FhirReply>;
  /** ServiceRequests carrying the referral's identifier and the Tasks focused on them (needs faults: true). */
  counts(referralId: string): Promise<{ serviceRequests: number; tasks: number }>;
  /** Replaces the navigator's fault plan (needs faults: true). */
  setFaults(rules: FaultRule[]): Promise<void>;
  /** Every stored resource version, idempotency record and audit event, as JSON text. */
  storedRows(): Promise<StoredRow[]>;
  /** Every current FHIR resource the navigator holds. */
  storedResources(): Promise<StoredResource[]>;
  close(): Promise<void>;
}

export interface StoredResource {
  resourceType: string;
  id: string;
  content: Record<string, unknown>;
}

export interface FaultRule {
  match: string;
  kind: 'delay' | 'status' | 'reset' | 'commit-then-drop';
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  times?: number;
}

const Counts = z.object({ serviceRequests: z.number().int(), tasks: z.number().int() });

/** The ServiceRequest identifier the extension puts on a referral, in token-search form. */
export const referralToken = (referralId: string) => `${SYSTEMS.referral}|${referralId}`;
/** The Task identifier the extension puts on a referral, in token-search form. */
export const taskToken = (referralId: string) => `${SYSTEMS.referralTask}|${referralId}`;

const epochNow = () => performance.timeOrigin + performance.now();

interface PassThrough {
  url: string;
  captured: CapturedRequest[];
  /** Holds the navigator's answers to referral POSTs (already committed upstream) until `release` is called. */
  hold(): { release(): void };
  close(): Promise<void>;
}

/** A loopback pass-through to `upstream` that keeps a copy of each request (bodies are small FHIR JSON). */
async function startPassThrough(upstream: string): Promise<PassThrough> {
  const target = new URL(upstream);
  const captured: CapturedRequest[] = [];
  const sockets = new Set<Socket>();
  let gate: Promise<void> | null = null;
  const header = (req: IncomingMessage, name: string): string | null => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : null;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const rec: CapturedRequest = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://pass').pathname,
        idempotencyKey: header(req, 'idempotency-key')?.replace(/^"|"$/g, '') ?? null,
        bearer: header(req, 'authorization')?.replace(/^Bearer\s+/i, '') ?? null,
        contentType: header(req, 'content-type'),
        body: body.toString('utf8'),
        upstreamStatus: null,
        status: null,
        answeredAt: null,
      };
      captured.push(rec);
      const headers = { ...req.headers, host: target.host };
      delete headers.connection;
      const up = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (upRes) => {
          rec.upstreamStatus = upRes.statusCode ?? null;
          const forward = () => {
            rec.status = upRes.statusCode ?? null;
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
            res.on('finish', () => (rec.answeredAt = epochNow()));
          };
          const held = rec.method === 'POST' && /^\/fhir\/?$/.test(rec.path) ? gate : null;
          if (held) {
            upRes.pause();
            void held.then(forward);
          } else forward();
        },
      );
      // The navigator dropped the connection (e.g. an injected reset): drop ours too, as the network would.
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    captured,
    hold: () => {
      let open: () => void = () => undefined;
      const g = new Promise<void>((resolve) => (open = resolve));
      gate = g;
      return {
        release: () => {
          if (gate === g) gate = null;
          open();
        },
      };
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startLiveNavigator(opts: StartLiveNavigatorOptions = {}): Promise<LiveNavigator> {
  const faults = opts.faults ?? true;
  const handle = await startNavigator({
    port: 0,
    dataDir: 'memory',
    faults,
    seedDemo: opts.seedDemo ?? false,
  });
  let pass: PassThrough | null = null;
  try {
    const clinicName = opts.clinicName ?? 'E2E Test Clinic';
    const token = await handle.createClinicToken(clinicName);
    // A generated password, as `create-user` would print it.
    const worker = await handle.createUser(opts.workerName ?? 'e2e.worker', 'link-worker');
    pass = opts.capture === false ? null : await startPassThrough(handle.fhirBaseUrl);
    const captured = pass?.captured ?? [];
    const fhir = async (path: string): Promise<FhirReply> => {
      const res = await fetch(`${handle.fhirBaseUrl}/${path.replace(/^\/+/, '')}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text for the assertion message */
      }
      return { status: res.status, body };
    };
    const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    const closePass = pass ? pass.close : async () => undefined;
    return {
      handle,
      url: handle.url,
      fhirBaseUrl: handle.fhirBaseUrl,
      extensionFhirBaseUrl: pass?.url ?? handle.fhirBaseUrl,
      inboxUrl: `${handle.url}/inbox`,
      clinicName,
      token,
      worker,
      captured,
      referralPosts: () => captured.filter((c) => c.method === 'POST' && /^\/fhir\/?$/.test(c.path)),
      holdReferralAnswers: () => {
        if (!pass) throw new Error('holding answers needs capture: true');
        return pass.hold();
      },
      fhir,
      counts: async (referralId) => {
        if (!faults) throw new Error('counts need a navigator started with faults: true');
        const res = await fetch(
          `${handle.url}/__test/counts?identifier=${encodeURIComponent(referralToken(referralId))}`,
        );
        if (!res.ok) throw new Error(`GET /__test/counts → ${res.status}`);
        return Counts.parse(await res.json());
      },
      setFaults: async (rules) => {
        if (!faults) throw new Error('faults need a navigator started with faults: true');
        const res = await fetch(`${handle.url}/__test/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ rules }),
        });
        if (!res.ok) throw new Error(`POST /__test/faults → ${res.status}: ${await res.text()}`);
      },
      storedRows: async () => {
        const rows: StoredRow[] = [];
        for (const table of ['fhir_resource', 'fhir_resource_history'])
          for (const r of await handle.db.query(`SELECT resource_type, id, content FROM ${table}`))
            rows.push({
              table,
              resourceType: String(r.resource_type),
              id: String(r.id),
              json: text(r.content),
            });
        for (const r of await handle.db.query('SELECT key, response_body FROM idempotency_key'))
          rows.push({
            table: 'idempotency_key',
            resourceType: null,
            id: String(r.key),
            json: text(r.response_body),
          });
        for (const r of await handle.db.query('SELECT id, action, entity, detail FROM audit_event'))
          rows.push({
            table: 'audit_event',
            resourceType: null,
            id: String(r.id),
            json: text({ action: r.action, entity: r.entity, detail: r.detail }),
          });
        return rows;
      },
      storedResources: async () =>
        (
          await handle.db.query('SELECT resource_type, id, content FROM fhir_resource ORDER BY resource_type')
        ).map((r) => ({
          resourceType: String(r.resource_type),
          id: String(r.id),
          content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<
            string,
            unknown
          >,
        })),
      close: async () => {
        await closePass();
        await handle.close();
      },
    };
  } catch (err) {
    await pass?.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw err;
  }
}

// ─── configuring the extension as a clinic would ────────────────────────────────────────────────────────────────

/** Text settings a clinic types on the options page (keys = input names = lib/settings/schema keys). */
export type OptionValues = Partial<
  Record<
    | 'navigatorName'
    | 'navigatorFhirBaseUrl'
    | 'navigatorToken'
    | 'clinicName'
    | 'clinicIdentifier'
    | 'practitionerName'
    | 'practitionerIdentifier'
    | 'userIdentity',
    string
  > & { defaultLanguage: 'auto' | 'en' | 'fr' }
>;

/** The settings the e2e clinic uses, pointed at `nav`. */
export function clinicOptions(nav: LiveNavigator): OptionValues {
  return {
    navigatorName: 'Test Navigation Service',
    navigatorFhirBaseUrl: nav.extensionFhirBaseUrl,
    navigatorToken: nav.token,
    clinicName: nav.clinicName,
    clinicIdentifier: 'E2E-CLINIC-1',
    practitionerName: 'Dr. TESTDOCTOR, PAT',
    practitionerIdentifier: 'TEST-00001',
  };
}

/**
 * Fills the options page (each input by its `name`), saves with `save-settings`, waits for the saved notice and
 * checks that chrome.storage.local now holds `settings.<key>` for each value.
 */
export async function configureThroughOptions(
  context: BrowserContext,
  extensionId: string,
  values: OptionValues,
): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('save-settings').waitFor();
  for (const [key, value] of Object.entries(values)) {
    const field = page.locator(`[name="${key}"]`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(String(value));
    else await field.fill(String(value));
  }
  await page.getByTestId('save-settings').click();
  await page.getByTestId('save-status').locator('p').waitFor();
  const errors = await page.getByTestId('save-status').locator('.error li').allTextContents();
  if (errors.length) throw new Error(`options page refused the settings: ${errors.join('; ')}`);
  const stored = await page.evaluate(
    async (keys) => chrome.storage.local.get(keys.map((k) => `settings.${k}`)),
    Object.keys(values),
  );
  for (const [key, value] of Object.entries(values)) {
    if (stored[`settings.${key}`] !== value)
      throw new Error(`settings.${key} was not stored as typed on the options page`);
  }
  await page.close();
}

// ─── panel helpers ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Under tsx (benches), esbuild's keepNames wraps named functions in `__name(…)`, which does not exist in the page a
 * function is serialised into: define it there as the identity first. (The Playwright runner does not need it.)
 */
export const NAME_SHIM = 'globalThis.__name ??= (f) => f;';
export async function shimNames(page: Page): Promise<void> {
  await page.evaluate(NAME_SHIM);
}

/** Epoch ms of each input the page receives, by kind (installed before the page's scripts run). */
export async function installInputLog(page: Page): Promise<void> {
  await page.addInitScript(NAME_SHIM);
  await page.addInitScript(() => {
    const w = window as unknown as { __inputLog: { kind: string; target: string; at: number }[] };
    w.__inputLog = [];
    const at = () => performance.timeOrigin + performance.now();
    const describe = (t: EventTarget | null) =>
      t instanceof Element
        ? (t.getAttribute('data-testid') ??
          t.getAttribute('name') ??
          t.closest('[data-testid]')?.getAttribute('data-testid') ??
          t.tagName)
        : '';
    document.addEventListener(
      'keydown',
      (e) => w.__inputLog.push({ kind: `key:${e.key}`, target: describe(e.target), at: at() }),
      { capture: true },
    );
    document.addEventListener(
      'pointerdown',
      (e) => w.__inputLog.push({ kind: 'click', target: describe(e.target), at: at() }),
      { capture: true },
    );
  });
}

export async function readInputLog(page: Page): Promise<{ kind: string; target: string; at: number }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { __inputLog?: { kind: string; target: string; at: number }[] }).__inputLog ?? [],
  );
}

/**
 * Watches the prescription status in the panel: epoch ms of the first time each `data-state` appears, and of the click
 * on Send (`click`). Installed before the click so nothing is missed.
 */
export async function watchPrescriptionStatus(panel: Page): Promise<void> {
  await shimNames(panel);
  await panel.evaluate(() => {
    const w = window as unknown as { __statusSeen: Record<string, number> };
    w.__statusSeen = {};
    const check = () => {
      const el = document.querySelector('[data-testid="prescription-status"]');
      const s = el?.getAttribute('data-state');
      if (s && w.__statusSeen[s] === undefined)
        w.__statusSeen[s] = performance.timeOrigin + performance.now();
    };
    // The moment of the click on Send (the `click` event, which follows the pointer release), the start of the
    // enqueue and deliver timings.
    document.addEventListener(
      'click',
      (e) => {
        if (e.target instanceof Element && e.target.closest('[data-testid="send-prescription"]'))
          w.__statusSeen.click = performance.timeOrigin + performance.now();
      },
      { capture: true },
    );
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-state'],
    });
    check();
  });
}

export async function statusSeen(panel: Page): Promise<Record<string, number>> {
  return panel.evaluate(
    () => (window as unknown as { __statusSeen?: Record<string, number> }).__statusSeen ?? {},
  );
}

/** Sends one typed protocol message to the background from an extension page. */
export async function sendFromExtensionPage<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = (await page.evaluate(
    async ({ type, payload }) => chrome.runtime.sendMessage({ v: 1, type, payload }),
    { type, payload },
  )) as { ok: true; data: T } | { ok: false; error: string } | undefined;
  if (!reply) throw new Error(`${type}: no reply`);
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply.data;
}

/** The fixtures plus a fresh live navigator per test (closed after it). */
export const test = extensionTest.extend<{ navigator: LiveNavigator }>({
  // eslint-disable-next-line no-empty-pattern
  navigator: async ({}, use) => {
    const nav = await startLiveNavigator();
    await use(nav);
    await nav.close();
  },
});
export const expect = test.expect;
