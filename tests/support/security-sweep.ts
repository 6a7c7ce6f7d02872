import type { BrowserContext, Page, Worker } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { emrPageText, findNeedles, Recorder, scanExtensionStorage, type Hit } from './faults/phi-sweep';
import { MARKER_BIRTH_DATE, MARKER_PREFIX, markerNeedles, type ReferralMarkers } from './referral-factory';

/**
 * The PHI sweep (reliability.md §3 S5) as one call, for scenarios that restart the browser or stop the worker: the
 * places to look come from tests/support/faults/phi-sweep.ts (console of pages and worker, requests, EMR DOM, plaintext
 * storage); this adds the positive controls (a canary in the worker's console and in IndexedDB as text and bytes) so a
 * blind sweep cannot pass, and returns every hit as a leak.
 */

export function sweepNeedles(seeded: readonly ReferralMarkers[]): string[] {
  return [
    MARKER_PREFIX,
    MARKER_BIRTH_DATE,
    MARKER_BIRTH_DATE.replace(/-/g, ''),
    ...seeded.flatMap(markerNeedles),
  ];
}

export interface SweepInput {
  /** Recorders of every browser session in the scenario (one per launch). */
  recorders: readonly Recorder[];
  /** The current session: an extension page (for storage) and its worker (for the console canary). */
  extensionPage: Page;
  worker: Worker;
  /** EMR pages to read as the page would. */
  emrPages?: readonly Page[];
  /** The only origin allowed to receive patient data. */
  navigatorOrigin: string;
  /** Whether the worker's own requests are visible to Playwright (off in the kill-mid-fetch scenarios). */
  workerRequestsRecorded: boolean;
  needles: readonly string[];
}

export interface SweepResult {
  leaks: Hit[];
  line: string;
}

export async function sweep(input: SweepInput): Promise<SweepResult> {
  const { needles } = input;
  const canary = `ZZCANARY${randomUUID().slice(0, 8)}`;
  await input.worker.evaluate((c) => console.info('phi-sweep probe', c), canary);
  await input.extensionPage.evaluate(async (c) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('phi-sweep-canary', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('s');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('canary open failed'));
    });
    const tx = db.transaction('s', 'readwrite');
    tx.objectStore('s').put({ text: c, bytes: new TextEncoder().encode(`..${c}..`).buffer }, 'k');
    await new Promise((r) => (tx.oncomplete = r));
    db.close();
  }, canary);
  await new Promise((r) => setTimeout(r, 300));
  for (const r of input.recorders) await r.flush();

  const leaks: Hit[] = [];
  const consoleLines = input.recorders.flatMap((r) => r.console);
  if (!consoleLines.some((m) => m.source.startsWith('service worker') && m.text.includes(canary)))
    throw new Error('sweep is blind: the service-worker console is not captured');
  for (const m of consoleLines) leaks.push(...findNeedles(`console (${m.source})`, m.text, needles));
  for (const p of input.emrPages ?? []) leaks.push(...findNeedles('EMR page', await emrPageText(p), needles));

  const stored = await scanExtensionStorage(
    input.extensionPage,
    [...needles, canary],
    ['local', 'sync', 'indexeddb', 'localStorage'],
  );
  const canaryHits = stored.hits.filter((h) => h.needle === canary);
  if (canaryHits.length < 2)
    throw new Error('sweep is blind: the canary was not found in IndexedDB as text and bytes');
  leaks.push(...stored.hits.filter((h) => h.needle !== canary && !h.where.includes('phi-sweep-canary')));
  await input.extensionPage.evaluate(
    () =>
      new Promise((r) => {
        const d = indexedDB.deleteDatabase('phi-sweep-canary');
        d.onsuccess = d.onerror = d.onblocked = () => r(null);
      }),
  );

  const requests = input.recorders.flatMap((r) => r.requests);
  const toNavigator = requests.filter((r) => new URL(r.url).origin === input.navigatorOrigin);
  if (
    input.workerRequestsRecorded &&
    !toNavigator.some((r) => r.fromServiceWorker && findNeedles('', r.body, needles).length)
  )
    throw new Error('sweep is blind: the worker’s requests to the navigator were not captured');
  const elsewhere = requests.filter((r) => new URL(r.url).origin !== input.navigatorOrigin);
  for (const r of elsewhere) {
    const text = `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
    leaks.push(...findNeedles(`request ${r.method} ${r.url.slice(0, 80)}`, text, needles));
  }
  for (const l of leaks) console.log(`PHI leak: ${l.where}: "${l.needle}" in …${l.excerpt}…`);
  const line =
    `markers=${needles.length} console=${consoleLines.length} requests=${requests.length} ` +
    `(navigator ${toNavigator.length}, elsewhere ${elsewhere.length}) stores=${Object.keys(stored.scanned).length} ` +
    `leaks=${leaks.length}`;
  return { leaks, line };
}

/** The extension's worker in a context (waits for it to start). */
export async function workerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
}
