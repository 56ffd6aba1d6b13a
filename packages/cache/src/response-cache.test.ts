import { describe, expect, it, vi } from 'vitest'
import { createManualClock, type ManualClock } from './clock.js'
import { FrescoCacheError } from './errors.js'
import { createMemoryHandler, type MemoryHandler } from './handlers/memory.js'
import {
  type CacheResult,
  createResponseCache,
  type Regenerate,
  type ResponseCacheOptions,
} from './response-cache.js'
import { createRecordingLogger, makeEntry, type RecordingLogger } from './testing.js'
import type { CacheEntry, CacheHandler, Lease } from './types.js'

const text = (entry: CacheEntry) => new TextDecoder().decode(entry.body)

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function setup(options: Partial<ResponseCacheOptions> & { handler?: CacheHandler } = {}) {
  const clock: ManualClock = createManualClock()
  const logger: RecordingLogger = createRecordingLogger()
  const memory: MemoryHandler = createMemoryHandler({ clock, logger })
  const handler = options.handler ?? memory
  const cache = createResponseCache({ clock, logger, ...options, handler })
  /** A regenerate that renders `v1`, `v2`, … stamped with the clock. */
  function renderer(fields: Partial<CacheEntry> = {}) {
    let n = 0
    return vi.fn<Regenerate>(async () =>
      makeEntry({
        body: new TextEncoder().encode(`v${++n}`),
        lastModified: clock.now(),
        tags: ['posts'],
        ...fields,
      }),
    )
  }
  /** Store an entry generated now (v0), as a previous render would have. */
  async function seed(key: string, fields: Partial<CacheEntry> = {}) {
    const entry = makeEntry({
      body: new TextEncoder().encode('v0'),
      lastModified: clock.now(),
      tags: ['posts'],
      ...fields,
    })
    await handler.set(key, entry)
    return entry
  }
  return { clock, logger, memory, handler, cache, renderer, seed }
}

const failing = (message = 'boom') => vi.fn<Regenerate>(async () => Promise.reject(new Error(message)))

