import { browser, type Browser } from 'wxt/browser';
import { LIVENESS_PORT } from './liveness-name';
import { clearTabPatient } from './tab-patients';

export { LIVENESS_PORT } from './liveness-name';

/**
 * Each EMR document holds a port open to the background. When the document goes away (navigation, tab closed,
 * extension reloaded) the port disconnects and the background clears that document's patient, so the side panel
 * never shows a patient whose chart is no longer open.
 */
export function listenForEmrLiveness(): void {
  browser.runtime.onConnect.addListener((port: Browser.runtime.Port) => {
    if (port.name !== LIVENESS_PORT) return;
    const tabId = port.sender?.tab?.id;
    const documentId = port.sender?.documentId;
    if (tabId === undefined || port.sender?.frameId !== 0) return port.disconnect();
    port.onDisconnect.addListener(() => void clearTabPatient(tabId, documentId ?? undefined));
  });
  browser.tabs.onRemoved.addListener((tabId) => void clearTabPatient(tabId));
}
