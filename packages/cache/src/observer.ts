// What the cache tells whoever watches it (the framework's Prometheus metrics, a test): events on
// the regeneration path and a snapshot of the handler's sizes. The cache package depends on no
// metrics library; the framework wires these calls to prom-client (packages/fresco/src/node/metrics).
// Every method is optional and called synchronously: an observer must be cheap and must not throw.

/** How a regeneration ended. `timed_out`: abandoned after the regeneration timeout. */
export type RegenerationOutcome = 'succeeded' | 'failed' | 'timed_out'

export interface CacheObserver {
  /** A regeneration of `key` began rendering here (after the cluster lease, if any, was won). */
  regenerationStarted?(key: string): void
  /** It ended, after `seconds` of rendering. */
  regenerationEnded?(key: string, outcome: RegenerationOutcome, seconds: number): void
  /** No render here: another instance (or worker) held the lease and rendered `key`. */
  regenerationDeduplicated?(key: string): void
  /** revalidateTag / revalidatePath invalidated `count` tags from this process. */
  tagsInvalidated?(count: number): void
}

/** Sizes a handler reports on demand (read at scrape time, never on the request path). */
export interface CacheHandlerStats {
  /** Process memory (L1): bytes held, entries held, entries evicted since start. */
  memory?: { bytes: number; entries: number; evictions: number }
  /** Bytes of entry files in the fs cache directory (as the handler's budget counts them). */
  diskBytes?: number
  /** Redis: true while commands succeed, false while it is considered down. */
  redisUp?: boolean
}
