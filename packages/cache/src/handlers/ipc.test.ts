// Worker processes over one store (fresco start --workers): each worker a response cache over
// tiered(memory L1, ipc), one host over one store. The same guarantees as Redis gives instances
// (tiered-redis.test.ts): one render per key across workers, invalidations and new entries seen by
// every worker once the call that made them resolved, no L1 copy shadowing another worker's entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock.js'
import { silentLogger } from '../logger.js'
import { createResponseCache, type Regenerate, type ResponseCache } from '../response-cache.js'
import { ipcPair, type TestChannel } from '../testing/ipc-pair.js'
import { makeEntry, runHandlerConformance } from '../testing.js'
import type { CacheEntry, CacheHandler } from '../types.js'
import { createIpcHandler } from './ipc.js'
import { createIpcHost, type IpcHost } from './ipc-host.js'
import { createMemoryHandler } from './memory.js'
import { createTieredHandler } from './tiered.js'

runHandlerConformance(
  'ipc (memory store behind a host)',
  ({ clock }) => {
    const host = createIpcHost({ handler: createMemoryHandler({ clock, logger: silentLogger }) })
    const [worker, hostEnd] = ipcPair()
    host.attach('w1', hostEnd)
    return createIpcHandler({ channel: worker, clock, logger: silentLogger })
  },
  { describe, it, expect, beforeEach, afterEach },
)

interface Worker {
  l1: CacheHandler
  handler: CacheHandler
  cache: ResponseCache
  channel: TestChannel
}

let host: IpcHost
let store: CacheHandler
let workers: Worker[] = []

/** `slowest`: the last worker receives 30 ms late, so only acknowledgements keep it coherent. */
async function start(n: number, slowest = false): Promise<Worker[]> {
  store = createMemoryHandler({ logger: silentLogger })
  host = createIpcHost({ handler: store, logger: silentLogger })
  workers = []
  for (let i = 0; i < n; i++) workers.push(await addWorker(`w${i}`, slowest && i === n - 1 ? 30 : 0))
  return workers
}

/** `delayMs`: what the host sends reaches this worker that much later (a busy process). */
async function addWorker(id: string, delayMs = 0): Promise<Worker> {
  const [channel, hostEnd] = ipcPair({ toWorkerDelayMs: delayMs })
  host.attach(id, hostEnd)
  const l1 = createMemoryHandler({ logger: silentLogger })
  const handler = createTieredHandler({ l1, l2: createIpcHandler({ channel, logger: silentLogger }) })
  await handler.ready?.()
  const cache = createResponseCache({ handler, logger: silentLogger, waitForEntryMs: 20_000 })
  return { l1, handler, cache, channel }
}

afterEach(async () => {
  for (const w of workers) {
    await w.cache.close()
    await w.handler.close?.()
  }
  host?.close()
})

