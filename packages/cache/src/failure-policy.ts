// What a failed regeneration leaves behind (docs/design/cache.md, invariants 3 and 4). The previous
// entry is kept; a tag invalidation asked for new content without declaring the old unusable, so a
// tag-invalidated entry is served as the last good one, while an entry expired by age is past its
// promise and never is. A key that failed with an entry to serve is not retried for
// clamp(revalidate, 3, 30) s. The back-off is process-local, never written into the entry, so the
// entry's real age and lifetime stay honest.
import { type Freshness, retryBackoffMs } from './freshness.js'
import type { CacheResult } from './response-cache.js'
import type { CacheEntry, Clock, Logger } from './types.js'

export interface FailurePolicy {
  /** Whether an entry in this state may answer (STALE) when its regeneration fails. */
  servable(state: Freshness): boolean
  /** A failed key with an entry to serve gets no new attempt before its back-off is over. */
  inBackoff(key: string, now: number): boolean
  /** Log the failure and, if there is an entry to serve meanwhile, arm the back-off. */
  failed(key: string, previous: CacheEntry | undefined, reason: string, error: unknown): void
  succeeded(key: string): void
  /** Forget every back-off: an explicit invalidation deserves an immediate attempt. */
  clear(): void
  /** A blocking request whose regeneration failed: the last good entry (STALE), else the error. */
  lastGood(
    key: string,
    previous: CacheEntry | undefined,
    servable: boolean,
    reason: string,
    error: unknown,
  ): CacheResult
}

export function createFailurePolicy(
  clock: Clock,
  logger: Logger,
  lastGoodOnTagInvalidation: boolean,
): FailurePolicy {
  const debug = logger.debugEnabled !== false
  /** Keys whose last regeneration failed: no new attempt before this time (ms). */
  const backoffUntil = new Map<string, number>()

  function armBackoff(key: string, until: number): void {
    // Bounded: past 10k failing keys, forget the back-offs that are over anyway.
    if (backoffUntil.size >= 10_000)
      for (const [k, t] of backoffUntil) if (t <= until - 30_000) backoffUntil.delete(k)
    backoffUntil.set(key, until)
  }

  return {
    servable: (state) =>
      state === 'stale' || state === 'tag-stale' || (state === 'tag-expired' && lastGoodOnTagInvalidation),
    inBackoff(key, now) {
      const until = backoffUntil.get(key)
      if (until === undefined) return false
      if (now < until) return true
      backoffUntil.delete(key)
      return false
    },
    failed(key, previous, reason, error) {
      const retryMs = retryBackoffMs(previous)
      if (previous !== undefined) armBackoff(key, clock.now() + retryMs)
      const kept = previous ? `; keeping the previous entry, next attempt in ${retryMs / 1000}s` : ''
      logger.error(`ERROR ${key} regeneration failed (${reason})${kept}`, error)
    },
    succeeded(key) {
      backoffUntil.delete(key)
    },
    clear() {
      backoffUntil.clear()
    },
    lastGood(key, previous, servable, reason, error) {
      if (previous === undefined || !servable) throw error
      if (debug) logger.debug(`STALE ${key} (last good: regeneration failed after ${reason})`)
      return { entry: previous, status: 'STALE' }
    },
  }
}
