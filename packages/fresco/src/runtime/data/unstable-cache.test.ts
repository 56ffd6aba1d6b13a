// unstable_cache against a real response cache with a manual clock; counts calls of the function.
import { beforeEach, describe, expect, it } from 'vitest'
import {
  createManualClock,
  createMemoryHandler,
  createResponseCache,
  type ManualClock,
  type ResponseCache,
  silentLogger,
} from '../../../../cache/src/index.js'
import { configureDataLayer } from './configure.js'
import { cookies } from './cookies.js'
import {
  createRequestStore,
  type RequestStore,
  type RequestStoreInit,
  runWithRequestStore,
} from './request-store.js'
import { revalidateTag } from './revalidate.js'
import { unstable_cache } from './unstable-cache.js'

let clock: ManualClock
let cache: ResponseCache
let calls: number

beforeEach(() => {
  calls = 0
  clock = createManualClock()
  cache = createResponseCache({
    handler: createMemoryHandler({ clock, logger: silentLogger }),
    clock,
    logger: silentLogger,
  })
  configureDataLayer({ cache, logger: silentLogger })
})

const store = (init: Partial<RequestStoreInit> = {}): RequestStore =>
  createRequestStore({
    url: new URL('http://localhost/'),
    routeId: '/',
    phase: 'request',
    config: { dynamic: 'auto', revalidate: false, dynamicParams: true, fetchCache: 'auto' },
    ...init,
  })
const getPost = async (id: number) => {
  calls++
  return { id, version: calls, at: new Date(0) }
}

describe('unstable_cache', () => {
  it('caches by key parts and arguments across requests, as JSON', async () => {
    const cached = unstable_cache(getPost, ['post'])
    const other = unstable_cache(getPost, ['post-v2'])
    const first = await runWithRequestStore(store(), () => cached(1))
    expect(first).toEqual({ id: 1, version: 1, at: '1970-01-01T00:00:00.000Z' })
    expect(await runWithRequestStore(store(), () => cached(1))).toEqual(first)
    await runWithRequestStore(store(), () => cached(2))
    await runWithRequestStore(store(), () => other(1))
    expect(calls).toBe(3)
  })

  it('lowers the route revalidate, collects tags, and is invalidated by revalidateTag', async () => {
    const cached = unstable_cache(getPost, ['tagged'], { revalidate: 300, tags: ['posts'] })
    const s = store({
      config: { dynamic: 'auto', revalidate: 3600, dynamicParams: true, fetchCache: 'auto' },
    })
    await runWithRequestStore(s, () => cached(1))
    expect([s.revalidate, [...s.tags]]).toEqual([300, ['posts']])
    const action = store({ phase: 'action' })
    runWithRequestStore(action, () => revalidateTag('posts'))
    await Promise.all(action.pending)
    clock.advance(1)
    expect(await runWithRequestStore(store(), () => cached(1))).toMatchObject({ version: 2 })
  })

  it('serves stale values during a request and refreshes in the background', async () => {
    const cached = unstable_cache(getPost, ['swr'], { revalidate: 60 })
    await runWithRequestStore(store(), () => cached(1))
    clock.advance(61_000)
    expect(await runWithRequestStore(store(), () => cached(1))).toMatchObject({ version: 1 })
    await cache.close()
    expect(calls).toBe(2)
    expect(await runWithRequestStore(store(), () => cached(1))).toMatchObject({ version: 2 })
  })

  it('judges staleness by an explicit revalidate, whichever wrapper wrote the entry', async () => {
    const forever = unstable_cache(getPost, ['shared'])
    const everyMinute = unstable_cache(getPost, ['shared'], { revalidate: 60 })
    await runWithRequestStore(store(), () => forever(1))
    clock.advance(61_000)
    expect(await runWithRequestStore(store(), () => forever(1))).toMatchObject({ version: 1 })
    expect(await runWithRequestStore(store({ phase: 'regenerate' }), () => everyMinute(1))).toMatchObject({
      version: 2,
    })
  })

  it('works outside a request (stale values are recomputed) and without a cache', async () => {
    const cached = unstable_cache(getPost, ['outside'], { revalidate: 60 })
    await cached(1)
    await cached(1)
    clock.advance(61_000)
    expect(await cached(1)).toMatchObject({ version: 2 })
    configureDataLayer({ logger: silentLogger })
    await cached(1)
    expect(calls).toBe(3)
  })

  it('bypasses the cache in draft mode and for nested unstable_cache calls', async () => {
    const inner = unstable_cache(getPost, ['inner'])
    const outer = unstable_cache(async () => inner(1), ['outer'])
    await runWithRequestStore(store(), () => outer())
    await runWithRequestStore(store({ draftMode: true }), () => inner(1))
    expect(calls).toBe(2) // inner ran inside outer (not cached there) and again in draft mode
    await runWithRequestStore(store(), () => inner(1))
    expect(calls).toBe(3) // the first inner value was never stored
  })

  it('validates its options with clear errors', () => {
    expect(() => unstable_cache(getPost, [], { revalidate: 0 })).toThrow(
      'revalidate: 0 cannot be passed to unstable_cache',
    )
    expect(() => unstable_cache(getPost, [], { revalidate: -5 })).toThrow(
      '[fresco] Invalid revalidate value -5 on unstable_cache(getPost)',
    )
    expect(() => unstable_cache(getPost, [], { tags: ['ok', 3 as unknown as string] })).toThrow(
      '[fresco] Invalid tag 3 passed to unstable_cache(getPost)',
    )
  })

  it('refuses request APIs inside the cached function', async () => {
    const cached = unstable_cache(async () => (await cookies()).get('a'), ['cookies'])
    await expect(runWithRequestStore(store(), () => cached())).rejects.toThrow(
      '[fresco] cookies() was called inside unstable_cache(anonymous function)',
    )
  })
})
