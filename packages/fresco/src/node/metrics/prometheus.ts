// The app's metrics as prom-client series (docs/guide/operations.md lists each and when to alarm).
// The request path only bumps plain numbers (a HIT costs one object lookup and one increment);
// prom-client reads them, and the handler's sizes, when Prometheus scrapes (`collect`).
import type { CacheHandler, CacheHandlerStats } from '@fresco/cache'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { AppObserver, FetchOutcome, RequestStatus } from '../../runtime/server/app-observer.js'

const REQUEST_STATUSES: readonly RequestStatus[] = ['HIT', 'STALE', 'MISS', 'REVALIDATED', 'dynamic', 'error']
type StatusCounts = Record<RequestStatus, number>

/** Seconds: a fast render is a few ms, a regeneration may run up to regenerationTimeout (60 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
const DELAY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/** Route cache keys are `route:<buildId>:<path>`; everything else is the data cache. */
const cacheOf = (key: string) => (key.startsWith('route:') ? 'route' : 'data')

export interface AppMetrics {
  registry: Registry
  observer: AppObserver
}

/** fresco_fs_cache_bytes: the fs store's entry files, read at scrape time. */
function diskGauge(registry: Registry, stats: () => CacheHandlerStats[]): void {
  new Gauge({
    name: 'fresco_fs_cache_bytes',
    help: 'Bytes of entry files in the fs cache directory (counted against cacheMaxDiskSize).',
    registers: [registry],
    collect() {
      this.set(stats().reduce((total, s) => total + (s.diskBytes ?? 0), 0))
    },
  })
}

/**
 * The series of the store a `--workers` primary owns (its workers reach it over IPC and leave
 * the fs bytes to it): a registry of its own, appended to the workers' aggregate.
 */
export function createStoreMetrics(store: CacheHandler): Registry {
  const registry = new Registry()
  diskGauge(registry, () => [store.stats?.() ?? {}])
  return registry
}

/**
 * One process's series, with prom-client's default process metrics (CPU, memory, event loop lag).
 * `disk: false`: a worker whose fs store the primary owns (createStoreMetrics reports it).
 */
