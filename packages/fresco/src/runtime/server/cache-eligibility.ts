// Which requests the route cache may answer, decided in one place for app.serve and the HIT path
// (hit-path.ts), so the fast path can never disagree with the usual one.
import { DRAFT_COOKIE, readDraftMode } from '../data/draft-cookie.js'
import { parseCookieHeader } from '../data/request-store.js'
import type { LoadedRoute } from '../render/route-modules.js'
import type { AppContext } from './app-context.js'
import { isCacheableHandler } from './route-handler.js'

/**
 * The request-independent half: production, a route the build classified static/ISR, not
 * `force-dynamic`, and for a route handler a cacheable GET.
 */
export function routeUsesCache(ctx: AppContext, loaded: LoadedRoute): boolean {
  if (ctx.dev || ctx.routeStatus?.get(loaded.route.id)?.dynamic !== false) return false
  if (loaded.config.dynamic === 'force-dynamic') return false
  return loaded.route.kind !== 'route' || isCacheableHandler(loaded)
}

/**
 * The request half: a request with credentials, or in draft mode, is never answered from (or
 * into) the cache. `exact: false` treats any cookie naming the draft cookie as draft mode (the
 * HIT path's cheap test); `exact: true` verifies the cookie's signature.
 */
export function requestUsesCache(
  authorization: unknown,
  cookie: string | undefined,
  exact: boolean,
): boolean {
  if (authorization !== undefined) return false
  if (cookie === undefined || !cookie.includes(DRAFT_COOKIE)) return true
  return exact && !readDraftMode(parseCookieHeader(cookie))
}

/** `dynamicParams = false` and a pathname the build did not prerender: a 404. */
export function isUnknownParam(ctx: AppContext, loaded: LoadedRoute, pathname: string): boolean {
  const route = loaded.route
  if (loaded.config.dynamicParams || route.params.length === 0) return false
  return !ctx.routeStatus?.get(route.id)?.paths.has(pathname)
}
