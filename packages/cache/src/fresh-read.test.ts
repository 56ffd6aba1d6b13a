import { describe, expect, it, vi } from 'vitest'
import { createManualClock } from './clock.js'
import { createMemoryHandler } from './handlers/memory.js'
import { createTieredHandler } from './handlers/tiered.js'
import { silentLogger } from './logger.js'
import { createResponseCache, type Regenerate } from './response-cache.js'
import { createRecordingLogger, makeEntry } from './testing.js'
import type { CacheEntry, CacheHandler } from './types.js'

function setup(handlerOf?: (memory: CacheHandler) => CacheHandler) {
  const clock = createManualClock()
  const logger = createRecordingLogger()
  const memory = createMemoryHandler({ clock, logger: silentLogger })
  const handler = handlerOf ? handlerOf(memory) : memory
  const cache = createResponseCache({ handler, clock, logger })
  const render = vi.fn<Regenerate>(async () => makeEntry({ lastModified: clock.now(), tags: ['posts'] }))
  const seed = async (fields: Partial<CacheEntry> = {}) => {
    const entry = makeEntry({ lastModified: clock.now(), tags: ['posts'], ...fields })
    await handler.set('k', entry)
    return entry
  }
  return { clock, logger, memory, handler, cache, render, seed }
}

describe('response cache: getFresh (synchronous fresh read)', () => {
  it('answers the entry get() would HIT with, synchronously, and logs the same HIT line', async () => {
    const { cache, seed, logger, render } = setup()
    const entry = await seed({ revalidate: 60 })
    expect(cache.getFresh!('k', ['_N_T_/blog/1'])).toBe(entry)
    expect(logger.of('debug')).toEqual([`HIT k (age 0s <= revalidate 60s)`])
    expect(await cache.get('k', render)).toEqual({ entry, status: 'HIT' })
    expect(render).not.toHaveBeenCalled()
  })

  it('is undefined when absent, and never renders (a MISS stays for get)', async () => {
    const { cache, render } = setup()
    expect(cache.getFresh!('k')).toBeUndefined()
    expect((await cache.get('k', render)).status).toBe('MISS')
  })

  it('is undefined once stale by age; get() still answers STALE and schedules one regeneration', async () => {
    const { cache, clock, seed, render } = setup()
    const old = await seed({ revalidate: 60 })
    clock.advance(60_000)
    expect(cache.getFresh!('k')).toBe(old) // inclusive-fresh boundary, as lookup
    clock.advance(1)
    expect(cache.getFresh!('k')).toBeUndefined()
    expect(render).not.toHaveBeenCalled()
    expect(await cache.get('k', render)).toEqual({ entry: old, status: 'STALE' })
    await cache.close()
    expect(render).toHaveBeenCalledTimes(1)
    expect(cache.getFresh!('k')).not.toBe(old)
    expect(cache.getFresh!('k')).toBeDefined()
  })

  it('is undefined past expire', async () => {
    const { cache, clock, seed } = setup()
    await seed({ revalidate: false, expire: 10 })
    clock.advance(10_001)
    expect(cache.getFresh!('k')).toBeUndefined()
  })

  it('is undefined after an invalidation of an entry tag or of an extra (implicit) tag, stale or expired', async () => {
    const { cache, clock, seed } = setup()
    const entry = await seed({ revalidate: false })
    clock.advance(1)
    expect(cache.getFresh!('k', ['_N_T_/blog/1'])).toBe(entry)
    await cache.revalidateTags(['_N_T_/blog/1'], { expire: 60 }) // stale, not expired
    expect(cache.getFresh!('k', ['_N_T_/blog/1'])).toBeUndefined()
    expect(cache.getFresh!('k')).toBe(entry) // the tag is not the entry's own
    await cache.revalidateTags(['posts']) // expired now
    expect(cache.getFresh!('k')).toBeUndefined()
  })

  it('agrees with get() over every state: whenever it answers, get answers HIT with the same entry', async () => {
    const { cache, clock, seed, render } = setup()
    await seed({ revalidate: 10, expire: 100 })
    for (let step = 0; step < 30; step++) {
      if (step === 12) await cache.revalidateTags(['posts'], { expire: 5 })
      const fresh = cache.getFresh!('k', ['_N_T_/a'])
      const got = await cache.get('k', render, { extraTags: ['_N_T_/a'] })
      if (fresh !== undefined) expect(got).toEqual({ entry: fresh, status: 'HIT' })
      else expect(got.status).not.toBe('HIT')
      await cache.close()
      clock.advance(4_000)
    }
  })

  it('is undefined for a never-stored (revalidate 0) entry', async () => {
    const { cache, seed } = setup()
    await seed({ revalidate: 0 })
    expect(cache.getFresh!('k')).toBeUndefined()
  })

  it('is undefined without handler.getSync (fs, Redis: I/O), and when getSync throws', async () => {
    const withoutSync = setup((memory) => ({ ...memory, getSync: undefined }))
    await withoutSync.seed()
    expect(withoutSync.cache.getFresh!('k')).toBeUndefined()
    expect((await withoutSync.cache.get('k', withoutSync.render)).status).toBe('HIT')
    const throwing = setup((memory) => ({
      ...memory,
      getSync: () => {
        throw new Error('broken')
      },
    }))
    await throwing.seed()
    expect(throwing.cache.getFresh!('k')).toBeUndefined()
  })

  it('tiered: an L1 copy answers; an entry only in L2 waits for get() to fill L1', async () => {
    const clock = createManualClock()
    const l1 = createMemoryHandler({ clock, logger: silentLogger })
    const l2 = createMemoryHandler({ clock, logger: silentLogger })
    const cache = createResponseCache({
      handler: createTieredHandler({ l1, l2 }),
      clock,
      logger: silentLogger,
    })
    const entry = makeEntry({ lastModified: clock.now(), tags: ['posts'] })
    await l2.set('k', entry)
    expect(cache.getFresh!('k')).toBeUndefined()
    expect((await cache.get('k', vi.fn<Regenerate>())).status).toBe('HIT')
    expect(cache.getFresh!('k')).toBe(entry)
    await l2.updateTags(['posts']) // another instance invalidated (L2's tag state decides)
    expect(cache.getFresh!('k')).toBeUndefined()
  })
})
