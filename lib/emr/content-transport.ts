import { browser } from 'wxt/browser';
import type { MessageType, RequestInputOf } from '@/lib/messaging/protocol';
import { LIVENESS_PORT } from '@/lib/platform/liveness-name';

/**
 * The content script's side of the protocol. It deliberately does not import zod or the protocol's schemas (type-only
 * imports): the content-script bundle budget is 10 KB gzipped, and the receiver validates every payload anyway.
 */
export async function sendToBackground<T extends MessageType>(
  type: T,
  payload: RequestInputOf<T>,
): Promise<boolean> {
  try {
    const reply = (await browser.runtime.sendMessage({ v: 1, type, payload })) as
      { ok?: unknown } | undefined;
    return reply?.ok === true;
  } catch {
    // Extension reloaded or the background is restarting: the liveness port reconnects and re-sends.
    return false;
  }
}

/**
 * The clinic-configured adapter definitions, validated by the background. The content script trusts only the shape
 * it needs (an array of objects); a malformed entry makes createConfiguredAdapter throw and is skipped.
 */
export async function fetchConfiguredDefinitions(): Promise<unknown[]> {
  try {
    const reply = (await browser.runtime.sendMessage({
      v: 1,
      type: 'emr.configuredAdapters',
      payload: {},
    })) as { ok?: unknown; data?: { definitions?: unknown } } | undefined;
    const defs = reply?.ok === true ? reply.data?.definitions : null;
    return Array.isArray(defs) ? defs.slice(0, 50) : [];
  } catch {
    return [];
  }
}

/** Keeps a port open so the background can clear this document's patient when it goes away. */
export function connectLiveness(signal: AbortSignal, onReconnect: () => void): void {
  let attempts = 0;
  const connect = () => {
    if (signal.aborted) return;
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name: LIVENESS_PORT });
    } catch {
      return; // extension context invalidated: this script is orphaned
    }
    port.onDisconnect.addListener(() => {
      if (signal.aborted || attempts++ > 50) return;
      setTimeout(() => {
        connect();
        onReconnect();
      }, 200);
    });
    signal.addEventListener('abort', () => port.disconnect(), { once: true });
  };
  connect();
}
