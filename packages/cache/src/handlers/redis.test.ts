import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../logger.js'
import { useRedisDatabase } from '../testing/redis-fixture.js'
import type { CacheEntry } from '../types.js'
import { createRedisHandler, type RedisHandlerOptions } from './redis.js'
import { encodeEntry } from './redis-codec.js'

const NOW = 1_800_000_000_000
const YEAR_MS = 31_536_000_000
const bytes = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed) % 256)

function page(overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    kind: 'page',
    body: bytes(20_000),
    payload: bytes(10_000, 5),
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    tags: ['posts'],
    lastModified: NOW,
    revalidate: 60,
    ...overrides,
  }
}

const redis = useRedisDatabase()
const handler = (options: RedisHandlerOptions = {}) =>
  redis.handler({ buildId: 'b1', clock: { now: () => NOW }, ...options })

describe('redis handler: entries', () => {
  it('round-trips body and payload bytes between two instances', async () => {
    const a = handler()
    const b = handler()
    await Promise.all([a.ready?.(), b.ready?.()])
    const entry = page({ expire: 3600, stale: 30, headers: { etag: '"x"', 'x-a': 'é' } })
    await a.set('route:b1:/blog/1', entry)
    expect(await b.get('route:b1:/blog/1')).toEqual(entry)
    expect(await b.get('route:b1:/blog/2')).toBeUndefined()
  })

  it('stores route entries under the build id and data entries outside it', async () => {
    const a = handler()
    await a.set('route:b1:/', page())
    await a.set('data:abc', page({ kind: 'fetch', payload: undefined }))
    await a.set('fn:def', page({ kind: 'function', payload: undefined }))
    expect((await redis.raw.keys('fresco:*')).sort()).toEqual([
      'fresco:b1:route:b1:/',
      'fresco:data:abc',
      'fresco:fn:def',
    ])

    const nextBuild = handler({ buildId: 'b2' })
    expect(await nextBuild.get('route:b1:/')).toBeUndefined()
    expect(await nextBuild.get('data:abc')).toBeDefined()
    expect(await nextBuild.get('fn:def')).toBeDefined()
  })

  it('gives every entry a TTL equal to its expire window minus its age, capped', async () => {
    const a = handler({ maxExpireSeconds: 7200 })
    await a.set('data:aged', page({ expire: 3600, lastModified: NOW - 1_000_000 }))
    await a.set('data:default', page({ lastModified: NOW }))
    await a.set('data:long', page({ expire: 999_999, lastModified: NOW }))
    const aged = await redis.raw.pttl('fresco:data:aged')
    expect(aged).toBeLessThanOrEqual(2_600_000)
    expect(aged).toBeGreaterThan(2_600_000 - 60_000)
    expect(await redis.raw.pttl('fresco:data:default')).toBeGreaterThan(7_200_000 - 60_000)
    expect(await redis.raw.pttl('fresco:data:long')).toBeLessThanOrEqual(7_200_000)
  })

  it('defaults to a one-year TTL for entries without expire', async () => {
    const a = handler()
    await a.set('data:x', page())
    expect(await redis.raw.pttl('fresco:data:x')).toBeGreaterThan(YEAR_MS - 60_000)
  })

  it('does not store an entry already past its expire window', async () => {
    const a = handler()
    await a.set('data:old', page({ expire: 10, lastModified: NOW - 11_000 }))
    expect(await redis.raw.exists('fresco:data:old')).toBe(0)
    expect(await a.get('data:old')).toBeUndefined()
  })

  it('deletes entries', async () => {
    const a = handler()
    await a.set('route:b1:/x', page())
    await a.delete('route:b1:/x')
    expect(await a.get('route:b1:/x')).toBeUndefined()
    expect(await redis.raw.dbsize()).toBe(0)
  })

  it('keeps prefixes apart', async () => {
    await handler().set('data:shared', page())
    expect(await handler({ prefix: 'other' }).get('data:shared')).toBeUndefined()
  })

  it('treats foreign, truncated and wrongly typed values as misses and deletes them', async () => {
    const a = handler()
    const good = encodeEntry(page())
    await redis.raw.set('fresco:data:foreign', JSON.stringify({ body: 'PGh0bWw+' }))
    await redis.raw.set('fresco:data:truncated', good.subarray(0, good.byteLength - 10))
    await redis.raw.hset('fresco:data:hash', 'a', '1')
    for (const key of ['data:foreign', 'data:truncated', 'data:hash']) {
      expect(await a.get(key)).toBeUndefined()
      expect(await redis.raw.exists(`fresco:${key}`)).toBe(0)
    }
  })

  it('leaves values of a newer format alone (rolling deploys)', async () => {
    const newer = encodeEntry(page())
    newer.writeUInt8(9, 4)
    await redis.raw.set('fresco:data:newer', newer)
    expect(await handler().get('data:newer')).toBeUndefined()
    expect(await redis.raw.exists('fresco:data:newer')).toBe(1)
  })

  it('works on an injected client (offline queue on, lazy) and leaves it open on close', async () => {
    const client = new Redis(redis.server.url, { lazyConnect: true })
    const a = createRedisHandler({ client, clock: { now: () => NOW }, logger: silentLogger })
    const b = handler({ buildId: undefined })
    await Promise.all([a.ready?.(), b.ready?.()])
    await a.set('data:injected', page())
    expect((await b.get('data:injected'))?.status).toBe(200)
    const seen = new Promise((resolve) => b.onTagUpdate!(resolve))
    await a.updateTags(['via-injected'])
    await seen
    expect(b.getTagState('via-injected')).toEqual({ stale: NOW, expired: NOW })
    await a.close?.()
    expect(await client.ping()).toBe('PONG')
    client.disconnect()
  })

  it('costs about its own size in Redis memory per cached page (MEMORY USAGE)', async () => {
    const a = handler()
    const entry = page({ tags: ['posts', '_N_T_/layout', '_N_T_/blog/[id]/page', '_N_T_/blog/1'] })
    await a.set('route:b1:/blog/1', entry)
    const used = Number(await redis.raw.call('MEMORY', 'USAGE', 'fresco:b1:route:b1:/blog/1', 'SAMPLES', '0'))
    const content = entry.body.byteLength + entry.payload!.byteLength
    console.info(`[redis memory] ${content} content bytes → ${used} bytes in Redis (+${used - content})`)
    expect(used).toBeGreaterThanOrEqual(content)
    // Allocator size classes (jemalloc) round up by a few percent; base64 alone would cost 4/3.
    expect(used).toBeLessThan(content * 1.2)
  })
})
