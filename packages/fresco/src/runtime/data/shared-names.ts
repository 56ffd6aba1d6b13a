// Names that node-free modules (runtime/render/navigation-errors.ts, loaded in the browser too)
// share with the data layer without importing its Node code.

/** The request store's AsyncLocalStorage, a global slot so one exists per process. */
export const REQUEST_STORAGE_SLOT: unique symbol = Symbol.for('fresco.data.requestStorage')

/**
 * React hands errors thrown in Server Components to `onError` and re-creates them on the SSR
 * side with only `digest` preserved, so detection goes by digest, never by instanceof.
 */
export const DYNAMIC_USAGE_DIGEST = 'FRESCO_DYNAMIC_USAGE'
