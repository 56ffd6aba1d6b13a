// The guard every request API (cookies(), headers(), draftMode()) passes first.
import { outsideRequestError, requestApiInCacheError } from '../../errors.js'
import { currentCacheScope, getRequestStore, type RequestStore } from './request-store.js'

/**
 * The current store, or a clear error: outside a request there is no request to read, and
 * inside unstable_cache the value would leak into a result shared by every request.
 */
export function requestApiStore(api: string, allowInCache = false): RequestStore {
  const scope = currentCacheScope()
  if (scope !== undefined && !allowInCache) throw requestApiInCacheError(api, scope)
  const store = getRequestStore()
  if (!store) throw outsideRequestError(api)
  return store
}

/** Only Server Actions and Route Handlers may write cookies: a render's response is shared. */
export function canWriteResponse(store: RequestStore): boolean {
  return store.phase === 'action' || store.phase === 'route-handler'
}

/** Whether the client reached us over HTTPS (through a proxy only with `trustProxy`: node/forwarded.ts). */
export function isSecureRequest(store: RequestStore): boolean {
  return store.url.protocol === 'https:'
}
