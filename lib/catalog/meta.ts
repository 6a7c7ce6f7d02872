import { z } from 'zod';

/**
 * What the catalog keeps in the `catalogMeta` store (each value validated on read) and how keys of the other catalog
 * stores are laid out. A catalog is a *generation*: record chunks, program card pages, the document table and the
 * search segments all carry the generation number, so a full sync or file import builds a new generation beside the
 * live one and switches over in a single transaction (the last good catalog is never touched by a failed run).
 */

export const META = {
  active: 'active',
  sync: 'sync',
  cursor: 'cursor',
  status: 'status',
  progress: 'progress',
  etags: 'etags',
  lock: 'lock',
  needMapping: 'needMapping',
} as const;

/** Stable error codes; the UI shows a sentence per code (catalog.json `error.*`). */
export const CatalogErrorCode = z.enum([
  'not-configured',
  'network',
  'timeout',
  'aborted',
  'http-401',
  'http-403',
  'http-404',
  'http-429',
  'http-4xx',
  'http-5xx',
  'not-json',
  'truncated-json',
  'invalid-json',
  'payload-too-large',
  'bad-shape',
  'unsupported-version',
  'too-many-records',
  'reconcile-suspicious',
  'storage',
  'internal',
]);
export type CatalogErrorCode = z.infer<typeof CatalogErrorCode>;

export const CatalogSource = z.enum(['api', 'file']);

export const ActiveCatalog = z.object({
  gen: z.number().int().min(1),
  /** Bumped on every change (full, delta, import) so open panels know to reload. */
  version: z.number().int().min(1),
  /** Documents in the table (live + tombstoned); the base segment covers [0, baseDocs). */
  docCount: z.number().int().min(0),
  liveCount: z.number().int().min(0),
  baseDocs: z.number().int().min(0),
  hasDelta: z.boolean(),
  nextChunkSeq: z.number().int().min(0),
  builtAt: z.string().max(40),
  source: CatalogSource,
  origin: z.string().max(500),
});
export type ActiveCatalog = z.infer<typeof ActiveCatalog>;

export const SyncMode = z.enum(['full', 'delta', 'reconcile']);
export type SyncMode = z.infer<typeof SyncMode>;

/** A full sync or import in progress (persisted after every page so a stopped service worker resumes). */
export const StagingState = z.object({
  runId: z.string().max(60),
  source: CatalogSource,
  origin: z.string().max(500),
  gen: z.number().int().min(1),
  phase: z.enum(['taxonomy', 'services', 'finalize']),
  /** Next page to request (1-based). */
  page: z.number().int().min(1),
  totalItems: z.number().int().min(0).nullable(),
  totalPages: z.number().int().min(0).nullable(),
  /** Records seen (accepted + quarantined). */
  done: z.number().int().min(0),
  docCount: z.number().int().min(0),
  nextChunkSeq: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  /** First document number of each record chunk (chunk seq = index), to locate records after a resume. */
  chunkStarts: z.array(z.number().int().min(0)).max(100_000).default([]),
  /** Cursor candidate: when this run started (server clock when known). */
  startedAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type StagingState = z.infer<typeof StagingState>;

export const Cursor = z.object({
  origin: z.string().max(500),
  /** Next delta asks for modified_after = this minus the overlap. */
  modifiedAfter: z.string().max(40),
  lastFullAt: z.string().max(40),
  lastReconcileAt: z.string().max(40),
});
export type Cursor = z.infer<typeof Cursor>;

export const CatalogError = z.object({
  code: CatalogErrorCode,
  at: z.string().max(40),
  /** HTTP status or the step that failed; never record content. */
  detail: z.string().max(200).default(''),
});
export type CatalogError = z.infer<typeof CatalogError>;

export const RunSummary = z.object({
  mode: z.enum(['full', 'delta', 'reconcile', 'import', 'compact']),
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  removed: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  ms: z.number().min(0),
  at: z.string().max(40),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const CatalogStatus = z.object({
  lastSuccessAt: z.string().max(40).nullable().default(null),
  lastAttemptAt: z.string().max(40).nullable().default(null),
  lastError: CatalogError.nullable().default(null),
  /** Quarantined records of the live catalog. */
  quarantined: z.number().int().min(0).default(0),
  lastRun: RunSummary.nullable().default(null),
});
export type CatalogStatus = z.infer<typeof CatalogStatus>;

export const CatalogProgress = z.object({
  running: z.boolean(),
  phase: z.enum([
    'discover',
    'taxonomy',
    'services',
    'details',
    'finalize',
    'delta',
    'reconcile',
    'compact',
    'import',
  ]),
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  startedAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type CatalogProgress = z.infer<typeof CatalogProgress>;

export const Etags = z.record(z.string().max(2000), z.string().max(200));

export const SyncLock = z.object({ runId: z.string().max(60), heartbeatAt: z.number() });

export const QuarantineEntry = z.object({
  key: z.string().max(200),
  id: z.string().max(100).nullable(),
  name: z.string().max(200).nullable(),
  reasons: z.array(z.object({ path: z.string().max(200), message: z.string().max(200) })).max(10),
  source: CatalogSource,
  at: z.string().max(40),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntry>;

// ---- keys ----------------------------------------------------------------------------------------------------------

const CHUNK_SPAN = 1_000_000;
export const chunkKey = (gen: number, seq: number) => gen * CHUNK_SPAN + seq;
export const chunkRange = (gen: number) => [gen * CHUNK_SPAN, gen * CHUNK_SPAN + CHUNK_SPAN - 1] as const;
export const genOfChunk = (key: number) => Math.floor(key / CHUNK_SPAN);

export const CARD_PAGE = 64;
export const idx = {
  prefix: (gen: number) => `g${gen}:`,
  docs: (gen: number) => `g${gen}:docs`,
  base: (gen: number) => `g${gen}:seg:base`,
  delta: (gen: number) => `g${gen}:seg:delta`,
  deltaFields: (gen: number) => `g${gen}:delta-fields`,
  terms: (gen: number) => `g${gen}:terms`,
  card: (gen: number, page: number) => `g${gen}:card:${page}`,
  stage: (gen: number, seq: number) => `g${gen}:stage:${seq}`,
};
export const genOfIndexKey = (key: string): number | null => {
  const m = /^g(\d+):/.exec(key);
  return m ? Number(m[1]) : null;
};

/** Bounded quarantine: every bad record is counted, the first ones are kept with their reasons. */
export const MAX_QUARANTINE_ENTRIES = 2000;
