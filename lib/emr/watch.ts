import type { EmrAdapter } from './adapter';
import type { DetectionResult } from '@/lib/patient/context';
import { detectWith, pickAdapter } from './registry';

export interface WatchOptions {
  signal: AbortSignal;
  /** Quiet time after the last mutation before detecting again (default 100 ms). */
  debounceMs?: number;
  /** Upper bound on how long continuous mutation can postpone a detection (default 400 ms). */
  maxWaitMs?: number;
  /**
   * Once the adapter has named the places it reads (see below): nodes added or removed elsewhere (a table
   * re-rendering beside the banner, or a second banner appearing) trigger at most one detection per this many ms,
   * on the interval below. Default 2000 ms.
   */
  structureWaitMs?: number;
  /**
   * How often the URL is compared, for route changes the page makes with pushState, and the pace of structure-only
   * detections (default 500 ms).
   */
  urlPollMs?: number;
  /** Clinic-configured adapters, tried before the built-in ones. */
  adapters?: EmrAdapter[];
}

/** Everything, for the top document while we do not know where the answer lives, and for frame documents. */
const FULL: MutationObserverInit = { childList: true, subtree: true, characterData: true };
/** Where the adapter reads (a banner): every change, attributes too (data-record-no, time[datetime]). */
const NARROW: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
};
/**
 * The top document once the adapter has named the element(s) it reads: nodes added or removed anywhere (a second
 * banner, a replaced container) but no text edits, which is most of what a framework-driven page does.
 */
const STRUCTURE: MutationObserverInit = { childList: true, subtree: true };

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
 * changes are found by comparing document.URL (a cheap string compare) on a low-frequency interval and in every
 * detection pass, plus popstate and hashchange.
 *
 * Cost while the page mutates (bench/observer.bench.ts): the observer callback only records that something changed
 * (it never walks the records); one timer at a time; the URL object is reused while the address is unchanged. When
 * the matching adapter names the elements it reads in the top document (`observedRoots` returning elements, e.g. the
 * banner), those are observed closely and the document only for added/removed nodes: text edits elsewhere (a table
 * re-rendering) cost nothing, and the first structure change parks the document observer until one detection, run
 * by the URL interval at most once per `structureWaitMs`. A narrowed root that leaves the document (the EMR replaced
 * its banner) is a relevant change (seen by the structure callback, or the interval while parked).
 */
