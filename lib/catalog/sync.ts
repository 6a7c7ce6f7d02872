import { db as defaultDb } from '@/lib/db';
import { log } from '@/lib/platform/log';
import {
  HsdsMinimalItem,
  HsdsPage,
  HsdsRoot,
  HsdsTaxonomyTerm,
  validateRecord,
  type HsdsService,
} from './hsds-schema';
import { CatalogError, apiUrl, fetchJson, withRetry, type FetchImpl, type FetchJsonResult } from './http';
import { applyChanges, liveRecords, needsCompaction, validateBatch, yieldToLoop, type Yield } from './ingest';
import {
  META,
  SyncLock,
  idx,
  type ActiveCatalog,
  type CatalogErrorCode,
  type CatalogProgress,
  type Cursor,
  type RunSummary,
  type StagingState,
} from './meta';
import { timed, timedAsync } from './metrics';
import { termInfo, type TermMap } from './program';
import { Stager } from './stager';
import {
  deleteOrphanGenerations,
  getActive,
  getCursor,
  getEtags,
  getStaging,
  getStatus,
  putStatus,
  readDocTable,
  readTerms,
  recordError,
  setProgress,
  termsValue,
  type Db,
} from './store';

/**
 * The catalog sync engine (runs in the background service worker, from a chrome.alarms tick or the 'catalog.sync'
 * message). Full sync first — pages of /services (full records; /services/{id} when a publisher's list is minimal)
 * staged into a new generation, resumable page by page — then incremental syncs with `modified_after` (inclusive,
 * with an overlap) and a periodic reconciliation against the minimal id list for deletions and status changes. Any
 * failure leaves the live catalog as it was and records a specific error code.
 */

export interface SyncLimits {
  pageSize: number;
  maxResponseBytes: number;
  maxRecords: number;
  maxPages: number;
  timeoutMs: number;
  detailConcurrency: number;
  overlapMs: number;
  reconcileEveryMs: number;
  fullEveryMs: number;
  maxDeltaRecords: number;
  attempts: number;
  retryDelayMs: number;
  lockStaleMs: number;
}

export const DEFAULT_LIMITS: SyncLimits = {
  pageSize: 1000,
  maxResponseBytes: 64 * 1024 * 1024,
  maxRecords: 250_000,
  maxPages: 10_000,
  timeoutMs: 60_000,
  detailConcurrency: 8,
  overlapMs: 5 * 60_000,
  reconcileEveryMs: 24 * 3_600_000,
  fullEveryMs: 30 * 24 * 3_600_000,
  maxDeltaRecords: 5000,
  attempts: 3,
  retryDelayMs: 500,
  lockStaleMs: 120_000,
};

export interface CatalogSyncDeps {
  fetchImpl: FetchImpl;
  getSettings: () => Promise<{ catalogHsdsBaseUrl: string; catalogToken: string }>;
  db?: () => Promise<Db>;
  now?: () => number;
  signal?: AbortSignal;
  limits?: Partial<SyncLimits>;
  yieldFn?: Yield;
}

export type SyncOutcome =
  | { status: 'ok'; summary: RunSummary }
  | { status: 'skipped'; reason: 'not-configured' | 'busy' }
  | { status: 'error'; code: CatalogErrorCode; detail: string };

interface Ctx {
  db: Db;
  base: string;
  token: string;
  fetchImpl: FetchImpl;
  limits: SyncLimits;
  now: () => number;
  iso: () => string;
  signal?: AbortSignal;
  yieldFn: Yield;
  runId: string;
}

const NESTED_KEYS = [
  'phones',
  'schedules',
  'service_at_locations',
  'languages',
  'cost_options',
  'attributes',
];

/** A list item without any nested array is the one-to-one `/services` shape: its full record needs /services/{id}. */
function isListOnly(item: unknown): boolean {
  return !!item && typeof item === 'object' && !NESTED_KEYS.some((k) => k in item);
}

function serverTime(r: FetchJsonResult, fallback: number): string {
  const t = r.date ? Date.parse(r.date) : NaN;
  return new Date(Number.isFinite(t) ? t : fallback).toISOString();
}

