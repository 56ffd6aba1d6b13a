// The flight runner (docs/design/cache.md, invariants 1 and 5): one current regeneration per key, in
// one of three modes. background: its caller already has STALE, so it starts only if none is running;
// blocking: callers wait on the current flight unless the purge fence forbids it; on-demand: always a
// new one of its own. A flight asks the cluster first, runs regenerate() under a hard timeout, and
// stores the result only while it is still the current flight (an older render finishing last never
// overwrites a newer one). A blocking request holding a last good entry waits at most a bound
// (bounded-wait.ts) and then gets that entry while the flight runs on.
import { OVERDUE, type Patience, waitWithin } from './bounded-wait.js'
import type { ClusterLease } from './cluster-lease.js'
import { FrescoCacheError } from './errors.js'
import type { FailurePolicy } from './failure-policy.js'
import type { CacheObserver } from './observer.js'
import type { PurgeFence } from './purge-fence.js'
import { withTimeout } from './regeneration.js'
import type { CacheResult, Regenerate } from './response-cache.js'
import { createSingleFlight } from './single-flight.js'
import type { CacheEntry, CacheHandler, Clock, Logger } from './types.js'
import { validateEntry } from './validate.js'

export type Mode = 'background' | 'blocking' | 'on-demand'

interface Flight {
  readonly startedAt: number
  readonly mode: Mode
  /** Resolves undefined only for a background flight skipped because another instance renders. */
  promise: Promise<CacheEntry | undefined>
  /** The bounded wait of requests that hold a last good entry, shared by all of them. */
  readonly patience: Patience
}

/** What a blocking request may do with its previous entry. */
export interface Fallback {
  /** The previous entry may answer (STALE) if the regeneration fails or is overdue. */
  servable: boolean
  /** How long to wait before answering with it; Infinity = for the whole flight. */
  waitMs: number
}

export interface FlightRunnerOptions {
  handler: CacheHandler
  clock: Clock
  logger: Logger
  timeoutMs: number
  fence: PurgeFence
  failures: FailurePolicy
  cluster: ClusterLease
  /** Told of each regeneration's start, end and deduplication (metrics). */
  observer?: CacheObserver
}

export interface FlightRunner {
  /** Regenerate `key` in the background unless a flight for it is already running. */
  background(key: string, regenerate: Regenerate, previous: CacheEntry, reason: string): void
  /**
   * Wait for the current flight if the fence allows it, else start one: MISS, or the last good entry
   * (STALE) when the flight fails or, for a servable previous entry, runs longer than `waitMs`.
   */
  blocking(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    extraTags: readonly string[],
    fallback: Fallback,
  ): Promise<CacheResult>
  /** A new flight of its own that becomes the current one; its failure reaches the caller. */
  onDemand(key: string, regenerate: Regenerate, previous: CacheEntry | undefined): Promise<CacheEntry>
  /** Resolves once every flight, and its write, has settled. */
  idle(): Promise<void>
}

const noop = () => {}
/** Keys whose last stored time is remembered (see storedAt). */
const STORED_AT_KEYS = 10_000
/**
 * How long after a write an older copy counts as one read before it. A read cannot take longer on a
 * working handler; past it, an older copy means the handler still serves it (a failed or shadowed
 * write), and regenerating again is what repairs it.
 */
const READ_RACE_MS = 10_000
const isTimeout = (error: unknown) =>
  error instanceof FrescoCacheError && error.code === 'REGENERATION_TIMEOUT'

