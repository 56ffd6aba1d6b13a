// The patched fetch against a real response cache (memory handler, manual clock) and a counting
// node:http upstream. Every assertion is on upstream request counts and response values.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createManualClock,
  createMemoryHandler,
  createResponseCache,
  implicitTags,
  type ManualClock,
  type ResponseCache,
  silentLogger,
} from '../../../../cache/src/index.js'
import { configureDataLayer } from './configure.js'
import { isDynamicUsageError } from './dynamic.js'
import type {} from './fetch-types.js' // the RequestInit.next augmentation
import {
  createRequestStore,
  type RequestStore,
  type RequestStoreInit,
  runWithRequestStore,
  type SegmentConfig,
} from './request-store.js'
import { revalidatePath, revalidateTag } from './revalidate.js'

/** A body past 1 MB: large enough that no copy of it could be a small-body special case. */
const BIG_BYTES = 1024 * 1024 + 10

let server: Server
let base: string
const hits = new Map<string, number>()
const statusOf = new Map<string, number>()
const seenHeaders: Record<string, string | string[] | undefined>[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/'
    const n = (hits.get(path) ?? 0) + 1
    hits.set(path, n)
    seenHeaders.push(req.headers)
    const known = path.startsWith('/own') || path.startsWith('/big') // with a Content-Length
    const body = path.startsWith('/big') ? `${path}#${n}`.padEnd(BIG_BYTES, '.') : `${path}#${n}`
    res.writeHead(statusOf.get(path) ?? 200, {
      'content-type': 'text/plain',
      'x-upstream': 'yes',
      ...(known && { 'content-length': Buffer.byteLength(body) }),
    })
    if (path.startsWith('/chunked')) {
      res.write(`${path}#`) // no Content-Length: chunked
      setTimeout(() => res.end(String(n)), 5)
    } else res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

let clock: ManualClock
let cache: ResponseCache
let printed: string[]

beforeEach(() => {
  hits.clear()
  statusOf.clear()
  seenHeaders.length = 0
  printed = []
  clock = createManualClock()
  cache = createResponseCache({
    handler: createMemoryHandler({ clock, logger: silentLogger }),
    clock,
    logger: silentLogger,
  })
  configureDataLayer({ cache, logger: silentLogger })
})

const count = (path: string) => hits.get(path) ?? 0
const config = (c: Partial<SegmentConfig> = {}): SegmentConfig => ({
  dynamic: 'auto',
  revalidate: false,
  dynamicParams: true,
  fetchCache: 'auto',
  ...c,
})
function store(init: Partial<RequestStoreInit> = {}): RequestStore {
  return createRequestStore({
    url: new URL('http://localhost/blog/1'),
    routeId: '/blog/[id]',
    phase: 'request',
    config: config(),
    ...init,
  })
}
/** One render: everything `fn` fetches runs inside `s`. */
const render = <T>(s: RequestStore, fn: () => Promise<T>) => runWithRequestStore(s, fn)
const text = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init).then((r) => r.text())
/** Wait for background refreshes and cache writes. */
const settle = () => cache.close()

describe('outside a request store', () => {
  it('is the original fetch: nothing cached, nothing memoized', async () => {
    expect(await text('/plain', { cache: 'force-cache' })).toBe('/plain#1')
    expect(await text('/plain', { cache: 'force-cache' })).toBe('/plain#2')
  })
})