async function get(ctx: Ctx, url: string, etag?: string): Promise<FetchJsonResult> {
  return withRetry(
    () =>
      fetchJson(url, {
        fetchImpl: ctx.fetchImpl,
        token: ctx.token,
        etag,
        maxBytes: ctx.limits.maxResponseBytes,
        timeoutMs: ctx.limits.timeoutMs,
        signal: ctx.signal,
      }),
    ctx.limits.attempts,
    ctx.limits.retryDelayMs,
  );
}

interface ListPage {
  items: unknown[];
  last: boolean;
  totalItems: number | null;
  totalPages: number | null;
  result: FetchJsonResult;
}

/** One page of a list endpoint. Accepts the HSDS Page object or (non-paging publishers) a bare array. */
async function getListPage(ctx: Ctx, url: string, page: number, etag?: string): Promise<ListPage | null> {
  const res = await get(ctx, url, etag);
  if (res.status === 304) return null;
  if (Array.isArray(res.json)) {
    if (res.json.length > 20_000) throw new CatalogError('too-many-records', 'array page');
    return { items: res.json, last: true, totalItems: res.json.length, totalPages: 1, result: res };
  }
  const parsed = HsdsPage.safeParse(res.json);
  if (!parsed.success) {
    throw new CatalogError('bad-shape', (parsed.error.issues[0]?.path.join('.') || 'page').slice(0, 100));
  }
  const p = parsed.data;
  const totalPages = typeof p.total_pages === 'number' ? p.total_pages : null;
  const last =
    p.last_page === true ||
    p.contents.length === 0 ||
    (totalPages !== null && page >= totalPages) ||
    (p.last_page !== false && totalPages === null && p.contents.length < ctx.limits.pageSize);
  return {
    items: p.contents,
    last,
    totalItems: typeof p.total_items === 'number' ? p.total_items : null,
    totalPages,
    result: res,
  };
}

/** Replaces list-only items by their full records (bounded concurrency); a missing record is quarantined. */
async function resolveDetails(
  ctx: Ctx,
  items: unknown[],
  onProgress?: (n: number) => Promise<void>,
): Promise<unknown[]> {
  const out = [...items];
  const todo = items.map((it, i) => ({ it, i })).filter(({ it }) => isListOnly(it));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < todo.length) {
      const { it, i } = todo[next++]!;
      const id = (it as { id?: unknown }).id;
      if (typeof id !== 'string' || !id) continue; // validation quarantines it
      try {
        const res = await get(ctx, apiUrl(ctx.base, `services/${encodeURIComponent(id)}`));
        if (res.status === 200) out[i] = res.json;
      } catch (e) {
        // A record listed but gone by the time we ask for it: keep the list item, which then fails validation only
        // if it lacks required fields. Anything else fails the page (and the run resumes from it later).
        if (!(e instanceof CatalogError && e.code === 'http-404')) throw e;
      }
      done++;
      if (onProgress && done % 50 === 0) await onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.limits.detailConcurrency, todo.length) }, worker));
  return out;
}

async function discover(ctx: Ctx): Promise<string> {
  try {
    const res = await get(ctx, apiUrl(ctx.base, ''));
    if (res.status === 200) {
      const root = HsdsRoot.safeParse(res.json);
      if (root.success && !/^3(\.|$)/.test(root.data.version.trim())) {
        throw new CatalogError('unsupported-version', root.data.version.slice(0, 20));
      }
    }
    return serverTime(res, ctx.now());
  } catch (e) {
    // `GET /` is required by the spec but some publishers only serve the resources.
    if (e instanceof CatalogError && (e.code === 'http-404' || e.code === 'not-json')) return ctx.iso();
    throw e;
  }
}