describe('response cache: transitions', () => {
  it('MISS renders and stores; the next read is a HIT of the very same object', async () => {
    const { cache, renderer } = setup()
    const render = renderer()
    const first = await cache.get('k', render)
    expect(first.status).toBe('MISS')
    expect(text(first.entry)).toBe('v1')
    const second = await cache.get('k', render)
    expect(second).toEqual({ entry: first.entry, status: 'HIT' })
    expect(second.entry).toBe(first.entry)
    expect(render).toHaveBeenCalledTimes(1)
    expect(render.mock.calls[0]![0]).toMatchObject({ previous: undefined, reason: 'no entry' })
  })

  it('fresh up to revalidate (HIT); then STALE now and one background regeneration', async () => {
    const { cache, clock, renderer, seed } = setup()
    const old = await seed('k', { revalidate: 60 })
    const render = renderer()
    clock.advance(60_000)
    expect((await cache.get('k', render)).status).toBe('HIT')
    clock.advance(1)
    const stale = await cache.get('k', render)
    expect(stale).toEqual({ entry: old, status: 'STALE' })
    expect(render).toHaveBeenCalledTimes(1)
    expect(render.mock.calls[0]![0].previous).toBe(old)
    expect(render.mock.calls[0]![0].reason).toBe('age 60s > revalidate 60s')
    await cache.close()
    const next = await cache.get('k', render)
    expect(next.status).toBe('HIT')
    expect(text(next.entry)).toBe('v1')
  })

  it("judges age by the reader's revalidate when given (GetOptions.revalidate); the entry is unchanged", async () => {
    const { cache, clock, renderer, seed } = setup()
    const old = await seed('k', { revalidate: false })
    const render = renderer()
    clock.advance(4_000)
    expect((await cache.get('k', render)).status).toBe('HIT')
    const stale = await cache.get('k', render, { revalidate: 3 })
    expect(stale).toEqual({ entry: old, status: 'STALE' })
    expect(render.mock.calls[0]![0].reason).toBe('age 4s > revalidate 3s')
    await cache.close()
    clock.advance(60_000)
    // The new entry keeps what the regeneration returned; a reader that caches forever sees it fresh.
    expect((await cache.get('k', render, { revalidate: false })).status).toBe('HIT')
    expect(render).toHaveBeenCalledTimes(1)
  })

  it('1,000 concurrent requests for a stale key: all STALE, exactly one regeneration', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('k')
    clock.advance(61_000)
    const render = renderer()
    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.get('k', render)))
    expect(results.every((r) => r.status === 'STALE' && text(r.entry) === 'v0')).toBe(true)
    await cache.close()
    expect(render).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['the same object', false],
    ['a new copy per read (fs, Redis)', true],
  ])(
    'a stale read that resolves after the regeneration finished does not start a second one (%s)',
    async (_, copies) => {
      // The read of request B returns the stale entry, but B only continues once A's regeneration has
      // written v1 and ended (a loaded event loop): B answers STALE and must not render again.
      const { clock, logger, memory, renderer, seed } = setup()
      const hold = deferred<void>()
      let holdNext = false
      const handler: CacheHandler = {
        ...memory,
        async get(key) {
          const entry = await memory.get(key)
          if (holdNext) {
            holdNext = false
            await hold.promise
          }
          return copies && entry ? { ...entry } : entry
        },
      }
      const cache = createResponseCache({ clock, logger, handler })
      await seed('k')
      clock.advance(61_000)
      const render = renderer()
      expect((await cache.get('k', render)).status).toBe('STALE') // A: starts the regeneration
      holdNext = true
      const b = cache.get('k', render) // B: has read v0, continues later
      await cache.close() // A's regeneration has written v1 and ended
      hold.resolve()
      const late = await b
      expect([late.status, text(late.entry)]).toEqual(['STALE', 'v0'])
      await cache.close()
      expect(render).toHaveBeenCalledTimes(1)
      expect(text((await cache.get('k', render)).entry)).toBe('v1')
    },
  )

  it('a handler that keeps serving the older copy (a lost write) is regenerated again, not stuck STALE', async () => {
    const { clock, logger, memory, renderer, seed } = setup()
    await seed('k')
    const handler: CacheHandler = {
      ...memory,
      get: async (key) => (await memory.get(key)) && { ...(await memory.get(key))! },
      set: async () => {},
    }
    const cache = createResponseCache({ clock, logger, handler })
    clock.advance(61_000)
    const render = renderer()
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    clock.advance(1_000) // a read right after the write: taken as read before it
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    expect(render).toHaveBeenCalledTimes(1)
    clock.advance(10_000) // no read takes this long: the handler still has the old entry
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('1,000 concurrent requests for a missing key: all MISS with one shared render', async () => {
    const { cache, renderer } = setup()
    const render = renderer()
    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.get('k', render)))
    expect(render).toHaveBeenCalledTimes(1)
    expect(results.every((r) => r.status === 'MISS' && r.entry === results[0]!.entry)).toBe(true)
  })

  it('past expire: blocking MISS, never the expired body', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('k', { revalidate: 10, expire: 100 })
    clock.advance(100_001)
    const result = await cache.get('k', renderer())
    expect(result.status).toBe('MISS')
    expect(text(result.entry)).toBe('v1')
  })

  it('the default expire (one year) applies to entries without one, and is configurable', async () => {
    const a = setup()
    await a.seed('k', { revalidate: 10 })
    a.clock.advance(31_536_000_000)
    expect((await a.cache.get('k', a.renderer())).status).toBe('STALE')
    a.clock.advance(1)
    expect((await a.cache.get('k', a.renderer())).status).toBe('MISS')
    const b = setup({ defaultExpire: 20 })
    await b.seed('k', { revalidate: 10 })
    b.clock.advance(20_001)
    expect((await b.cache.get('k', b.renderer())).status).toBe('MISS')
  })

  it('revalidate false is never stale', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('k', { revalidate: false })
    clock.advance(10 * 31_536_000_000)
    expect((await cache.get('k', renderer())).status).toBe('HIT')
  })

  it('tag expired (revalidateTags without expire): blocking MISS', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('k')
    clock.advance(1000)
    await cache.revalidateTags(['posts'])
    clock.advance(1)
    const result = await cache.get('k', renderer())
    expect(result.status).toBe('MISS')
    expect(text(result.entry)).toBe('v1')
    clock.advance(1)
    expect((await cache.get('k', renderer())).status).toBe('HIT')
  })

  it('tag stale (revalidateTags with expire): STALE + background until the deadline, then MISS', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('k', { revalidate: false })
    await seed('other', { revalidate: false })
    clock.advance(1000)
    await cache.revalidateTags(['posts'], { expire: 300 })
    clock.advance(1)
    const render = renderer()
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    expect(render).toHaveBeenCalledTimes(1)
    clock.advance(1)
    expect((await cache.get('k', render)).status).toBe('HIT')
    // `other` was not read within the window: past the deadline it blocks.
    clock.advance(300_000)
    const other = await cache.get('other', renderer())
    expect(other.status).toBe('MISS')
  })

  it('extraTags are checked at read time besides the entry tags', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('data', { tags: ['data-only'] })
    clock.advance(10)
    await cache.revalidateTags(['_N_T_/blog/1'])
    clock.advance(1)
    expect((await cache.get('data', renderer())).status).toBe('HIT')
    const result = await cache.get('data', renderer(), { extraTags: ['_N_T_/blog/1'] })
    expect(result.status).toBe('MISS')
  })

  it('blockOnStale treats stale like expired', async () => {
    const { cache, clock, renderer, seed } = setup()
    await seed('k')
    clock.advance(61_000)
    const result = await cache.get('k', renderer(), { blockOnStale: true })
    expect(result.status).toBe('MISS')
    expect(text(result.entry)).toBe('v1')
  })

  it('onDemand renders even a fresh entry and answers REVALIDATED', async () => {
    const { cache, renderer, seed } = setup()
    const old = await seed('k')
    const render = renderer()
    const result = await cache.get('k', render, { onDemand: true })
    expect(result.status).toBe('REVALIDATED')
    expect(text(result.entry)).toBe('v1')
    expect(render.mock.calls[0]![0]).toMatchObject({ previous: old, reason: 'on-demand' })
    expect(text((await cache.get('k', render)).entry)).toBe('v1')
  })

  it('onDemand never waits behind an ordinary regeneration, which then cannot overwrite it', async () => {
    const { cache, clock, seed } = setup()
    await seed('k')
    clock.advance(61_000)
    const slow = deferred<CacheEntry>()
    const ordinary = vi.fn<Regenerate>(() => slow.promise)
    expect((await cache.get('k', ordinary)).status).toBe('STALE')
    clock.advance(1)
    const onDemand = vi.fn<Regenerate>(async () =>
      makeEntry({ body: new TextEncoder().encode('fresh'), lastModified: clock.now() }),
    )
    const result = await cache.get('k', onDemand, { onDemand: true })
    expect(result.status).toBe('REVALIDATED')
    expect(text(result.entry)).toBe('fresh')
    slow.resolve(makeEntry({ body: new TextEncoder().encode('older'), lastModified: clock.now() - 1 }))
    await cache.close()
    expect(text((await cache.get('k', ordinary)).entry)).toBe('fresh')
  })

  it('revalidate 0: handed to the waiting callers, never stored, older version dropped', async () => {
    const { cache, clock, memory, renderer, seed } = setup()
    await seed('k')
    clock.advance(61_000)
    const render = renderer({ revalidate: 0 })
    const [a, b] = await Promise.all([
      cache.get('k', render, { blockOnStale: true }),
      cache.get('k', render, { blockOnStale: true }),
    ])
    expect(a.entry).toBe(b.entry)
    expect(a.entry.revalidate).toBe(0)
    expect(await memory.get('k')).toBeUndefined()
    expect((await cache.get('k', render)).status).toBe('MISS')
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('peek reports the state without regenerating', async () => {
    const { cache, clock, seed } = setup()
    expect(await cache.peek('k')).toBeUndefined()
    await seed('k')
    clock.advance(61_000)
    expect((await cache.peek('k'))!.state).toBe('stale')
  })
})

