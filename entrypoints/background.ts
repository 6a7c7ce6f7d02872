import { createRouter, toOnMessageListener, type Handlers } from '@/lib/messaging/router';
import { createPatientHandlers } from '@/lib/patient/handlers';
import { ensureAlarm, onAlarm } from '@/lib/platform/alarms';
import { validConfiguredAdapters } from '@/lib/platform/configured-adapters';
import { syncEmrContentScript } from '@/lib/platform/content-registration';
import { isAllowedEmrOrigin } from '@/lib/platform/emr-origins';
import { purgeOnScreenLock, purgePatientDrafts, retentionTick, startSession } from '@/lib/platform/lifecycle';
import { listenForEmrLiveness } from '@/lib/platform/liveness';
import { createWorkstationHandlers } from '@/lib/platform/retention';
import { loadSettings } from '@/lib/settings/store';
import { createBackgroundReferralService } from '@/lib/platform/referrals';
import { openSidePanel, setupSidePanel } from '@/lib/platform/side-panel';

// Thin: wires lib/ modules to browser events. Every listener is registered synchronously at start so a service
// worker woken by an event receives it; every step it triggers is restartable.
export default defineBackground(() => {
  const referrals = createBackgroundReferralService();
  const handlers: Handlers = {
    ...createPatientHandlers({
      openSidePanel,
      onPatientChanged: purgePatientDrafts,
      configuredAdapters: validConfiguredAdapters,
    }),
    ...createWorkstationHandlers(),
    ...referrals.handlers,
  };
  const route = createRouter(handlers, {
    extensionId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    isAllowedEmrOrigin,
  });
  browser.runtime.onMessage.addListener(toOnMessageListener(route));
  listenForEmrLiveness();
  setupSidePanel();
  purgeOnScreenLock();
  onAlarm({
    retention: retentionTick,
    'outbox-drain': referrals.drain,
    'status-poll': () => referrals.poll(false),
  });
  // Drain triggers (all idempotent): worker start (below), browser start-up, install/update, the alarm, after enqueue
  // and panel open (both in the referral handlers).
  browser.runtime.onStartup.addListener(() => void referrals.drain());
  browser.runtime.onInstalled.addListener(() => void referrals.drain());
  browser.permissions.onAdded.addListener(() => void syncEmrContentScript());
  browser.permissions.onRemoved.addListener(() => void syncEmrContentScript());

  void (async () => {
    await startSession();
    await referrals.start(); // expired leases back to the queue, then drain
    await ensureAlarm('outbox-drain', 1);
    await ensureAlarm('status-poll', (await loadSettings()).settings.statusPollMinutes);
    await ensureAlarm('retention', 60);
    await syncEmrContentScript();
    await retentionTick();
  })();
});
