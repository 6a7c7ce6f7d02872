import { browser } from 'wxt/browser';
import type { EmrAdapter } from './adapter';
import { insertAtCursor } from './note-field';
import { pickAdapter } from './registry';

/** The one command the background may send to the content script (typed in lib/messaging/payloads/patient.ts). */
export const NOTE_INSERT = 'note.insert';
const MAX_NOTE = 20_000;

/**
 * Listens for "insert into note" from this extension's background only (sender.id is ours and it is not a tab).
 * Hand-checked payload: the content script carries no schema library (bundle budget).
 */
export function listenForCommands(win: Window, adapters: () => EmrAdapter[], signal: AbortSignal): void {
  const listener = (
    message: unknown,
    sender: { id?: string; tab?: unknown },
    reply: (r: unknown) => void,
  ) => {
    if (sender.id !== browser.runtime.id || sender.tab) return false;
    const m = message as { v?: unknown; type?: unknown; payload?: { text?: unknown } } | null;
    if (m?.v !== 1 || m.type !== NOTE_INSERT) return false;
    const text = m.payload?.text;
    if (typeof text !== 'string' || !text || text.length > MAX_NOTE) {
      reply({ ok: false });
      return false;
    }
    const doc = win.document;
    const adapter = pickAdapter(new URL(win.location.href), doc, adapters());
    const field = adapter?.noteField?.(doc) ?? null;
    if (field) insertAtCursor(field, text);
    reply({ ok: !!field });
    return false;
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
