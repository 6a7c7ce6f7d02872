import { browser } from 'wxt/browser';

/**
 * Which tab the side panel is bound to: `?tabId=N` binds it to tab N (tests open the panel as a tab this way);
 * otherwise it follows the active tab of its own window.
 */
export function boundTabIdFromUrl(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
  return Number(raw);
}

export async function activeTabId(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Calls back with the active tab id of this window whenever it changes. Returns an unsubscribe. */
export async function followActiveTab(cb: (tabId: number | null) => void): Promise<() => void> {
  const win = await browser.windows.getCurrent();
  const onActivated = (info: { tabId: number; windowId: number }) => {
    if (info.windowId === win.id) cb(info.tabId);
  };
  browser.tabs.onActivated.addListener(onActivated);
  cb(await activeTabId());
  return () => browser.tabs.onActivated.removeListener(onActivated);
}
