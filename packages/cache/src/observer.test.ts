// The CacheObserver events the framework's metrics are built on: one start and one end per
// regeneration, with the right outcome; deduplication when another instance rendered; local
// invalidations counted per tag.
import { describe, expect, it, vi } from 'vitest'
import { createManualClock } from './clock.js'
import { createMemoryHandler } from './handlers/memory.js'
import type { CacheObserver, RegenerationOutcome } from './observer.js'
import { createResponseCache, type Regenerate } from './response-cache.js'
import { createRecordingLogger, makeEntry } from './testing.js'
import type { CacheEntry, CacheHandler } from './types.js'

function recorder() {
  const events: string[] = []
  const observer: CacheObserver = {
    regenerationStarted: (key) => events.push(`start ${key}`),
    regenerationEnded: (key, outcome: RegenerationOutcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0)
      events.push(`${outcome} ${key}`)
    },
    regenerationDeduplicated: (key) => events.push(`dedup ${key}`),
    tagsInvalidated: (count) => events.push(`tags ${count}`),
  }
  return { events, observer }
}

function setup(handler?: CacheHandler, timeoutMs = 1000) {
  const clock = createManualClock()
  const { events, observer } = recorder()
  const cache = createResponseCache({
    handler: handler ?? createMemoryHandler({ clock }),
    clock,
    logger: createRecordingLogger(),
    observer,
    timeoutMs,
  })
  const render = (): Regenerate => async () => makeEntry({ lastModified: clock.now(), revalidate: 10 })
  return { clock, cache, events, render }
}

describe('CacheObserver', () => {
  it('a MISS, HITs and a STALE refresh: one start and one success per render', async () => {
    const { clock, cache, events, render } = setup()
    expect((await cache.get('k', render())).status).toBe('MISS')
    expect((await cache.get('k', render())).status).toBe('HIT')
    clock.advance(11_000)
    expect((await cache.get('k', render())).status).toBe('STALE')
    await cache.close()
    expect(events).toEqual(['start k', 'succeeded k', 'start k', 'succeeded k'])
  })

  it('reports failed and timed_out apart', async () => {
    const { cache, events } = setup(undefined, 20)
    await expect(cache.get('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(cache.get('b', () => new Promise<CacheEntry>(() => {}))).rejects.toThrow(/took longer/)
    expect(events).toEqual(['start a', 'failed a', 'start b', 'timed_out b'])
  })

  it('counts a regeneration another instance ran as deduplicated, not started', async () => {
    const clock = createManualClock()
    const memory = createMemoryHandler({ clock })
    const theirs = makeEntry({ lastModified: clock.now(), revalidate: 10 })
    // A lease held elsewhere; the other instance's entry arrives while we wait.
    const handler: CacheHandler = {
      ...memory,
      name: 'shared',
      acquireLease: async () => null,
      waitForEntry: async (key) => {
        await memory.set(key, theirs)
      },
    }
    const { cache, events } = setup(handler)
    const render = vi.fn<Regenerate>()
    expect((await cache.get('k', render)).status).toBe('MISS')
    expect(render).not.toHaveBeenCalled()
    expect(events).toEqual(['dedup k'])
  })

  it('tells each local invalidation with its tag count', async () => {
    const { cache, events } = setup()
    await cache.revalidateTags(['a', 'b'])
    await cache.revalidateTags([])
    expect(events).toEqual(['tags 2'])
  })
})
