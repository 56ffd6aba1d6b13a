// createResponseCache: the ISR state machine of docs/design/cache.md behind one small API. This file
// holds the public types and wires the mechanisms, each in a file of its own:
//   lookup.ts          the read/decide step: HIT / STALE / MISS / REVALIDATED
//   fresh-read.ts      its synchronous HIT-only half, for entries held in process memory
//   flight-runner.ts   background / blocking / on-demand flights, single flight per key, timeouts
//   purge-fence.ts     a render that began before an invalidation never passes for newer
//   failure-policy.ts  what a failed regeneration leaves: last-good fallback and retry back-off
//   cluster-lease.ts   lease acquire / renew, waiting for another instance's entry
import { systemClock } from './clock.js'
import { createClusterLease } from './cluster-lease.js'
import { createFailurePolicy } from './failure-policy.js'
import { createFlightRunner } from './flight-runner.js'
import { createFreshRead } from './fresh-read.js'
import { DEFAULT_EXPIRE, type Freshness, freshness, type TagStateReader } from './freshness.js'
import { consoleLogger } from './logger.js'
import { createLookup } from './lookup.js'
import type { CacheObserver } from './observer.js'
import { createPurgeFence } from './purge-fence.js'
import type { CacheEntry, CacheHandler, CacheStatus, Clock, Logger, UpdateTagsOptions } from './types.js'
import { assertKey, validateNonNegative, validatePositive, validateUpdateTags } from './validate.js'

export interface ResponseCacheOptions {
  handler: CacheHandler
  clock?: Clock
  logger?: Logger
  /** A regeneration running longer than this is abandoned (its signal aborted). Default 60 s. */
  timeoutMs?: number
  /**
   * How long a request waits for a blocking regeneration when a last good entry exists (a
   * tag-invalidated page): past it the request gets that entry (STALE) and the regeneration runs on
   * under `timeoutMs`; later requests during it get the entry at once. 0 = never wait. Default 2 s.
   */
  regenerationWaitMs?: number
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
  /** Told of regenerations and invalidations (the framework's metrics). Default none. */
  observer?: CacheObserver
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
  /**
   * The reader's own lifetime: judge the entry's age by it instead of the `revalidate` of the call
   * that wrote it (the data cache: Next's `ctx.revalidate || entry.revalidate`). The entry is unchanged.
   */
  revalidate?: number | false
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
  /**
   * Synchronously, the entry `get` would answer HIT with, when the handler holds it in process
   * memory (`handler.getSync`); undefined otherwise (absent, I/O needed, stale, expired,
   * tag-invalidated): then call `get`. Never regenerates. Optional for other implementations.
   */
  getFresh?(key: string, extraTags?: readonly string[]): CacheEntry | undefined
  /** Counts memory kept alongside a held entry (handler.account); optional for other implementations. */
  account?(key: string, entry: CacheEntry, bytes: number): void
  /** Invalidate tags (revalidateTag / revalidatePath). O(tags). */
  revalidateTags(tags: readonly string[], options?: UpdateTagsOptions): Promise<void>
  /** Wait for every in-flight regeneration and cache write (graceful shutdown). */
  close(): Promise<void>
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { handler, observer } = options
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
  const regenerationWaitMs = validateNonNegative(
    'regenerationWaitMs',
    options.regenerationWaitMs ?? 2_000,
    'Use milliseconds >= 0 (0 = never wait when a last good entry exists).',
  )
  const readTag: TagStateReader = (tag) => handler.getTagState(tag)

  async function read(key: string): Promise<CacheEntry | undefined> {
    try {
      return await handler.get(key)
    } catch (error) {
      logger.error(`cache read failed for ${key}; rendering instead`, error) // invariant 5
      return undefined
    }
  }

  const fence = createPurgeFence(handler, clock, readTag, logger)
  const failures = createFailurePolicy(clock, logger, options.lastGoodOnTagInvalidation ?? true)
  const cluster = createClusterLease({
    handler,
    clock,
    logger,
    leaseTtlMs,
    waitForEntryMs,
    defaultExpire,
    readTag,
    read,
  })
  const runner = createFlightRunner({
    handler,
    clock,
    logger,
    timeoutMs,
    fence,
    failures,
    cluster,
    observer,
  })

  return {
    get: createLookup({
      handler,
      clock,
      logger,
      defaultExpire,
      readTag,
      read,
      runner,
      failures,
      regenerationWaitMs,
    }),
    getFresh: createFreshRead({ handler, clock, logger, defaultExpire, readTag }),
    account: (key, entry, bytes) => handler.account?.(key, entry, bytes),
    async peek(key, options) {
      assertKey(key)
      const entry = await read(key)
      if (entry === undefined) return undefined
      const opts = options?.extraTags ? { defaultExpire, extraTags: options.extraTags } : { defaultExpire }
      return { entry, state: freshness(entry, clock.now(), readTag, opts) }
    },
    async revalidateTags(tags, options) {
      validateUpdateTags(tags, options)
      if (tags.length === 0) return
      fence.invalidated()
      await handler.updateTags(tags, options)
      failures.clear() // an explicit invalidation deserves an immediate attempt
      observer?.tagsInvalidated?.(tags.length)
      if (debug) {
        const how = options?.expire ? `stale now, expire in ${options.expire}s` : 'expire now'
        logger.debug(`TAGS ${how}: ${tags.join(', ')}`)
      }
    },
    async close() {
      fence.close()
      await runner.idle()
    },
  }
}
