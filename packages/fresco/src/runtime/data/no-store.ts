// unstable_noStore() and connection(): "this render needs the request", without reading any of it.
import { isForceStatic, markDynamic } from './dynamic.js'
import { currentCacheScope, getRequestStore } from './request-store.js'

/** Opt the current render out of static rendering; `fetchCache = 'default-cache'` stops caching too. */
export function unstable_noStore(): void {
  const store = getRequestStore()
  if (!store || currentCacheScope() !== undefined || isForceStatic(store)) return
  store.noStore = true
  markDynamic('unstable_noStore()')
}

/** Next 15's `await connection()`: everything after it runs per request. */
export function connection(): Promise<void> {
  const store = getRequestStore()
  if (store && currentCacheScope() === undefined && !isForceStatic(store)) markDynamic('connection()')
  return Promise.resolve()
}
