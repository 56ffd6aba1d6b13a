// The prerender workers' cache: proxies (one per "worker", here one per MessageChannel in this
// thread) over one owner. The proxy passes the handler contract's conformance suite, and the response
// caches of several workers share one single flight through the owner.
import { MessageChannel } from 'node:worker_threads'
import {
  type CacheHandler,
  createManualClock,
  createMemoryHandler,
  createResponseCache,
  type ManualClock,
  silentLogger,
} from '@fresco/cache'
import { makeEntry, runHandlerConformance } from '@fresco/cache/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CacheOwner, createCacheOwner } from './cache-owner.js'
import { type CacheProxy, createCacheProxy } from './cache-proxy.js'

function connect(owner: CacheOwner): CacheProxy {
  const { port1, port2 } = new MessageChannel()
  owner.serve(port1)
  return createCacheProxy(port2)
}

runHandlerConformance(
  'build worker proxy',
  ({ clock }) => connect(createCacheOwner(createMemoryHandler({ clock, logger: silentLogger }), clock)),
  { describe, it, expect, beforeEach, afterEach },
)

describe('cache proxy and owner', () => {
  let clock: ManualClock
  let handler: CacheHandler
  let owner: CacheOwner
  let workers: CacheProxy[]

  beforeEach(() => {
    clock = createManualClock()
    handler = createMemoryHandler({ clock, logger: silentLogger })
    owner = createCacheOwner(handler, clock)
    workers = [connect(owner), connect(owner), connect(owner)]
  })
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()))
    owner.close()
  })

  it('renders a key once however many workers ask for it at the same time (one upstream request)', async () => {
    let upstream = 0
    const regenerate = async () => {
      upstream++
      await new Promise((resolve) => setTimeout(resolve, 30))
      return makeEntry({ kind: 'fetch', body: new TextEncoder().encode(`response ${upstream}`), tags: [] })
    }
    const caches = workers.map((w) => createResponseCache({ handler: w, clock, logger: silentLogger }))
    const results = await Promise.all(
      caches.flatMap((c) => [c.get('fetch:a', regenerate), c.get('fetch:a', regenerate)]),
    )
    expect(upstream).toBe(1)
    for (const { entry } of results) expect(new TextDecoder().decode(entry.body)).toBe('response 1')
    // The owner holds the one stored entry.
    expect(new TextDecoder().decode((await handler.get('fetch:a'))!.body)).toBe('response 1')
    await Promise.all(caches.map((c) => c.close()))
  })

  it('a worker whose holder failed renders itself instead of waiting forever', async () => {
    const cacheA = createResponseCache({ handler: workers[0]!, clock, logger: silentLogger })
    const cacheB = createResponseCache({ handler: workers[1]!, clock, logger: silentLogger })
    const failing = cacheA.get('k', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      throw new Error('upstream down')
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const second = cacheB.get('k', async () => makeEntry({ tags: [] }))
    await expect(failing).rejects.toThrow('upstream down')
    expect((await second).status).toBe('MISS')
  })

  it("judges an entry by the owner's tag state: its own tags and the job's implicit tags", async () => {
    await handler.set('k', makeEntry({ tags: ['posts'], lastModified: clock.now() }))
    clock.advance(1000)
    await handler.updateTags(['posts'], { expire: 60 })
    await handler.updateTags(['_N_T_/blog/1'])
    const [w] = workers
    expect(w!.getTagState('posts')).toBeUndefined()
    await w!.get('k') // the reply carries the state of the entry's tags
    expect(w!.getTagState('posts')).toEqual(handler.getTagState('posts'))
    w!.primeTags(owner.tagStates(['_N_T_/blog/1', '_N_T_/never']))
    expect(w!.getTagState('_N_T_/blog/1')).toEqual(handler.getTagState('_N_T_/blog/1'))
    expect(w!.getTagState('_N_T_/never')).toBeUndefined()
  })

  it('an invalidation made by one worker reaches every mirror and purge fence', async () => {
    const [a, b, c] = workers as [CacheProxy, CacheProxy, CacheProxy]
    const heard: string[] = []
    b.onTagUpdate!((tags) => heard.push(...tags))
    await a.updateTags(['posts'])
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(handler.getTagState('posts')).toEqual({ stale: clock.now(), expired: clock.now() })
    for (const w of [a, b, c]) expect(w.getTagState('posts')).toEqual(handler.getTagState('posts'))
    expect(heard).toEqual(['posts'])
  })

  it("a handler's error reaches the worker's call", async () => {
    const broken = createCacheOwner({ ...handler, get: () => Promise.reject(new Error('disk gone')) }, clock)
    const w = connect(broken)
    await expect(w.get('k')).rejects.toThrow('disk gone')
    await w.close()
    broken.close()
  })

  it("the build's own route keys: leases taken in the worker, a key it has not written is a miss", async () => {
    const { port1, port2 } = new MessageChannel()
    owner.serve(port1)
    const w = createCacheProxy(port2, { buildOnlyKeys: (key) => key.startsWith('route:b1:') })
    const lease = await w.acquireLease!('route:b1:/a', 1000)
    expect(lease).not.toBe(null)
    expect(await w.acquireLease!('route:b1:/a', 1000)).toBe(null) // exclusive within the worker
    // The owner's table never heard of it; data keys still go through it.
    expect(await workers[0]!.acquireLease!('route:b1:/a', 1000)).not.toBe(null)
    expect(await w.acquireLease!('data:x', 1000)).not.toBe(null)
    expect(await workers[0]!.acquireLease!('data:x', 1000)).toBe(null)
    await lease!.release()
    expect(await w.acquireLease!('route:b1:/a', 1000)).not.toBe(null)
    // Reads: no message for a key this worker has not written; what it wrote is read from the owner.
    await handler.set('route:b1:/b', makeEntry())
    expect(await w.get('route:b1:/b')).toBeUndefined()
    await w.set('route:b1:/c', makeEntry({ status: 201 }))
    expect((await handler.get('route:b1:/c'))?.status).toBe(201)
    expect((await w.get('route:b1:/c'))?.status).toBe(201)
    await w.close()
  })

  it('a lease its holder never released can be taken once its time is up', async () => {
    const [a, b] = workers as [CacheProxy, CacheProxy]
    expect(await a.acquireLease!('k', 1000)).not.toBe(null)
    expect(await b.acquireLease!('k', 1000)).toBe(null)
    clock.advance(1001)
    expect(await b.acquireLease!('k', 1000)).not.toBe(null)
  })
})
