// The route cache over the real @fresco/cache engine and memory handler, with a manual clock.
import {
  type CacheEntry,
  createManualClock,
  createMemoryHandler,
  createResponseCache,
  entryByteSize,
  implicitTags,
  silentLogger,
} from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { type Compressor, zlibCompressor } from './compress.js'
import { HEADER_LIST_BYTES, PREPARED_BYTES } from './prepared-response.js'
import { createRouteCache, normalizeRoutePath } from './route-cache.js'

const enc = new TextEncoder()
const text = (b: Uint8Array) => new TextDecoder().decode(b)

function setup(buildId = 'b1', clock = createManualClock()) {
  // The handler stamps tag invalidations with the same clock (invariant 3).
  const handler = createMemoryHandler({ logger: silentLogger, clock })
  const cache = createResponseCache({ handler, clock, logger: silentLogger })
  const routes = createRouteCache({ cache, buildId, logger: silentLogger })
  let renders = 0
  const page =
    (revalidate: number | false, label = 'v') =>
    async (): Promise<CacheEntry> => {
      renders++
      return {
        kind: 'page',
        body: enc.encode(`<h1>${label}${renders}</h1>`),
        payload: enc.encode(`0:"${label}${renders}"\n`),
        status: 200,
        headers: {},
        tags: ['posts'],
        lastModified: clock.now(),
        revalidate,
      }
    }
  return { clock, cache, routes, page, renders: () => renders, handler }
}

const header = (flat: string[], name: string) => flat[flat.indexOf(name) + 1]