export function createFlightRunner(options: FlightRunnerOptions): FlightRunner {
  const { handler, clock, logger, timeoutMs, fence, failures, cluster } = options
  const observer = options.observer ?? {}
  const debug = logger.debugEnabled !== false
  const flights = createSingleFlight<Flight>()
  const running = new Set<Promise<void>>()
  // A request that read the stale entry just before a flight's write and asks for a background
  // regeneration just after the flight ended would render it a second time (two upstream requests
  // for one staleness). So each key's last stored lastModified is kept, with when: a stale entry
  // older than it, seen within READ_RACE_MS of the write, was read just before it — the same object
  // (memory) or a copy (fs, Redis). Bounded (LRU).
  const storedAt = new Map<string, { lastModified: number; at: number }>()
  const remember = (key: string, lastModified: number) => {
    storedAt.delete(key)
    storedAt.set(key, { lastModified, at: clock.now() })
    if (storedAt.size > STORED_AT_KEYS) storedAt.delete(storedAt.keys().next().value as string)
  }
  const readBeforeWrite = (key: string, previous: CacheEntry) => {
    const stored = storedAt.get(key)
    return (
      stored !== undefined &&
      stored.lastModified > previous.lastModified &&
      clock.now() - stored.at < READ_RACE_MS
    )
  }

  /** Whether the entry was stored (a failed write is logged; the response is served anyway). */
  async function write(key: string, entry: CacheEntry): Promise<boolean> {
    try {
      await handler.set(key, entry)
      if (debug) logger.debug(`SET ${key} (revalidate ${entry.revalidate}, ${entry.body.byteLength} bytes)`)
      return true
    } catch (error) {
      logger.error(`cache write failed for ${key}; the response was served but not stored`, error)
      return false
    }
  }

  async function run(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    flight: Flight,
  ): Promise<CacheEntry | undefined> {
    let done = noop
    if (cluster.applies(flight.mode)) {
      const claim = await cluster.claim(key, flight.mode, previous)
      if (claim.kind !== 'render') {
        observer.regenerationDeduplicated?.(key)
        return claim.kind === 'skip' ? undefined : claim.entry
      }
      done = claim.done
    }
    try {
      const controller = new AbortController()
      let entry: CacheEntry
      observer.regenerationStarted?.(key)
      const began = performance.now()
      const seconds = () => (performance.now() - began) / 1000
      try {
        const work = Promise.resolve().then(() => regenerate({ previous, reason, signal: controller.signal }))
        entry = validateEntry(key, await withTimeout(work, timeoutMs, controller, key))
      } catch (error) {
        observer.regenerationEnded?.(key, isTimeout(error) ? 'timed_out' : 'failed', seconds())
        failures.failed(key, previous, reason, error)
        throw error
      }
      observer.regenerationEnded?.(key, 'succeeded', seconds())
      failures.succeeded(key)
      const result = fence.stamp(key, entry, flight.startedAt)
      if (result.revalidate === 0) {
        // Never stored; drop an older stored version so it is not served forever (route became dynamic).
        if (previous !== undefined) await handler.delete(key).catch(noop)
        if (debug) logger.debug(`NOSTORE ${key} (revalidate 0)`)
      } else if (!flights.isCurrent(key, flight)) {
        if (debug) logger.debug(`NOSTORE ${key} (superseded by a newer regeneration)`)
      } else {
        if (await write(key, result)) remember(key, result.lastModified)
      }
      return result
    } finally {
      done()
    }
  }

  /** The last good entry while a regeneration runs past the bound: warned once per flight. */
  function overdue(
    key: string,
    previous: CacheEntry,
    reason: string,
    flight: Flight,
    waitMs: number,
  ): CacheResult {
    const why = `regeneration after ${reason} still running after ${waitMs / 1000}s`
    if (!flight.patience.reported) {
      flight.patience.reported = true
      logger.warn(
        `STALE ${key} (${why}; serving the last good entry while it continues, for at most ${timeoutMs / 1000}s)`,
      )
    } else if (debug) logger.debug(`STALE ${key} (last good: ${why})`)
    return { entry: previous, status: 'STALE' }
  }

  function start(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    mode: Mode,
  ): Flight {
    const flight: Flight = { startedAt: clock.now(), mode, promise: undefined!, patience: { overdue: false } }
    flights.set(key, flight)
    flight.promise = run(key, regenerate, previous, reason, flight)
    const settled: Promise<void> = flight.promise.then(noop, noop).then(() => {
      flight.patience.cancel?.()
      flights.release(key, flight)
      running.delete(settled)
    })
    running.add(settled)
    return flight
  }

  return {
    background(key, regenerate, previous, reason) {
      if (flights.get(key) === undefined && !readBeforeWrite(key, previous))
        start(key, regenerate, previous, reason, 'background')
    },
    async blocking(key, regenerate, previous, reason, extraTags, fallback) {
      let flight = flights.get(key)
      if (flight === undefined || !fence.canJoin(flight.startedAt, previous, extraTags))
        flight = start(key, regenerate, previous, reason, 'blocking')
      const bounded =
        previous !== undefined && fallback.servable && fallback.waitMs !== Number.POSITIVE_INFINITY
      const settle = (f: Flight) => (bounded ? waitWithin(f.promise, f.patience, fallback.waitMs) : f.promise)
      try {
        // A background flight may have been skipped (lease elsewhere): then render ourselves.
        let entry = await settle(flight)
        if (entry === undefined) {
          flight = start(key, regenerate, previous, reason, 'blocking')
          entry = await settle(flight)
        }
        if (entry === OVERDUE) return overdue(key, previous!, reason, flight, fallback.waitMs)
        if (debug) logger.debug(`MISS ${key} (${reason})`)
        return { entry: entry!, status: 'MISS' }
      } catch (error) {
        return failures.lastGood(key, previous, fallback.servable, reason, error)
      }
    },
    // Only a background flight resolves undefined (skipped): an on-demand one always has an entry.
    onDemand: (key, regenerate, previous) =>
      start(key, regenerate, previous, 'on-demand', 'on-demand').promise as Promise<CacheEntry>,
    async idle() {
      while (running.size > 0) await Promise.all(running)
    },
  }
}
