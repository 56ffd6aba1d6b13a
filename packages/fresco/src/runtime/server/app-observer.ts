// What a running app tells its metrics (node/metrics/, prom-client) without depending on them:
// one call per answered request with the route pattern and cache status, render durations, data
// cache outcomes, and the cache handler for its sizes and remote invalidations. Created by
// `fresco start` only when `metrics` is configured; absent, none of this costs anything.
import type { CacheHandler, CacheObserver, CacheStatus } from '@fresco/cache'

/** How a request was answered: a route cache status, rendered per request, or a thrown error. */
export type RequestStatus = CacheStatus | 'dynamic' | 'error'

/** Route labels for requests no route pattern names (bounded: never the request's own path). */
export const NO_ROUTE = { notFound: '(not found)', redirect: '(redirect)' } as const

/** The data cache's outcome for one server fetch ('MEMO': deduplicated within the render). */
export type FetchOutcome = CacheStatus | 'SKIP' | 'MEMO' | 'error'

export interface AppObserver {
  /** Regenerations and tag invalidations of the response cache. */
  cache: CacheObserver
  /** One request answered. `route` is a route pattern (`/blog/[slug]`) or a NO_ROUTE label. */
  request(route: string, status: RequestStatus): void
  /** One render on the request path (MISS, regeneration, dynamic page) took `seconds` to its response head. */
  render(seconds: number): void
  /** One server fetch() and what the data cache did with it. */
  fetch(outcome: FetchOutcome): void
  /** The app's cache handler, for sizes read at scrape time and invalidations from other instances. */
  handler(handler: CacheHandler): void
}
