// The read/decide step of `cache.get` (docs/design/cache.md, "The state machine"): one handler read,
// one `now` from the clock, one freshness verdict, and from it the answer (HIT / STALE / MISS /
// REVALIDATED) and which flight, if any, regenerates the key. Running flights is flight-runner.ts's.
import type { FailurePolicy } from './failure-policy.js'
import type { FlightRunner } from './flight-runner.js'
import { explainFreshness, freshness, type TagStateReader } from './freshness.js'
import type { GetOptions, ResponseCache } from './response-cache.js'
import type { CacheEntry, CacheHandler, Clock, Logger } from './types.js'
import { assertKey } from './validate.js'

export interface LookupOptions {
  handler: CacheHandler
  clock: Clock
  logger: Logger
  defaultExpire: number
  readTag: TagStateReader
  /** A handler read that never throws (a failed read is a miss). */
  read(key: string): Promise<CacheEntry | undefined>
  runner: FlightRunner
  failures: FailurePolicy
  /** How long a request with a last good entry waits for a blocking regeneration (ms). */
  regenerationWaitMs: number
}

const NO_TAGS: readonly string[] = []
const NO_OPTIONS: GetOptions = {}
const NOTHING_TO_SERVE = { servable: false, waitMs: Number.POSITIVE_INFINITY }

/** The entry as a reader with its own `revalidate` sees it (GetOptions.revalidate). */
function readersView(entry: CacheEntry, revalidate: number | false | undefined): CacheEntry {
  return revalidate === undefined || revalidate === entry.revalidate ? entry : { ...entry, revalidate }
}

export function createLookup(options: LookupOptions): ResponseCache['get'] {
  const { handler, clock, logger, defaultExpire, readTag, read, runner, failures, regenerationWaitMs } =
    options
  const debug = logger.debugEnabled !== false
  const baseOptions = { defaultExpire }

  return async function get(key, regenerate, options = NO_OPTIONS) {
    assertKey(key)
    const extraTags = options.extraTags ?? NO_TAGS
    if (options.onDemand) {
      const previous = await read(key)
      const entry = await runner.onDemand(key, regenerate, previous)
      if (debug) logger.debug(`REVALIDATED ${key} (on-demand)`)
      return { entry, status: 'REVALIDATED' }
    }
    let entry: CacheEntry | undefined
    try {
      entry = await handler.get(key) // inlined read(): one promise less on the HIT path
    } catch (error) {
      logger.error(`cache read failed for ${key}; rendering instead`, error)
    }
    if (entry === undefined)
      return runner.blocking(key, regenerate, undefined, 'no entry', extraTags, NOTHING_TO_SERVE)
    const now = clock.now()
    const fresh = extraTags.length === 0 ? baseOptions : { defaultExpire, extraTags }
    const judged = readersView(entry, options.revalidate)
    const state = freshness(judged, now, readTag, fresh)
    if (state === 'fresh') {
      if (debug) logger.debug(`HIT ${key} (${explainFreshness(judged, now, readTag, fresh)})`)
      return { entry, status: 'HIT' }
    }
    const stale = state === 'stale' || state === 'tag-stale'
    const servable = failures.servable(state)
    if (servable && failures.inBackoff(key, now)) {
      if (debug) logger.debug(`STALE ${key} (retry back-off after a failed regeneration)`)
      return { entry, status: 'STALE' }
    }
    const reason = explainFreshness(judged, now, readTag, fresh)
    if (stale && !options.blockOnStale) {
      runner.background(key, regenerate, entry, reason)
      if (debug) logger.debug(`STALE ${key} (${reason})`)
      return { entry, status: 'STALE' }
    }
    // blockOnStale asks for new data (a page regenerating): it waits for the whole flight, never a bound.
    const waitMs = options.blockOnStale ? Number.POSITIVE_INFINITY : regenerationWaitMs
    return runner.blocking(key, regenerate, entry, reason, extraTags, { servable, waitMs })
  }
}