describe('response cache: failures', () => {
  it('with no previous entry the error reaches the caller, is logged with the key, and is not backed off', async () => {
    const { cache, logger } = setup()
    const render = failing()
    await expect(cache.get('k', render)).rejects.toThrow('boom')
    expect(logger.of('error')[0]).toContain('ERROR k regeneration failed (no entry)')
    await expect(cache.get('k', render)).rejects.toThrow('boom')
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('a failed background regeneration keeps the stale entry and backs off clamp(revalidate, 3, 30) s', async () => {
    const { cache, clock, logger, seed } = setup()
    const old = await seed('k', { revalidate: 10 })
    clock.advance(11_000)
    const render = failing()
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    await cache.close()
    expect(logger.of('error')[0]).toMatch(/ERROR k regeneration failed .*next attempt in 10s/)
    clock.advance(9_999)
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    expect(render).toHaveBeenCalledTimes(1)
    clock.advance(1)
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('tag-invalidated entry + failed render: last good served STALE (default), not an error', async () => {
    const { cache, clock, seed } = setup()
    const old = await seed('k')
    clock.advance(10)
    await cache.revalidateTags(['posts'])
    clock.advance(1)
    const render = failing()
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    // within the back-off (clamp(60) = 30 s) no new attempt is made
    clock.advance(1000)
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    expect(render).toHaveBeenCalledTimes(1)
  })

  it('the last-good fallback can be turned off', async () => {
    const { cache, clock, seed } = setup({ lastGoodOnTagInvalidation: false })
    await seed('k')
    clock.advance(10)
    await cache.revalidateTags(['posts'])
    clock.advance(1)
    await expect(cache.get('k', failing())).rejects.toThrow('boom')
  })

  it('an entry expired by age is never a fallback', async () => {
    const { cache, clock, seed } = setup()
    await seed('k', { expire: 100 })
    clock.advance(100_001)
    await expect(cache.get('k', failing())).rejects.toThrow('boom')
  })

  it('times out a hung regeneration without a previous entry (error to the caller, signal aborted)', async () => {
    const { cache } = setup({ timeoutMs: 20 })
    let signal: AbortSignal | undefined
    const hung = vi.fn<Regenerate>((ctx) => {
      signal = ctx.signal
      return new Promise<CacheEntry>(() => {})
    })
    const error = await cache.get('k', hung).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FrescoCacheError)
    expect((error as FrescoCacheError).code).toBe('REGENERATION_TIMEOUT')
    expect(signal!.aborted).toBe(true)
    // the key is free again: the next request tries anew
    await expect(cache.get('k', hung)).rejects.toThrow(/took longer than 20 ms/)
    expect(hung).toHaveBeenCalledTimes(2)
  })

  it('times out a hung background regeneration and keeps serving the previous entry', async () => {
    const { cache, clock, logger, seed } = setup({ timeoutMs: 20 })
    const old = await seed('k')
    clock.advance(61_000)
    expect(await cache.get('k', () => new Promise<CacheEntry>(() => {}))).toEqual({
      entry: old,
      status: 'STALE',
    })
    await cache.close()
    expect(logger.of('error')[0]).toContain('ERROR k')
    expect((await cache.get('k', failing())).entry).toBe(old)
  })

  it('a cache read or write failure never fails the request', async () => {
    const clock = createManualClock()
    const broken: CacheHandler = {
      name: 'broken',
      get: async () => Promise.reject(new Error('disk gone')),
      set: async () => Promise.reject(new Error('disk full')),
      delete: async () => {},
      updateTags: async () => {},
      getTagState: () => undefined,
    }
    const { cache, logger } = setup({ handler: broken })
    const result = await cache.get('k', async () => makeEntry({ lastModified: clock.now() }))
    expect(result.status).toBe('MISS')
    expect(logger.of('error').join('\n')).toMatch(/read failed for k[\s\S]*write failed for k/)
  })

  it('rejects an invalid entry from regenerate with a clear error', async () => {
    const { cache } = setup()
    const bad = (async () => ({ ...makeEntry(), body: '<html>' })) as unknown as Regenerate
    await expect(cache.get('k', bad)).rejects.toThrow(/\[fresco\] Cache entry for "k" has an invalid body/)
  })
})

describe('response cache: bounded wait for a last good entry (regenerationWaitMs)', () => {
  /** A tag-invalidated `k` (v0) and a regeneration that hangs until `gate` resolves. */
  async function hangingAfterInvalidation(options: Partial<ResponseCacheOptions> = {}) {
    const base = setup(options)
    const old = await base.seed('k')
    base.clock.advance(10)
    await base.cache.revalidateTags(['posts'])
    base.clock.advance(1)
    const gate = deferred<void>()
    const render = vi.fn<Regenerate>(async () => {
      await gate.promise
      return makeEntry({
        body: new TextEncoder().encode('new'),
        lastModified: base.clock.now(),
        tags: ['posts'],
      })
    })
    return { ...base, old, gate, render }
  }
  /** Whether `promise` has settled after the microtasks queued so far. */
  async function settled(promise: Promise<unknown>): Promise<boolean> {
    let done = false
    void promise.then(
      () => {
        done = true
      },
      () => {
        done = true
      },
    )
    await vi.advanceTimersByTimeAsync(0)
    return done
  }

  it('waits at most the bound, then answers STALE with the last good entry; later requests at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const { cache, logger, old, gate, render } = await hangingAfterInvalidation()
      const first = cache.get('k', render)
      await vi.advanceTimersByTimeAsync(1_999)
      expect(await settled(first)).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect(await first).toEqual({ entry: old, status: 'STALE' })
      // The regeneration is overdue: the next requests do not wait again.
      const later = cache.get('k', render)
      expect(await settled(later)).toBe(true)
      expect(await later).toEqual({ entry: old, status: 'STALE' })
      expect(render).toHaveBeenCalledTimes(1)
      const warned = logger.of('warn').filter((l) => l.startsWith('STALE k'))
      expect(warned).toHaveLength(1)
      expect(warned[0]).toContain('tag posts expired')
      expect(warned[0]).toContain('still running after 2s')
      // It runs on and lands: the next request is a HIT of the new entry, with no second render.
      gate.resolve()
      await vi.advanceTimersByTimeAsync(0)
      await cache.close()
      const after = await cache.get('k', render)
      expect(after.status).toBe('HIT')
      expect(text(after.entry)).toBe('new')
      expect(render).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a regeneration that settles within the bound answers MISS with the new entry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const { cache, gate, render } = await hangingAfterInvalidation()
      const first = cache.get('k', render)
      await vi.advanceTimersByTimeAsync(1_500)
      gate.resolve()
      const result = await first
      expect(result.status).toBe('MISS')
      expect(text(result.entry)).toBe('new')
    } finally {
      vi.useRealTimers()
    }
  })

  it('regenerationWaitMs 0 never waits: STALE at once, the regeneration still lands', async () => {
    const { cache, old, gate, render } = await hangingAfterInvalidation({ regenerationWaitMs: 0 })
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    expect(render).toHaveBeenCalledTimes(1)
    gate.resolve()
    await cache.close()
    expect(text((await cache.get('k', render)).entry)).toBe('new')
  })

  it('an overdue regeneration that then times out keeps the last good entry and backs off', async () => {
    const { cache, old, render } = await hangingAfterInvalidation({ regenerationWaitMs: 0, timeoutMs: 20 })
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    await cache.close() // the flight settles by its own timeout
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    expect(render).toHaveBeenCalledTimes(1) // back-off: no new attempt yet
  })

  it('without a last good entry (none, expired by age, fallback off, blockOnStale) it waits for the render', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const none = setup()
      const noneGate = deferred<void>()
      const missing = none.cache.get('k', async () => {
        await noneGate.promise
        return makeEntry({ lastModified: none.clock.now() })
      })
      const off = await hangingAfterInvalidation({ lastGoodOnTagInvalidation: false })
      const offResult = off.cache.get('k', off.render)
      const data = await hangingAfterInvalidation()
      const dataResult = data.cache.get('k', data.render, { blockOnStale: true })
      await vi.advanceTimersByTimeAsync(10_000)
      expect(await settled(missing)).toBe(false)
      expect(await settled(offResult)).toBe(false)
      expect(await settled(dataResult)).toBe(false)
      noneGate.resolve()
      off.gate.resolve()
      data.gate.resolve()
      expect((await missing).status).toBe('MISS')
      expect(text((await offResult).entry)).toBe('new')
      expect(text((await dataResult).entry)).toBe('new')
    } finally {
      vi.useRealTimers()
    }
  })

  it('rejects a negative or non-numeric regenerationWaitMs', () => {
    for (const bad of [-1, Number.NaN, '2'])
      expect(() =>
        createResponseCache({ handler: createMemoryHandler(), regenerationWaitMs: bad as number }),
      ).toThrow(/regenerationWaitMs/)
  })
})

