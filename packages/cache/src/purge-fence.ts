// Purge fencing (docs/design/cache.md, invariant 2): a render that began before an invalidation
// never passes for newer than it. A request does not join such a render, and what a render stores is
// stamped with its start time, so it lands already affected by any invalidation that happened while
// it ran ("store it, already invalid"): the same comparison that serves every read does the fencing.
import type { TagStateReader } from './freshness.js'
import { limitTags } from './tags.js'
import type { CacheEntry, CacheHandler, Clock, Logger } from './types.js'

export interface PurgeFence {
  /** Record an invalidation made through this process (`revalidateTags`). */
  invalidated(): void
  /** Whether a request may wait for a render started at `startedAt` instead of starting its own. */
  canJoin(startedAt: number, previous: CacheEntry | undefined, extraTags: readonly string[]): boolean
  /** The entry as stored: lastModified no later than the render's start, tags within the limits. */
  stamp(key: string, entry: CacheEntry, startedAt: number): CacheEntry
  /** Stop listening to the handler's invalidations (`close()`). */
  close(): void
}

export function createPurgeFence(
  handler: CacheHandler,
  clock: Clock,
  readTag: TagStateReader,
  logger: Logger,
): PurgeFence {
  /** Latest invalidation seen by this process; flights started at or before it are suspect. */
  let lastInvalidationAt = Number.NEGATIVE_INFINITY
  // Other instances' invalidations count too: they reach us through the handler (Redis pub/sub).
  const unsubscribe = handler.onTagUpdate?.(() => {
    lastInvalidationAt = clock.now()
  })

  /** A tag of `tags` was invalidated at or after `since` (same tie rule as freshness). */
  function touchedSince(tags: readonly string[], since: number): boolean {
    for (const tag of tags) {
      const stale = readTag(tag)?.stale
      if (stale !== undefined && stale >= since) return true
    }
    return false
  }

  return {
    invalidated() {
      lastInvalidationAt = clock.now()
    },
    canJoin(startedAt, previous, extraTags) {
      if (startedAt > lastInvalidationAt) return true
      if (previous === undefined) return false // its output's tags are unknown: assume affected
      return !touchedSince(previous.tags, startedAt) && !touchedSince(extraTags, startedAt)
    },
    stamp(key, entry, startedAt) {
      // The tag limits are applied here too, so a stored entry is copied at most once.
      const tags = limitTags(entry.tags, logger, key)
      if (entry.lastModified <= startedAt && tags === entry.tags) return entry
      return { ...entry, tags, lastModified: Math.min(entry.lastModified, startedAt) }
    },
    close() {
      unsubscribe?.()
    },
  }
}
