// Dynamic usage: cookies(), headers(), a no-store fetch, unstable_noStore() … make a route
// dynamic. While prerendering that is a thrown marker the build catches; at request time it is
// only recorded. Mirrors Next's dynamic-rendering.ts for the non-PPR ('prerender-legacy') path.
import { dynamicInErrorRouteError, FrescoError } from '../../errors.js'
import { currentCacheScope, getRequestStore, type RequestStore } from './request-store.js'

import { DYNAMIC_USAGE_DIGEST } from './shared-names.js'

export { DYNAMIC_USAGE_DIGEST }

export class DynamicUsageError extends FrescoError {
  readonly digest = DYNAMIC_USAGE_DIGEST
  readonly api: string
  readonly routeId: string
  constructor(routeId: string, api: string) {
    super(
      'DYNAMIC_USAGE',
      `Route ${routeId} couldn't be rendered statically because it used ${api}. ` +
        "It will be rendered on every request. To keep it static, remove that call; to say so explicitly, export const dynamic = 'force-dynamic'.",
    )
    this.name = 'DynamicUsageError'
    this.api = api
    this.routeId = routeId
  }
}

export function isDynamicUsageError(e: unknown): e is DynamicUsageError {
  return typeof e === 'object' && e !== null && (e as { digest?: unknown }).digest === DYNAMIC_USAGE_DIGEST
}

/** Whether request APIs must answer with empty values (`dynamic = 'force-static'`). */
export function isForceStatic(store: RequestStore): boolean {
  return store.config.dynamic === 'force-static' && store.phase !== 'action'
}

/**
 * Record that the current render used `api`, a request-time-only input.
 * - no store, or inside unstable_cache: nothing (the function's result is cached, not the page)
 * - `force-static` / `force-dynamic`: nothing (the route's kind is already decided)
 * - `error`: throws the build error naming the route and the API (not in Server Actions)
 * - prerender / regenerate: records the reason, then throws DynamicUsageError
 * - request / action / route-handler: records the first reason, never throws
 */
export function markDynamic(api: string): void {
  const store = getRequestStore()
  if (!store || currentCacheScope() !== undefined) return
  const mode = store.config.dynamic
  if (mode === 'force-static' || mode === 'force-dynamic') return
  if (mode === 'error' && store.phase !== 'action') throw dynamicInErrorRouteError(store.routeId, api)
  store.dynamicReason ??= api
  if (store.phase === 'prerender' || store.phase === 'regenerate') {
    // Recorded before throwing: user code may swallow the error, the store still tells the truth.
    store.revalidate = 0
    throw new DynamicUsageError(store.routeId, api)
  }
}