export function watchPatient(win: Window, onResult: (r: DetectionResult) => void, opts: WatchOptions): void {
  const {
    signal,
    debounceMs = 100,
    maxWaitMs = 400,
    structureWaitMs = 2000,
    urlPollMs = 500,
    adapters = [],
  } = opts;
  if (signal.aborted) return;
  const doc = win.document;
  let last: DetectionResult | null = null;
  let lastHref = '';
  let lastUrl: URL | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstDirty = 0;
  let lastDirty = 0;
  let lastDetectAt = 0;
  /** Top-document elements the adapter reads; when non-empty the document is observed for structure only. */
  let narrowed: Node[] = [];
  /** How the document is observed now; 'parked' = disconnected until the detection already due. */
  let docMode: 'full' | 'structure' | 'parked' = 'full';
  const roots = new Map<Node, MutationObserver>();

  const detect = () => {
    if (signal.aborted) return;
    timer = undefined;
    firstDirty = 0;
    lastDetectAt = performance.now();
    // document.URL follows pushState like location.href and is several times cheaper to read from a content script.
    const href = doc.URL;
    if (href !== lastHref || !lastUrl) {
      try {
        lastUrl = new URL(href);
      } catch {
        return;
      }
      lastHref = href;
    }
    const url = lastUrl;
    const adapter = pickAdapter(url, doc, adapters);
    const result = detectWith(adapter, url, doc);
    syncRoots(adapter);
    const mode = narrowed.length ? 'structure' : 'full';
    // Re-observing the same node with the same observer replaces its options (no duplicate registration).
    if (docMode !== mode) docObserver.observe(doc, mode === 'structure' ? STRUCTURE : FULL);
    docMode = mode;
    if (last && sameResult(last, result)) return;
    last = result;
    try {
      onResult(result);
    } catch {
      // The receiver's failure must not stop the watch.
    }
  };

  // A narrowed root that left the document: the EMR replaced its banner, which is a relevant change.
  const lostRoot = () => narrowed.some((n) => !n.isConnected);

  // Relevant changes: debounced (quiet for debounceMs), bounded by maxWaitMs; one timer at a time, never cleared.
  const check = () => {
    timer = undefined;
    if (signal.aborted) return;
    const now = performance.now();
    const quietFor = now - lastDirty;
    const waited = now - firstDirty;
    if (quietFor >= debounceMs || waited >= maxWaitMs) return detect();
    timer = setTimeout(check, Math.max(1, Math.min(debounceMs - quietFor, maxWaitMs - waited)));
  };
  const relevant = () => {
    if (signal.aborted) return;
    lastDirty = performance.now();
    if (!firstDirty) firstDirty = lastDirty;
    if (timer === undefined) timer = setTimeout(check, debounceMs);
  };
  const docChanged = () => {
    if (docMode !== 'structure' || lostRoot()) return relevant();
    // Narrowed: one structure change is enough to know a detection is due, so the document observer is parked until
    // then (a page that re-renders continuously costs one callback per detection, not one per render). The roots
    // stay observed; the interval below runs the due detection and watches for a root leaving the document.
    docObserver.disconnect();
    docMode = 'parked';
  };

  const docObserver = new MutationObserver(docChanged);
  docObserver.observe(doc, FULL);
  // Extra roots come from the adapter that claims the page: same-origin frame documents (observed in full) and
  // top-document elements it reads (observed closely, narrowing the document to structure). They can change when a
  // frame navigates or the banner is replaced, so they are reconciled after every detection.
  const syncRoots = (adapter: EmrAdapter | null) => {
    let wanted: Node[];
    try {
      wanted = adapter?.observedRoots?.(doc) ?? [];
    } catch {
      wanted = [];
    }
    for (const [root, mo] of roots)
      if (!wanted.includes(root)) {
        mo.disconnect();
        roots.delete(root);
      }
    const inTop: Node[] = [];
    for (const root of wanted) {
      if (root === doc) continue;
      const isTop = root.ownerDocument === doc && root.nodeType === 1;
      if (isTop) inTop.push(root);
      if (roots.has(root)) continue;
      const mo = new MutationObserver(relevant);
      mo.observe(root, isTop ? NARROW : FULL);
      roots.set(root, mo);
    }
    narrowed = inTop;
  };

  const on = { signal, capture: true };
  win.addEventListener('popstate', relevant, on);
  win.addEventListener('hashchange', relevant, on);
  // load does not bubble, but a capturing listener on the document sees every iframe's load.
  doc.addEventListener(
    'load',
    (e) => {
      const t = e.target as Element | null;
      if (t && (t.nodeName === 'IFRAME' || t.nodeName === 'FRAME')) relevant();
    },
    on,
  );
  const poll = setInterval(() => {
    if (doc.URL !== lastHref || (docMode === 'parked' && lostRoot())) return relevant();
    // Structure changed outside the roots (parked): detect, at most once per structureWaitMs.
    if (docMode === 'parked' && timer === undefined && performance.now() - lastDetectAt >= structureWaitMs)
      detect();
  }, urlPollMs);
  signal.addEventListener(
    'abort',
    () => {
      clearInterval(poll);
      if (timer !== undefined) clearTimeout(timer);
      docObserver.disconnect();
      for (const mo of roots.values()) mo.disconnect();
      roots.clear();
      narrowed = [];
    },
    { once: true },
  );
  detect();
}
