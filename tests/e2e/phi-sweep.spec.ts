/**
 * The PHI sweep (issue 9 "Proof"; reliability.md §3 S5). Marker strings are seeded as patient data — typed into the
 * side panel's manual-patient form and "what matters" fields, and carried by referral payloads — and the flows run:
 * a prescription sent from the panel, referrals through the outbox including a rejected one (422) and one whose answer
 * the navigator drops after committing, the referrals view, an identified pathway export. At the end the markers are searched
 * for in every console message of every page and of the service worker, in the EMR page (DOM, shadow roots, its web
 * storage), in plaintext storage (chrome.storage.local/sync, every IndexedDB store's raw values, localStorage) and in
 * every request not addressed to the navigator. Each search has a positive control, so a blind sweep cannot pass.
 */
import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmrServer } from '../support/emr-server';
import { TestNavigator } from '../support/faults/navigator-control';
import {
  emrPageText,
  findNeedles,
  Recorder,
  scanExtensionStorage,
  type Hit,
} from '../support/faults/phi-sweep';
import {
  buildReferralRequest,
  MARKER_BIRTH_DATE,
  MARKER_PREFIX,
  markerNeedles,
  referralMarkers,
} from '../support/referral-factory';
import { fixtureRoutes, launchWithExtension, openPanel, tabIdOf } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('S5: PHI sweep: seeded patient markers appear in no console, EMR page, plaintext storage or non-navigator request', async () => {
  test.setTimeout(180_000);
  // Service-worker traffic and console are what this sweep reads: Playwright's instrumentation must be on.
  expect(process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK).toBeUndefined();
  const nav = await TestNavigator.start();
  const emr = await startEmrServer({ fixtures: fixtureRoutes });
  const dir = await mkdtemp(join(tmpdir(), 'social-rx-phi-'));
  const context = await launchWithExtension({ userDataDir: dir });
  const recorder = new Recorder(context);
  try {
    const sw =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    const extensionId = new URL(sw.url()).host;
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.evaluate(
      async (c) =>
        chrome.storage.local.set({
          'settings.navigatorFhirBaseUrl': c.fhirBaseUrl,
          'settings.navigatorToken': c.token,
          'settings.navigatorName': 'Test Navigation Service',
          'settings.practitionerName': 'Dr. TESTDOCTOR, SAM',
          'settings.clinicName': 'Test Family Health Team',
        }),
      { fhirBaseUrl: nav.fhirBaseUrl, token: nav.token },
    );
    const send = (p: Page, type: string, payload: unknown) =>
      p.evaluate(
        async ({ type, payload }) =>
          (await chrome.runtime.sendMessage({ v: 1, type, payload })) as
            { ok: true; data: Record<string, unknown> } | { ok: false; error: string },
        { type, payload },
      );

    // 1. The manual patient: typed into the side panel next to an EMR page that shows no single patient.
    const manual = referralMarkers(randomUUID());
    const emrPage = await context.newPage();
    await emrPage.goto(`${emr.url}/demo-emr/schedule.html`);
    const panel = await openPanel(context, extensionId, await tabIdOf(sw, emrPage));
    await expect(panel.getByTestId('no-patient')).toBeVisible();
    await panel.locator('input[name="manualName"]').fill(manual.displayName);
    await panel.locator('input[name="manualBirthDate"]').fill(MARKER_BIRTH_DATE);
    await panel.locator('input[name="manualHealthNumber"]').fill(manual.healthNumber);
    await panel.locator('form.manual button[type="submit"]').click();
    await expect(panel.getByTestId('patient-name')).toHaveText(manual.displayName);

    // 2. What matters, typed as free text (kept in the encrypted visit).
    await panel.getByTestId('screen-path-what-matters').click();
    await panel.locator('[name="goal-1"]').fill(manual.goal);
    await panel.locator('[name="strengths"]').fill(manual.strengths);
    await panel.locator('[name="interestsText"]').fill(manual.interestsText);
    await sleep(500); // the visit is saved on change

    // 3. A prescription sent from the panel (quick path, the navigator chooses the program), marker phone number.
    await panel.getByTestId('nav-quick').click();
    await panel.locator('[data-testid="quick-need"][data-need="food-insecurity"]').click();
    const letChoose = panel.locator('input[name="letNavigatorChoose"]');
    if (!(await letChoose.isChecked())) await letChoose.check();
    await panel.locator('input[name="contactPreference"][value="phone"]').check();
    await panel.locator('input[name="contactPhone"]').fill(manual.phone);
    await panel.getByTestId('consent-given').check();
    await panel.getByTestId('send-prescription').click();
    await expect(panel.getByTestId('prescription-status')).toHaveAttribute('data-state', 'sent', {
      timeout: 30_000,
    });

    // 4. Referrals through the outbox: one plain, one rejected (422, kept for a person), one whose answer is lost.
    const ids = [randomUUID(), randomUUID(), randomUUID()] as const;
    const seeded = [manual, ...ids.map(referralMarkers)];
    const requests = ids.map((referralId) =>
      buildReferralRequest({ referralId, navigatorFhirBaseUrl: nav.fhirBaseUrl }),
    );
    const stateOf = async (id: string) => {
      const r = await send(options, 'referral.state', { referralId: id });
      return r.ok ? String(r.data.state) : r.error;
    };
    const submitAndWait = async (i: number, until: string) => {
      const r = await send(options, 'referral.submit', { referralId: ids[i], request: requests[i] });
      expect(r.ok && r.data.state).toBe('queued');
      await expect
        .poll(
          async () => {
            void send(options, 'outbox.drain', { reason: 'test' });
            return stateOf(ids[i]!);
          },
          { timeout: 60_000, intervals: [500, 1000, 2000] },
        )
        .toBe(until);
    };
    await submitAndWait(0, 'sent');
    await nav.setFaults([{ match: 'POST /fhir', kind: 'status', status: 422, times: 1 }]);
    await submitAndWait(1, 'needs-attention');
    await nav.setFaults([{ match: 'POST /fhir', kind: 'commit-then-drop', times: 1 }]);
    await submitAndWait(2, 'sent');
    // The navigator committed and dropped the answer (Chromium may resend on its own; the Idempotency-Key replays).
    expect((await nav.stats()).faultsInjected['commit-then-drop']).toBe(1);
    await nav.clearFaults();

    // 5. The referrals view (names rendered in the extension's own page) and an identified pathway export.
    await panel.getByTestId('nav-referrals').click();
    await expect(panel.getByTestId('referrals-screen')).toBeVisible();
    await expect(panel.getByTestId('referral-row').first()).toBeVisible();
    const csv = await send(options, 'referral.pathway', {
      period: { from: Date.now() - 3600_000, to: Date.now() + 60_000 },
      language: 'en',
      identified: true,
    });
    expect(csv.ok).toBe(true);
    await sleep(1000);

    // ---- The sweep ----
    const needles = [
      MARKER_PREFIX,
      MARKER_BIRTH_DATE,
      MARKER_BIRTH_DATE.replace(/-/g, ''),
      ...seeded.flatMap(markerNeedles),
    ];
    const canary = `ZZCANARY${randomUUID().slice(0, 8)}`;
    // Positive controls: a service-worker console line, and a canary database with the needle as text and as bytes.
    await sw.evaluate((c) => console.info('phi-sweep probe', c), canary);
    await options.evaluate(async (c) => {
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
    await recorder.flush();

    const leaks: Hit[] = [];
    // Console of every page and of the service worker.
    expect(
      recorder.console.some((m) => m.source.startsWith('service worker') && m.text.includes(canary)),
      'service-worker console is captured',
    ).toBe(true);
    for (const m of recorder.console) leaks.push(...findNeedles(`console (${m.source})`, m.text, needles));
    // The EMR page.
    leaks.push(...findNeedles('EMR page', await emrPageText(emrPage), needles));
    // Plaintext storage, every IndexedDB store raw.
    const stored = await scanExtensionStorage(
      options,
      [...needles, canary],
      ['local', 'sync', 'indexeddb', 'localStorage'],
    );
    const canaryHits = stored.hits.filter((h) => h.needle === canary);
    expect(canaryHits.map((h) => h.where)).toContain('indexeddb phi-sweep-canary/s');
    expect(canaryHits.length, 'canary found as text and as bytes').toBeGreaterThanOrEqual(2);
    leaks.push(...stored.hits.filter((h) => h.needle !== canary && !h.where.includes('phi-sweep-canary')));
    expect(stored.scanned['social-rx/outbox'], 'the outbox was scanned').toBeGreaterThanOrEqual(4);
    // Requests: the navigator is the only recipient allowed to see patient data.
    const navOrigin = new URL(nav.url).origin;
    const toNavigator = recorder.requests.filter((r) => new URL(r.url).origin === navOrigin);
    expect(
      toNavigator.some((r) => r.fromServiceWorker && findNeedles('', r.body, needles).length > 0),
      'service-worker requests and bodies are captured (the navigator gets the markers)',
    ).toBe(true);
    const elsewhere = recorder.requests.filter((r) => new URL(r.url).origin !== navOrigin);
    for (const r of elsewhere) {
      const text = `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
      leaks.push(...findNeedles(`request ${r.method} ${r.url.slice(0, 80)}`, text, needles));
    }
    // storage.session: memory only by design (the current patient per tab); reported, not counted.
    const session = await scanExtensionStorage(options, needles, ['session']);
    await options.evaluate(
      () =>
        new Promise((r) => {
          const d = indexedDB.deleteDatabase('phi-sweep-canary');
          d.onsuccess = d.onerror = d.onblocked = () => r(null);
        }),
    );

    for (const l of leaks) console.log(`PHI leak: ${l.where}: "${l.needle}" in …${l.excerpt}…`);
    console.log(
      `security.phi.sweep: markers=${needles.length} console=${recorder.console.length} ` +
        `requests=${recorder.requests.length} (navigator ${toNavigator.length}, elsewhere ${elsewhere.length}) ` +
        `stores=${Object.keys(stored.scanned).length} storage.session(memory)=${session.hits.length}`,
    );
    console.log(`security.phi.leaks=${leaks.length}`);
    expect(leaks).toEqual([]);
  } finally {
    await context.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await emr.close();
    await nav.close();
  }
});