describe('createRouteCache', () => {
  it('hit(): the prepared response of a fresh entry in memory, synchronously; else undefined', async () => {
    const { routes, page, clock, cache } = setup()
    const key = routes.keyOf('/blog')
    expect(routes.hit(key, 'html', [])).toBeUndefined()
    const miss = await routes.serve('/blog', 'html', page(60), { implicitTags: ['_N_T_/blog'] })
    expect(routes.hit(key, 'html', ['_N_T_/blog'])).toBe(miss.prepared)
    expect(text(routes.hit(key, 'rsc', ['_N_T_/blog'])!.body)).toBe('0:"v1"\n')
    clock.advance(1)
    await cache.revalidateTags(['_N_T_/blog'])
    expect(routes.hit(key, 'html', ['_N_T_/blog'])).toBeUndefined()
    expect(routes.hit(key, 'html', [])).toBe(miss.prepared) // only the tags it is given
    clock.advance(60_000)
    expect(routes.hit(key, 'html', [])).toBeUndefined() // stale
    // A response cache without getFresh (custom implementations) never answers synchronously.
    const bare = createRouteCache({ cache: { get: cache.get }, buildId: 'b1', logger: silentLogger })
    expect(bare.hit(key, 'html', [])).toBeUndefined()
  })

  it('MISS renders and stores; HIT returns the very same prepared response', async () => {
    const { routes, page, renders } = setup()
    const miss = await routes.serve('/blog', 'html', page(60))
    expect(miss.status).toBe('MISS')
    expect(text(miss.prepared.body)).toBe('<h1>v1</h1>')
    expect(header(miss.prepared.headersFor('identity', miss.status), 'cache-status')).toBe(
      'fresco; fwd=miss; stored',
    )
    const hit = await routes.serve('/blog/', 'html', page(60))
    expect(hit.status).toBe('HIT')
    expect(hit.prepared).toBe(miss.prepared)
    expect(renders()).toBe(1)
    expect(header(hit.prepared.headersFor('identity', 'HIT'), 'cache-control')).toBe(
      's-maxage=60, stale-while-revalidate=31535940',
    )
  })

  it('serves the RSC payload of the same entry', async () => {
    const { routes, page } = setup()
    await routes.serve('/', 'html', page(false))
    const rsc = await routes.serve('/', 'rsc', page(false))
    expect(rsc.status).toBe('HIT')
    expect(text(rsc.prepared.body)).toBe('0:"v1"\n')
    expect(header(rsc.prepared.headersFor('identity', 'HIT'), 'cache-control')).toBe('s-maxage=31536000')
  })

  it('STALE serves the old body and regenerates once in the background', async () => {
    const { routes, page, clock, renders, cache } = setup()
    await routes.serve('/p', 'html', page(10))
    clock.advance(11_000)
    const stale = await routes.serve('/p', 'html', page(10))
    expect(stale.status).toBe('STALE')
    expect(text(stale.prepared.body)).toBe('<h1>v1</h1>')
    await cache.close() // waits for the background regeneration
    const fresh = await routes.serve('/p', 'html', page(10))
    expect(fresh.status).toBe('HIT')
    expect(text(fresh.prepared.body)).toBe('<h1>v2</h1>')
    expect(renders()).toBe(2)
  })

  it('on-demand regeneration answers REVALIDATED', async () => {
    const { routes, page } = setup()
    await routes.serve('/p', 'html', page(60))
    const revalidated = await routes.serve('/p', 'html', page(60), { onDemand: true })
    expect(revalidated.status).toBe('REVALIDATED')
    expect(text(revalidated.prepared.body)).toBe('<h1>v2</h1>')
    expect(header(revalidated.prepared.headersFor('identity', 'REVALIDATED'), 'x-fresco-cache')).toBe(
      'REVALIDATED',
    )
  })

  it('a failed first render propagates; nothing is cached', async () => {
    const { routes, page } = setup()
    const boom = new Error('db down')
    await expect(routes.serve('/p', 'html', () => Promise.reject(boom))).rejects.toBe(boom)
    expect((await routes.serve('/p', 'html', page(60))).status).toBe('MISS')
  })

  it('dynamic renders (revalidate 0) are never stored and say so', async () => {
    const { routes, page, renders } = setup()
    const first = await routes.serve('/d', 'html', page(0))
    const second = await routes.serve('/d', 'html', page(0))
    expect(second.status).toBe('MISS')
    expect(renders()).toBe(2)
    const headers = first.prepared.headersFor('identity', first.status)
    expect(header(headers, 'cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(header(headers, 'cache-status')).toBe('fresco; fwd=miss')
  })

  it('implicit path tags expire the entry (revalidatePath)', async () => {
    const { routes, page, cache, clock } = setup()
    const tags = implicitTags('/blog/[slug]/page', '/blog/a')
    await routes.serve('/blog/a', 'html', page(false), { implicitTags: tags })
    clock.advance(1000)
    await cache.revalidateTags(['_N_T_/blog/a'])
    clock.advance(1000)
    const after = await routes.serve('/blog/a', 'html', page(false), { implicitTags: tags })
    expect(after.status).toBe('MISS')
    expect(text(after.prepared.body)).toBe('<h1>v2</h1>')
  })

  it('keys by build id, so a new build starts empty', async () => {
    const one = setup('build-1')
    const two = createRouteCache({ cache: one.cache, buildId: 'build-2', logger: silentLogger })
    await one.routes.serve('/', 'html', one.page(false))
    expect((await two.serve('/', 'html', one.page(false))).status).toBe('MISS')
    expect(one.routes.keyOf('/x/')).toBe('route:build-1:/x')
  })

  it('normalizes trailing slashes', () => {
    expect(normalizeRoutePath('')).toBe('/')
    expect(normalizeRoutePath('/')).toBe('/')
    expect(normalizeRoutePath('/a/b//')).toBe('/a/b')
    expect(normalizeRoutePath('/a')).toBe('/a')
  })

  it('peek serves what is stored, fresh or stale, and never regenerates', async () => {
    const { routes, page, clock, renders } = setup()
    expect(await routes.peek('/p', 'rsc')).toBeUndefined()
    await routes.serve('/p', 'html', page(10))
    const fresh = await routes.peek('/p/', 'rsc')
    expect(fresh?.status).toBe('HIT')
    expect(text(fresh!.prepared.body)).toBe('0:"v1"\n')
    // A stored payload tells the client router to keep it (staleTimes.static).
    expect(header(fresh!.prepared.headersFor('identity', 'HIT'), 'x-fresco-static')).toBe('1')
    clock.advance(11_000)
    expect((await routes.peek('/p', 'rsc'))?.status).toBe('STALE')
    clock.advance(366 * 24 * 3600 * 1000)
    expect(await routes.peek('/p', 'rsc')).toBeUndefined()
    expect(renders()).toBe(1)
  })

  it('the memory cache counts what a prepared response keeps: its structures, header lists and exact-size compressed bodies', async () => {
    const { routes, handler } = setup()
    const big = enc.encode(`<main>${'<p>counted</p>'.repeat(400)}</main>`)
    const entry: CacheEntry = {
      kind: 'page',
      body: big,
      payload: enc.encode('0:"x"\n'),
      status: 200,
      headers: {},
      tags: [],
      lastModified: 0,
      revalidate: 60,
    }
    const { prepared } = await routes.serve('/z', 'html', async () => entry)
    const stored = entryByteSize(routes.keyOf('/z'), entry)
    expect(handler.bytes).toBe(stored + PREPARED_BYTES)
    prepared.headersFor('identity', 'MISS')
    prepared.headersFor('identity', 'MISS') // memoized: counted once
    expect(handler.bytes).toBe(stored + PREPARED_BYTES + HEADER_LIST_BYTES)
    const before = handler.bytes
    await prepared.compress()
    const variants = prepared.bodyFor('br').byteLength + prepared.bodyFor('gzip').byteLength
    expect(variants).toBeLessThan(big.byteLength)
    expect(handler.bytes).toBe(before + variants)
    // zlib answers a slice of its 16 KB output chunk: what is kept is a copy of the counted size.
    for (const coding of ['br', 'gzip'] as const)
      expect(prepared.bodyFor(coding).buffer.byteLength).toBe(prepared.bodyFor(coding).byteLength)
  })

  it('compresses once per render even when the handler returns a new copy on every get', async () => {
    const clock = createManualClock()
    const memory = createMemoryHandler({ logger: silentLogger, clock })
    // Like the fs or Redis handlers without a memory L1: every get deserializes a new object.
    const copying = {
      ...memory,
      get: async (key: string) => {
        const entry = await memory.get(key)
        return (
          entry && {
            ...entry,
            body: entry.body.slice(),
            payload: entry.payload?.slice(),
            headers: { ...entry.headers },
          }
        )
      },
    }
    const cache = createResponseCache({ handler: copying, clock, logger: silentLogger })
    const calls: string[] = []
    const compressor: Compressor = (body, encoding, quality) => {
      calls.push(encoding)
      return zlibCompressor(body, encoding, quality)
    }
    const routes = createRouteCache({ cache, buildId: 'b', logger: silentLogger, compressor })
    const big = enc.encode(`<main>${'<p>copy</p>'.repeat(500)}</main>`)
    let renders = 0
    const regenerate = async (): Promise<CacheEntry> => ({
      kind: 'page',
      body: big,
      payload: enc.encode('0:"x"\n'),
      status: 200,
      headers: { 'x-a': '1' },
      tags: [],
      lastModified: clock.now() + renders++,
      revalidate: 60,
    })
    const first = await routes.serve('/c', 'html', regenerate)
    await first.prepared.compress()
    const seen = new Set<unknown>()
    for (let i = 0; i < 5; i++) {
      const hit = await routes.serve('/c', 'html', regenerate)
      expect(hit.status).toBe('HIT')
      seen.add(hit.entry)
      expect(hit.prepared.bodyFor('br')).toBe(first.prepared.bodyFor('br'))
    }
    expect(seen.size).toBe(5) // five different objects…
    expect(calls.sort()).toEqual(['br', 'gzip']) // …one compression of each kind
    // A new render (different bytes or time) is prepared anew.
    clock.advance(61_000)
    await routes.serve('/c', 'html', regenerate)
    await cache.close()
    const next = await routes.serve('/c', 'html', regenerate)
    expect(next.entry.lastModified).not.toBe(first.entry.lastModified)
    expect(next.prepared).not.toBe(first.prepared)
  })
})