describe('request memoization', () => {
  it('runs three identical GETs of one render once, each caller reading its own body', async () => {
    const bodies = await render(store(), () => Promise.all([text('/m'), text('/m'), text('/m')]))
    expect(bodies).toEqual(['/m#1', '/m#1', '/m#1'])
    expect(count('/m')).toBe(1)
    expect(await render(store(), () => text('/m'))).toBe('/m#2') // a second render has its own memo
    expect(count('/m')).toBe(2)
  })

  it('hands every caller a Response of its own as fetch() answered it, whatever the body', async () => {
    await render(store(), async () => {
      for (const path of ['/own', '/chunked', '/big']) {
        const [a, b, c] = await Promise.all([0, 1, 2].map(() => fetch(`${base}${path}`)))
        for (const r of [a!, b!, c!]) {
          expect(r.status).toBe(200)
          expect(r.statusText).toBe('OK')
          expect(r.url).toBe(`${base}${path}`)
          expect(r.type).toBe('basic')
          expect(r.redirected).toBe(false)
          expect(r.headers.get('x-upstream')).toBe('yes')
        }
        expect(await a!.text()).toMatch(new RegExp(`^${path}#1`))
        expect(a!.bodyUsed).toBe(true)
        expect(b!.bodyUsed).toBe(false) // reading one caller's body leaves the others' alone
        const [textB, textC] = await Promise.all([b!.text(), c!.text()])
        expect(textB).toBe(textC)
        expect(textB.length).toBe(path === '/big' ? BIG_BYTES : `${path}#1`.length)
        expect(count(path)).toBe(1)
      }
    })
  })

  it('memoizes sequential calls and the data-cache path too', async () => {
    await render(store(), async () => {
      expect(await text('/seq', { next: { revalidate: 60 } })).toBe('/seq#1')
      expect(await text('/seq', { next: { revalidate: 60 } })).toBe('/seq#1')
      // Cached data: every caller reads a body of its own over the stored bytes.
      const cached = { next: { revalidate: 60 } }
      const all = await Promise.all([text('/seq', cached), text('/seq', cached), text('/seq', cached)])
      expect(all).toEqual(['/seq#1', '/seq#1', '/seq#1'])
    })
    expect(count('/seq')).toBe(1)
  })

  it('never memoizes POST', async () => {
    await render(store(), () => Promise.all([text('/p', { method: 'POST' }), text('/p', { method: 'POST' })]))
    expect(count('/p')).toBe(2)
  })

  it('still memoizes a fetch with a signal; aborting one caller only cancels that caller', async () => {
    const a = new AbortController()
    const b = new AbortController()
    await render(store(), async () => {
      const first = fetch(`${base}/sig`, { signal: a.signal })
      const second = fetch(`${base}/sig`, { signal: b.signal })
      b.abort()
      await expect(second).rejects.toThrow()
      expect(await (await first).text()).toBe('/sig#1')
    })
    expect(count('/sig')).toBe(1)
  })

  it('ignores tracing headers in the key', async () => {
    await render(store(), async () => {
      await text('/trace', { headers: { traceparent: '00-a-b-01' } })
      await text('/trace', { headers: { traceparent: '00-c-d-01' } })
      await text('/trace', { headers: { 'x-tenant': 'other' } })
    })
    expect(count('/trace')).toBe(2)
  })
})

describe('data cache', () => {
  it("stores cache: 'force-cache' across requests and rebuilds a full Response each time", async () => {
    expect(await render(store(), () => text('/fc', { cache: 'force-cache' }))).toBe('/fc#1')
    const res = await render(store(), () => fetch(`${base}/fc`, { cache: 'force-cache' }))
    expect([res.status, res.headers.get('x-upstream'), res.url, await res.text()]).toEqual([
      200,
      'yes',
      `${base}/fc`,
      '/fc#1',
    ])
    expect(count('/fc')).toBe(1)
  })

  it('does not store or mark dynamic a fetch without options (Next 15+)', async () => {
    const s = store({ phase: 'prerender' })
    expect(await render(s, () => text('/default'))).toBe('/default#1')
    expect(await render(store(), () => text('/default'))).toBe('/default#2')
    expect([s.dynamicReason, s.revalidate]).toEqual([undefined, false])
  })

  it('never stores a non-200 response', async () => {
    statusOf.set('/missing', 404)
    const first = await render(store(), () => fetch(`${base}/missing`, { cache: 'force-cache' }))
    expect(first.status).toBe(404)
    await render(store(), () => text('/missing', { cache: 'force-cache' }))
    expect(count('/missing')).toBe(2)
  })

  it('serves a stale entry and refetches once in the background (next.revalidate)', async () => {
    const opts = { next: { revalidate: 60 } }
    const s = store()
    expect(await render(s, () => text('/t', opts))).toBe('/t#1')
    expect(s.revalidate).toBe(60)
    clock.advance(30_000)
    expect(await render(store(), () => text('/t', opts))).toBe('/t#1')
    clock.advance(31_000)
    const stale = await render(store(), () => Promise.all([text('/t', opts), text('/t', opts)]))
    expect(stale).toEqual(['/t#1', '/t#1'])
    await settle()
    expect(count('/t')).toBe(2)
    expect(await render(store(), () => text('/t', opts))).toBe('/t#2')
    expect(count('/t')).toBe(2)
  })

  it('refetches a stale entry in the foreground while regenerating a page', async () => {
    const opts = { next: { revalidate: 60 } }
    await render(store(), () => text('/fg', opts))
    clock.advance(61_000)
    expect(await render(store({ phase: 'regenerate' }), () => text('/fg', opts))).toBe('/fg#2')
    expect(count('/fg')).toBe(2)
  })

  // Next's app-static fixture: force-cache-revalidate, variable-config-revalidate/revalidate-3.
  it("judges an entry's age by the caller's revalidate, not the one of the call that wrote it", async () => {
    expect(await render(store(), () => text('/shared', { cache: 'force-cache' }))).toBe('/shared#1')
    clock.advance(4_000)
    const three = { next: { revalidate: 3 } }
    // Stale for a revalidate: 3 caller: served once, refetched in the background.
    expect(await render(store(), () => text('/shared', three))).toBe('/shared#1')
    await settle()
    expect(count('/shared')).toBe(2)
    expect(await render(store(), () => text('/shared', three))).toBe('/shared#2')
    // Written by the revalidate: 3 call, read by a caller that caches forever: fresh for that one.
    clock.advance(60_000)
    expect(await render(store(), () => text('/shared', { cache: 'force-cache' }))).toBe('/shared#2')
    await settle()
    expect(count('/shared')).toBe(2)
    // While regenerating a page the refetch is in the foreground, as for any stale entry.
    clock.advance(4_000)
    expect(await render(store({ phase: 'regenerate' }), () => text('/shared', three))).toBe('/shared#3')
  })

  it('keeps the previous entry when a background refresh gets a 5xx', async () => {
    const opts = { next: { revalidate: 60 } }
    await render(store(), () => text('/flaky', opts))
    statusOf.set('/flaky', 503)
    clock.advance(61_000)
    expect(await render(store(), () => text('/flaky', opts))).toBe('/flaky#1')
    await settle()
    expect(count('/flaky')).toBe(2)
    expect(await render(store(), () => text('/flaky', opts))).toBe('/flaky#1')
  })
})

