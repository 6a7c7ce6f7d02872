import { createCatalogHandlers, runCatalogAlarm } from '@/lib/catalog/handlers';
import { createRouter, toOnMessageListener, type Handlers } from '@/lib/messaging/router';
import { createPatientHandlers } from '@/lib/patient/handlers';
import { ensureAlarm, onAlarm } from '@/lib/platform/alarms';
import { backgroundCatalogDeps } from '@/lib/platform/catalog';
import { validConfiguredAdapters } from '@/lib/platform/configured-adapters';
import { syncEmrContentScript } from '@/lib/platform/content-registration';
import { isAllowedEmrOrigin } from '@/lib/platform/emr-origins';
import { purgeOnScreenLock, purgePatientDrafts, retentionTick, startSession } from '@/lib/platform/lifecycle';
import { listenForEmrLiveness } from '@/lib/platform/liveness';
import { log } from '@/lib/platform/log';
import { insertNoteInTab } from '@/lib/platform/note-insert';
import { createWorkstationHandlers } from '@/lib/platform/retention';
import { loadSettings, watchSettings } from '@/lib/settings/store';
import { createBackgroundReferralService } from '@/lib/platform/referrals';
import { openSidePanel, setupSidePanel } from '@/lib/platform/side-panel';

// Thin: wires lib/ modules to browser events. Every listener is registered synchronously at start so a service
// worker woken by an event receives it; every step it triggers is restartable.
async function step(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (e) {
    log('warn', `background.${name}-failed`, { error: e instanceof Error ? e.name : 'unknown' });
  }
}

export default defineBackground(() => {
  const referrals = createBackgroundReferralService();
  const catalog = backgroundCatalogDeps();
  const handlers: Handlers = {
    ...createPatientHandlers({
      openSidePanel,
      onPatientChanged: purgePatientDrafts,
      configuredAdapters: validConfiguredAdapters,
      insertNote: insertNoteInTab,
    }),
    ...createWorkstationHandlers(),
    ...referrals.handlers,
    ...createCatalogHandlers(catalog),
  };
  const route = createRouter(handlers, {
    extensionId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    isAllowedEmrOrigin,
  });
  browser.runtime.onMessage.addListener(toOnMessageListener(route));
  listenForEmrLiveness(route);
  setupSidePanel();
  purgeOnScreenLock();
  onAlarm({
    retention: async () => {
      await retentionTick();
      await referrals.purgeReceipts(); // delivered outbox records past the receipt retention
    },
    'outbox-drain': referrals.drain,
    'status-poll': () => referrals.poll(false),
    'catalog-sync': () => runCatalogAlarm(catalog),
  });
  // Drain triggers (all idempotent): worker start (below), browser start-up, install/update, the alarm, after enqueue
  // and panel open (both in the referral handlers).
  browser.runtime.onStartup.addListener(() => void referrals.drain());
  browser.runtime.onInstalled.addListener(() => void referrals.drain());
  browser.permissions.onAdded.addListener(() => void syncEmrContentScript());
  browser.permissions.onRemoved.addListener(() => void syncEmrContentScript());

  const schedule = async () => {
    const { settings } = await loadSettings();
    await ensureAlarm('outbox-drain', 1);
    await ensureAlarm('status-poll', settings.statusPollMinutes);
    await ensureAlarm('retention', 60);
    await ensureAlarm('catalog-sync', settings.catalogSyncMinutes);
  };
  // Settings (options or a live policy change): re-schedule, and fetch a newly configured catalog now.
  watchSettings(() => {
    void step('schedule', schedule);
    void step('catalog', () => runCatalogAlarm(catalog));
  });

  // Start-up: each step is independent and restartable; one failing does not stop the others.
  void (async () => {
    await step('session', startSession);
    await step('schedule', schedule); // alarms first: a slow or failing drain must not leave them missing
    await step('outbox', referrals.start); // expired leases back to the queue, then drain
    await step('content-scripts', syncEmrContentScript);
    await step('retention', retentionTick);
    await step('catalog', () => runCatalogAlarm(catalog));
  })();
});