describe('response cache: purge fencing', () => {
  it('a render that began before an invalidation answers its waiters but is stored already invalid', async () => {
    const { cache, clock, memory } = setup()
    const gate = deferred<void>()
    const started = deferred<void>()
    const render = vi.fn<Regenerate>(async () => {
      const startedAt = clock.now()
      started.resolve()
      await gate.promise
      return makeEntry({
        body: new TextEncoder().encode(`render@${startedAt}`),
        lastModified: clock.now(),
        tags: ['posts'],
      })
    })
    const waiting = cache.get('k', render)
    await started.promise
    const startedAt = clock.now()
    clock.advance(5)
    await cache.revalidateTags(['posts'])
    clock.advance(5)
    gate.resolve()
    const result = await waiting
    expect(result.status).toBe('MISS')
    expect(text(result.entry)).toBe(`render@${startedAt}`)
    // stored with lastModified = render start, so the invalidation still applies to it
    expect((await memory.get('k'))!.lastModified).toBe(startedAt)
    clock.advance(1)
    expect((await cache.get('k', render)).status).toBe('MISS')
    expect(render).toHaveBeenCalledTimes(2)
  })

  it('a request arriving after the invalidation does not join the older render', async () => {
    const { cache, clock, seed } = setup()
    await seed('k')
    clock.advance(61_000)
    const gate = deferred<void>()
    const started = deferred<void>()
    let n = 0
    const render = vi.fn<Regenerate>(async () => {
      const mine = ++n
      started.resolve()
      if (mine === 1) await gate.promise
      return makeEntry({
        body: new TextEncoder().encode(`r${mine}`),
        lastModified: clock.now(),
        tags: ['posts'],
      })
    })
    const first = cache.get('k', render, { blockOnStale: true })
    await started.promise
    clock.advance(1)
    await cache.revalidateTags(['posts'])
    clock.advance(1)
    const second = await cache.get('k', render)
    expect(text(second.entry)).toBe('r2')
    gate.resolve()
    expect(text((await first).entry)).toBe('r1')
    expect(render).toHaveBeenCalledTimes(2)
    // the older render finished last but was superseded: the store keeps r2
    clock.advance(1)
    expect(text((await cache.get('k', render)).entry)).toBe('r2')
  })

  it('tie rule: a render starting in the same millisecond as an invalidation is not fresh', async () => {
    const { cache, clock, renderer } = setup()
    await cache.revalidateTags(['posts'])
    const render = renderer()
    expect((await cache.get('k', render)).status).toBe('MISS')
    // same ms: the stored entry is still affected
    expect((await cache.get('k', render)).status).toBe('MISS')
    clock.advance(1)
    expect((await cache.get('k', render)).status).toBe('MISS')
    clock.advance(1)
    expect((await cache.get('k', render)).status).toBe('HIT')
  })
})

