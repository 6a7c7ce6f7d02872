import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { z } from 'zod';
import { ReferralMessages } from '../../../lib/messaging/payloads/referral';
import type { ReferralRequest } from '../../../lib/referral/request';
import { chromiumPath } from '../chromium';
import { extensionArgs, launchWithExtension } from '../../e2e/fixtures';

/**
 * FAULTS_EXTENSION_PATH: run against a private copy of the build (long runs on a shared checkout, where someone else
 * may rebuild .output/chrome-mv3 meanwhile; a restarted service worker reads its script from disk again).
 */
function launch(userDataDir: string): Promise<BrowserContext> {
  const own = process.env.FAULTS_EXTENSION_PATH;
  if (!own) return launchWithExtension({ userDataDir });
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: process.env.HEADED !== '1',
    args: extensionArgs(own),
  });
}

/**
 * Drives the real, built extension the way its own pages do: an extension page (options.html) sends typed runtime
 * messages to the background, reads the outbox from IndexedDB, and the service worker is stopped with the DevTools
 * protocol (reliability.md §1.6: a page session, ServiceWorker.enable → workerVersionUpdated → stopWorker).
 */

export type SubmitReply = z.infer<(typeof ReferralMessages)['referral.submit']['response']>;
export type ListReply = z.infer<(typeof ReferralMessages)['referral.list']['response']>;
export type StateReply = z.infer<(typeof ReferralMessages)['referral.state']['response']>;
export type DrainReply = z.infer<(typeof ReferralMessages)['outbox.drain']['response']>;

/** What a message call came back with: the handler's data, or why there is none (an error code, or no reply). */
export type Sent<T> = { ok: true; data: T } | { ok: false; error: string };

/** One raw outbox row as stored (read without decrypting anything). */
export const RawOutbox = z.object({
  id: z.string(),
  state: z.enum(['queued', 'sending', 'sent', 'needs-attention']),
  attempts: z.number(),
  nextAttemptAt: z.number(),
  leaseUntil: z.number(),
  lastCode: z.string().nullable(),
  lastStatus: z.number().nullable(),
  hasPayload: z.boolean(),
  hasReason: z.boolean(),
  hasReceipt: z.boolean(),
});
export type RawOutbox = z.infer<typeof RawOutbox>;

/** How the worker is stopped unless a call says otherwise (FAULTS_KILL=close-target to switch). */
const KILL_METHOD: 'stop-worker' | 'close-target' =
  process.env.FAULTS_KILL === 'close-target' ? 'close-target' : 'stop-worker';

interface SwVersion {
  versionId: string;
  registrationId: string;
  scriptURL: string;
  runningStatus: string;
  status: string;
}

export class ExtensionSession {
  private cdp: CDPSession | null = null;
  private versions = new Map<string, SwVersion>();
  /** How many times the protocol reported the extension's worker as stopped. */
  private stops = 0;
  /** Service-worker stops performed through CDP in this session. */
  kills = 0;
  /** Browser restarts on the same profile in this session. */
  restarts = 0;
  context!: BrowserContext;
  extensionId = '';
  page!: Page;

  private constructor(readonly userDataDir: string) {}

  /** Launches Chromium with the built extension on `userDataDir` (a real folder, so the profile survives restarts). */
  static async launch(userDataDir: string): Promise<ExtensionSession> {
    const session = new ExtensionSession(userDataDir);
    await session.open();
    return session;
  }

