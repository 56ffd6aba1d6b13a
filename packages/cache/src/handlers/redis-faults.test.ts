import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { startRedisServer, type TestRedisServer, waitUntil } from '../testing/redis-server.js'
import type { CacheEntry, CacheHandler, Logger, TagState } from '../types.js'
import { createRedisHandler } from './redis.js'

const entry: CacheEntry = {
  kind: 'page',
  body: new TextEncoder().encode('<html>ok</html>'),
  payload: new Uint8Array([9]),
  status: 200,
  headers: {},
  tags: ['posts'],
  lastModified: Date.now(),
  revalidate: 60,
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, debug() {}, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) }
}

/** Fails (instead of hanging the test) if `p` does not settle within a generous bound. */
async function settles<T>(p: Promise<T>, ms = 5000): Promise<PromiseSettledResult<T>> {
  const bound = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms),
  )
  return Promise.race([Promise.allSettled([p]).then(([r]) => r!), bound])
}

const cleanup: (() => Promise<unknown> | undefined)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function server(): Promise<TestRedisServer> {
  const s = await startRedisServer()
  cleanup.push(() => s.stop())
  return s
}

function handler(url: string, logger: Logger): CacheHandler {
  const h = createRedisHandler({
    url,
    logger,
    commandTimeoutMs: 300,
    connectTimeoutMs: 300,
    resyncIntervalMs: 200,
  })
  cleanup.push(() => h.close?.())
  return h
}

/** A handler started while its Redis is down (the server exists, killed). */
async function startedWhileDown() {
  const s = await server()
  await s.kill()
  const log = recordingLogger()
  const h = handler(s.url, log)
  await h.ready!()
  return { s, log, h }
}

/** Polls until a write through `writer` is readable through `reader` (Redis is back for both). */
async function untilShared(writer: CacheHandler, reader: CacheHandler, key: string): Promise<void> {
  await waitUntil(async () => {
    await writer.set(key, entry)
    return (await reader.get(key)) !== undefined
  }, 15_000)
}