/** `/taxonomy_terms` (optional endpoint): all pages into a term map. */
async function fetchTaxonomy(ctx: Ctx): Promise<TermMap> {
  const terms: TermMap = new Map();
  for (let page = 1; page <= ctx.limits.maxPages; page++) {
    let p: ListPage | null;
    try {
      p = await getListPage(
        ctx,
        apiUrl(ctx.base, 'taxonomy_terms', { page, per_page: ctx.limits.pageSize }),
        page,
      );
    } catch (e) {
      if (page === 1 && e instanceof CatalogError && (e.code === 'http-404' || e.code === 'http-4xx'))
        return terms;
      throw e;
    }
    if (!p) break;
    for (const raw of p.items) {
      const r = validateRecord(HsdsTaxonomyTerm, raw);
      if (r.ok && terms.size < 65_000) terms.set(r.value.id, termInfo(r.value));
    }
    if (p.last) break;
  }
  return terms;
}

function heartbeat(ctx: Ctx) {
  return { [META.lock]: { runId: ctx.runId, heartbeatAt: ctx.now() } };
}

function progress(
  phase: CatalogProgress['phase'],
  done: number,
  total: number | null,
  startedAt: string,
  now: string,
) {
  return { running: true, phase, done, total, startedAt, updatedAt: now } satisfies CatalogProgress;
}

// ---- full sync -------------------------------------------------------------------------------------------------

type StagingCtx = Pick<Ctx, 'db' | 'runId' | 'iso'>;

async function startStaging(
  ctx: StagingCtx,
  source: StagingState['source'],
  origin: string,
  startedAt: string,
) {
  const active = await getActive(ctx.db);
  await deleteOrphanGenerations(ctx.db, active ? [active.gen] : []);
  await ctx.db.clear('quarantine');
  const state: StagingState = {
    runId: ctx.runId,
    source,
    origin,
    gen: (active?.gen ?? 0) + 1,
    phase: source === 'api' ? 'taxonomy' : 'services',
    page: 1,
    totalItems: null,
    totalPages: null,
    done: 0,
    docCount: 0,
    nextChunkSeq: 0,
    quarantined: 0,
    chunkStarts: [],
    startedAt,
    updatedAt: ctx.iso(),
  };
  await ctx.db.put('catalogMeta', state, META.sync);
  return state;
}

async function runFull(ctx: Ctx, resume: StagingState | null): Promise<RunSummary> {
  const t0 = ctx.now();
  let state = resume ?? (await startStaging(ctx, 'api', ctx.base, await discover(ctx)));
  let terms: TermMap;
  if (state.phase === 'taxonomy') {
    await setProgress(ctx.db, progress('taxonomy', 0, null, state.startedAt, ctx.iso()));
    terms = await fetchTaxonomy(ctx);
    state = { ...state, phase: 'services', updatedAt: ctx.iso() };
    const tx = ctx.db.transaction(['catalogIndex', 'catalogMeta'], 'readwrite');
    await tx.objectStore('catalogIndex').put(termsValue(terms), idx.terms(state.gen));
    await tx.objectStore('catalogMeta').put(state, META.sync);
    await tx.done;
  } else {
    terms = await readTerms(ctx.db, state.gen);
  }
  const stager =
    state.docCount > 0
      ? await Stager.resume(ctx.db, state, terms, ctx.yieldFn)
      : Stager.fresh(ctx.db, state, terms);
  const fetchPage = (page: number) => {
    const url = apiUrl(ctx.base, 'services', { page, per_page: ctx.limits.pageSize, full: 'true' });
    const p = timedAsync('fetch', () => getListPage(ctx, url, page));
    p.catch(() => undefined); // a prefetch that is never awaited must not become an unhandled rejection
    return p;
  };
  let next = state.phase === 'services' ? fetchPage(state.page) : null;
  while (next) {
    state = stager.state;
    if (state.page > ctx.limits.maxPages) throw new CatalogError('too-many-records', 'pages');
    const p = await next;
    if (!p) throw new CatalogError('bad-shape', 'unexpected 304');
    // The next page downloads while this one is validated, indexed and committed.
    next = p.last ? null : fetchPage(state.page + 1);
    const total = p.totalItems ?? state.totalItems;
    const items = await resolveDetails(ctx, p.items, async (n) =>
      setProgress(ctx.db, progress('details', state.done + n, total, state.startedAt, ctx.iso())),
    );
    if (state.done + items.length > ctx.limits.maxRecords)
      throw new CatalogError('too-many-records', 'records');
    const batch = timed('validate', () => validateBatch(items, 'api', `page${state.page}`, ctx.iso()));
    await ctx.yieldFn();
    await stager.add(
      batch,
      {
        page: state.page + 1,
        phase: p.last ? 'finalize' : 'services',
        totalItems: total,
        totalPages: p.totalPages ?? state.totalPages,
        updatedAt: ctx.iso(),
      },
      {
        ...heartbeat(ctx),
        [META.progress]: progress('services', state.done + items.length, total, state.startedAt, ctx.iso()),
      },
    );
    await ctx.yieldFn();
  }
  await stager.flush();
  state = stager.state;
  await setProgress(
    ctx.db,
    progress('finalize', state.done, state.totalItems ?? state.done, state.startedAt, ctx.iso()),
  );
  const cursor: Cursor = {
    origin: ctx.base,
    modifiedAfter: state.startedAt,
    lastFullAt: state.startedAt,
    lastReconcileAt: state.startedAt,
  };
  const summary: RunSummary = {
    mode: 'full',
    added: state.docCount,
    updated: 0,
    removed: 0,
    quarantined: state.quarantined,
    ms: ctx.now() - t0,
    at: ctx.iso(),
  };
  const status = { ...(await getStatus(ctx.db)), lastSuccessAt: ctx.iso(), lastAttemptAt: ctx.iso() };
  await stager.finalize(ctx.yieldFn, ctx.now, {
    [META.cursor]: cursor,
    [META.status]: { ...status, lastError: null, quarantined: state.quarantined, lastRun: summary },
  });
  summary.ms = ctx.now() - t0;
  return summary;
}