  private async open(): Promise<void> {
    const context = await launch(this.userDataDir);
    try {
      const sw =
        context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
      this.extensionId = new URL(sw.url()).host;
      this.context = context;
      this.page = await context.newPage();
      await this.page.goto(`chrome-extension://${this.extensionId}/options.html`);
      this.versions.clear();
      const cdp = await context.newCDPSession(this.page);
      const prefix = `chrome-extension://${this.extensionId}/`;
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: SwVersion[] }) => {
        for (const v of e.versions) {
          const before = this.versions.get(v.versionId);
          if (
            v.scriptURL.startsWith(prefix) &&
            v.runningStatus === 'stopped' &&
            before?.runningStatus !== 'stopped'
          )
            this.stops++;
          this.versions.set(v.versionId, v);
        }
      });
      await cdp.send('ServiceWorker.enable');
      this.cdp = cdp;
    } catch (e) {
      await context.close().catch(() => undefined);
      throw e;
    }
  }

  private ourVersions(): SwVersion[] {
    const prefix = `chrome-extension://${this.extensionId}/`;
    return [...this.versions.values()].filter((v) => v.scriptURL.startsWith(prefix));
  }

  /** Whether the extension's service worker is running right now (as the DevTools protocol last reported). */
  swRunning(): boolean {
    return this.ourVersions().some((v) => v.runningStatus === 'running' || v.runningStatus === 'starting');
  }

  /**
   * Stops the extension's service worker (what Chrome does to an idle or stuck worker): globals, timers and in-flight
   * fetches are gone. Returns once the protocol reports it stopped. The next message or alarm starts it again.
   *
   * `stop-worker`: ServiceWorker.stopWorker on the running version; `close-target`: Target.closeTarget on the worker's
   * target (Google's sample). Both are described in reliability.md §1.6.
   */
  async killServiceWorker(
    opts: { waitStopped?: boolean; method?: 'stop-worker' | 'close-target' } = {},
  ): Promise<void> {
    const cdp = this.cdp;
    if (!cdp) throw new Error('no CDP session');
    const method = opts.method ?? KILL_METHOD;
    const stopsBefore = this.stops;
    const stop = async (): Promise<boolean> => {
      if (method === 'close-target') {
        const { targetInfos } = (await cdp.send('Target.getTargets')) as {
          targetInfos: { targetId: string; type: string; url: string }[];
        };
        const prefix = `chrome-extension://${this.extensionId}/`;
        const targets = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(prefix));
        await Promise.all(targets.map((t) => cdp.send('Target.closeTarget', { targetId: t.targetId })));
        return targets.length > 0;
      }
      const live = this.ourVersions().filter((v) => v.runningStatus !== 'stopped');
      await Promise.all(live.map((v) => cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId })));
      return live.length > 0;
    };
    if (!(await stop())) return;
    this.kills++;
    if (opts.waitStopped === false) return;
    // Done when the protocol reports a stop. A message that was on its way may start the worker again right after:
    // that is a new worker, which is the point. A worker still starting may ignore the first stop: ask again.
    const deadline = Date.now() + 10_000;
    let asked = Date.now();
    while (this.stops === stopsBefore && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      if (Date.now() - asked > 500) {
        asked = Date.now();
        await stop();
      }
    }
    if (this.stops === stopsBefore) throw new Error('service worker did not stop within 10 s');
  }

  /** Closes the browser and launches it again on the same profile (a browser restart). */
  async restartBrowser(): Promise<void> {
    await this.close();
    await this.open();
    this.restarts++;
  }

  async close(): Promise<void> {
    await this.cdp?.detach().catch(() => undefined);
    this.cdp = null;
    await this.context.close();
  }

  /** Sends one protocol message from the extension page. A worker killed mid-call gives `{ ok: false }`. */
  async send<T>(type: string, payload: unknown): Promise<Sent<T>> {
    const reply = await this.page.evaluate(
      async ({ type, payload }) => {
        try {
          const r: unknown = await chrome.runtime.sendMessage({ v: 1, type, payload });
          if (r === undefined || r === null) return { ok: false as const, error: 'no-reply' };
          return r as { ok: true; data: unknown } | { ok: false; error: string };
        } catch (e) {
          return { ok: false as const, error: `send-failed:${e instanceof Error ? e.message : String(e)}` };
        }
      },
      { type, payload },
    );
    return reply as Sent<T>;
  }

  async configureNavigator(cfg: { fhirBaseUrl: string; token: string; userIdentity?: string }) {
    await this.page.evaluate(
      async (c) =>
        chrome.storage.local.set({
          'settings.navigatorFhirBaseUrl': c.fhirBaseUrl,
          'settings.navigatorToken': c.token,
          'settings.navigatorName': 'Test Navigation Service',
          'settings.userIdentity': c.userIdentity ?? '',
        }),
      cfg,
    );
  }

  submit(request: ReferralRequest): Promise<Sent<SubmitReply>> {
    return this.send<SubmitReply>('referral.submit', { referralId: request.referralId, request });
  }

  /** Submits many referrals from the page, `parallel` at a time (the page's clicks are independent). */
  async submitMany(requests: ReferralRequest[], parallel = 8): Promise<Sent<SubmitReply>[]> {
    const out = await this.page.evaluate(
      async ({ requests, parallel }) => {
        const replies: unknown[] = new Array(requests.length);
        let next = 0;
        const worker = async () => {
          while (next < requests.length) {
            const i = next++;
            const r = requests[i]!;
            try {
              const reply: unknown = await chrome.runtime.sendMessage({
                v: 1,
                type: 'referral.submit',
                payload: { referralId: r.referralId, request: r },
              });
              replies[i] = reply ?? { ok: false, error: 'no-reply' };
            } catch (e) {
              replies[i] = { ok: false, error: `send-failed:${e instanceof Error ? e.message : String(e)}` };
            }
          }
        };
        await Promise.all(Array.from({ length: parallel }, worker));
        return replies;
      },
      { requests, parallel },
    );
    return out as Sent<SubmitReply>[];
  }

  drain(): Promise<Sent<DrainReply>> {
    return this.send<DrainReply>('outbox.drain', { reason: 'test' });
  }

  list(): Promise<Sent<ListReply>> {
    return this.send<ListReply>('referral.list', {});
  }

  state(referralId: string): Promise<Sent<StateReply>> {
    return this.send<StateReply>('referral.state', { referralId });
  }

  action(referralId: string, action: 'retry' | 'discard' | 'resume-queue') {
    return this.send<{ ok: boolean }>('referral.action', { referralId, action });
  }

  /** The outbox as stored in IndexedDB, read from the extension page without decrypting anything. */
  async outbox(): Promise<Map<string, RawOutbox>> {
    const rows = await this.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('social-rx');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('open failed'));
        // Never create the database from the test: if it does not exist yet, abort the implicit creation.
        req.onupgradeneeded = () => req.transaction?.abort();
      }).catch(() => null);
      if (!db) return [];
      try {
        if (!db.objectStoreNames.contains('outbox')) return [];
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          r.onsuccess = () => resolve(r.result as unknown[]);
          r.onerror = () => reject(r.error ?? new Error('getAll failed'));
        });
        return all.map((v) => {
          const o = v as Record<string, unknown>;
          return {
            id: o.id,
            state: o.state,
            attempts: o.attempts,
            nextAttemptAt: o.nextAttemptAt,
            leaseUntil: o.leaseUntil,
            lastCode: o.lastCode ?? null,
            lastStatus: o.lastStatus ?? null,
            hasPayload: o.payload !== null && o.payload !== undefined,
            hasReason: o.reason !== null && o.reason !== undefined,
            hasReceipt: o.receipt !== null && o.receipt !== undefined,
          };
        });
      } finally {
        db.close();
      }
    });
    return new Map(
      z
        .array(RawOutbox)
        .parse(rows)
        .map((r) => [r.id, r]),
    );
  }

  /** chrome.alarms as the background set them (checked after a restart: the drain alarm must be re-created). */
  async alarms(): Promise<{ name: string; periodInMinutes?: number }[]> {
    return this.page.evaluate(async () =>
      (await chrome.alarms.getAll()).map((a) => ({ name: a.name, periodInMinutes: a.periodInMinutes })),
    );
  }
}