describe('redis handler: faults', () => {
  it('starts with Redis down: fast misses, dropped writes, local leases, local tags; one log line', async () => {
    const s = await server()
    await s.kill()
    const log = recordingLogger()
    const h = handler(s.url, log)
    expect((await settles(h.ready!())).status).toBe('fulfilled')
    for (let i = 0; i < 5; i++) {
      expect(await settles(h.get('route:/'))).toEqual({ status: 'fulfilled', value: undefined })
      expect((await settles(h.set('route:/', entry))).status).toBe('fulfilled')
      expect((await settles(h.delete('route:/'))).status).toBe('fulfilled')
    }
    const update = await settles(h.updateTags(['posts']))
    expect(update.status).toBe('rejected')
    expect(String((update as PromiseRejectedResult).reason)).toMatch(/\[fresco\].*this instance only/)
    expect(h.getTagState('posts')?.expired).toBeTypeOf('number')

    const lease = await h.acquireLease!('route:/', 10_000)
    expect(lease).not.toBeNull()
    expect(await h.acquireLease!('route:/', 10_000)).toBeNull()
    await lease!.release()
    expect(await h.acquireLease!('route:/', 10_000)).not.toBeNull()
    expect(log.warnings.filter((w) => w.includes('unavailable'))).toHaveLength(1)
  })

  it('recovers by itself when Redis comes up later, and replays tag updates made meanwhile', async () => {
    const { s, log, h } = await startedWhileDown()
    await h.updateTags(['offline']).catch(() => {})
    const expired = h.getTagState('offline')!.expired!
    await s.restart()
    const raw = new Redis(s.url)
    cleanup.push(async () => raw.disconnect())
    await waitUntil(async () => (await raw.hget('fresco:tags', 'e:offline')) === String(expired), 15_000)
    await untilShared(h, h, 'data:x')
    expect(log.warnings.filter((w) => w.includes('unavailable'))).toHaveLength(1)
    expect(log.warnings.filter((w) => w.includes('cache is back'))).toHaveLength(1)
  })

  it('coalesces invalidations made during an outage: one queued update per tag, the latest replayed', async () => {
    const s = await server()
    await s.kill()
    const log = recordingLogger()
    let now = 1_800_000_000_000
    const h = createRedisHandler({
      url: s.url,
      logger: log,
      clock: { now: () => now },
      commandTimeoutMs: 300,
      connectTimeoutMs: 300,
      resyncIntervalMs: 200,
    })
    cleanup.push(() => h.close?.())
    await h.ready!()
    for (let i = 0; i < 1000; i++) {
      now += 1
      await h.updateTags(['hot'], i % 2 === 0 ? { expire: 60 } : undefined).catch(() => {})
    }
    await h.updateTags(['cold'], { expire: 60 }).catch(() => {})
    const latest = h.getTagState('hot')!
    expect(latest).toEqual({ stale: now, expired: now }) // the last 'hot' one expired it now
    await s.restart()
    const raw = new Redis(s.url)
    cleanup.push(async () => raw.disconnect())
    await waitUntil(async () => (await raw.hget('fresco:tags', 's:cold')) !== null, 15_000)
    expect(await raw.hgetall('fresco:tags')).toEqual({
      's:hot': String(latest.stale),
      'e:hot': String(latest.expired),
      's:cold': String(now),
      'e:cold': String(now + 60_000),
    })
    // Two tags were queued, whatever the number of updates.
    expect(log.warnings.filter((w) => w.includes('replayed'))).toEqual([
      'redis: replayed the invalidation of 2 tags made while Redis was down.',
    ])
  })

  it('bounds the replay queue: past 10,000 tags one warning, and the first 10,000 are replayed', async () => {
    const { s, log, h } = await startedWhileDown()
    const many = Array.from({ length: 10_050 }, (_, i) => `t${i}`)
    await h.updateTags(many).catch(() => {})
    await h.updateTags(['t0', 'late']).catch(() => {}) // a queued tag is still merged; a new one is not queued
    expect(log.warnings.filter((w) => w.includes('more than 10000 tags'))).toHaveLength(1)
    expect(h.getTagState('late')).toBeDefined() // it still holds on this instance
    await s.restart()
    // A bound for the reconnect and the replay of 10,000 tags, generous for a loaded machine.
    await waitUntil(() => log.warnings.some((w) => w.includes('replayed')), 60_000)
    expect(log.warnings.filter((w) => w.includes('replayed'))).toEqual([
      'redis: replayed the invalidation of 10000 tags made while Redis was down.',
    ])
  }, 90_000)

  it('survives Redis being killed mid-use and restarted on the same port: entries, pub/sub, tags', async () => {
    const s = await server()
    const logA = recordingLogger()
    const a = handler(s.url, logA)
    const b = handler(s.url, recordingLogger())
    await Promise.all([a.ready!(), b.ready!()])
    await untilShared(a, b, 'data:before')

    await s.kill()
    for (let i = 0; i < 5; i++) {
      expect(await settles(b.get('data:before'))).toEqual({ status: 'fulfilled', value: undefined })
      expect((await settles(a.set('data:during', entry))).status).toBe('fulfilled')
    }
    expect((await settles(a.acquireLease!('data:during', 1000))).status).toBe('fulfilled')

    await s.restart()
    await untilShared(a, b, 'data:after')
    // Pub/sub came back too (resubscribed on reconnect).
    const seen = new Promise<TagState>((resolve) =>
      b.onTagUpdate!((tags, state) => tags.includes('t') && resolve(state)),
    )
    await waitUntil(async () => {
      await a.updateTags(['t']).catch(() => {})
      return b.getTagState('t') !== undefined
    }, 15_000)
    expect(await seen).toEqual(b.getTagState('t'))
    expect(logA.warnings.filter((w) => w.includes('unavailable'))).toHaveLength(1)
    expect(logA.warnings.filter((w) => w.includes('cache is back'))).toHaveLength(1)
  })

  it('does not hang when Redis accepts connections but never answers', async () => {
    const s = await server()
    const log = recordingLogger()
    const h = handler(s.url, log)
    await h.ready!()
    await h.set('data:x', entry)
    s.pause()
    cleanup.push(async () => s.resume())
    expect(await settles(h.get('data:x'))).toEqual({ status: 'fulfilled', value: undefined })
    expect((await settles(h.set('data:y', entry))).status).toBe('fulfilled')
    expect((await settles(h.updateTags(['slow']))).status).toBe('rejected')
    expect((await settles(h.acquireLease!('data:y', 1000))).status).toBe('fulfilled')
    expect(log.warnings.filter((w) => w.includes('unavailable'))).toHaveLength(1)
    s.resume()
    await untilShared(h, h, 'data:z')
  })

  it('closes without hanging while Redis is down', async () => {
    const s = await server()
    await s.kill()
    const h = createRedisHandler({ url: s.url, logger: recordingLogger(), commandTimeoutMs: 200 })
    expect((await settles(h.close!())).status).toBe('fulfilled')
  })
})
