import { createRouter, toOnMessageListener, type Handlers } from '@/lib/messaging/router';
import { createPatientHandlers } from '@/lib/patient/handlers';
import { syncEmrContentScript } from '@/lib/platform/content-registration';
import { isAllowedEmrOrigin } from '@/lib/platform/emr-origins';
import { listenForEmrLiveness } from '@/lib/platform/liveness';
import { openSidePanel, setupSidePanel } from '@/lib/platform/side-panel';

// Thin: wires lib/ modules to browser events. Listeners are registered synchronously at start so a service worker
// woken by an event receives it.
export default defineBackground(() => {
  const handlers: Handlers = {
    ...createPatientHandlers({ openSidePanel }),
  };
  const route = createRouter(handlers, {
    extensionId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    isAllowedEmrOrigin,
  });
  browser.runtime.onMessage.addListener(toOnMessageListener(route));
  listenForEmrLiveness();
  setupSidePanel();
  browser.permissions.onAdded.addListener(() => void syncEmrContentScript());
  browser.permissions.onRemoved.addListener(() => void syncEmrContentScript());
  void syncEmrContentScript();
});
