// The HIT path (invariant 6, docs/design/server.md "The HIT fast path"): a GET or HEAD for a page or
// a cached GET route handler whose entry is fresh in process memory is answered synchronously from
// a per-pathname memo (route match, route cache key, implicit tags): no URL, Headers, page input,
// cookie parse or promise. Whatever it cannot answer (a path's first request, draft mode,
// credentials, a stale, expired, invalidated or missing entry, dynamic routes, 404s, redirects) is
// undefined, and app.serve takes its usual path, which decides exactly as before. A fresh HIT here
// is a HIT there, never anything else.
import type { LoadedRoute, RuntimeRoute } from '../render/route-modules.js'
import type { AppContext } from './app-context.js'
import { isUnknownParam, requestUsesCache, routeUsesCache } from './cache-eligibility.js'
import type { IncomingInfo, PreparedResponse, Served } from './contract.js'
import { pagePath } from './request.js'

/** Pathnames remembered, oldest dropped first. */
export const HIT_PATHS = 1024
/** Longer pathnames always take the usual path (bounds the memo's memory). */
export const HIT_PATH_MAX_LENGTH = 512

type PreparedServed = Extract<Served, { type: 'prepared' }>

interface HitRoute {
  key: string
  which: 'html' | 'rsc'
  implicitTags: readonly string[]
}

/**
 * One answer object per prepared response, collected with it: a HIT allocates nothing, and the
 * memo never keeps an evicted entry's bodies alive (the memory bound stays the cache's).
 */
const answers = new WeakMap<PreparedResponse, PreparedServed>()

export type HitPath = (info: IncomingInfo) => Served | undefined

export function createHitPath(ctx: AppContext): HitPath {
  /** null: this path never takes the HIT path (not a cacheable page, 404, redirect). */
  const paths = new Map<string, HitRoute | null>()
  const loadedRoutes = new WeakMap<RuntimeRoute, LoadedRoute>()

  /** The same checks as app.serve before routeCache.serve; undefined while the route loads. */
  const resolve = (path: string): HitRoute | null | undefined => {
    const { pathname, which } = pagePath(path)
    if (which === 'html' && pathname.length > 1 && pathname.endsWith('/')) return null // 308
    const match = ctx.match(pathname)
    const route = match && ctx.byId.get(match.routeId)
    if (!match || !route) return null
    if (ctx.routeStatus?.get(route.id)?.dynamic !== false) return null
    const loaded = loadedRoutes.get(route)
    if (loaded === undefined) {
      // app.serve loads it for this request; the next one finds it here.
      ctx.load(route).then(
        (l) => loadedRoutes.set(route, l),
        () => {},
      )
      return undefined
    }
    if (!routeUsesCache(ctx, loaded)) return null
    if (route.kind === 'page' && isUnknownParam(ctx, loaded, match.pathname)) return null // 404
    return {
      key: ctx.routeCache.keyOf(match.pathname),
      which: route.kind === 'route' ? 'html' : which,
      implicitTags: ctx.tagsFor(route, match.pathname),
    }
  }

  return (info) => {
    if (info.method !== 'GET' && info.method !== 'HEAD') return undefined
    const headers = info.headers
    // Credentials and draft mode bypass the cache; a substring test rules the draft cookie out.
    const cookie = headers.cookie
    if (Array.isArray(cookie) || !requestUsesCache(headers.authorization, cookie, false)) return undefined
    const path = info.pathname
    let route = paths.get(path)
    if (route === undefined) {
      if (path.length > HIT_PATH_MAX_LENGTH) return undefined
      route = resolve(path)
      if (route === undefined) return undefined
      if (paths.size >= HIT_PATHS) paths.delete(paths.keys().next().value as string)
      paths.set(path, route)
    }
    if (route === null) return undefined
    const prepared = ctx.routeCache.hit(route.key, route.which, route.implicitTags)
    if (prepared === undefined) return undefined
    let served = answers.get(prepared)
    if (served === undefined) {
      served = { type: 'prepared', prepared, cacheStatus: 'HIT' }
      answers.set(prepared, served)
    }
    return served
  }
}
