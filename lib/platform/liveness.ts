import { browser, type Browser } from 'wxt/browser';
import type { Reply } from '@/lib/messaging/protocol';
import type { SenderInfo } from '@/lib/messaging/router';
import { LIVENESS_PORT, PORT_MESSAGE_TYPES } from './liveness-name';
import { clearTabPatient } from './tab-patients';

export { LIVENESS_PORT } from './liveness-name';

/**
 * Each EMR document holds a port open to the background. When the document goes away (navigation, tab closed,
 * extension reloaded) the port disconnects and the background clears that document's patient, so the side panel
 * never shows a patient whose chart is no longer open.
 */
export function listenForEmrLiveness(route: (message: unknown, sender: SenderInfo) => Promise<Reply>): void {
  browser.runtime.onConnect.addListener((port: Browser.runtime.Port) => {
    if (port.name !== LIVENESS_PORT) return;
    const sender = port.sender;
    const tabId = sender?.tab?.id;
    const documentId = sender?.documentId;
    if (!sender || tabId === undefined || sender.frameId !== 0) return port.disconnect();
    // The content script publishes its detections on this port: a posted message costs the EMR page a fraction of a
    // one-shot sendMessage (which opens a channel per call), and a port keeps order, so a quick A → B switch can never
    // land as B → A. Each message still goes through the one router (sender check, zod) and is handled in turn.
    let chain: Promise<unknown> = Promise.resolve();
    port.onMessage.addListener((message: unknown) => {
      const type = (message as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !PORT_MESSAGE_TYPES.has(type)) return;
      chain = chain.then(() => route(message, sender)).catch(() => undefined);
    });
    // After any detection still being handled, so that a late write cannot bring back a patient whose chart is gone.
    port.onDisconnect.addListener(() => {
      chain = chain.then(() => clearTabPatient(tabId, documentId ?? undefined)).catch(() => undefined);
    });
  });
  browser.tabs.onRemoved.addListener((tabId) => void clearTabPatient(tabId));
}
