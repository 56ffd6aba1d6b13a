// The full route cache: the one server module that talks to @fresco/cache (invariant 1).
// It names keys, asks the response cache for an entry (which decides HIT/STALE/MISS/REVALIDATED
// and runs single-flight regeneration), and turns the entry into a memoized PreparedResponse.
import {
  type CacheEntry,
  type CacheStatus,
  type Logger,
  type Regenerate,
  type ResponseCache,
  storedBrotli,
} from '@fresco/cache'
import { ONE_YEAR } from '../../defaults.js'
import type { ServedPaths } from '../cdn/served-paths.js'
import { tagHeaderValue } from '../cdn/tag-header.js'
import { ROOT_NOT_FOUND_PATH } from '../render/payload.js'
import { cacheControlFor, DYNAMIC_CACHE_CONTROL } from './cache-headers.js'
import {
  adoptPrepared,
  type PrepareOptions,
  peekPrepared,
  prepareEntry,
  type Representation,
} from './entry-response.js'
import type { PreparedResponse } from './prepared-response.js'

export interface RouteCacheOptions extends PrepareOptions {
  /** `get` (and `peek` for prefetches): invalidation goes through the data layer (revalidatePath/Tag). */
  cache: Pick<ResponseCache, 'get'> & Partial<Pick<ResponseCache, 'peek' | 'getFresh' | 'account'>>
  buildId: string
  /** Seconds after which an entry may no longer be served (Next's `expireTime`). */
  expireTime?: number
  logger: Logger
  /** cdn.tagHeader: the response header that carries a cacheable entry's tags (none by default). */
  tagHeader?: string | null
  /** Paths served with their tags, for proxies that purge by URL (cdn.purge with nginx). */
  served?: ServedPaths
}

export interface ServeOptions {
  /** An on-demand regeneration request (`REVALIDATED`): render now even if fresh. */
  onDemand?: boolean
  /** The path's implicit tags (`_N_T_/layout`, …), stored with the entry. */
  implicitTags?: readonly string[]
}

export interface RouteCacheResult {
  prepared: PreparedResponse
  status: CacheStatus
  entry: CacheEntry
}

export interface RouteCache {
  /** Throws what `regenerate` threw when there is no previous entry to fall back to. */
  serve(
    pathname: string,
    which: Representation,
    regenerate: Regenerate,
    options?: ServeOptions,
  ): Promise<RouteCacheResult>
  /**
   * The HIT path without a promise: the memoized response of a fresh entry held in process memory
   * under `key` (from keyOf), or undefined (absent, on disk or in Redis only, stale, expired,
   * tag-invalidated): then call serve(), which decides and schedules as always. Never renders.
   */
  hit(key: string, which: Representation, implicitTags: readonly string[]): PreparedResponse | undefined
  /** The cache key of a pathname (exposed for tests and revalidation tooling). */
  keyOf(pathname: string): string
  /**
   * The stored entry as it is, fresh or stale, without scheduling any regeneration (client
   * prefetches, docs/design/client-router.md); undefined when absent, expired or tag-expired.
   */
  peek(
    pathname: string,
    which: Representation,
    options?: Pick<ServeOptions, 'implicitTags'>,
  ): Promise<RouteCacheResult | undefined>
}

/** How many keys remember their last prepared entry object (copy-returning handlers). */
export const RECENT_KEYS = 256

/** `/blog/` → `/blog`, `` → `/`: one entry per page whatever the trailing slash policy. */
export function normalizeRoutePath(pathname: string): string {
  if (pathname === '' || pathname === '/') return '/'
  return pathname.endsWith('/') ? pathname.replace(/\/+$/, '') || '/' : pathname
}

/** A new build id empties the route cache: old keys are simply never read again. */
export const routeKeyPrefix = (buildId: string) => `route:${buildId}:`

/** A route entry of another build than `buildId`: a server of this build never reads it. */
export const otherBuildsRoute = (buildId: string) => {
  const own = routeKeyPrefix(buildId)
  return (key: string) => key.startsWith('route:') && !key.startsWith(own)
}