// ---- delta + reconcile -----------------------------------------------------------------------------------------

class DeltaTooLarge extends Error {}

async function fetchChanged(ctx: Ctx, since: string): Promise<{ items: unknown[]; startedAt: string }> {
  const items: unknown[] = [];
  let startedAt: string | null = null;
  for (let page = 1; page <= ctx.limits.maxPages; page++) {
    const url = apiUrl(ctx.base, 'services', {
      page,
      per_page: ctx.limits.pageSize,
      full: 'true',
      modified_after: since,
    });
    const p = await getListPage(ctx, url, page);
    if (!p) break;
    startedAt ??= serverTime(p.result, ctx.now());
    items.push(...p.items);
    if (items.length > ctx.limits.maxDeltaRecords) throw new DeltaTooLarge();
    if (p.last) break;
  }
  return { items, startedAt: startedAt ?? ctx.iso() };
}

interface MinimalList {
  items: Map<string, number>;
}

async function fetchMinimal(
  ctx: Ctx,
  etag: string | undefined,
): Promise<{ list: MinimalList | null; etag: string | null }> {
  const items = new Map<string, number>();
  let firstEtag: string | null = null;
  for (let page = 1; page <= ctx.limits.maxPages; page++) {
    const url = apiUrl(ctx.base, 'services', { minimal: 'true', page, per_page: 10_000 });
    const p = await getListPage(ctx, url, page, page === 1 ? etag : undefined);
    if (!p) return { list: null, etag: etag ?? null };
    if (page === 1) firstEtag = p.result.status === 200 ? p.result.etag : null;
    for (const raw of p.items) {
      const r = HsdsMinimalItem.safeParse(raw);
      if (!r.success) continue;
      const t = Date.parse(r.data.last_modified ?? r.data.modified_date ?? '');
      items.set(r.data.id, Number.isFinite(t) ? Math.floor(t / 1000) : 0);
    }
    if (items.size > ctx.limits.maxRecords) throw new CatalogError('too-many-records', 'minimal');
    if (p.last) break;
  }
  return { list: { items }, etag: firstEtag };
}