describe('tags and on-demand revalidation', () => {
  const opts = { next: { tags: ['posts'] }, cache: 'force-cache' as const }
  const action = () => store({ phase: 'action' })
  async function invalidate(fn: () => void): Promise<RequestStore> {
    const s = action()
    runWithRequestStore(s, fn)
    await Promise.all(s.pending)
    clock.advance(1) // a render in the same millisecond as the invalidation counts as affected
    return s
  }

  it('revalidateTag without a profile expires now: the next read is a blocking miss', async () => {
    const s = store()
    await render(s, () => text('/tagged', opts))
    expect([...s.tags]).toEqual(['posts'])
    const a = await invalidate(() => revalidateTag('posts'))
    expect(a.revalidatedTags).toEqual(['posts'])
    expect(await render(store(), () => text('/tagged', opts))).toBe('/tagged#2')
    expect(count('/tagged')).toBe(2)
  })

  it("revalidateTag(tag, 'max') goes stale: the old value is served while one refresh runs", async () => {
    await render(store(), () => text('/swr', opts))
    await invalidate(() => revalidateTag('posts', 'max'))
    expect(await render(store(), () => text('/swr', opts))).toBe('/swr#1')
    await settle()
    expect(count('/swr')).toBe(2)
    expect(await render(store(), () => text('/swr', opts))).toBe('/swr#2')
  })

  it('revalidatePath invalidates data read by that path (implicit tags), not by other paths', async () => {
    const blog = () => store({ implicitTags: implicitTags('/blog/[id]/page', '/blog/1') })
    const about = () => store({ implicitTags: implicitTags('/about/page', '/about') })
    await render(blog(), () => text('/shared', { cache: 'force-cache' }))
    await invalidate(() => revalidatePath('/blog/1'))
    expect(await render(about(), () => text('/shared', { cache: 'force-cache' }))).toBe('/shared#1')
    expect(await render(blog(), () => text('/shared', { cache: 'force-cache' }))).toBe('/shared#2')
    expect(count('/shared')).toBe(2)
  })
})

describe('dynamic marking and the running minimum', () => {
  it("cache: 'no-store' throws the marker while prerendering and records the reason", async () => {
    const s = store({ phase: 'prerender' })
    const error = await render(s, () => text('/ns', { cache: 'no-store' })).catch((e: unknown) => e)
    expect(isDynamicUsageError(error)).toBe(true)
    expect(s.dynamicReason).toBe(`fetch cache: 'no-store' ${base}/ns`)
    expect(count('/ns')).toBe(0)
  })

  it('revalidate: 0 records dynamicReason at request time and goes upstream every time', async () => {
    const s = store()
    await render(s, () => text('/zero', { next: { revalidate: 0 } }))
    await render(store(), () => text('/zero', { next: { revalidate: 0 } }))
    expect(s.dynamicReason).toBe(`fetch revalidate: 0 ${base}/zero`)
    expect([s.revalidate, count('/zero')]).toEqual([0, 2])
  })

  it('keeps a force-static route static: no-store is fetched, not stored, not dynamic', async () => {
    const s = store({ phase: 'prerender', config: config({ dynamic: 'force-static', revalidate: 60 }) })
    expect(await render(s, () => text('/fs', { cache: 'no-store' }))).toBe('/fs#1')
    expect([s.dynamicReason, s.revalidate]).toEqual([undefined, 60])
    await render(store({ config: config({ dynamic: 'force-static' }) }), () =>
      text('/fs', { cache: 'no-store' }),
    )
    expect(count('/fs')).toBe(2)
  })

  it("names the route and the fetch under dynamic = 'error'", async () => {
    const s = store({ phase: 'prerender', config: config({ dynamic: 'error' }) })
    await expect(render(s, () => text('/err', { cache: 'no-store' }))).rejects.toThrow(
      `[fresco] Route /blog/[id] used fetch cache: 'no-store' ${base}/err but exports dynamic = 'error'`,
    )
  })

  it('lowers store.revalidate to the minimum explicit revalidate; tags accumulate', async () => {
    const s = store({ config: config({ revalidate: 3600 }) })
    await render(s, async () => {
      await text('/r1', { next: { revalidate: 120, tags: ['a'] } })
      await text('/r2', { next: { revalidate: 30, tags: ['b', 'a'] } })
      await text('/r3', { next: { revalidate: 90 } })
      await text('/r4', { cache: 'force-cache' })
      await text('/r5')
    })
    expect([s.revalidate, [...s.tags]]).toEqual([30, ['a', 'b']])
  })
})