function page(html: string, lastModified = Date.now(), revalidate: number | false = 60): CacheEntry {
  return makeEntry({ body: new TextEncoder().encode(html), tags: ['posts'], lastModified, revalidate })
}
const text = (entry: CacheEntry) => new TextDecoder().decode(entry.body)
const gate = () => {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

describe('ipc: workers over one host', () => {
  it('300 concurrent requests to a stale page on 3 workers: one render, then every worker serves it', async () => {
    const nodes = await start(3)
    const old = page('v1', Date.now() - 120_000)
    await store.set('route:b:/p', old)
    for (const node of nodes) await node.l1.set('route:b:/p', old) // every L1 holds the stale copy
    let renders = 0
    const render: Regenerate = async () => {
      renders++
      await new Promise((r) => setTimeout(r, 30))
      return page('v2')
    }
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => nodes[i % 3]!.cache.get('route:b:/p', render)),
    )
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['STALE']))
    for (const node of nodes) {
      for (let i = 0; ; i++) {
        const r = await node.cache.get('route:b:/p', render)
        if (r.status === 'HIT' && text(r.entry) === 'v2') break
        if (i > 200) throw new Error('never saw v2')
        await new Promise((r) => setTimeout(r, 10))
      }
    }
    expect(renders).toBe(1)
  })

  it('300 concurrent requests to a missing key on 3 workers: one render, every request gets it', async () => {
    const nodes = await start(3)
    let renders = 0
    const render: Regenerate = async () => {
      renders++
      await new Promise((r) => setTimeout(r, 30))
      return page('fresh')
    }
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => nodes[i % 3]!.cache.get('route:b:/new', render)),
    )
    expect(results.every((r) => text(r.entry) === 'fresh')).toBe(true)
    expect(renders).toBe(1)
  })

  it('an invalidation on one worker is seen by every other worker as soon as it resolves', async () => {
    const [a, b, c] = await start(3, true)
    const render: Regenerate = async () => page('v1')
    for (const w of [a!, b!, c!]) expect((await w.cache.get('route:b:/t', render)).entry).toBeDefined()
    expect(b!.cache.getFresh!('route:b:/t')).toBeDefined() // a synchronous HIT from b's L1
    await a!.cache.revalidateTags(['posts'])
    // No waiting: the host acknowledged only after b and c applied it.
    expect(b!.cache.getFresh!('route:b:/t')).toBeUndefined()
    expect(c!.cache.getFresh!('route:b:/t')).toBeUndefined()
    expect(c!.handler.getTagState('posts')).toEqual(a!.handler.getTagState('posts'))
    expect((await c!.cache.get('route:b:/t', async () => page('v2'))).status).toBe('MISS')
  })

  it("one worker's new entry drops the other workers' L1 copies before its write resolves", async () => {
    const [a, b] = await start(2, true)
    await a!.cache.get('route:b:/e', async () => page('v1'))
    expect(text((await b!.cache.get('route:b:/e', async () => page('never'))).entry)).toBe('v1')
    expect(b!.cache.getFresh!('route:b:/e')).toBeDefined()
    await a!.cache.get('route:b:/e', async () => page('v2'), { onDemand: true })
    expect(b!.cache.getFresh!('route:b:/e')).toBeUndefined() // not shadowed by b's old copy
    const r = await b!.cache.get('route:b:/e', async () => page('never'))
    expect([r.status, text(r.entry)]).toEqual(['HIT', 'v2'])
  })

  it('a new worker starts with the tag state the store holds', async () => {
    await start(1)
    await workers[0]!.cache.revalidateTags(['posts'])
    const late = await addWorker('late')
    workers.push(late)
    expect(late.handler.getTagState('posts')).toEqual(workers[0]!.handler.getTagState('posts'))
  })

  it('a lease owner that dies: a waiting worker renders at once instead of waiting out its wait', async () => {
    const [a, b] = await start(2)
    const rendering = gate()
    const never = new Promise<CacheEntry>(() => {})
    void a!.cache.get('route:b:/d', async () => {
      rendering.open()
      return never
    })
    await rendering.opened // a holds the lease and renders forever
    let renderedByB = 0
    const waiting = b!.cache.get('route:b:/d', async () => {
      renderedByB++
      return page('by b')
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(renderedByB).toBe(0) // b waits for a's entry (waitForEntryMs is 20 s here)
    a!.channel.close() // a's process exits (its render never settles: leave it out of afterEach)
    host.detach('w0')
    workers = workers.filter((w) => w !== a)
    const result = await waiting // woken by the detach: the test's 5 s bound is far below the 20 s wait
    expect([text(result.entry), renderedByB]).toEqual(['by b', 1])
  }, 5_000)

  it('a lease released after a failed render: the waiting worker renders at once', async () => {
    const [a, b] = await start(2)
    const rendering = gate()
    const failing = gate()
    const first = a!.cache.get('route:b:/f', async () => {
      rendering.open()
      await failing.opened
      throw new Error('source down')
    })
    await rendering.opened // a holds the lease
    let renderedByB = 0
    const waiting = b!.cache.get('route:b:/f', async () => {
      renderedByB++
      return page('by b')
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(renderedByB).toBe(0) // waiting for a's entry (waitForEntryMs is 20 s here)
    failing.open()
    await expect(first).rejects.toThrow('source down')
    const result = await waiting // woken by the release: the test's 5 s bound is far below the 20 s wait
    expect([text(result.entry), renderedByB]).toEqual(['by b', 1])
  }, 5_000)

  it("the owner's write ends its lease: the next render of the key may start at once", async () => {
    const [a] = await start(1)
    const lease = await a!.handler.acquireLease!('route:b:/l', 30_000)
    expect(lease).not.toBe(null)
    expect(await a!.handler.acquireLease!('route:b:/l', 30_000)).toBe(null)
    await a!.handler.set('route:b:/l', page('v1'))
    const next = await a!.handler.acquireLease!('route:b:/l', 30_000)
    expect(next).not.toBe(null) // the write ended the first lease; its release is then a no-op
    await lease!.release()
    expect(await a!.handler.acquireLease!('route:b:/l', 30_000)).toBe(null) // still the second's
    await next!.release()
  })

  it("the tag mirror stays bounded: a resync drops what the host's store pruned, keeps recent local ones", async () => {
    const clock = createManualClock(Date.now())
    const memory = createMemoryHandler({ clock, logger: silentLogger })
    const pruned = new Set<string>()
    // A store that has pruned some tags (the fs handler does in gc(), the memory one past 10k tags).
    store = { ...memory, tagStates: () => [...memory.tagStates!()].filter(([tag]) => !pruned.has(tag)) }
    host = createIpcHost({ handler: store, logger: silentLogger })
    const [channel, hostEnd] = ipcPair()
    host.attach('w', hostEnd)
    const worker = createIpcHandler({ channel, clock, logger: silentLogger })
    await worker.updateTags(['old'])
    clock.advance(2 * 60 * 60_000)
    await worker.updateTags(['recent'])
    pruned.add('old').add('recent')
    await worker.ready!() // a resync (also run every resyncIntervalMs)
    expect(worker.getTagState('old')).toBeUndefined()
    expect(worker.getTagState('recent')).toBeDefined()
    await worker.close!()
  })
})
