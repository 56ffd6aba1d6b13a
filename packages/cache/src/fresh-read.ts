// The synchronous half of `cache.get` for the HIT path (docs/design/cache.md, "Synchronous fresh
// read"): an entry held in process memory that is fresh by age and by every tag is exactly what
// lookup.ts answers HIT with, so it can be answered without a promise. Anything else (absent, only
// on disk or in Redis, stale, expired, tag-invalidated) is undefined and the caller uses `get`,
// which then decides, schedules and logs as always. Never regenerates, never does I/O.
import { ageFreshness, explainFreshness, type TagStateReader, tagFreshness } from './freshness.js'
import type { CacheEntry, CacheHandler, Clock, Logger } from './types.js'

export interface FreshReadOptions {
  handler: CacheHandler
  clock: Clock
  logger: Logger
  defaultExpire: number
  readTag: TagStateReader
}

export type FreshRead = (key: string, extraTags?: readonly string[]) => CacheEntry | undefined

const NO_TAGS: readonly string[] = []

export function createFreshRead(options: FreshReadOptions): FreshRead {
  const { handler, clock, logger, defaultExpire, readTag } = options
  const debug = logger.debugEnabled !== false
  return (key, extraTags = NO_TAGS) => {
    if (handler.getSync === undefined) return undefined
    let entry: CacheEntry | undefined
    try {
      entry = handler.getSync(key)
    } catch {
      return undefined // get() reads again and logs the failure (invariant 5)
    }
    // revalidate 0 is never stored; such an entry is not a HIT whatever its age.
    if (entry === undefined || entry.revalidate === 0) return undefined
    const now = clock.now()
    // freshness() === 'fresh' exactly when both of these are, without its options object.
    if (ageFreshness(entry, now, defaultExpire) !== 'fresh') return undefined
    if (tagFreshness(entry.tags, entry.lastModified, now, readTag, extraTags) !== 'fresh') return undefined
    if (debug)
      logger.debug(`HIT ${key} (${explainFreshness(entry, now, readTag, { defaultExpire, extraTags })})`)
    return entry
  }
}
