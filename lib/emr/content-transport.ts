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

/** Posts a message on the liveness port; false when no port is open (the reconnect re-sends the current answer). */
export type PortPost = <T extends MessageType>(type: T, payload: RequestInputOf<T>) => boolean;

/**
 * Keeps a port open so the background can clear this document's patient when it goes away, and returns the way to
 * post detections on it (ordered, and cheaper for the EMR page than one sendMessage per change).
 */
export function connectLiveness(signal: AbortSignal, onReconnect: () => void): PortPost {
  let attempts = 0;
  let current: ReturnType<typeof browser.runtime.connect> | null = null;
  const connect = () => {
    if (signal.aborted) return;
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name: LIVENESS_PORT });
    } catch {
      return; // extension context invalidated: this script is orphaned
    }
    current = port;
    port.onDisconnect.addListener(() => {
      if (current === port) current = null;
      if (signal.aborted || attempts++ > 50) return;
      setTimeout(() => {
        connect();
        onReconnect();
      }, 200);
    });
    signal.addEventListener('abort', () => port.disconnect(), { once: true });
  };
  connect();
  return (type, payload) => {
    if (!current) return false;
    try {
      current.postMessage({ v: 1, type, payload });
      return true;
    } catch {
      current = null;
      return false;
    }
  };
}
