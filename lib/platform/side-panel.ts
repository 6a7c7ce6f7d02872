import { browser } from 'wxt/browser';
import { log } from './log';

export function setupSidePanel(): void {
  // Chrome: the toolbar icon opens the side panel. Firefox maps the panel to sidebar_action.
  browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
}

/** Opens the side panel for a tab; must run in response to a user gesture (the launcher button). */
export async function openSidePanel(tabId: number, windowId: number | undefined): Promise<boolean> {
  try {
    if (browser.sidePanel?.open) {
      await browser.sidePanel.open(windowId !== undefined ? { windowId } : { tabId });
      return true;
    }
    // Firefox: sidebar_action.open() (not in Chrome's typings).
    const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
    if (!sidebar) return false;
    await sidebar.open();
    return true;
  } catch (e) {
    log('warn', 'side-panel.open-failed', { reason: e instanceof Error ? e.name : 'unknown' });
    return false;
  }
}
