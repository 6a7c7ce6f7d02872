import { createRouter, toOnMessageListener, type Handlers } from '@/lib/messaging/router';
import { createPatientHandlers } from '@/lib/patient/handlers';
import { ensureAlarm, onAlarm } from '@/lib/platform/alarms';
import { syncEmrContentScript } from '@/lib/platform/content-registration';
import { isAllowedEmrOrigin } from '@/lib/platform/emr-origins';
import { purgeOnScreenLock, purgePatientDrafts, retentionTick, startSession } from '@/lib/platform/lifecycle';
import { listenForEmrLiveness } from '@/lib/platform/liveness';
import { createWorkstationHandlers } from '@/lib/platform/retention';
import { openSidePanel, setupSidePanel } from '@/lib/platform/side-panel';

// Thin: wires lib/ modules to browser events. Every listener is registered synchronously at start so a service
// worker woken by an event receives it; every step it triggers is restartable.
export default defineBackground(() => {
  const handlers: Handlers = {
    ...createPatientHandlers({ openSidePanel, onPatientChanged: purgePatientDrafts }),
    ...createWorkstationHandlers(),
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
  onAlarm({ retention: retentionTick });
  browser.permissions.onAdded.addListener(() => void syncEmrContentScript());
  browser.permissions.onRemoved.addListener(() => void syncEmrContentScript());

  void (async () => {
    await startSession();
    await ensureAlarm('retention', 60);
    await syncEmrContentScript();
    await retentionTick();
  })();
});
