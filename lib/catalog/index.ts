/**
 * The catalog's public surface for other areas (background wiring, options page, side panel shell, referral).
 * Internals (segments, stager, store layout) stay behind these exports.
 */
export { runCatalogSync, DEFAULT_LIMITS, type CatalogSyncDeps, type SyncOutcome } from './sync';
export { createCatalogHandlers, runCatalogAlarm, type CatalogHandlerDeps } from './handlers';
export { importHsdsFile, type ImportOutcome } from './import';
export { readCatalogOverview, listQuarantine, type CatalogOverview } from './status';
export { loadCatalog, programsForDocs, programsByIds, activeVersion, type LoadedCatalog } from './reader';
export {
  matchPrograms,
  ageFromBirthDate,
  matchOrigin,
  freshness,
  type Suggestion,
  type WhyReason,
} from './match';
export { getNeedMapping, saveNeedMapping, resetNeedMapping } from './mapping';
export { drainListingReports, queueListingReport, listListingReports } from './reports';
export { Program, programToDetails, taxonomyLabel } from './program';
export { DEFAULT_NEED_MAPPING, NeedMapping, TAXONOMY } from './taxonomy';
export { CatalogErrorCode } from './meta';
export type { SearchFilters, SearchResult } from './search/engine';
