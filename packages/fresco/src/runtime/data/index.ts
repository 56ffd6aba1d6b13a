// The data layer's seam with the renderer and the server (contracts.md § Seam 2). User-facing
// functions live in exports/cache.ts and exports/headers.ts.
export { configureDataLayer, type DataLayerOptions, type FetchLogging } from './configure.js'
export { DRAFT_COOKIE, readDraftMode } from './draft-cookie.js'
export { DYNAMIC_USAGE_DIGEST, DynamicUsageError, isDynamicUsageError, markDynamic } from './dynamic.js'
export { originalFetch } from './fetch.js'
export {
  createRequestStore,
  type FetchCacheMode,
  getRequestStore,
  parseCookieHeader,
  type RenderPhase,
  type RequestStore,
  type RequestStoreInit,
  runWithRequestStore,
  type SegmentConfig,
} from './request-store.js'
