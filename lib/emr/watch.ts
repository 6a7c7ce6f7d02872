import type { EmrAdapter } from './adapter';
import type { DetectionResult } from '@/lib/patient/context';
import { detectWith, pickAdapter } from './registry';

export interface WatchOptions {
  signal: AbortSignal;
  /** Quiet time after the last mutation before detecting again (default 100 ms). */
  debounceMs?: number;
  /** Upper bound on how long continuous mutation can postpone a detection (default 400 ms). */
  maxWaitMs?: number;
  /** How often the URL is compared, for route changes the page makes with pushState (default 250 ms). */
  urlPollMs?: number;
  /** Clinic-configured adapters, tried before the built-in ones. */
  adapters?: EmrAdapter[];
}

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, characterData: true };

/** Structural equality for JSON-shaped results. */
export function sameResult(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameResult(ra[k], rb[k]));
}

/**
 * Detects the patient now, then again after DOM mutations (debounced, with a max wait), route changes and iframe
 * loads; calls `onResult` only when the answer changes. Everything stops when `signal` aborts.
 *
 * Content scripts run in an isolated world, so patching history.pushState would not see the page's own calls: route
 * changes are found by comparing location.href (a cheap string compare) on a low-frequency interval and in every
 * detection pass, plus popstate and hashchange.
 */
export function watchPatient(win: Window, onResult: (r: DetectionResult) => void, opts: WatchOptions): void {
  const { signal, debounceMs = 100, maxWaitMs = 400, urlPollMs = 250, adapters = [] } = opts;
  if (signal.aborted) return;
  const doc = win.document;
  let last: DetectionResult | null = null;
  let lastHref = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstDirty = 0;
  let lastDirty = 0;
  const roots = new Map<Node, MutationObserver>();

  const detect = () => {
    if (signal.aborted) return;
    timer = undefined;
    firstDirty = 0;
    lastHref = win.location.href;
    let url: URL;
    try {
      url = new URL(lastHref);
    } catch {
      return;
    }
    const adapter = pickAdapter(url, doc, adapters);
    const result = detectWith(adapter, url, doc);
    syncRoots(adapter);
    if (last && sameResult(last, result)) return;
    last = result;
    try {
      onResult(result);
    } catch {
      // The receiver's failure must not stop the watch.
    }
  };

  // Cheap on every mutation: two clock reads and at most one pending timer (no clearTimeout churn).
  const check = () => {
    const now = performance.now();
    const quietFor = now - lastDirty;
    if (quietFor >= debounceMs || now - firstDirty >= maxWaitMs) detect();
    else timer = setTimeout(check, Math.min(debounceMs - quietFor, maxWaitMs - (now - firstDirty)));
  };
  const schedule = () => {
    if (signal.aborted) return;
    lastDirty = performance.now();
    if (!firstDirty) firstDirty = lastDirty;
    if (timer === undefined) timer = setTimeout(check, debounceMs);
  };

  const observe = (root: Node) => {
    const mo = new MutationObserver(schedule);
    mo.observe(root, OBSERVE);
    roots.set(root, mo);
  };
  // Extra roots (same-origin iframe documents) come from the adapter that claims the page and can change when a
  // frame navigates, so they are reconciled after every detection.
  const syncRoots = (adapter: EmrAdapter | null) => {
    let wanted: Node[];
    try {
      wanted = adapter?.observedRoots?.(doc) ?? [];
    } catch {
      wanted = [];
    }
    for (const [root, mo] of roots)
      if (root !== doc && !wanted.includes(root)) {
        mo.disconnect();
        roots.delete(root);
      }
    for (const root of wanted) if (!roots.has(root)) observe(root);
  };

  observe(doc);
  const on = { signal, capture: true };
  win.addEventListener('popstate', schedule, on);
  win.addEventListener('hashchange', schedule, on);
  // load does not bubble, but a capturing listener on the document sees every iframe's load.
  doc.addEventListener(
    'load',
    (e) => {
      const t = e.target as Element | null;
      if (t && (t.nodeName === 'IFRAME' || t.nodeName === 'FRAME')) schedule();
    },
    on,
  );
  const poll = setInterval(() => {
    if (win.location.href !== lastHref) schedule();
  }, urlPollMs);
  signal.addEventListener(
    'abort',
    () => {
      clearInterval(poll);
      if (timer !== undefined) clearTimeout(timer);
      for (const mo of roots.values()) mo.disconnect();
      roots.clear();
    },
    { once: true },
  );
  detect();
}
