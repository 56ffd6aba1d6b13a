import { describe, expect, it } from 'vitest'
import { useRedisDatabase } from '../testing/redis-fixture.js'
import { waitUntil } from '../testing/redis-server.js'
import type { CacheHandler, TagState } from '../types.js'
import type { RedisHandlerOptions } from './redis.js'

const redis = useRedisDatabase()
let now = 1_800_000_000_000

const handler = (options: RedisHandlerOptions = {}) =>
  redis.readyHandler({ clock: { now: () => now }, ...options })

/** Resolves with the first update notification for `tag`. */
function nextUpdate(h: CacheHandler, tag: string): Promise<TagState> {
  return new Promise((resolve) => {
    const off = h.onTagUpdate!((tags, state) => {
      if (!tags.includes(tag)) return
      off()
      resolve(state)
    })
  })
}

describe('redis handler: tags', () => {
  it('expires tags now without a profile, visible at once locally and via pub/sub on another instance', async () => {
    const a = await handler()
    const b = await handler()
    const local = nextUpdate(a, 'posts')
    const remote = nextUpdate(b, 'posts')
    await a.updateTags(['posts', 'authors'])
    const expired = { stale: now, expired: now }
    expect(a.getTagState('posts')).toEqual(expired)
    expect(await local).toEqual(expired)
    expect(await remote).toEqual(expired)
    expect(b.getTagState('posts')).toEqual(expired)
    expect(b.getTagState('authors')).toEqual(expired)
    expect(b.getTagState('other')).toBeUndefined()
  })

  it('with a profile, goes stale now and expires later; without one, expires now', async () => {
    const a = await handler()
    const b = await handler()
    let remote = nextUpdate(b, 'posts')
    await a.updateTags(['posts'], { expire: 60 })
    expect(await remote).toEqual({ stale: now, expired: now + 60_000 })
    now += 5000
    remote = nextUpdate(b, 'posts')
    await a.updateTags(['posts'])
    expect(await remote).toEqual({ stale: now, expired: now })
  })

  it('never postpones a pending expiry, judged on what Redis holds (not a stale mirror)', async () => {
    const a = await handler()
    await redis.raw.hset('fresco:tags', 'e:posts', String(now + 10_000)) // unknown to a's mirror
    await a.updateTags(['posts'], { expire: 60 })
    await waitUntil(() => a.getTagState('posts')?.expired === now + 10_000)
    expect(await redis.raw.hget('fresco:tags', 'e:posts')).toBe(String(now + 10_000))
    expect(a.getTagState('posts')).toEqual({ stale: now, expired: now + 10_000 })
  })

  it('costs O(tags): two hash fields per tag at most, one hash in all', async () => {
    const a = await handler()
    await a.updateTags(['a', 'b', 'c'], { expire: 10 })
    await a.updateTags(['c', 'd'])
    expect(await redis.raw.hlen('fresco:tags')).toBe(8)
    expect(await redis.raw.keys('fresco:*')).toEqual(['fresco:tags'])
  })

  it('loads the mirror on ready() in a new instance', async () => {
    const a = await handler()
    await a.updateTags(['posts'], { expire: 30 })
    const late = await handler()
    expect(late.getTagState('posts')).toEqual({ stale: now, expired: now + 30_000 })
  })

  it('heals a missed message with the periodic resync and notifies listeners', async () => {
    const a = await handler({ resyncIntervalMs: 50 })
    const update = nextUpdate(a, 'missed')
    await redis.raw.hset('fresco:tags', 'e:missed', String(now - 10)) // written without a message
    expect(await update).toEqual({ expired: now - 10 })
  })

  it('prunes tag state older than the longest expire window on resync', async () => {
    const a = await handler({ resyncIntervalMs: 50, maxExpireSeconds: 3600 })
    await redis.raw.hset('fresco:tags', 'e:ancient', String(now - 3_601_000), 'e:recent', String(now - 1000))
    await waitUntil(async () => (await redis.raw.hexists('fresco:tags', 'e:ancient')) === 0)
    expect(await redis.raw.hget('fresco:tags', 'e:recent')).toBe(String(now - 1000))
    expect(a.getTagState('ancient')).toBeUndefined()
    expect(a.getTagState('recent')).toEqual({ expired: now - 1000 })
  })

  it('ignores foreign messages on its channel', async () => {
    const a = await handler()
    const b = await handler()
    await redis.raw.publish('fresco:tags', 'not json')
    await redis.raw.publish('fresco:tags', JSON.stringify({ o: 'x', f: { 'e:evil': 'NaN' } }))
    const remote = nextUpdate(b, 'ok')
    await a.updateTags(['ok'])
    expect(await remote).toEqual({ stale: now, expired: now })
    expect(b.getTagState('evil')).toBeUndefined()
  })

  it('unsubscribes listeners', async () => {
    const a = await handler()
    const seen: string[] = []
    const off = a.onTagUpdate!((tags) => seen.push(...tags))
    await a.updateTags(['one'])
    off()
    await a.updateTags(['two'])
    expect(seen).toEqual(['one'])
  })
})
