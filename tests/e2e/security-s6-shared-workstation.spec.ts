/**
 * S6 (reliability.md §3): the screen locks; a second user opens the panel → the first user's drafts are gone and the
 * first user's pending referrals show only as counts.
 *
 * How the lock is produced: chrome.idle reports 'locked' from the operating system's screen saver / session lock,
 * which a headless CI machine does not have (and CDP's Emulation.setIdleOverride only drives the web IdleDetector, not
 * chrome.idle — checked: queryState stays 'active'). Chromium's extension bindings do expose `dispatch` on every
 * chrome.Event, and calling `chrome.idle.onStateChanged.dispatch('locked')` inside the service worker runs every
 * listener the background registered on that very event object, exactly as the browser does when the OS reports a
 * lock. So no test hook is compiled into the extension: the background code path under test is the production one,
 * and only the OS as the event's source is replaced. The 16 s of the scenario (chrome.idle's minimum interval is
 * 15 s) is the time allowed for the purge after the event.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { buildReferralRequest, referralMarkers } from '../support/referral-factory';
import { expect, openPanel, tabIdOf, test } from './fixtures';

/** Nothing listens here: referrals stay queued (pending), which is what the counts are about. */
const NAVIGATOR = 'http://127.0.0.1:9/fhir';

/** Record counts of the stores that hold drafts, read from an extension page. */
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

test('S6: screen locked → drafts purged; a second user sees the first user’s pending referrals as counts only', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const setUser = (user: string) =>
    options.evaluate(
      async ({ user, nav }) =>
        chrome.storage.local.set({
          'settings.userIdentity': user,
          'settings.navigatorFhirBaseUrl': nav,
          'settings.navigatorToken': 'test-token',
          'settings.navigatorName': 'Test Navigation Service',
        }),
      { user, nav: NAVIGATOR },
    );
  await setUser('user-a');

  // User A: two referrals queued for a navigator that cannot be reached (pending).
  const ids = [randomUUID(), randomUUID()];
  for (const referralId of ids) {
    const request = buildReferralRequest({
      referralId,
      navigatorFhirBaseUrl: NAVIGATOR,
      userIdentity: 'user-a',
    });
    const r = await options.evaluate(
      async (m) => (await chrome.runtime.sendMessage(m)) as { ok: boolean; data?: { state?: string } },
      { v: 1, type: 'referral.submit', payload: { referralId, request } },
    );
    expect(r).toMatchObject({ ok: true, data: { state: 'queued' } });
  }
  const names = ids.map((id) => referralMarkers(id).token);

  // User A: a draft for the chart's patient (what matters, typed free text).
  const chart = await context.newPage();
  await chart.goto(`${emr.url}/demo-emr/chart.html`);
  const tabId = await tabIdOf(serviceWorker, chart);
  const panelA = await openPanel(context, extensionId, tabId);
  await expect(panelA.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  const goal = `S6-DRAFT-${randomUUID().slice(0, 8)}`;
  await panelA.getByTestId('screen-path-what-matters').click();
  await panelA.locator('[name="goal-1"]').fill(goal);
  await expect.poll(async () => (await draftCounts(options)).drafts, { timeout: 10_000 }).toBeGreaterThan(0);
  // User A sees their own referrals by name (so the counts-only check below can fail).
  await panelA.getByTestId('nav-referrals').click();
  await expect(panelA.getByTestId('referral-row')).toHaveCount(2);
  await expect(panelA.getByTestId('referrals-screen')).toContainText(names[0]!);
  await panelA.close();

  // The screen locks: the OS's 'locked' arrives on the background's chrome.idle.onStateChanged listeners.
  const listening = await serviceWorker.evaluate(() => {
    const ev = chrome.idle.onStateChanged as typeof chrome.idle.onStateChanged & {
      dispatch(s: string): void;
    };
    const had = ev.hasListeners();
    ev.dispatch('locked');
    return had;
  });
  expect(listening, 'the background listens for the screen lock').toBe(true);
  const lockedAt = Date.now();
  await expect
    .poll(() => draftCounts(options), { timeout: 16_000, intervals: [250] })
    .toEqual({ drafts: 0, screenings: 0 });
  expect(Date.now() - lockedAt).toBeLessThan(16_000);

  // A second user at the same workstation opens the panel on the same chart.
  await setUser('user-b');
  const panelB = await openPanel(context, extensionId, tabId);
  await expect(panelB.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  await panelB.getByTestId('screen-path-what-matters').click();
  await expect(panelB.locator('[name="goal-1"]')).toHaveValue('');
  await panelB.getByTestId('nav-referrals').click();
  const others = panelB.getByTestId('referrals-others');
  await expect(others).toBeVisible();
  await expect(others).toContainText('2');
  await expect(panelB.getByTestId('referral-row')).toHaveCount(0);
  const text = await panelB.locator('body').innerText();
  for (const n of [...names, goal]) expect(text).not.toContain(n);
  // The user-A records are still there, waiting (counts only is a view, not a deletion).
  const counts = await options.evaluate(
    async (m) => (await chrome.runtime.sendMessage(m)) as { ok: boolean; data?: unknown },
    { v: 1, type: 'referral.list', payload: {} },
  );
  expect(counts).toMatchObject({ ok: true, data: { referrals: [], others: { total: 2, pending: 2 } } });
});
