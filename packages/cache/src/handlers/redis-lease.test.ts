import { describe, expect, it } from 'vitest'
import { useRedisDatabase } from '../testing/redis-fixture.js'
import { waitUntil } from '../testing/redis-server.js'
import type { CacheEntry, Lease } from '../types.js'

const redis = useRedisDatabase()
const handler = () => redis.readyHandler({ buildId: 'b1' })

const entry: CacheEntry = {
  kind: 'page',
  body: new TextEncoder().encode('<html>fresh</html>'),
  payload: new Uint8Array([1, 2, 3]),
  status: 200,
  headers: {},
  tags: [],
  lastModified: Date.now(),
  revalidate: 60,
}

describe('redis handler: leases', () => {
  it('grants a key to exactly one of many concurrent acquirers across instances', async () => {
    const instances = await Promise.all([handler(), handler(), handler()])
    const attempts = Array.from({ length: 12 }, (_, i) =>
      instances[i % 3]!.acquireLease!('route:b1:/hot', 10_000),
    )
    const leases = (await Promise.all(attempts)).filter((l): l is Lease => l !== null)
    expect(leases).toHaveLength(1)
    expect(await redis.raw.get('fresco:lease:route:b1:/hot')).toBe(leases[0]!.token)
  })

  it('releases only its own lease, after which another instance can take it', async () => {
    const [a, b] = await Promise.all([handler(), handler()])
    const lease = (await a.acquireLease!('k', 10_000))!
    expect(await b.acquireLease!('k', 10_000)).toBeNull()
    await lease.release()
    const next = await b.acquireLease!('k', 10_000)
    expect(next).not.toBeNull()
    await lease.release() // a stale owner releasing again must not free b's lease
    expect(await redis.raw.get('fresco:lease:k')).toBe(next!.token)
    expect(await a.acquireLease!('k', 10_000)).toBeNull()
  })

  it("lets another instance take over when a crashed owner's lease expires; the old owner cannot renew", async () => {
    const [a, b] = await Promise.all([handler(), handler()])
    const crashed = (await a.acquireLease!('k', 100))!
    let taken: Lease | null = null
    await waitUntil(async () => {
      taken = await b.acquireLease!('k', 10_000)
      return taken !== null
    })
    expect(await crashed.renew(10_000)).toBe(false)
    await crashed.release()
    expect(await redis.raw.get('fresco:lease:k')).toBe(taken!.token)
  })

  it('renews a held lease', async () => {
    const a = await handler()
    const lease = (await a.acquireLease!('k', 1000))!
    expect(await lease.renew(60_000)).toBe(true)
    expect(await redis.raw.pttl('fresco:lease:k')).toBeGreaterThan(1000)
  })

  it('wakes waitForEntry when another instance sets the key', async () => {
    const [a, b] = await Promise.all([handler(), handler()])
    const waiting = b.waitForEntry!('route:b1:/slow', 20_000).then(() => 'woken')
    await a.set('route:b1:/slow', entry)
    expect(await Promise.race([waiting, new Promise((r) => setTimeout(r, 10_000, 'timeout'))])).toBe('woken')
    expect((await b.get('route:b1:/slow'))?.body).toEqual(entry.body)
  })

  it('resolves waitForEntry after its timeout when nobody sets the key', async () => {
    const a = await handler()
    await expect(a.waitForEntry!('route:b1:/never', 50)).resolves.toBeUndefined()
  })
})
