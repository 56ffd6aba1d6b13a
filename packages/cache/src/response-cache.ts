// getOrRegenerate: the ISR state machine (docs/design/cache.md). HIT / STALE / MISS / REVALIDATED,
// single flight per key, purge fencing, last-good fallback, retry back-off and hard timeouts.
import { systemClock } from './clock.js'
import {
  DEFAULT_EXPIRE,
  explainFreshness,
  type Freshness,
  freshness,
  retryBackoffMs,
  type TagStateReader,
} from './freshness.js'
import { consoleLogger } from './logger.js'
import { keepLeaseAlive, withTimeout } from './regeneration.js'
import { createSingleFlight } from './single-flight.js'
import { limitTags } from './tags.js'
import type {
  CacheEntry,
  CacheHandler,
  CacheStatus,
  Clock,
  Lease,
  Logger,
  UpdateTagsOptions,
} from './types.js'
import { assertKey, validateEntry, validatePositive, validateUpdateTags } from './validate.js'

export interface ResponseCacheOptions {
  handler: CacheHandler
  clock?: Clock
  logger?: Logger
  /** A regeneration running longer than this is abandoned (its signal aborted). Default 60 s. */
  timeoutMs?: number
  /** Serve the last good entry (STALE) when regenerating a tag-invalidated entry fails. Default true. */
  lastGoodOnTagInvalidation?: boolean
  /** Expire window, in seconds, for entries that carry none. Default one year. */
  defaultExpire?: number
  /** Cluster lease TTL (handlers with acquireLease); renewed every ttl/2. Default 30 s. */
  leaseTtlMs?: number
  /**
   * How long a blocking request waits for another instance's render. Default min(timeoutMs / 2,
   * 10 s): a waiter must keep time to render itself within `timeoutMs` (a page render that waits for
   * a data entry runs inside the page's own timeout).
   */
  waitForEntryMs?: number
}

export interface RegenerateContext {
  /** The entry being replaced, if any (stale, expired or invalidated). */
  previous?: CacheEntry
  /** Why this regeneration runs, e.g. `no entry`, `age 61s > revalidate 60s`, `on-demand`. */
  reason: string
  /** Aborted when the regeneration times out. */
  signal: AbortSignal
}

export type Regenerate = (ctx: RegenerateContext) => Promise<CacheEntry>

export interface GetOptions {
  /** An explicit revalidation request: always renders anew, answers REVALIDATED. */
  onDemand?: boolean
  /** Treat stale like expired (block on a fresh value): the data cache while rendering a page. */
  blockOnStale?: boolean
  /** Tags checked at read time besides entry.tags (the implicit tags of the page reading it). */
  extraTags?: readonly string[]
}

export interface CacheResult {
  entry: CacheEntry
  status: CacheStatus
}

export interface ResponseCache {
  get(key: string, regenerate: Regenerate, options?: GetOptions): Promise<CacheResult>
  /** The stored entry and its state, without regenerating anything. */
  peek(
    key: string,
    options?: Pick<GetOptions, 'extraTags'>,
  ): Promise<{ entry: CacheEntry; state: Freshness } | undefined>
  /** Invalidate tags (revalidateTag / revalidatePath). O(tags). */
  revalidateTags(tags: readonly string[], options?: UpdateTagsOptions): Promise<void>
  /** Wait for every in-flight regeneration and cache write (graceful shutdown). */
  close(): Promise<void>
}

type Mode = 'background' | 'blocking' | 'on-demand'

interface Flight {
  readonly startedAt: number
  readonly mode: Mode
  /** Resolves undefined only for a background flight skipped because another instance renders. */
  promise: Promise<CacheEntry | undefined>
}

