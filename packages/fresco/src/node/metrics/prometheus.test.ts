// The series as a scraper reads them: request counts by route and status, handler sizes read at
// scrape time (L1, fs, Redis up / down), remote invalidations with their delay, fetch outcomes.
import type { CacheHandler, CacheHandlerStats, TagState } from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { createAppMetrics, createStoreMetrics, requestsByStatus } from './prometheus.js'

/** `name{labels} value` lines of the exposition, without comments. */
const samples = async (metrics: { metrics(): Promise<string> }) =>
  (await metrics.metrics()).split('\n').filter((line) => line.startsWith('fresco_'))

function fakeHandler(stats: CacheHandlerStats) {
  let listener: ((tags: readonly string[], state: TagState, remote: boolean) => void) | undefined
  const handler = {
    name: 'fake',
    stats: () => stats,
    onTagUpdate(l: typeof listener) {
      listener = l
      return () => {}
    },
  } as unknown as CacheHandler
  return {
    handler,
    emit: (tags: string[], state: TagState, remote: boolean) => listener?.(tags, state, remote),
  }
}

describe('createAppMetrics', () => {
  it('counts requests by route pattern and status, and skips zero series', async () => {
    const { registry, observer } = createAppMetrics()
    observer.request('/posts/[id]', 'MISS')
    for (let i = 0; i < 3; i++) observer.request('/posts/[id]', 'HIT')
    observer.request('(not found)', 'dynamic')
    const lines = (await samples(registry)).filter((l) => l.startsWith('fresco_requests_total'))
    expect(lines).toEqual([
      'fresco_requests_total{route="/posts/[id]",status="HIT"} 3',
      'fresco_requests_total{route="/posts/[id]",status="MISS"} 1',
      'fresco_requests_total{route="(not found)",status="dynamic"} 1',
    ])
    observer.request('/', 'HIT')
    expect(await requestsByStatus(registry)).toEqual({ HIT: 4, MISS: 1, dynamic: 1 })
  })

  it('reads the handler sizes at scrape time', async () => {
    const stats: CacheHandlerStats = {
      memory: { bytes: 2048, entries: 3, evictions: 1 },
      diskBytes: 9000,
      redisUp: true,
    }
    const { registry, observer } = createAppMetrics()
    observer.handler(fakeHandler(stats).handler)
    let lines = await samples(registry)
    expect(lines).toContain('fresco_memory_cache_bytes 2048')
    expect(lines).toContain('fresco_memory_cache_entries 3')
    expect(lines).toContain('fresco_memory_cache_evictions_total 1')
    expect(lines).toContain('fresco_fs_cache_bytes 9000')
    expect(lines).toContain('fresco_redis_up 1')
    stats.redisUp = false
    stats.memory = { bytes: 0, entries: 0, evictions: 5 }
    lines = await samples(registry)
    expect(lines).toContain('fresco_redis_up 0')
    expect(lines).toContain('fresco_memory_cache_evictions_total 5')
  })

  it('omits fresco_redis_up without Redis and the fs bytes in a worker whose primary owns the store', async () => {
    const { registry, observer } = createAppMetrics({ disk: false })
    observer.handler(fakeHandler({ memory: { bytes: 1, entries: 1, evictions: 0 } }).handler)
    const lines = await samples(registry)
    expect(lines.some((l) => l.startsWith('fresco_redis_up'))).toBe(false)
    expect(lines.some((l) => l.startsWith('fresco_fs_cache_bytes'))).toBe(false)
    expect(await samples(createStoreMetrics(fakeHandler({ diskBytes: 42 }).handler))).toEqual([
      'fresco_fs_cache_bytes 42',
    ])
  })

  it('counts local and remote invalidations apart, with the remote delay', async () => {
    const { registry, observer } = createAppMetrics()
    const fake = fakeHandler({})
    observer.handler(fake.handler)
    observer.cache.tagsInvalidated?.(2)
    fake.emit(['a'], { stale: Date.now(), expired: Date.now() }, false) // our own: counted as local already
    fake.emit(['b', 'c'], { stale: Date.now() - 100, expired: Date.now() - 100 }, true)
    const lines = await samples(registry)
    expect(lines).toContain('fresco_tag_invalidations_total{source="local"} 2')
    expect(lines).toContain('fresco_tag_invalidations_total{source="remote"} 2')
    expect(lines).toContain('fresco_tag_propagation_delay_seconds_count 1')
  })

  it('labels regenerations by cache (route or data) and fetches by outcome', async () => {
    const { registry, observer } = createAppMetrics()
    observer.cache.regenerationStarted?.('route:b1:/a')
    observer.cache.regenerationEnded?.('route:b1:/a', 'timed_out', 60)
    observer.cache.regenerationDeduplicated?.('data:abc')
    observer.fetch('MISS')
    observer.fetch('MEMO')
    const lines = await samples(registry)
    expect(lines).toContain('fresco_regenerations_started_total{cache="route"} 1')
    expect(lines).toContain('fresco_regenerations_total{cache="route",outcome="timed_out"} 1')
    expect(lines).toContain('fresco_regenerations_deduplicated_total{cache="data"} 1')
    expect(lines).toContain('fresco_regeneration_duration_seconds_count{cache="route",outcome="timed_out"} 1')
    expect(lines).toContain('fresco_fetches_total{outcome="MISS"} 1')
    expect(lines).toContain('fresco_fetches_total{outcome="MEMO"} 1')
  })
})