async function runDelta(
  ctx: Ctx,
  active: ActiveCatalog,
  cursor: Cursor,
  reconcile: boolean,
): Promise<RunSummary> {
  const t0 = ctx.now();
  const startedIso = ctx.iso();
  const since = new Date(Date.parse(cursor.modifiedAfter) - ctx.limits.overlapMs).toISOString();
  await setProgress(ctx.db, progress('delta', 0, null, startedIso, ctx.iso()));
  const changed = await fetchChanged(ctx, since);
  const resolved = await resolveDetails(ctx, changed.items);
  const batch = validateBatch(resolved, 'api', `delta${t0}`, ctx.iso());
  const upserts: HsdsService[] = batch.good;
  const deletes: string[] = [];
  let terms = await readTerms(ctx.db, active.gen);
  const etags = await getEtags(ctx.db);
  const newEtags = { ...etags };
  if (reconcile) {
    await setProgress(ctx.db, progress('reconcile', 0, null, startedIso, ctx.iso()));
    const minimalUrl = apiUrl(ctx.base, 'services', { minimal: 'true' });
    const { list, etag } = await fetchMinimal(ctx, etags[minimalUrl]);
    if (etag) newEtags[minimalUrl] = etag;
    if (list) {
      const table = await readDocTable(ctx.db, active.gen);
      const ids = table?.ids ? table.ids.split('\n') : [];
      const localModified = new Map<string, number>();
      ids.forEach((id, d) => {
        if (table && !table.tomb[d]) localModified.set(id, table.modified[d]!);
      });
      // A publisher glitch returning an empty or tiny list must not wipe the catalog.
      if (localModified.size > 20 && list.items.size < localModified.size * 0.5) {
        throw new CatalogError('reconcile-suspicious', `${list.items.size}/${localModified.size}`);
      }
      for (const id of localModified.keys()) if (!list.items.has(id)) deletes.push(id);
      const have = new Set(upserts.map((u) => u.id));
      const stale = [...list.items].filter(([id, m]) => !have.has(id) && m > (localModified.get(id) ?? -1));
      if (stale.length > ctx.limits.maxDeltaRecords) throw new DeltaTooLarge();
      const refreshed = await resolveDetails(
        ctx,
        stale.map(([id]) => ({ id })),
      );
      const more = validateBatch(refreshed, 'api', `reconcile${t0}`, ctx.iso());
      upserts.push(...more.good);
      batch.bad.push(...more.bad);
    }
    const fresh = await fetchTaxonomy(ctx);
    if (fresh.size) terms = new Map([...terms, ...fresh]);
  }
  const tx = ctx.db.transaction('quarantine', 'readwrite');
  for (const q of batch.bad.slice(0, 500)) await tx.store.put(q, q.key);
  await tx.done;
  const status = await getStatus(ctx.db);
  const nextCursor: Cursor = {
    ...cursor,
    modifiedAfter: changed.startedAt,
    lastReconcileAt: reconcile ? startedIso : cursor.lastReconcileAt,
  };
  const summaryBase = { quarantined: batch.bad.length, at: ctx.iso() };
  const result = await applyChanges(ctx.db, active, upserts, deletes, terms, ctx.now, {
    [META.cursor]: nextCursor,
    [META.etags]: trimEtags(newEtags),
  });
  const summary: RunSummary = {
    mode: reconcile ? 'reconcile' : 'delta',
    added: result.added,
    updated: result.updated,
    removed: result.removed,
    ms: ctx.now() - t0,
    ...summaryBase,
  };
  await putStatus(ctx.db, {
    lastSuccessAt: ctx.iso(),
    lastAttemptAt: ctx.iso(),
    lastError: null,
    quarantined: status.quarantined + batch.bad.length,
    lastRun: summary,
  });
  if (needsCompaction(result.active)) await compact(ctx, result.active);
  return summary;
}

function trimEtags(e: Record<string, string>): Record<string, string> {
  const entries = Object.entries(e);
  return Object.fromEntries(entries.slice(Math.max(0, entries.length - 50)));
}