const NO_TAGS: readonly string[] = []
const NO_OPTIONS: GetOptions = {}
const noop = () => {}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { handler } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger
  const debug = logger.debugEnabled !== false
  const timeoutMs = validatePositive('timeoutMs', options.timeoutMs ?? 60_000, 'Use milliseconds > 0.')
  const defaultExpire = validatePositive(
    'defaultExpire',
    options.defaultExpire ?? DEFAULT_EXPIRE,
    'Use seconds > 0.',
  )
  const leaseTtlMs = validatePositive('leaseTtlMs', options.leaseTtlMs ?? 30_000, 'Use milliseconds > 0.')
  const waitForEntryMs = options.waitForEntryMs ?? Math.min(timeoutMs / 2, 10_000)
  const lastGood = options.lastGoodOnTagInvalidation ?? true
  const readTag: TagStateReader = (tag) => handler.getTagState(tag)
  const baseOptions = { defaultExpire }

  const flights = createSingleFlight<Flight>()
  const running = new Set<Promise<void>>()
  /** Keys whose last regeneration failed: no new attempt before this time (ms). */
  const backoffUntil = new Map<string, number>()
  /** Latest invalidation seen by this process; flights started at or before it are suspect. */
  let lastInvalidationAt = Number.NEGATIVE_INFINITY
  const unsubscribe = handler.onTagUpdate?.(() => {
    lastInvalidationAt = clock.now()
  })

  async function read(key: string): Promise<CacheEntry | undefined> {
    try {
      return await handler.get(key)
    } catch (error) {
      logger.error(`cache read failed for ${key}; rendering instead`, error) // invariant 5
      return undefined
    }
  }

  async function write(key: string, entry: CacheEntry): Promise<void> {
    try {
      await handler.set(key, entry)
      if (debug) logger.debug(`SET ${key} (revalidate ${entry.revalidate}, ${entry.body.byteLength} bytes)`)
    } catch (error) {
      logger.error(`cache write failed for ${key}; the response was served but not stored`, error)
    }
  }

  function inBackoff(key: string, now: number): boolean {
    const until = backoffUntil.get(key)
    if (until === undefined) return false
    if (now < until) return true
    backoffUntil.delete(key)
    return false
  }

  function armBackoff(key: string, until: number): void {
    // Bounded: past 10k failing keys, forget the back-offs that are over anyway.
    if (backoffUntil.size >= 10_000)
      for (const [k, t] of backoffUntil) if (t <= until - 30_000) backoffUntil.delete(k)
    backoffUntil.set(key, until)
  }

  /** A tag of `tags` was invalidated at or after `since` (same tie rule as freshness). */
  function touchedSince(tags: readonly string[], since: number): boolean {
    for (const tag of tags) {
      const stale = readTag(tag)?.stale
      if (stale !== undefined && stale >= since) return true
    }
    return false
  }

  /** Purge fencing: never hand a request a render that began before an invalidation it must see. */
  function canJoin(flight: Flight, previous: CacheEntry | undefined, extraTags: readonly string[]): boolean {
    if (flight.startedAt > lastInvalidationAt) return true
    if (previous === undefined) return false // its output's tags are unknown: assume affected
    return !touchedSince(previous.tags, flight.startedAt) && !touchedSince(extraTags, flight.startedAt)
  }

  /** Lifetimes from render start (fencing: lastModified <= start) and the per-entry tag limits. */
  function prepare(key: string, entry: CacheEntry, startedAt: number): CacheEntry {
    const tags = limitTags(entry.tags, logger, key)
    if (entry.lastModified <= startedAt && tags === entry.tags) return entry
    return { ...entry, tags, lastModified: Math.min(entry.lastModified, startedAt) }
  }

  async function acquire(key: string): Promise<Lease | 'taken' | 'unavailable'> {
    try {
      return (await handler.acquireLease!(key, leaseTtlMs)) ?? 'taken'
    } catch (error) {
      logger.warn(`lease for ${key} unavailable (${String(error)}); regenerating without it`)
      return 'unavailable'
    }
  }

  /** The stored entry, if another instance replaced `previous` (or filled a miss) with a fresh one. */
  async function newerFresh(key: string, previous: CacheEntry | undefined): Promise<CacheEntry | undefined> {
    const entry = await read(key)
    if (entry === undefined || (previous !== undefined && entry.lastModified <= previous.lastModified))
      return undefined
    return freshness(entry, clock.now(), readTag, baseOptions) === 'fresh' ? entry : undefined
  }

  /** Another instance holds the lease: wait (bounded) for its entry, then re-read. */
  async function awaitOther(key: string, previous: CacheEntry | undefined): Promise<CacheEntry | undefined> {
    // Listen first, then look: the owner may have published between our lease attempt and now.
    const waiting = Promise.resolve()
      .then(() => handler.waitForEntry?.(key, waitForEntryMs))
      .catch((error: unknown) =>
        logger.warn(`waiting for another instance to render ${key} failed: ${String(error)}`),
      )
    const already = await newerFresh(key, previous)
    if (already !== undefined) return already
    await waiting
    return newerFresh(key, previous)
  }

  async function regenerateOnce(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    flight: Flight,
  ): Promise<CacheEntry | undefined> {
    let lease: Lease | undefined
    if (flight.mode !== 'on-demand' && handler.acquireLease) {
      const got = await acquire(key)
      if (got === 'taken') {
        if (flight.mode === 'background') {
          if (debug) logger.debug(`SKIP ${key} (another instance holds the regeneration lease)`)
          return undefined
        }
        const theirs = await awaitOther(key, previous)
        if (theirs !== undefined) return theirs
      } else if (got !== 'unavailable') {
        // Double check under the lease: another instance may have finished this key (and released
        // its lease) between our read and our acquire. Then its entry is ours: no second render.
        const theirs = await newerFresh(key, previous)
        if (theirs !== undefined) {
          if (debug) logger.debug(`SKIP ${key} (regenerated by another instance)`)
          got.release().catch(noop)
          return theirs
        }
        lease = got
      }
    }
    const stopRenewing = lease ? keepLeaseAlive(lease, leaseTtlMs, logger) : noop
    try {
      const controller = new AbortController()
      let entry: CacheEntry
      try {
        const work = Promise.resolve().then(() => regenerate({ previous, reason, signal: controller.signal }))
        entry = validateEntry(key, await withTimeout(work, timeoutMs, controller, key))
      } catch (error) {
        const retryMs = retryBackoffMs(previous)
        if (previous !== undefined) armBackoff(key, clock.now() + retryMs)
        const kept = previous ? `; keeping the previous entry, next attempt in ${retryMs / 1000}s` : ''
        logger.error(`ERROR ${key} regeneration failed (${reason})${kept}`, error)
        throw error
      }
      backoffUntil.delete(key)
      const result = prepare(key, entry, flight.startedAt)
      if (result.revalidate === 0) {
        // Never stored; drop an older stored version so it is not served forever (route became dynamic).
        if (previous !== undefined) await handler.delete(key).catch(noop)
        if (debug) logger.debug(`NOSTORE ${key} (revalidate 0)`)
      } else if (!flights.isCurrent(key, flight)) {
        if (debug) logger.debug(`NOSTORE ${key} (superseded by a newer regeneration)`)
      } else {
        await write(key, result)
      }
      return result
    } finally {
      stopRenewing()
      lease
        ?.release()
        .catch((error: unknown) => logger.warn(`could not release the lease on ${key}: ${String(error)}`))
    }
  }

  function start(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    mode: Mode,
  ): Flight {
    const flight: Flight = { startedAt: clock.now(), mode, promise: undefined! }
    flights.set(key, flight)
    flight.promise = regenerateOnce(key, regenerate, previous, reason, flight)
    const settled: Promise<void> = flight.promise.then(noop, noop).then(() => {
      flights.release(key, flight)
      running.delete(settled)
    })
    running.add(settled)
    return flight
  }

  async function blocking(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    extraTags: readonly string[],
    servable: boolean,
  ): Promise<CacheResult> {
    let flight = flights.get(key)
    if (flight === undefined || !canJoin(flight, previous, extraTags))
      flight = start(key, regenerate, previous, reason, 'blocking')
    try {
      // A background flight may have been skipped (lease elsewhere): then render ourselves.
      const entry =
        (await flight.promise) ?? (await start(key, regenerate, previous, reason, 'blocking').promise)!
      if (debug) logger.debug(`MISS ${key} (${reason})`)
      return { entry, status: 'MISS' }
    } catch (error) {
      if (previous === undefined || !servable) throw error
      if (debug) logger.debug(`STALE ${key} (last good: regeneration failed after ${reason})`)
      return { entry: previous, status: 'STALE' }
    }
  }

  async function get(
    key: string,
    regenerate: Regenerate,
    options: GetOptions = NO_OPTIONS,
  ): Promise<CacheResult> {
    assertKey(key)
    const extraTags = options.extraTags ?? NO_TAGS
    if (options.onDemand) {
      const previous = await read(key)
      const entry = (await start(key, regenerate, previous, 'on-demand', 'on-demand').promise)!
      if (debug) logger.debug(`REVALIDATED ${key} (on-demand)`)
      return { entry, status: 'REVALIDATED' }
    }
    let entry: CacheEntry | undefined
    try {
      entry = await handler.get(key) // inlined read(): one promise less on the HIT path
    } catch (error) {
      logger.error(`cache read failed for ${key}; rendering instead`, error)
    }
    if (entry === undefined) return blocking(key, regenerate, undefined, 'no entry', extraTags, false)
    const now = clock.now()
    const fresh = extraTags.length === 0 ? baseOptions : { defaultExpire, extraTags }
    const state = freshness(entry, now, readTag, fresh)
    if (state === 'fresh') {
      if (debug) logger.debug(`HIT ${key} (${explainFreshness(entry, now, readTag, fresh)})`)
      return { entry, status: 'HIT' }
    }
    const stale = state === 'stale' || state === 'tag-stale'
    const servable = stale || (state === 'tag-expired' && lastGood)
    if (servable && inBackoff(key, now)) {
      if (debug) logger.debug(`STALE ${key} (retry back-off after a failed regeneration)`)
      return { entry, status: 'STALE' }
    }
    const reason = explainFreshness(entry, now, readTag, fresh)
    if (stale && !options.blockOnStale) {
      if (flights.get(key) === undefined) start(key, regenerate, entry, reason, 'background')
      if (debug) logger.debug(`STALE ${key} (${reason})`)
      return { entry, status: 'STALE' }
    }
    return blocking(key, regenerate, entry, reason, extraTags, servable)
  }

  return {
    get,
    async peek(key, options) {
      assertKey(key)
      const entry = await read(key)
      if (entry === undefined) return undefined
      const opts = options?.extraTags ? { defaultExpire, extraTags: options.extraTags } : baseOptions
      return { entry, state: freshness(entry, clock.now(), readTag, opts) }
    },
    async revalidateTags(tags, options) {
      validateUpdateTags(tags, options)
      if (tags.length === 0) return
      lastInvalidationAt = clock.now()
      await handler.updateTags(tags, options)
      backoffUntil.clear() // an explicit invalidation deserves an immediate attempt
      if (debug) {
        const how = options?.expire ? `stale now, expire in ${options.expire}s` : 'expire now'
        logger.debug(`TAGS ${how}: ${tags.join(', ')}`)
      }
    },
    async close() {
      unsubscribe?.()
      while (running.size > 0) await Promise.all(running)
    },
  }
}
