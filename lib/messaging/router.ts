import {
  Envelope,
  PROTOCOL,
  type MessageType,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from './protocol';

/** The parts of `runtime.MessageSender` the router relies on. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  documentId?: string;
  tab?: { id?: number; url?: string; windowId?: number };
}

export interface HandlerContext {
  sender: SenderInfo;
  /** The sending tab for content-script messages. */
  tabId?: number;
}

export type Handler<T extends MessageType> = (
  request: RequestOf<T>,
  ctx: HandlerContext,
) => Promise<ResponseOf<T>>;
export type Handlers = { [K in MessageType]?: Handler<K> };

export interface RouterOptions {
  extensionId: string;
  /** e.g. chrome-extension://<id> */
  extensionOrigin: string;
  /** Whether an EMR origin is allowed (granted host permission or loopback in the e2e build). */
  isAllowedEmrOrigin(origin: string): boolean | Promise<boolean>;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function isKnownType(type: string): type is MessageType {
  return Object.prototype.hasOwnProperty.call(PROTOCOL, type);
}

/** Checks the sender against the message's declared source. Returns an error code or null. */
export async function checkSender(
  type: MessageType,
  sender: SenderInfo,
  opts: RouterOptions,
): Promise<string | null> {
  if (sender.id !== opts.extensionId) return 'sender-foreign-extension';
  const from = PROTOCOL[type].from;
  if (from === 'extension') {
    // Extension pages have no tab frame of an EMR; their URL is on our own origin.
    const origin = sender.origin ?? originOf(sender.url);
    return origin === opts.extensionOrigin ? null : 'sender-not-extension-page';
  }
  if (sender.tab?.id === undefined) return 'sender-not-a-tab';
  if (sender.frameId !== 0) return 'sender-not-top-frame';
  const origin = sender.origin ?? originOf(sender.url);
  if (!origin || origin === 'null') return 'sender-no-origin';
  return (await opts.isAllowedEmrOrigin(origin)) ? null : 'sender-origin-not-allowed';
}

/**
 * Builds the receiver: envelope → known type → sender check → zod-validated payload → handler → validated response.
 * Every failure is a `{ ok: false, error }` with a code, never a throw across the boundary.
 */
export function createRouter(handlers: Handlers, opts: RouterOptions) {
  return async function route(message: unknown, sender: SenderInfo): Promise<Reply> {
    const env = Envelope.safeParse(message);
    if (!env.success) return { ok: false, error: 'bad-envelope' };
    const { type, payload } = env.data;
    if (!isKnownType(type)) return { ok: false, error: 'unknown-message' };
    const senderError = await checkSender(type, sender, opts);
    if (senderError) return { ok: false, error: senderError };
    const parsed = PROTOCOL[type].request.safeParse(payload);
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path.join('.') ?? '';
      return { ok: false, error: `invalid-payload:${path}`.slice(0, 200) };
    }
    const handler = handlers[type] as Handler<typeof type> | undefined;
    if (!handler) return { ok: false, error: 'no-handler' };
    try {
      const ctx: HandlerContext = { sender, tabId: sender.tab?.id };
      const data = await handler(parsed.data as RequestOf<typeof type>, ctx);
      return { ok: true, data: PROTOCOL[type].response.parse(data) };
    } catch (e) {
      return { ok: false, error: `handler-failed:${e instanceof Error ? e.name : 'unknown'}` };
    }
  };
}

/** Adapts a router to `runtime.onMessage` in the `return true` + `sendResponse` style (works in every browser). */
export function toOnMessageListener(route: ReturnType<typeof createRouter>) {
  return (message: unknown, sender: SenderInfo, sendResponse: (r: Reply) => void): true => {
    void route(message, sender).then(sendResponse);
    return true;
  };
}