describe('fetchCache segment option', () => {
  const cached = async (c: Partial<SegmentConfig>, path: string, init?: RequestInit) => {
    await render(store({ config: config(c) }), () => text(path, init))
    await render(store({ config: config(c) }), () => text(path, init))
    return count(path) === 1
  }

  it('default-cache stores fetches without options; default-no-store does not', async () => {
    expect(await cached({ fetchCache: 'default-cache' }, '/dc')).toBe(true)
    expect(await cached({ fetchCache: 'default-no-store' }, '/dns')).toBe(false)
    expect(await cached({ fetchCache: 'default-no-store' }, '/dns2', { cache: 'force-cache' })).toBe(true)
  })

  it('force-cache caches even no-store; force-no-store skips even force-cache', async () => {
    expect(await cached({ fetchCache: 'force-cache' }, '/fcm', { cache: 'no-store' })).toBe(true)
    expect(await cached({ fetchCache: 'force-no-store' }, '/fns', { cache: 'force-cache' })).toBe(false)
  })

  it('only-cache and only-no-store reject conflicting fetches with a clear error', async () => {
    const onlyCache = store({ config: config({ fetchCache: 'only-cache' }) })
    await expect(render(onlyCache, () => text('/oc', { cache: 'no-store' }))).rejects.toThrow(
      "cache: 'no-store' used on fetch for",
    )
    const onlyNoStore = store({ config: config({ fetchCache: 'only-no-store' }) })
    await expect(render(onlyNoStore, () => text('/ons', { cache: 'force-cache' }))).rejects.toThrow(
      "cache: 'force-cache' used on fetch for",
    )
    expect(count('/oc') + count('/ons')).toBe(0)
    // Like Next, an explicit revalidate under only-no-store is silently not stored.
    expect(await cached({ fetchCache: 'only-no-store' }, '/ons2', { next: { revalidate: 60 } })).toBe(false)
  })
})

describe('draft mode', () => {
  it('bypasses the data cache and stores nothing', async () => {
    await render(store(), () => text('/draft', { cache: 'force-cache' }))
    const d = store({ draftMode: true, phase: 'prerender' })
    expect(await render(d, () => text('/draft', { cache: 'force-cache' }))).toBe('/draft#2')
    expect(await render(d, () => text('/nsd', { cache: 'no-store' }))).toBe('/nsd#1') // not dynamic either
    expect(await render(store(), () => text('/draft', { cache: 'force-cache' }))).toBe('/draft#1')
    expect(count('/draft')).toBe(2)
  })
})

describe('fetch logging', () => {
  it('prints method, URL, status, duration and the cache outcome', async () => {
    configureDataLayer({
      cache,
      logger: silentLogger,
      logging: { fetches: { fullUrl: true } },
      print: (l) => printed.push(l),
    })
    await render(store(), async () => {
      await text('/log', { cache: 'force-cache' })
      await text('/log', { cache: 'force-cache' })
      await text('/log-ns', { cache: 'no-store' })
    })
    await render(store(), () => text('/log', { cache: 'force-cache' }))
    expect(printed).toHaveLength(4)
    expect(printed[0]).toMatch(
      new RegExp(`^ │ GET ${base}/log 200 in \\d+ms \\(cache MISS, revalidate: false\\)$`),
    )
    expect(printed[1]).toContain('(memoized)')
    expect(printed[2]).toContain(`GET ${base}/log-ns 200 in`)
    expect(printed[2]).toContain('(cache SKIP, cache: no-store)')
    expect(printed[3]).toContain('(cache HIT, revalidate: false)')
  })
})