/** Rebuilds the live generation from its own live records (no network): drops garbage and the delta segment. */
export async function compact(
  ctx: Pick<Ctx, 'db' | 'now' | 'iso' | 'yieldFn' | 'runId'>,
  active: ActiveCatalog,
) {
  const t0 = ctx.now();
  const terms = await readTerms(ctx.db, active.gen);
  const state: StagingState = {
    runId: ctx.runId,
    source: active.source,
    origin: active.origin,
    gen: active.gen + 1,
    phase: 'services',
    page: 1,
    totalItems: active.liveCount,
    totalPages: null,
    done: 0,
    docCount: 0,
    nextChunkSeq: 0,
    quarantined: 0,
    chunkStarts: [],
    startedAt: ctx.iso(),
    updatedAt: ctx.iso(),
  };
  await deleteOrphanGenerations(ctx.db, [active.gen]);
  const tx = ctx.db.transaction(['catalogIndex', 'catalogMeta'], 'readwrite');
  await tx.objectStore('catalogIndex').put(termsValue(terms), idx.terms(state.gen));
  await tx.objectStore('catalogMeta').put(state, META.sync);
  await tx.done;
  const stager = Stager.fresh(ctx.db, state, terms);
  for await (const records of liveRecords(ctx.db, active)) {
    const s = stager.state;
    await stager.add(
      { good: records, bad: [] },
      { page: s.page + 1 },
      {
        [META.progress]: progress(
          'compact',
          s.done + records.length,
          active.liveCount,
          s.startedAt,
          ctx.iso(),
        ),
      },
    );
    await ctx.yieldFn();
  }
  await stager.finalize(ctx.yieldFn, ctx.now);
  log('info', 'catalog.compacted', { docs: stager.state.docCount, ms: ctx.now() - t0 });
}

// ---- orchestration ---------------------------------------------------------------------------------------------

async function acquireLock(db: Db, runId: string, now: number, staleMs: number): Promise<boolean> {
  const tx = db.transaction('catalogMeta', 'readwrite');
  const current = SyncLock.safeParse(await tx.store.get(META.lock));
  if (current.success && current.data.runId !== runId && now - current.data.heartbeatAt < staleMs) {
    await tx.done;
    return false;
  }
  await tx.store.put({ runId, heartbeatAt: now }, META.lock);
  await tx.done;
  return true;
}

async function releaseLock(db: Db, runId: string): Promise<void> {
  const tx = db.transaction('catalogMeta', 'readwrite');
  const current = SyncLock.safeParse(await tx.store.get(META.lock));
  if (current.success && current.data.runId === runId) await tx.store.delete(META.lock);
  await tx.done;
}

function errorCodeOf(e: unknown): { code: CatalogErrorCode; detail: string } {
  if (e instanceof CatalogError) return { code: e.code, detail: e.detail };
  if (
    e instanceof DOMException ||
    (e instanceof Error && /Quota|Transaction|IndexedDB/i.test(e.name + e.message))
  ) {
    return { code: 'storage', detail: e instanceof Error ? e.name : 'storage' };
  }
  return { code: 'internal', detail: e instanceof Error ? e.name : 'unknown' };
}

let running: Promise<SyncOutcome> | null = null;

/** Whether a sync is running in this context. */
export const isSyncRunning = () => running !== null;

/**
 * One sync run: resumes an interrupted full sync, else a full sync when there is no catalog from this source (or it
 * is old, or `mode: 'full'`), else a delta (with reconciliation when due). Concurrent calls share one run.
 */
export function runCatalogSync(
  deps: CatalogSyncDeps,
  opts: { mode?: 'auto' | 'full' } = {},
): Promise<SyncOutcome> {
  running ??= doSync(deps, opts).finally(() => {
    running = null;
  });
  return running;
}

