// The flight runner (docs/design/cache.md, invariants 1 and 5): one current regeneration per key, in
// one of three modes. background: its caller already has STALE, so it starts only if none is running;
// blocking: callers wait on the current flight unless the purge fence forbids it; on-demand: always a
// new one of its own. A flight asks the cluster first, runs regenerate() under a hard timeout, and
// stores the result only while it is still the current flight (an older render finishing last never
// overwrites a newer one).
import type { ClusterLease } from './cluster-lease.js'
import type { FailurePolicy } from './failure-policy.js'
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
}

export interface FlightRunnerOptions {
  handler: CacheHandler
  clock: Clock
  logger: Logger
  timeoutMs: number
  fence: PurgeFence
  failures: FailurePolicy
  cluster: ClusterLease
}

export interface FlightRunner {
  /** Regenerate `key` in the background unless a flight for it is already running. */
  background(key: string, regenerate: Regenerate, previous: CacheEntry, reason: string): void
  /** Wait for the current flight if the fence allows it, else start one: MISS, or the last good entry. */
  blocking(
    key: string,
    regenerate: Regenerate,
    previous: CacheEntry | undefined,
    reason: string,
    extraTags: readonly string[],
    servable: boolean,
  ): Promise<CacheResult>
  /** A new flight of its own that becomes the current one; its failure reaches the caller. */
  onDemand(key: string, regenerate: Regenerate, previous: CacheEntry | undefined): Promise<CacheEntry>
  /** Resolves once every flight, and its write, has settled. */
  idle(): Promise<void>
}

const noop = () => {}

export function createFlightRunner(options: FlightRunnerOptions): FlightRunner {
  const { handler, clock, logger, timeoutMs, fence, failures, cluster } = options
  const debug = logger.debugEnabled !== false
  const flights = createSingleFlight<Flight>()
  const running = new Set<Promise<void>>()

  async function write(key: string, entry: CacheEntry): Promise<void> {
    try {
      await handler.set(key, entry)
      if (debug) logger.debug(`SET ${key} (revalidate ${entry.revalidate}, ${entry.body.byteLength} bytes)`)
    } catch (error) {
      logger.error(`cache write failed for ${key}; the response was served but not stored`, error)
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
      if (claim.kind === 'skip') return undefined
      if (claim.kind === 'theirs') return claim.entry
      done = claim.done
    }
    try {
      const controller = new AbortController()
      let entry: CacheEntry
      try {
        const work = Promise.resolve().then(() => regenerate({ previous, reason, signal: controller.signal }))
        entry = validateEntry(key, await withTimeout(work, timeoutMs, controller, key))
      } catch (error) {
        failures.failed(key, previous, reason, error)
        throw error
      }
      failures.succeeded(key)
      const result = fence.stamp(key, entry, flight.startedAt)
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
      done()
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
    flight.promise = run(key, regenerate, previous, reason, flight)
    const settled: Promise<void> = flight.promise.then(noop, noop).then(() => {
      flights.release(key, flight)
      running.delete(settled)
    })
    running.add(settled)
    return flight
  }

  return {
    background(key, regenerate, previous, reason) {
      if (flights.get(key) === undefined) start(key, regenerate, previous, reason, 'background')
    },
    async blocking(key, regenerate, previous, reason, extraTags, servable) {
      let flight = flights.get(key)
      if (flight === undefined || !fence.canJoin(flight.startedAt, previous, extraTags))
        flight = start(key, regenerate, previous, reason, 'blocking')
      try {
        // A background flight may have been skipped (lease elsewhere): then render ourselves.
        const entry =
          (await flight.promise) ?? (await start(key, regenerate, previous, reason, 'blocking').promise)!
        if (debug) logger.debug(`MISS ${key} (${reason})`)
        return { entry, status: 'MISS' }
      } catch (error) {
        return failures.lastGood(key, previous, servable, reason, error)
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
