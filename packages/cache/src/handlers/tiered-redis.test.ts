// Three "instances", each a response cache over tiered(memory L1 + Redis L2), on one Redis: the
// L1s must stay coherent (no instance regenerates, or serves as fresh, what another replaced).
import { Redis } from 'ioredis'
import { describe, expect, it, type Mock, vi } from 'vitest'
import { silentLogger } from '../logger.js'
import { createResponseCache, type Regenerate, type ResponseCache } from '../response-cache.js'
import { useRedisServer } from '../testing/redis-fixture.js'
import { waitUntil } from '../testing/redis-server.js'
import type { CacheEntry, CacheHandler } from '../types.js'
import { createMemoryHandler } from './memory.js'
import { createRedisHandler } from './redis.js'
import { createTieredHandler } from './tiered.js'

const redis = useRedisServer()
let run = 0

interface Instance {
  l1: CacheHandler
  handler: CacheHandler
  cache: ResponseCache
}

async function instances(n: number, resyncIntervalMs?: number): Promise<Instance[]> {
  const prefix = `tiered${run++}`
  const out: Instance[] = []
  for (let i = 0; i < n; i++) {
    const l1 = createMemoryHandler({ logger: silentLogger })
    const l2 = createRedisHandler({ url: redis.server.url, prefix, logger: silentLogger, resyncIntervalMs })
    const handler = createTieredHandler({ l1, l2 })
    await handler.ready?.()
    const cache = createResponseCache({ handler, logger: silentLogger, waitForEntryMs: 20_000 })
    redis.onCleanup(
      () => cache.close(),
      () => handler.close?.(),
    )
    out.push({ l1, handler, cache })
  }
  return out
}

function page(html: string, lastModified = Date.now(), revalidate: number | false = 60): CacheEntry {
  return {
    kind: 'page',
    body: new TextEncoder().encode(html),
    status: 200,
    headers: {},
    tags: ['posts'],
    lastModified,
    revalidate,
  }
}

const text = (entry: CacheEntry) => new TextDecoder().decode(entry.body)

