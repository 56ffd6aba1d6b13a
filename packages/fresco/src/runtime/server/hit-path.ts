// The HIT path (invariant 6, docs/design/server.md "The HIT fast path"): a GET or HEAD whose
// request plan (plan.ts) is `cached` (or `not-found`: the one root not-found entry of
// not-found-page.ts) and whose entry is fresh in process memory is answered
// synchronously: no URL, Headers, page input, cookie parse or promise. Whatever it cannot answer
// (a route still loading, draft mode, a stale, expired, invalidated or missing entry, every other
// plan) is undefined, and app.serve takes its usual path over the same plan. A fresh HIT here is a
// HIT there, never anything else.
import { isDraftCookieHeader } from '../data/draft-cookie.js'
import type { IncomingInfo, PreparedResponse, Served } from './contract.js'
import type { NotFoundPage } from './not-found-page.js'
import type { Planner } from './plan.js'
import type { RouteCache } from './route-cache.js'

type PreparedServed = Extract<Served, { type: 'prepared' }>

/**
 * One answer object per prepared response, collected with it: a HIT allocates nothing, and the
 * memo never keeps an evicted entry's bodies alive (the memory bound stays the cache's).
 */
const answers = new WeakMap<PreparedResponse, PreparedServed>()

export type HitPath = (info: IncomingInfo) => Served | undefined

/** Whether memory may answer at all: a GET or HEAD without a signed draft cookie (both routers). */
export function mayHit(info: IncomingInfo): boolean {
  if (info.method !== 'GET' && info.method !== 'HEAD') return false
  // Draft mode renders per request; checked exactly (a forged cookie is served from the cache).
  const cookie = info.headers.cookie
  return !(typeof cookie === 'string' && isDraftCookieHeader(cookie))
}

/** The one HIT answer of a prepared response (both routers): nothing allocated per request. */
export function hitAnswer(prepared: PreparedResponse): PreparedServed {
  let served = answers.get(prepared)
  if (served === undefined) {
    served = { type: 'prepared', prepared, cacheStatus: 'HIT' }
    answers.set(prepared, served)
  }
  return served
}

export function createHitPath(planner: Planner, routeCache: RouteCache, notFound?: NotFoundPage): HitPath {
  return (info) => {
    if (!mayHit(info)) return undefined
    const plan = planner.peek(info.pathname)
    let prepared: PreparedResponse | undefined
    if (plan?.kind === 'cached') prepared = routeCache.hit(plan.key, plan.which, plan.target.implicitTags)
    else if (plan?.kind === 'not-found') prepared = notFound?.hit(plan.which)
    return prepared === undefined ? undefined : hitAnswer(prepared)
  }
}
