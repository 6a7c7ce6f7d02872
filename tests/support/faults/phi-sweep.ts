import type { BrowserContext, ConsoleMessage, Page, Request } from '@playwright/test';

/**
 * The PHI sweep (issue 9 "Proof", reliability.md §3 S5): seeded marker strings must appear nowhere but in the side
 * panel's own rendering, the in-memory session storage and requests to the navigator. This module collects the places
 * to look (console of every page and of the service worker, every request) and searches stored data in the browser.
 *
 * A needle is searched case-insensitively as text, and in binary data also as UTF-16LE and in every base64 alignment,
 * so "encrypted" data that merely encodes the marker is caught too.
 */

export interface Hit {
  where: string;
  needle: string;
  excerpt: string;
}

/** Case-insensitive occurrences of any needle in `text`; excerpts are capped and single-line. */
export function findNeedles(where: string, text: string, needles: readonly string[]): Hit[] {
  const hay = text.toLowerCase();
  const hits: Hit[] = [];
  for (const needle of needles) {
    const at = hay.indexOf(needle.toLowerCase());
    if (at >= 0) {
      const excerpt = text.slice(Math.max(0, at - 40), at + needle.length + 40).replace(/\s+/g, ' ');
      hits.push({ where, needle, excerpt });
    }
  }
  return hits;
}

export interface CapturedRequest {
  url: string;
  method: string;
  fromServiceWorker: boolean;
  headers: Record<string, string>;
  body: string;
}

/** Every console message and every request in a browser context, from every page and the service worker. */
export class Recorder {
  readonly console: { source: string; text: string }[] = [];
  readonly requests: CapturedRequest[] = [];
  private pending: Promise<unknown>[] = [];

  constructor(context: BrowserContext) {
    context.on('console', (msg) => this.pending.push(this.onConsole(msg)));
    context.on('weberror', (e) => this.console.push({ source: 'weberror', text: String(e.error()) }));
    context.on('request', (req) => this.pending.push(this.onRequest(req)));
    const watch = (page: Page) =>
      page.on('pageerror', (e) => this.console.push({ source: 'pageerror', text: String(e) }));
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  private async onConsole(msg: ConsoleMessage): Promise<void> {
    const source = msg.worker()
      ? `service worker ${msg.worker()!.url()}`
      : `page ${msg.page()?.url() ?? '?'}`;
    // The formatted text, and each argument's full value where it can still be read (objects print as handles).
    const args = await Promise.all(
      msg.args().map((a) =>
        a.jsonValue().then(
          (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
          () => '',
        ),
      ),
    );
    this.console.push({ source, text: [msg.text(), ...args].join(' ') });
  }

  private async onRequest(req: Request): Promise<void> {
    const headers = await req.allHeaders().catch(() => req.headers());
    this.requests.push({
      url: req.url(),
      method: req.method(),
      fromServiceWorker: req.serviceWorker() !== null,
      headers,
      body: req.postData() ?? '',
    });
  }

  /** Waits for the asynchronous parts of what was captured so far. */
  async flush(): Promise<void> {
    while (this.pending.length) await Promise.allSettled(this.pending.splice(0));
  }
}

/** The EMR page as the page (and anyone reading it) sees it: DOM, open shadow roots, title, its own web storage. */
export async function emrPageText(page: Page): Promise<string> {
  const html = await page.content();
  const extra = await page.evaluate(() => {
    const parts: string[] = [document.title];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) {
          parts.push(el.shadowRoot.innerHTML);
          walk(el.shadowRoot);
        }
      }
    };
    walk(document);
    for (const s of [localStorage, sessionStorage])
      for (let i = 0; i < s.length; i++) parts.push(`${s.key(i)}=${s.getItem(s.key(i) ?? '')}`);
    parts.push(document.cookie);
    return parts.join('\n');
  });
  return `${html}\n${extra}`;
}

export interface StoredScan {
  hits: Hit[];
  /** What was scanned: database/store → number of records. */
  scanned: Record<string, number>;
}

/**
 * Searches the extension's stored data from one of its pages: chrome.storage.local/sync (and, separately,
 * storage.session), every IndexedDB database and store (raw values, binary fields byte by byte) and localStorage.
 */
