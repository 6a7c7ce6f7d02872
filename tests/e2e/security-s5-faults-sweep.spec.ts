/**
 * S5 (reliability.md §3): the PHI sweep after the fault scenarios R1–R5, not only after happy paths
 * (tests/e2e/phi-sweep.spec.ts covers a send, a 422 and a commit-then-drop answer).
 *
 * 1. R1 + R2 + R5 with Playwright's full instrumentation (worker console and requests recorded): marker patients
 *    typed into the panel (a draft) and queued while the navigator is down, retried; the worker stopped with records
 *    queued and no fetch in flight; the browser restarted on the same profile (drafts purged at start-up); the
 *    navigator back; every referral sent. Then the sweep: console of every page and worker across both browser
 *    sessions, the EMR page, plaintext storage, every request not addressed to the navigator.
 * 2. R3 + R4 (worker killed mid-fetch while the navigator commits and drops the answer; killed just after the 2xx):
 *    these run with the worker's network instrumentation off (Chromium 156 crashes when a worker with an
 *    instrumented fetch in flight is stopped, see tests/e2e/faults/fault-test.ts), so the worker's requests are seen
 *    by the recording proxy in front of the navigator instead, and the sweep covers consoles, pages and storage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startEmrServer } from '../support/emr-server';
import { settle } from '../support/faults/extension-harness';
import { Recorder } from '../support/faults/phi-sweep';
import { TestNavigator } from '../support/faults/navigator-control';
import { buildReferralRequest, MARKER_BIRTH_DATE, referralMarkers } from '../support/referral-factory';
import { sweep, sweepNeedles, workerOf } from '../support/security-sweep';
import { test as faultTest } from './faults/fault-test';
import { expect, fixtureRoutes, launchWithExtension, openPanel, tabIdOf, test } from './fixtures';

type Reply = { ok: true; data: Record<string, unknown> } | { ok: false; error: string };
const send = (p: Page, type: string, payload: unknown) =>
  p.evaluate(
    async ({ type, payload }) => {
      try {
        return ((await chrome.runtime.sendMessage({ v: 1, type, payload })) ?? {
          ok: false,
          error: 'no-reply',
        }) as Reply;
      } catch (e) {
        return { ok: false as const, error: String(e) };
      }
    },
    { type, payload },
  );

function draftCounts(page: Page): Promise<{ drafts: number; screenings: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('social-rx');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['drafts', 'screenings'], 'readonly');
          const d = tx.objectStore('drafts').count();
          const s = tx.objectStore('screenings').count();
          tx.oncomplete = () => {
            db.close();
            resolve({ drafts: d.result, screenings: s.result });
          };
        };
      }),
  );
}

/** Stops the extension's worker through the DevTools protocol and waits until it is reported stopped. */
async function stopWorker(context: BrowserContext, page: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  type V = { versionId: string; scriptURL: string; runningStatus: string };
  const versions = new Map<string, V>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: V[] }) =>
    e.versions.forEach((v) => versions.set(v.versionId, v)),
  );
  await cdp.send('ServiceWorker.enable');
  const ours = () =>
    [...versions.values()].filter((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`));
  await expect.poll(() => ours().some((v) => v.runningStatus === 'running'), { timeout: 10_000 }).toBe(true);
  for (const v of ours().filter((x) => x.runningStatus === 'running'))
    await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
  await expect.poll(() => ours().every((v) => v.runningStatus === 'stopped'), { timeout: 10_000 }).toBe(true);
  await cdp.detach();
}

test('S5: PHI sweep after an outage, a worker stop before the fetch and a browser restart (R1, R2, R5) finds nothing', async () => {
  test.setTimeout(300_000);
  expect(process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK).toBeUndefined();
  const nav = await TestNavigator.start();
  const emr = await startEmrServer({ fixtures: fixtureRoutes });
  const dir = await mkdtemp(join(tmpdir(), 'social-rx-s5-'));
  const recorders: Recorder[] = [];
  let context = await launchWithExtension({ userDataDir: dir });
  recorders.push(new Recorder(context));
  try {
    let sw = await workerOf(context);
    const extensionId = new URL(sw.url()).host;
    let options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.evaluate(
      async (c) =>
        chrome.storage.local.set({
          'settings.navigatorFhirBaseUrl': c.fhirBaseUrl,
          'settings.navigatorToken': c.token,
          'settings.navigatorName': 'Test Navigation Service',
        }),
      { fhirBaseUrl: nav.fhirBaseUrl, token: nav.token },
    );

    // A manual marker patient typed into the panel, with free text (an encrypted draft).
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
    await panel.getByTestId('screen-path-what-matters').click();
    await panel.locator('[name="goal-1"]').fill(manual.goal);
    await expect
      .poll(async () => (await draftCounts(options)).drafts, { timeout: 10_000 })
      .toBeGreaterThan(0);

    // R1: the navigator is down; referrals are queued and their first attempts fail.
    await nav.down();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const referralId of ids) {
      const request = buildReferralRequest({ referralId, navigatorFhirBaseUrl: nav.fhirBaseUrl });
      const r = await send(options, 'referral.submit', { referralId, request });
      expect(r.ok && r.data.state).toBe('queued');
    }
    const codes = async () =>
      Promise.all(
        ids.map(async (id) => (await send(options, 'referral.state', { referralId: id })) as Reply),
      );
    await expect
      .poll(
        async () => {
          void send(options, 'outbox.drain', { reason: 'test' });
          return (await codes()).every((r) => r.ok && r.data.state === 'queued' && r.data.code !== null);
        },
        { timeout: 30_000, intervals: [500, 1000] },
      )
      .toBe(true);

    // R2: the worker is stopped with everything queued (the navigator is down: nothing in flight).
    await stopWorker(context, options, extensionId);

    // R5: the browser restarts on the same profile with the referrals still queued; the navigator recovers (R1).
    await nav.up();
    await context.close();
    context = await launchWithExtension({ userDataDir: dir });
    recorders.push(new Recorder(context));
    sw = await workerOf(context);
    options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect.poll(() => draftCounts(options), { timeout: 10_000 }).toEqual({ drafts: 0, screenings: 0 });

    // Every referral is sent once its backoff (full jitter, up to 60 s after two failures) has passed.
    await expect
      .poll(
        async () => {
          void send(options, 'outbox.drain', { reason: 'test' });
          return (await codes()).map((r) => (r.ok ? r.data.state : r.error));
        },
        { timeout: 150_000, intervals: [500, 1000, 2000] },
      )
      .toEqual(ids.map(() => 'sent'));
    const emrAfter = await context.newPage();
    await emrAfter.goto(`${emr.url}/demo-emr/schedule.html`);
    const panelAfter = await openPanel(context, extensionId, await tabIdOf(sw, emrAfter));
    await panelAfter.getByTestId('nav-referrals').click();
    await expect(panelAfter.getByTestId('referral-row')).toHaveCount(ids.length);

    const result = await sweep({
      recorders,
      extensionPage: options,
      worker: context.serviceWorkers().at(-1) ?? sw,
      emrPages: [emrAfter],
      navigatorOrigin: new URL(nav.url).origin,
      workerRequestsRecorded: true,
      needles: sweepNeedles([manual, ...ids.map(referralMarkers)]),
    });
    console.log(`security.phi.sweep[S5 R1 R2 R5]: ${result.line}`);
    console.log(`security.phi.leaks=${result.leaks.length}`);
    expect(result.leaks).toEqual([]);
  } finally {
    await context.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await emr.close();
    await nav.close();
  }
});

faultTest(
  'S5: PHI sweep after worker kills mid-fetch (commit then drop) and right after the 2xx (R3, R4) finds nothing',
  async ({ ext, nav, front }) => {
    faultTest.setTimeout(180_000);
    const recorder = new Recorder(ext.context);
    const ids = [randomUUID(), randomUUID()];
    const [r3, r4] = ids as [string, string];
    const request = (referralId: string) =>
      buildReferralRequest({ referralId, navigatorFhirBaseUrl: `${front.url}/fhir` });
    const killing: Promise<void>[] = [];

    await nav.setFaults([{ match: 'POST /fhir', kind: 'commit-then-drop', times: 1 }]);
    front.hooks = { onReferralPost: (rec) => void (rec.key === r3 && killing.push(ext.killServiceWorker())) };
    await ext.submit(request(r3));
    await expect.poll(() => front.posts(r3).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await Promise.all(killing.splice(0));
    await nav.clearFaults();

    front.hooks = {
      afterForwardingSuccess: (rec) => void (rec.key === r4 && killing.push(ext.killServiceWorker())),
    };
    await ext.submit(request(r4));
    await expect.poll(() => killing.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await Promise.all(killing.splice(0));
    front.hooks = {};

    const done = await settle(ext, ids, { timeoutMs: 90_000, nudgeEveryMs: 2_000 });
    expect(ids.map((id) => done.get(id)?.state)).toEqual(['sent', 'sent']);
    expect(ext.kills).toBeGreaterThanOrEqual(2);

    // A live worker for the console canary.
    await ext.drain();
    const worker = ext.context.serviceWorkers().at(-1);
    if (!worker) throw new Error('no service worker');
    const result = await sweep({
      recorders: [recorder],
      extensionPage: ext.page,
      worker,
      navigatorOrigin: new URL(front.url).origin,
      workerRequestsRecorded: false,
      needles: sweepNeedles(ids.map(referralMarkers)),
    });
    // The proxy saw the worker's traffic: only FHIR calls to the navigator.
    console.log(`security.phi.sweep[S5 R3 R4]: ${result.line}`);
    console.log(`security.phi.leaks=${result.leaks.length}`);
    expect(result.leaks).toEqual([]);
  },
);