describe('response cache: cluster leases', () => {
  function leasing(memory: MemoryHandler, held: { by?: string }) {
    const renewals: number[] = []
    const handler: CacheHandler & { renewals: number[]; waited: number } = {
      name: 'leasing',
      get: (k) => memory.get(k),
      set: (k, e) => memory.set(k, e),
      delete: (k) => memory.delete(k),
      updateTags: (t, o) => memory.updateTags(t, o),
      getTagState: (t) => memory.getTagState(t),
      renewals,
      waited: 0,
      async acquireLease(key, ttlMs) {
        if (held.by !== undefined) return null
        held.by = 'me'
        const lease: Lease = {
          key,
          token: 'me',
          renew: async (ttl) => {
            renewals.push(ttl)
            return true
          },
          release: async () => {
            held.by = undefined
          },
        }
        void ttlMs
        return lease
      },
      async waitForEntry() {
        handler.waited++
      },
    }
    return handler
  }

  it('background: skipped when another instance holds the lease', async () => {
    const held = { by: 'other' as string | undefined }
    const base = setup()
    const handler = leasing(base.memory, held)
    const cache = createResponseCache({ handler, clock: base.clock, logger: base.logger })
    await base.seed('k')
    base.clock.advance(61_000)
    const render = base.renderer()
    expect((await cache.get('k', render)).status).toBe('STALE')
    await cache.close()
    expect(render).toHaveBeenCalledTimes(0)
    expect(base.logger.of('debug').some((l) => l.startsWith('SKIP k'))).toBe(true)
  })

  it('blocking: waits for the other instance, then uses its entry', async () => {
    const held = { by: 'other' as string | undefined }
    const base = setup()
    const handler = leasing(base.memory, held)
    handler.waitForEntry = async () => {
      handler.waited++
      await base.memory.set(
        'k',
        makeEntry({ body: new TextEncoder().encode('theirs'), lastModified: base.clock.now() }),
      )
    }
    const cache = createResponseCache({ handler, clock: base.clock, logger: base.logger })
    const render = base.renderer()
    const result = await cache.get('k', render)
    expect(text(result.entry)).toBe('theirs')
    expect(result.status).toBe('MISS')
    expect(render).toHaveBeenCalledTimes(0)
    expect(handler.waited).toBe(1)
  })

  it('blocking: renders itself when the wait brings nothing', async () => {
    const held = { by: 'other' as string | undefined }
    const base = setup()
    const handler = leasing(base.memory, held)
    const cache = createResponseCache({ handler, clock: base.clock, logger: base.logger })
    const render = base.renderer()
    expect(text((await cache.get('k', render)).entry)).toBe('v1')
    expect(handler.waited).toBe(1)
    expect(render).toHaveBeenCalledTimes(1)
  })

  it('blocking with a last good entry: waiting for the other instance respects the bound', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const held = { by: 'other' as string | undefined }
      const base = setup()
      const handler = leasing(base.memory, held)
      handler.waitForEntry = () => new Promise<void>(() => {}) // the owner never announces anything
      const cache = createResponseCache({
        handler,
        clock: base.clock,
        logger: base.logger,
        waitForEntryMs: 60_000,
      })
      const old = await base.seed('k')
      base.clock.advance(10)
      await cache.revalidateTags(['posts'])
      base.clock.advance(1)
      const render = base.renderer()
      const result = cache.get('k', render)
      await vi.advanceTimersByTimeAsync(2_000)
      expect(await result).toEqual({ entry: old, status: 'STALE' })
      expect(render).toHaveBeenCalledTimes(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('holds, renews and releases the lease around a long render', async () => {
    const held: { by?: string } = {}
    const base = setup()
    const handler = leasing(base.memory, held)
    const cache = createResponseCache({ handler, clock: base.clock, logger: base.logger, leaseTtlMs: 10 })
    const render = vi.fn<Regenerate>(async () => {
      expect(held.by).toBe('me')
      await new Promise((resolve) => setTimeout(resolve, 50))
      return makeEntry({ lastModified: base.clock.now() })
    })
    await cache.get('k', render)
    await new Promise((resolve) => setImmediate(resolve))
    expect(handler.renewals.length).toBeGreaterThan(0)
    expect(held.by).toBeUndefined()
  })
})

describe('response cache: validation, logging, shutdown', () => {
  it('rejects bad keys and options with [fresco] errors', async () => {
    const { cache, renderer } = setup()
    await expect(cache.get('', renderer())).rejects.toThrow('[fresco] Cache key is empty')
    await expect(cache.get('x'.repeat(2049), renderer())).rejects.toThrow(/longer than 2048 characters/)
    await expect(cache.get(42 as unknown as string, renderer())).rejects.toThrow(/must be a string/)
    await expect(cache.revalidateTags(['a'], { expire: -1 })).rejects.toThrow(/expire -1/)
    await expect(cache.revalidateTags('posts' as unknown as string[])).rejects.toThrow(/array of strings/)
    expect(() => createResponseCache({ handler: createMemoryHandler(), timeoutMs: Number.NaN })).toThrow(
      /timeoutMs/,
    )
  })

  it('logs one debug line per HIT, STALE, MISS, REVALIDATED, SET and tag update', async () => {
    const { cache, clock, logger, renderer } = setup()
    const render = renderer({ revalidate: 60 })
    await cache.get('route:abc:/blog/1', render)
    await cache.get('route:abc:/blog/1', render)
    clock.advance(61_000)
    await cache.get('route:abc:/blog/1', render)
    await cache.close()
    await cache.get('route:abc:/blog/1', render, { onDemand: true })
    await cache.revalidateTags(['posts'], { expire: 60 })
    const lines = logger.of('debug')
    expect(lines).toContain('MISS route:abc:/blog/1 (no entry)')
    expect(lines).toContain('HIT route:abc:/blog/1 (age 0s <= revalidate 60s)')
    expect(lines).toContain('STALE route:abc:/blog/1 (age 61s > revalidate 60s)')
    expect(lines).toContain('REVALIDATED route:abc:/blog/1 (on-demand)')
    expect(lines.filter((l) => l.startsWith('SET route:abc:/blog/1'))).toHaveLength(3)
    expect(lines).toContain('TAGS stale now, expire in 60s: posts')
  })

  it('close() waits for in-flight background regenerations', async () => {
    const { cache, clock, memory, seed } = setup()
    await seed('k')
    clock.advance(61_000)
    const gate = deferred<void>()
    const render = vi.fn<Regenerate>(async () => {
      await gate.promise
      return makeEntry({ body: new TextEncoder().encode('done'), lastModified: clock.now() })
    })
    await cache.get('k', render)
    let closed = false
    const closing = cache.close().then(() => {
      closed = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(closed).toBe(false)
    gate.resolve()
    await closing
    expect(text((await memory.get('k'))!)).toBe('done')
  })

  it('drops tags over the limits with a warning, never crashes', async () => {
    const { cache, logger, memory, renderer } = setup()
    const tags = Array.from({ length: 130 }, (_, i) => `t${i}`)
    const result: CacheResult = await cache.get('k', renderer({ tags }))
    expect(result.entry.tags).toHaveLength(128)
    expect((await memory.get('k'))!.tags).toHaveLength(128)
    expect(logger.of('warn').filter((w) => w.includes('more than 128 tags'))).toHaveLength(2)
  })
})