export interface SettleOptions {
  /** Give up after this long (the caller's assertion then shows what is left). */
  timeoutMs: number;
  /** Send an 'outbox.drain' this often, as an open side panel would (0: never; rely on the alarm). */
  nudgeEveryMs?: number;
  /** States that end the wait for a referral (default: sent). */
  done?: ReadonlyArray<RawOutbox['state']>;
}

/** Waits until every referral is in a `done` state. Bounded: returns the last snapshot either way. */
export async function settle(
  s: ExtensionSession,
  ids: readonly string[],
  opts: SettleOptions,
): Promise<Map<string, RawOutbox>> {
  const done = new Set(opts.done ?? ['sent']);
  const deadline = Date.now() + opts.timeoutMs;
  let lastNudge = 0;
  let snapshot = new Map<string, RawOutbox>();
  while (true) {
    snapshot = await s.outbox();
    const open = ids.filter((id) => !done.has(snapshot.get(id)?.state ?? 'queued'));
    if (open.length === 0 || Date.now() >= deadline) return snapshot;
    if (opts.nudgeEveryMs && Date.now() - lastNudge >= opts.nudgeEveryMs) {
      lastNudge = Date.now();
      // Not awaited: a drain can take a while and the poll keeps reading meanwhile.
      void s.drain().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