export async function scanExtensionStorage(
  page: Page,
  needles: readonly string[],
  areas: readonly ('local' | 'sync' | 'session' | 'indexeddb' | 'localStorage')[],
): Promise<StoredScan> {
  return page.evaluate(
    async ({ needles, areas }) => {
      const hits: { where: string; needle: string; excerpt: string }[] = [];
      const scanned: Record<string, number> = {};
      const lower = needles.map((n) => n.toLowerCase());
      const latin1 = (bytes: Uint8Array) => {
        let s = '';
        for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
        return s;
      };
      const utf8 = (s: string) => latin1(new TextEncoder().encode(s));
      const utf16 = (s: string) => {
        let out = '';
        for (const c of s) out += c + '\u0000';
        return out;
      };
      // The base64 text that must appear if the needle is base64-encoded at byte alignment 0, 1 or 2.
      const b64cores = (s: string) =>
        [0, 1, 2].map((k) => {
          const enc = btoa('\u0000'.repeat(k) + utf8(s));
          return enc.slice(k === 0 ? 0 : k + 1, enc.length - 4);
        });
      const textForms = lower;
      const binaryForms = needles.flatMap((n, i) => [
        { needle: n, form: utf8(lower[i]!), ci: true },
        { needle: n, form: utf8(n), ci: false },
        { needle: n, form: utf16(n), ci: false },
        { needle: n, form: utf16(lower[i]!), ci: false },
      ]);
      const b64Forms = needles.flatMap((n) => b64cores(n).map((form) => ({ needle: n, form })));
      const searchText = (where: string, text: string) => {
        const hay = text.toLowerCase();
        textForms.forEach((form, i) => {
          const at = hay.indexOf(form);
          if (at >= 0)
            hits.push({ where, needle: needles[i]!, excerpt: text.slice(Math.max(0, at - 30), at + 60) });
        });
        for (const { needle, form } of b64Forms)
          if (form.length >= 8 && text.includes(form))
            hits.push({ where, needle, excerpt: `base64 …${form}…` });
      };
      const searchBytes = (where: string, bytes: Uint8Array) => {
        const raw = latin1(bytes);
        const rawLower = raw.toLowerCase();
        for (const { needle, form, ci } of binaryForms)
          if ((ci ? rawLower : raw).includes(form))
            hits.push({ where, needle, excerpt: `${bytes.length} bytes` });
        searchText(where, raw);
      };
      // Walks a stored value: strings as text, binary as bytes, containers recursively.
      const visit = async (where: string, v: unknown, depth = 0): Promise<void> => {
        if (depth > 40 || v === null || v === undefined) return;
        if (typeof v === 'string') return searchText(where, v);
        if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
          return searchText(where, String(v));
        if (v instanceof ArrayBuffer) return searchBytes(where, new Uint8Array(v));
        if (ArrayBuffer.isView(v))
          return searchBytes(where, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
        if (v instanceof Blob) return searchBytes(where, new Uint8Array(await v.arrayBuffer()));
        if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return; // key material is not readable
        if (v instanceof Date) return;
        if (v instanceof Map) {
          for (const [k, x] of v) {
            await visit(where, k, depth + 1);
            await visit(where, x, depth + 1);
          }
          return;
        }
        if (Array.isArray(v) || v instanceof Set) {
          for (const x of v) await visit(where, x, depth + 1);
          return;
        }
        if (typeof v === 'object') {
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            searchText(where, k);
            await visit(where, x, depth + 1);
          }
        }
      };
      const req = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error ?? new Error('idb request failed'));
        });

      for (const area of ['local', 'sync', 'session'] as const) {
        if (!areas.includes(area)) continue;
        const all = await chrome.storage[area].get(null);
        scanned[`storage.${area}`] = Object.keys(all).length;
        await visit(`storage.${area}`, all);
      }
      if (areas.includes('localStorage')) {
        scanned.localStorage = localStorage.length;
        for (let i = 0; i < localStorage.length; i++) {
          const k = localStorage.key(i) ?? '';
          searchText('localStorage', `${k}=${localStorage.getItem(k)}`);
        }
      }
      if (areas.includes('indexeddb')) {
        for (const info of await indexedDB.databases()) {
          if (!info.name) continue;
          const open = indexedDB.open(info.name);
          const db = await req(open);
          try {
            for (const store of db.objectStoreNames) {
              const tx = db.transaction(store, 'readonly');
              const os = tx.objectStore(store);
              const [keys, values] = await Promise.all([req(os.getAllKeys()), req(os.getAll())]);
              scanned[`${info.name}/${store}`] = values.length;
              for (let i = 0; i < values.length; i++) {
                const where = `indexeddb ${info.name}/${store}`;
                await visit(where, keys[i]);
                await visit(where, values[i]);
              }
            }
          } finally {
            db.close();
          }
        }
      }
      return { hits, scanned };
    },
    { needles: [...needles], areas: [...areas] },
  );
}
