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

  it('Redis keeps the later invalidation of a tag, whatever order two instances reach it in', async () => {
    let late = now + 5
    const a = await handler() // its clock: `now`
    const b = await handler({ clock: { now: () => late } })
    await b.updateTags(['posts']) // the later invalidation arrives first…
    await a.updateTags(['posts']) // …and the earlier one after it
    expect(await redis.raw.hgetall('fresco:tags')).toEqual({
      's:posts': String(late),
      'e:posts': String(late),
    })
    const agreed = { stale: late, expired: late }
    await waitUntil(() => a.getTagState('posts')?.stale === late)
    expect(a.getTagState('posts')).toEqual(agreed)
    expect(b.getTagState('posts')).toEqual(agreed)
    // A soft invalidation older than an immediate one does not bring its deadline back either.
    late += 10
    await b.updateTags(['posts'])
    await a.updateTags(['posts'], { expire: 60 })
    expect(await redis.raw.hget('fresco:tags', 'e:posts')).toBe(String(late))
  })

  it('a mirror never applies a message older than what it holds', async () => {
    const a = await handler()
    const b = await handler()
    now += 100
    await a.updateTags(['posts'])
    await waitUntil(() => b.getTagState('posts')?.stale === now)
    // Another instance's older broadcast arriving late (sent before, delivered after).
    await redis.raw.publish(
      'fresco:tags',
      JSON.stringify({ o: 'other', f: { 's:posts': now - 50, 'e:posts': now - 50 } }),
    )
    const marker = nextUpdate(b, 'marker')
    await a.updateTags(['marker']) // messages on one channel arrive in order: the older one came first
    await marker
    expect(a.getTagState('posts')).toEqual({ stale: now, expired: now })
    expect(b.getTagState('posts')).toEqual({ stale: now, expired: now })
  })

  it('many concurrent invalidations of one tag from two instances: all agree with Redis on the latest', async () => {
    let tick = now
    const a = await handler({ clock: { now: () => tick } })
    const b = await handler({ clock: { now: () => tick } })
    const updates: Promise<void>[] = []
    for (let i = 0; i < 200; i++) {
      tick += 1 // the two instances interleave; each call reads the clock when it is made
      const profile = i % 3 === 0 ? { expire: 30 } : undefined
      updates.push((i % 2 === 0 ? a : b).updateTags(['hot'], profile))
    }
    await Promise.all(updates)
    const latest = { stale: tick, expired: tick } // the last call (i = 199) expired the tag now
    expect(await redis.raw.hgetall('fresco:tags')).toEqual({ 's:hot': String(tick), 'e:hot': String(tick) })
    await waitUntil(() => a.getTagState('hot')?.stale === tick && b.getTagState('hot')?.stale === tick)
    expect(a.getTagState('hot')).toEqual(latest)
    expect(b.getTagState('hot')).toEqual(latest)
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