describe('tiered(memory + redis) across instances', () => {
  it('300 concurrent requests to a stale page on 3 instances: one render, then every instance serves it', async () => {
    const nodes = await instances(3)
    const old = page('v1', Date.now() - 120_000)
    await nodes[0]!.handler.set('route:b:/p', old)
    for (const node of nodes) await node.l1.set('route:b:/p', old) // every L1 holds the stale copy
    let renders = 0
    const render: Regenerate = async () => {
      renders++
      await new Promise((r) => setTimeout(r, 50))
      return page('v2')
    }
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => nodes[i % 3]!.cache.get('route:b:/p', render)),
    )
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['STALE']))
    // Every instance ends up with v2 (its L1 copy was dropped by the notice, or re-read under lease).
    for (const node of nodes) {
      await waitUntil(async () => {
        const r = await node.cache.get('route:b:/p', render)
        return r.status === 'HIT' && text(r.entry) === 'v2'
      }, 10_000)
    }
    expect(renders).toBe(1)
  })

  it('an entry rewritten on another instance is dropped from this L1 (no stale-forever copy)', async () => {
    const [a, b] = await instances(2)
    await a!.handler.set('route:b:/q', page('v1'))
    expect(text((await b!.handler.get('route:b:/q'))!)).toBe('v1') // now in B's L1
    await a!.handler.set('route:b:/q', page('v2')) // e.g. an on-demand render on A, no tag involved
    await waitUntil(async () => (await b!.l1.get('route:b:/q')) === undefined)
    expect(text((await b!.handler.get('route:b:/q'))!)).toBe('v2')
    // A's own write does not evict A's own copy.
    expect(text((await a!.l1.get('route:b:/q'))!)).toBe('v2')
  })

  it('a lease owner whose L1 copy was replaced meanwhile uses the new entry instead of rendering', async () => {
    const [a, b] = await instances(2)
    const key = 'route:b:/r'
    const old = page('v1', Date.now() - 120_000)
    await a!.handler.set(key, old)
    // B holds the old copy; A's newer write lands in Redis without B hearing of it (simulated
    // by re-inserting the old copy after the notice).
    await b!.l1.set(key, old)
    await a!.handler.set(key, page('v2'))
    await waitUntil(async () => (await b!.l1.get(key)) === undefined)
    await b!.l1.set(key, old)
    const render = vi.fn<Regenerate>(async () => page('v3'))
    expect((await b!.cache.get(key, render)).status).toBe('STALE') // its L1 copy, once
    await waitUntil(async () => text((await b!.cache.get(key, render)).entry) === 'v2')
    expect(render).not.toHaveBeenCalled()
  })

  it('a deletion on another instance wakes waiters and drops L1 copies', async () => {
    const [a, b] = await instances(2)
    await a!.handler.set('route:b:/d', page('v1'))
    await b!.handler.get('route:b:/d')
    const waited = b!.handler.waitForEntry!('route:b:/d', 20_000)
    await a!.handler.delete('route:b:/d')
    await waited
    await waitUntil(async () => (await b!.l1.get('route:b:/d')) === undefined)
  })

  it('Redis restarted empty: an L1 copy invalidated before the restart is not served as fresh again', async () => {
    const [a, b] = await instances(2, 50)
    const key = 'route:b:/restart'
    const render: Mock<Regenerate> = vi.fn<Regenerate>(async () => page(`v${render.mock.calls.length}`))
    await b!.cache.get(key, render) // in b's L1 and in Redis
    await a!.cache.revalidateTags(['posts'])
    await waitUntil(() => b!.handler.getTagState('posts') !== undefined)
    await redis.server.restart() // no persistence: entries and tag state are gone from Redis
    // A field only a resync can bring (no pub/sub message): once b has it, b has resynced.
    const raw = new Redis(redis.server.url, { lazyConnect: true })
    await raw.connect()
    const prefix = `tiered${run - 1}`
    await raw.hset(`${prefix}:tags`, 's:marker', String(Date.now()), 'e:marker', String(Date.now()))
    raw.disconnect()
    await waitUntil(() => b!.handler.getTagState('marker') !== undefined, 10_000)
    expect(b!.handler.getTagState('posts')).toBeDefined()
    const after = await b!.cache.get(key, render)
    expect(after.status).toBe('MISS') // invalidated: rendered anew, not the old L1 copy
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('waiters stop waiting when Redis stops answering: no notice can come, they render themselves', async () => {
    const [a] = await instances(1)
    let released = false
    const waiting = a!.handler.waitForEntry!('route:b:/w', 60_000).then(() => {
      released = true
    })
    redis.server.pause()
    try {
      await a!.handler.get('route:b:/other') // runs into the command timeout: the outage starts
      await waitUntil(() => released, 5000)
      await waiting
      let again = false
      await a!.handler.waitForEntry!('route:b:/w', 60_000).then(() => {
        again = true
      })
      expect(again).toBe(true) // while the outage lasts, no wait at all
    } finally {
      redis.server.resume()
    }
  })

  it('a hung Redis costs one command timeout, not one per command: the rest fail at once, one probe a second', async () => {
    const real = new Redis(redis.server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    let sent = 0
    const client = new Proxy(real, {
      get(target, prop) {
        if (prop === 'getBuffer') {
          return (key: string) => {
            sent++
            return target.getBuffer(key)
          }
        }
        const value = Reflect.get(target, prop, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const handler = createRedisHandler({ client, prefix: `tiered${run++}`, logger: silentLogger })
    redis.onCleanup(
      () => handler.close?.(),
      async () => real.disconnect(),
    )
    await handler.ready?.()
    redis.server.pause()
    try {
      for (let i = 0; i < 20; i++) expect(await handler.get(`route:b:/hung${i}`)).toBeUndefined()
      // The first read waited out its timeout; within the next second at most one probe was sent.
      expect(sent).toBeLessThanOrEqual(3)
    } finally {
      redis.server.resume()
    }
    // Resumed: a probe gets through, the outage ends, reads and writes work again.
    await waitUntil(async () => {
      await handler.set('route:b:/after', page('x'))
      return (await handler.get('route:b:/after')) !== undefined
    }, 10_000)
  })
})