export function createAppMetrics(options: { disk?: boolean } = {}): AppMetrics {
  const registry = new Registry()
  const registers = [registry]
  collectDefaultMetrics({ register: registry })

  // Routes are the build's route patterns plus two fixed labels: a bounded set.
  const requests = new Map<string, StatusCounts>()
  const fetches = new Map<FetchOutcome, number>()
  const handlers: CacheHandler[] = []
  const stats = (): CacheHandlerStats[] => handlers.map((h) => h.stats?.() ?? {})

  new Counter({
    name: 'fresco_requests_total',
    help: 'Requests answered by the app, by route pattern and cache status (HIT, STALE, MISS, REVALIDATED, dynamic, error).',
    labelNames: ['route', 'status'],
    registers,
    collect() {
      this.reset()
      for (const [route, counts] of requests)
        for (const status of REQUEST_STATUSES)
          if (counts[status] > 0) this.inc({ route, status }, counts[status])
    },
  })
  new Counter({
    name: 'fresco_fetches_total',
    help: 'Server fetch() calls by data cache outcome (HIT, STALE, MISS, REVALIDATED; SKIP = not cached; MEMO = deduplicated in the render; error).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset()
      for (const [outcome, n] of fetches) this.inc({ outcome }, n)
    },
  })
  // `cache`: route (pages, route handlers) or data (fetch, unstable_cache) entries.
  const started = new Counter({
    name: 'fresco_regenerations_started_total',
    help: 'Regenerations (a MISS, a STALE refresh, an on-demand render) started here, by cache (route or data).',
    labelNames: ['cache'],
    registers,
  })
  const completed = new Counter({
    name: 'fresco_regenerations_total',
    help: 'Regenerations finished here, by cache (route or data) and outcome (succeeded, failed, timed_out).',
    labelNames: ['cache', 'outcome'],
    registers,
  })
  const deduplicated = new Counter({
    name: 'fresco_regenerations_deduplicated_total',
    help: 'Regenerations not run here because another instance or worker held the lease and rendered.',
    labelNames: ['cache'],
    registers,
  })
  const regenerationSeconds = new Histogram({
    name: 'fresco_regeneration_duration_seconds',
    help: 'Time a regeneration took, by cache (route or data) and outcome.',
    labelNames: ['cache', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers,
  })
  const renderSeconds = new Histogram({
    name: 'fresco_render_duration_seconds',
    help: 'Time a render on the request path took from its render slot to its response head (MISS, regeneration, dynamic page).',
    buckets: DURATION_BUCKETS,
    registers,
  })
  const invalidations = new Counter({
    name: 'fresco_tag_invalidations_total',
    help: 'Tags invalidated (revalidateTag, revalidatePath), by source: local (this process) or remote (another instance, worker or `fresco cache purge`).',
    labelNames: ['source'],
    registers,
  })
  const propagation = new Histogram({
    name: 'fresco_tag_propagation_delay_seconds',
    help: 'Time from an invalidation on another instance to this instance applying it.',
    buckets: DELAY_BUCKETS,
    registers,
  })
  const sum = (pick: (s: CacheHandlerStats) => number | undefined) =>
    stats().reduce((total, s) => total + (pick(s) ?? 0), 0)
  new Gauge({
    name: 'fresco_memory_cache_bytes',
    help: 'Bytes held by the in-process (L1) cache.',
    registers,
    collect() {
      this.set(sum((s) => s.memory?.bytes))
    },
  })
  new Gauge({
    name: 'fresco_memory_cache_entries',
    help: 'Entries held by the in-process (L1) cache.',
    registers,
    collect() {
      this.set(sum((s) => s.memory?.entries))
    },
  })
  new Counter({
    name: 'fresco_memory_cache_evictions_total',
    help: 'Entries the in-process (L1) cache evicted to stay within cacheMaxMemorySize.',
    registers,
    collect() {
      this.reset()
      this.inc(sum((s) => s.memory?.evictions))
    },
  })
  if (options.disk !== false) diskGauge(registry, stats)
  // Only with a Redis handler: an fs deployment must not look like one whose Redis is down.
  let watchingRedis = false
  const watchRedis = () => {
    if (watchingRedis) return
    watchingRedis = true
    new Gauge({
      name: 'fresco_redis_up',
      help: '1 while Redis answers, 0 while this instance considers it down (cacheHandler redis only).',
      registers,
      // Across --workers: the worst worker's view.
      aggregator: 'min',
      collect() {
        const up = stats().find((s) => s.redisUp !== undefined)?.redisUp
        this.set(up ? 1 : 0)
      },
    })
  }

  const observer: AppObserver = {
    cache: {
      regenerationStarted: (key) => started.inc({ cache: cacheOf(key) }),
      regenerationEnded(key, outcome, seconds) {
        const cache = cacheOf(key)
        completed.inc({ cache, outcome })
        regenerationSeconds.observe({ cache, outcome }, seconds)
      },
      regenerationDeduplicated: (key) => deduplicated.inc({ cache: cacheOf(key) }),
      tagsInvalidated: (count) => invalidations.inc({ source: 'local' }, count),
    },
    request(route, status) {
      let counts = requests.get(route)
      if (counts === undefined) {
        counts = { HIT: 0, STALE: 0, MISS: 0, REVALIDATED: 0, dynamic: 0, error: 0 }
        requests.set(route, counts)
      }
      counts[status]++
    },
    render: (seconds) => renderSeconds.observe(seconds),
    fetch: (outcome) => fetches.set(outcome, (fetches.get(outcome) ?? 0) + 1),
    handler(handler) {
      handlers.push(handler)
      if (handler.stats?.().redisUp !== undefined) watchRedis()
      handler.onTagUpdate?.((tags, state, remote) => {
        if (!remote || tags.length === 0) return
        invalidations.inc({ source: 'remote' }, tags.length)
        // The state carries when the other instance invalidated (its clock): stale, or expired
        // for an immediate expiry. A resync may bring old invalidations: only recent ones count.
        const at = Math.min(
          state.stale ?? Number.POSITIVE_INFINITY,
          state.expired ?? Number.POSITIVE_INFINITY,
        )
        const delay = (Date.now() - at) / 1000
        if (delay >= 0 && delay < 60) propagation.observe(delay)
      })
    },
  }
  return { registry, observer }
}

/** This process's fresco_requests_total summed over routes, by status (the inspector's hit rate). */
export async function requestsByStatus(registry: Registry): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  const counter = registry.getSingleMetric('fresco_requests_total')
  for (const { labels, value } of (await counter?.get())?.values ?? []) {
    const status = String(labels.status)
    out[status] = (out[status] ?? 0) + value
  }
  return out
}
