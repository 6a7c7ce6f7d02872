import { browser } from 'wxt/browser';

/** Sends "insert into note" to the top frame of the EMR tab; false when no content script or no note field. */
export async function insertNoteInTab(tabId: number, text: string): Promise<boolean> {
  try {
    const reply = (await browser.tabs.sendMessage(
      tabId,
      { v: 1, type: 'note.insert', payload: { text } },
      { frameId: 0 },
    )) as { ok?: unknown } | undefined;
    return reply?.ok === true;
  } catch {
    return false;
  }
}
