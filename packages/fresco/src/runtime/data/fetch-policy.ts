// What one server fetch does with the data cache and the route: a pure decision from the fetch's
// own options and the segment config. Same table as Next's patch-fetch.ts (App Router, no PPR),
// so pages behave identically when moved between the two. See docs/design/data.md § fetch policy.
import { fetchCacheConflictError, invalidRevalidateError } from '../../errors.js'
import type { FetchCacheMode, RenderPhase } from './request-store.js'

export interface FetchOptionsSeen {
  url: string
  method: string
  /** `init.cache` (or the Request's, when the caller passed one without init). */
  cache: string | undefined
  /** `next.revalidate` as written (unvalidated). */
  revalidate: unknown
  /** An `authorization` or `cookie` request header. */
  credentialed: boolean
}

export interface FetchContext {
  fetchCache: FetchCacheMode
  dynamic: 'auto' | 'force-dynamic' | 'force-static' | 'error'
  phase: RenderPhase
  /** The store's running minimum so far. */
  revalidate: number | false
  /** unstable_noStore() was called in this render. */
  noStore: boolean
  /** Running inside an unstable_cache function: behaves as `fetchCache = 'force-no-store'`. */
  inCacheScope: boolean
}

export interface FetchPolicy {
  /** Data-cache lifetime: seconds, `false` = until invalidated, `0` = never stored. */
  revalidate: number | false
  /** Why, in Next's words: `cache: no-store`, `revalidate: 60`, `auto no cache`, … (fetch logs). */
  reason: string
  /** A conflict that was resolved by ignoring both options (logged once per fetch). */
  warning?: string
  /** Set when the fetch makes the route dynamic: the API description for markDynamic(). */
  dynamic?: string
  /** Set when the fetch's explicit revalidate lowers the route's running minimum. */
  lower?: number
}

const lessThan = (a: number | false, b: number | false) => a !== false && (b === false || a < b)

/** A non-negative number or `false`; anything else is a user error (Next: validateRevalidate). */
export function validateRevalidate(value: unknown, where: string): number | false | undefined {
  if (value === undefined) return undefined
  if (value === false || value === Number.POSITIVE_INFINITY) return false
  if (typeof value === 'number' && !Number.isNaN(value) && value >= 0) return value
  throw invalidRevalidateError(value, where)
}

export function decideFetchPolicy(opts: FetchOptionsSeen, ctx: FetchContext): FetchPolicy {
  // 'auto' is the merged default, so it cannot be told apart from "not set": treat it as unset.
  const pageMode = ctx.inCacheScope
    ? 'force-no-store'
    : ctx.fetchCache === 'auto'
      ? undefined
      : ctx.fetchCache
  let cache = opts.cache
  const original = validateRevalidate(opts.revalidate, `fetch ${opts.url}`)
  let revalidate: number | false | undefined = original
  let warning: string | undefined

  if (
    (cache === 'force-cache' && revalidate === 0) ||
    (cache === 'no-store' && revalidate !== undefined && revalidate !== 0)
  ) {
    warning = `Specified "cache: ${cache}" and "revalidate: ${revalidate}", only one should be specified.`
    cache = undefined
    revalidate = undefined
  }
  const optOut =
    cache === 'no-cache' ||
    cache === 'no-store' ||
    pageMode === 'force-no-store' ||
    pageMode === 'only-no-store'
  const forceDynamicDefault = !pageMode && !cache && !revalidate && ctx.dynamic === 'force-dynamic'
  // force-no-store beats an explicit cache: 'force-cache' (the documented contract; Next's current
  // code lets force-cache through, which contradicts its own docs).
  if (pageMode === 'force-no-store') revalidate = 0
  else if (cache === 'force-cache' && revalidate === undefined) revalidate = false
  else if (optOut || forceDynamicDefault) revalidate = 0

  let reason = cache === 'no-cache' || cache === 'no-store' ? `cache: ${cache}` : ''
  const unconfigured =
    pageMode === undefined && (cache === undefined || cache === 'default') && revalidate === undefined
  const prerendering = ctx.phase === 'prerender' || ctx.phase === 'regenerate'
  // Default fetches are never stored and never make the route dynamic (Next 15 semantics);
  // neither are credentialed or non-GET fetches once the page already revalidates every request.
  const uncacheable = opts.credentialed || (opts.method !== 'GET' && opts.method !== 'HEAD')
  const autoNoCache = unconfigured || (uncacheable && prerendering && ctx.revalidate === 0)

  switch (pageMode) {
    case 'force-no-store':
      reason = 'fetchCache = force-no-store'
      break
    case 'only-no-store':
      if (cache === 'force-cache' || (revalidate !== undefined && revalidate !== 0))
        throw fetchCacheConflictError(opts.url, "cache: 'force-cache'", 'only-no-store')
      reason = 'fetchCache = only-no-store'
      break
    case 'only-cache':
      if (cache === 'no-store') throw fetchCacheConflictError(opts.url, "cache: 'no-store'", 'only-cache')
      break
    case 'force-cache':
      if (revalidate === undefined || revalidate === 0) {
        reason = 'fetchCache = force-cache'
        revalidate = false
      }
      break
  }

  if (revalidate === undefined) {
    if (pageMode === 'default-cache' && !ctx.noStore)
      [revalidate, reason] = [false, 'fetchCache = default-cache']
    else if (pageMode === 'default-no-store') [revalidate, reason] = [0, 'fetchCache = default-no-store']
    else if (ctx.noStore) [revalidate, reason] = [0, 'noStore call']
    else if (autoNoCache) [revalidate, reason] = [0, 'auto no cache']
    // Configured but undecided (only-cache, cache: 'reload' …): the page's own lifetime.
    else [revalidate, reason] = [prerendering && ctx.revalidate !== 0 ? ctx.revalidate : false, 'auto cache']
  } else if (!reason) {
    reason = `revalidate: ${revalidate}`
  }

  const policy: FetchPolicy = { revalidate, reason }
  if (warning) policy.warning = warning
  // force-static keeps the route static even for revalidate-0 fetches (Next #59549).
  const forceStaticZero = ctx.dynamic === 'force-static' && revalidate === 0
  if (!forceStaticZero && !autoNoCache && lessThan(revalidate, ctx.revalidate)) {
    if (revalidate === 0) policy.dynamic = dynamicApi(cache, reason, opts.url)
    if (original === revalidate && revalidate !== false) policy.lower = revalidate
  }
  // An explicit no-store always opts the route out, even when the page already revalidates every request.
  if (cache === 'no-store' && !policy.dynamic && !forceStaticZero)
    policy.dynamic = dynamicApi(cache, reason, opts.url)
  return policy
}

/** How a dynamic fetch is named in errors and in `dynamicReason`. */
function dynamicApi(cache: string | undefined, reason: string, url: string): string {
  if (cache === 'no-store' || cache === 'no-cache') return `fetch cache: '${cache}' ${url}`
  return `fetch ${reason} ${url}`
}
