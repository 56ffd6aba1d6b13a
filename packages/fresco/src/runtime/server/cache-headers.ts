// Cache headers of a served route: Cache-Control (matching `next start` byte for byte),
// x-fresco-cache, and the RFC 9211 Cache-Status field. Pure strings, computed once per entry.
import type { CacheStatus } from '@fresco/cache'
import { ONE_YEAR } from '../../defaults.js'

/** What `next start` sends for dynamic routes (revalidate 0) and uncached responses. */
/** HIT | STALE | MISS | REVALIDATED on every route-cache answer (beside RFC 9211 Cache-Status). */
export const CACHE_HEADER = 'x-fresco-cache'
export const DYNAMIC_CACHE_CONTROL = 'private, no-cache, no-store, max-age=0, must-revalidate'

/**
 * Next's getCacheControlHeader (server/lib/cache-control.ts): `s-maxage=R, stale-while-revalidate=E-R`
 * when R < E, `s-maxage=R` when R >= E, `s-maxage=31536000` for `false` (static forever, no SWR).
 */
export function cacheControlFor(revalidate: number | false, expire: number = ONE_YEAR): string {
  if (revalidate === 0) return DYNAMIC_CACHE_CONTROL
  if (revalidate === false) return `s-maxage=${ONE_YEAR}`
  const swr = revalidate < expire ? `, stale-while-revalidate=${expire - revalidate}` : ''
  return `s-maxage=${revalidate}${swr}`
}

/** The cache's name in Cache-Status (RFC 9211 §2: an sf-token identifying the cache). */
export const CACHE_NAME = 'fresco'

/**
 * RFC 9211 Cache-Status member for each outcome:
 * - HIT: served from the cache without going forward (§2.1 `hit`).
 * - STALE: still a hit (the client's response did not go forward, §2.1), served past its
 *   freshness; the background regeneration is reported in `detail` (§2.7).
 * - MISS: the render went forward (§2.2 `fwd=miss`) and its result was kept (§2.5 `stored`).
 * - REVALIDATED: an on-demand regeneration, i.e. the request's semantics did not allow reuse of
 *   a cached response (§2.2 `fwd=request`), and the new entry was stored.
 * `stored` is left off when the rendered entry is not cacheable (revalidate 0).
 */
export function cacheStatusHeader(status: CacheStatus, detail?: string, stored = true): string {
  let value: string
  switch (status) {
    case 'HIT':
      value = `${CACHE_NAME}; hit`
      break
    case 'STALE':
      value = `${CACHE_NAME}; hit`
      detail ??= 'stale-while-revalidate'
      break
    case 'MISS':
      value = stored ? `${CACHE_NAME}; fwd=miss; stored` : `${CACHE_NAME}; fwd=miss`
      break
    case 'REVALIDATED':
      value = stored ? `${CACHE_NAME}; fwd=request; stored` : `${CACHE_NAME}; fwd=request`
      detail ??= 'revalidated'
      break
  }
  return detail === undefined ? value : `${value}; detail=${detail}`
}

/**
 * Header names never replayed from a cache entry: tags (invariant: tags never leak), cookies
 * (a shared cached response must not set anyone's session), framing and our own validators.
 */
export const UNREPLAYABLE_HEADERS: ReadonlySet<string> = new Set([
  'x-fresco-cache-tags',
  'x-next-cache-tags',
  'set-cookie',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'etag',
  CACHE_HEADER,
  'cache-status',
])