export function createRouteCache(options: RouteCacheOptions): RouteCache {
  const { cache, buildId, logger } = options
  const expireTime = options.expireTime ?? ONE_YEAR
  const prepareOptions: PrepareOptions = {
    compressor: options.compressor,
    brotliQuality: options.brotliQuality,
  }
  const prefix = routeKeyPrefix(buildId)
  const keyOf = (pathname: string) => prefix + normalizeRoutePath(pathname)
  // The root not-found answers URLs that do not exist: shared inside the server, never kept by a
  // browser or CDN (a URL that is a 404 today may be a page after the next deploy), as `next start`.
  const notFoundKey = keyOf(ROOT_NOT_FOUND_PATH)
  const cacheControlOf = (key: string, entry: CacheEntry) =>
    key === notFoundKey
      ? DYNAMIC_CACHE_CONTROL
      : cacheControlFor(entry.revalidate, entry.expire ?? expireTime)
  // What a CDN may keep and purge later: stored entries only, never the shared not-found page.
  const cdnCacheable = (key: string, entry: CacheEntry) => key !== notFoundKey && entry.revalidate !== 0
  const { tagHeader, served } = options
  let overflowWarned = false
  const tagHeaderOf = (key: string, entry: CacheEntry): Record<string, string> | undefined => {
    if (!tagHeader || !cdnCacheable(key, entry)) return undefined
    const value = tagHeaderValue(tagHeader, entry.tags, (dropped) => {
      if (overflowWarned) return
      overflowWarned = true
      logger.warn(
        `${key}: ${dropped} cache tags left out of ${tagHeader} (16 KB limit); further cases not logged`,
      )
    })
    return value === undefined ? undefined : { [tagHeader.toLowerCase()]: value }
  }

  // The last entry object prepared per key, for handlers that return a fresh copy on every get
  // (see adoptPrepared). Bounded: at most RECENT_KEYS entries are kept alive beyond the cache.
  const recent = new Map<string, CacheEntry>()
  const remember = (key: string, entry: CacheEntry) => {
    recent.delete(key)
    recent.set(key, entry)
    if (recent.size > RECENT_KEYS) recent.delete(recent.keys().next().value as string)
  }

  // Entries the build stored brotli-coded are sent to br clients as stored (docs/design/cache.md).
  const withStoredCoding = { ...prepareOptions, storedBrotli }

  // Cache-Control is computed only when an entry is first prepared (never on a HIT).
  const prepare = (key: string, entry: CacheEntry, which: Representation): PreparedResponse => {
    const memo = peekPrepared(entry, which)
    if (memo !== undefined) return memo
    const earlier = recent.get(key)
    const adopted =
      earlier !== undefined && adoptPrepared(entry, earlier) ? peekPrepared(entry, which) : undefined
    remember(key, entry)
    if (served !== undefined && cdnCacheable(key, entry)) served.record(key.slice(prefix.length), entry.tags)
    if (adopted !== undefined) return adopted
    // The memory L1 counts what the prepared response keeps beside the entry (header lists,
    // compressed bodies): its budget bounds the process's memory, not only the bodies'.
    const account = cache.account
    const options =
      account === undefined
        ? withStoredCoding
        : { ...withStoredCoding, onRetained: (bytes: number) => account(key, entry, bytes) }
    const extraHeaders = tagHeaderOf(key, entry)
    return prepareEntry(
      entry,
      which,
      cacheControlOf(key, entry),
      extraHeaders === undefined ? options : { ...options, extraHeaders },
    )
  }

  return {
    keyOf,
    hit(key, which, implicitTags) {
      const entry = cache.getFresh?.(key, implicitTags)
      return entry === undefined ? undefined : prepare(key, entry, which)
    },
    async peek(pathname, which, peekOptions = {}) {
      const found = await cache.peek?.(keyOf(pathname), { extraTags: peekOptions.implicitTags })
      if (!found || found.state === 'expired' || found.state === 'tag-expired') return undefined
      const status: CacheStatus = found.state === 'fresh' ? 'HIT' : 'STALE'
      return { prepared: prepare(keyOf(pathname), found.entry, which), status, entry: found.entry }
    },
    async serve(pathname, which, regenerate, serveOptions = {}) {
      const key = keyOf(pathname)
      const { entry, status } = await cache.get(key, regenerate, {
        onDemand: serveOptions.onDemand,
        extraTags: serveOptions.implicitTags,
      })
      // HIT fast path: the entry object is the memo key, so no header strings are rebuilt.
      const prepared = prepare(key, entry, which)
      if (status !== 'HIT' && logger.debugEnabled !== false) logger.debug(`route ${status} ${key} (${which})`)
      return { prepared, status, entry }
    },
  }
}