async function doSync(deps: CatalogSyncDeps, opts: { mode?: 'auto' | 'full' }): Promise<SyncOutcome> {
  const settings = await deps.getSettings();
  const base = settings.catalogHsdsBaseUrl.trim();
  if (!base) return { status: 'skipped', reason: 'not-configured' };
  const db = await (deps.db ?? defaultDb)();
  const now = deps.now ?? Date.now;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const ctx: Ctx = {
    db,
    base,
    token: settings.catalogToken,
    fetchImpl: deps.fetchImpl,
    limits,
    now,
    iso: () => new Date(now()).toISOString(),
    signal: deps.signal,
    yieldFn: deps.yieldFn ?? yieldToLoop,
    runId: `run-${now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`,
  };
  if (!(await acquireLock(db, ctx.runId, now(), limits.lockStaleMs)))
    return { status: 'skipped', reason: 'busy' };
  try {
    let staging = await getStaging(db);
    if (staging && (staging.origin !== base || staging.source !== 'api')) {
      staging = null; // another source's unfinished run: start over (startStaging removes its generation)
    }
    const active = await getActive(db);
    const cursor = await getCursor(db);
    const fresh =
      !active || active.source !== 'api' || active.origin !== base || !cursor || cursor.origin !== base;
    const overdue = cursor ? now() - Date.parse(cursor.lastFullAt) > limits.fullEveryMs : true;
    let summary: RunSummary;
    if (staging || fresh || overdue || opts.mode === 'full' || !active || !cursor) {
      summary = await runFull(ctx, staging);
    } else {
      const reconcile = now() - Date.parse(cursor.lastReconcileAt) > limits.reconcileEveryMs;
      try {
        summary = await runDelta(ctx, active, cursor, reconcile);
      } catch (e) {
        if (!(e instanceof DeltaTooLarge)) throw e;
        summary = await runFull(ctx, null);
      }
    }
    await setProgress(db, null);
    log('info', 'catalog.sync.ok', { mode: summary.mode, added: summary.added, removed: summary.removed });
    return { status: 'ok', summary };
  } catch (e) {
    const { code, detail } = errorCodeOf(e);
    await recordError(db, code, detail, ctx.iso()).catch(() => undefined);
    await setProgress(db, null).catch(() => undefined);
    log('warn', 'catalog.sync.failed', { code, detail });
    return { status: 'error', code, detail };
  } finally {
    await releaseLock(db, ctx.runId).catch(() => undefined);
  }
}

/** For the file import: stage a whole document as a new generation (same validation and quarantine as the API). */
export async function stageDocument(
  db: Db,
  services: readonly unknown[],
  terms: TermMap,
  origin: string,
  now: () => number,
  yieldFn: Yield,
): Promise<RunSummary> {
  const runId = `import-${now().toString(36)}`;
  const iso = () => new Date(now()).toISOString();
  const t0 = now();
  if (!(await acquireLock(db, runId, now(), DEFAULT_LIMITS.lockStaleMs)))
    throw new CatalogError('internal', 'busy');
  try {
    const state = await startStaging({ db, runId, iso }, 'file', origin, iso());
    await db.put('catalogIndex', termsValue(terms), idx.terms(state.gen));
    const stager = Stager.fresh(db, state, terms);
    for (let i = 0; i < services.length; i += 1000) {
      const slice = services.slice(i, i + 1000);
      const batch = validateBatch(slice, 'file', `item${i}`, iso());
      const s = stager.state;
      await stager.add(
        batch,
        { page: s.page + 1, totalItems: services.length },
        {
          [META.progress]: progress('import', i + slice.length, services.length, s.startedAt, iso()),
        },
      );
      await yieldFn();
    }
    await stager.flush();
    const done = stager.state;
    const summary: RunSummary = {
      mode: 'import',
      added: done.docCount,
      updated: 0,
      removed: 0,
      quarantined: done.quarantined,
      ms: now() - t0,
      at: iso(),
    };
    const status = await getStatus(db);
    await stager.finalize(yieldFn, now, {
      [META.status]: {
        ...status,
        lastSuccessAt: iso(),
        lastAttemptAt: iso(),
        lastError: null,
        quarantined: done.quarantined,
        lastRun: summary,
      },
    });
    await db.delete('catalogMeta', META.cursor);
    await setProgress(db, null);
    return summary;
  } finally {
    await releaseLock(db, runId);
  }
}
