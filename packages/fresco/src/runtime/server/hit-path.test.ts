// The synchronous HIT path against a real app context, route cache and memory handler (manual
// clock): it answers only fresh HITs, and every other case falls through (undefined) to app.serve.
import type { CacheEntry } from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { DRAFT_COOKIE, draftCookieValue } from '../data/draft-cookie.js'
import type { IncomingInfo } from './contract.js'
import { createHitPath } from './hit-path.js'
import { createPlanner, PLAN_PATHS } from './plan.js'
import { sampleAppContext } from './plan-fixture.js'

const enc = new TextEncoder()

function setup() {
  const { clock, cache, ctx } = sampleAppContext()
  const planner = createPlanner(ctx)
  const hit = createHitPath(planner, ctx.routeCache)
  /** Stores a render of `pathname` as app.serve's MISS would (same key, same implicit tags). */
  const seed = async (pathname: string, fields: Partial<CacheEntry> = {}) => {
    const match = ctx.match(pathname)!
    const r = ctx.byId.get(match.routeId)!
    const tags = ctx.tagsFor(r, match.pathname)
    const entry: CacheEntry = {
      kind: 'page',
      body: enc.encode(`<h1>${pathname}</h1>`),
      payload: enc.encode(`0:"${pathname}"\n`),
      status: 200,
      headers: {},
      tags,
      lastModified: clock.now(),
      revalidate: 60,
      ...fields,
    }
    return ctx.routeCache.serve(pathname, 'html', async () => entry, { implicitTags: tags })
  }
  /** A first request of each route: app.serve resolves its plan (loading the route's modules). */
  const warm = async () => {
    for (const path of ['/posts/0', '/fixed/1', '/live', '/me', '/api/time', '/api/echo'])
      await planner.resolve(path)
  }
  return { clock, ctx, hit, seed, warm, cache, planner }
}

function info(
  pathname: string,
  init: { method?: string; headers?: IncomingInfo['headers'] } = {},
): IncomingInfo {
  return {
    method: init.method ?? 'GET',
    pathname,
    search: '',
    rawUrl: pathname,
    origin: 'http://localhost',
    headers: { host: 'localhost', ...init.headers },
    body: () => null,
    signal: new AbortController().signal,
  }
}

describe('HIT path', () => {
  it("falls through on a path's first request (route not loaded yet), then answers fresh HITs synchronously", async () => {
    const { hit, seed, planner } = setup()
    const miss = await seed('/posts/1')
    expect(hit(info('/posts/1'))).toBeUndefined()
    await planner.resolve('/posts/1')
    const served = hit(info('/posts/1'))
    expect(served).toEqual({ type: 'prepared', prepared: miss.prepared, cacheStatus: 'HIT' })
    expect(hit(info('/posts/1'))).toBe(served) // nothing allocated per request
    expect(hit(info('/posts/1', { method: 'HEAD' }))).toBe(served)
  })

  it('serves the RSC payload of the same entry on its own URL', async () => {
    const { hit, seed, warm } = setup()
    await seed('/posts/1')
    await warm()
    const served = hit(info('/_fresco/rsc/posts/1'))
    expect(served?.type).toBe('prepared')
    if (served?.type !== 'prepared') return
    expect(new TextDecoder().decode(served.prepared.body)).toBe('0:"/posts/1"\n')
    expect(served.prepared.headersFor('identity', 'HIT')).toContain('text/x-component')
    // A prefetch of a fresh entry is the same HIT app.serve's peek answers.
    expect(hit(info('/_fresco/rsc/posts/1', { headers: { 'x-fresco-prefetch': 'auto' } }))).toBe(served)
  })

  it('falls through for other methods and a signed draft cookie; credentials and forged cookies are HITs', async () => {
    const { hit, seed, warm } = setup()
    await seed('/posts/1')
    await warm()
    expect(hit(info('/posts/1', { method: 'POST' }))).toBeUndefined()
    expect(hit(info('/posts/1', { method: 'OPTIONS' }))).toBeUndefined()
    const draft = `a=1; ${DRAFT_COOKIE}=${draftCookieValue()}`
    expect(hit(info('/posts/1', { headers: { cookie: draft } }))).toBeUndefined()
    expect(
      hit(info('/posts/1', { headers: { cookie: `${DRAFT_COOKIE}="${draftCookieValue()}"` } })),
    ).toBeUndefined()
    // A cached page does not read headers() or cookies(): neither can change what it shows.
    expect(hit(info('/posts/1', { headers: { authorization: 'Bearer x' } }))?.type).toBe('prepared')
    expect(hit(info('/posts/1', { headers: { cookie: `a=1; ${DRAFT_COOKIE}=forged` } }))?.type).toBe(
      'prepared',
    )
    expect(
      hit(info('/posts/1', { headers: { cookie: `${DRAFT_COOKIE}x=${draftCookieValue()}` } }))?.type,
    ).toBe('prepared')
    expect(hit(info('/posts/1', { headers: { cookie: 'theme=dark' } }))?.type).toBe('prepared')
  })

  it('falls through when the entry is stale, expired, missing or its implicit tag was revalidated', async () => {
    const { hit, seed, warm, clock, cache } = setup()
    await seed('/posts/1')
    await warm()
    expect(hit(info('/posts/2'))).toBeUndefined() // not rendered yet: a MISS for app.serve
    clock.advance(60_001)
    expect(hit(info('/posts/1'))).toBeUndefined() // STALE: app.serve schedules the regeneration
    await seed('/posts/3', { revalidate: 10, expire: 20 })
    clock.advance(20_001)
    expect(hit(info('/posts/3'))).toBeUndefined()
    await seed('/posts/4')
    expect(hit(info('/posts/4'))?.type).toBe('prepared')
    clock.advance(1)
    await cache.revalidateTags(['_N_T_/posts/4']) // revalidatePath('/posts/4')
    expect(hit(info('/posts/4'))).toBeUndefined()
    await seed('/posts/5')
    expect(hit(info('/posts/5'))?.type).toBe('prepared')
    clock.advance(1)
    await cache.revalidateTags(['_N_T_/posts/[id]/page'], { expire: 60 }) // stale, not expired
    expect(hit(info('/posts/5'))).toBeUndefined()
  })

  it('never answers what app.serve would not serve from the route cache', async () => {
    const { hit, seed, warm } = setup()
    await warm()
    // An entry under the key does not make these HITs: 404, 308, dynamic, force-dynamic.
    await seed('/fixed/9')
    expect(hit(info('/fixed/9'))).toBeUndefined() // dynamicParams = false: 404
    await seed('/fixed/1')
    expect(hit(info('/fixed/1'))?.type).toBe('prepared')
    await seed('/posts/1')
    expect(hit(info('/posts/1/'))).toBeUndefined() // 308 to /posts/1
    await seed('/live')
    expect(hit(info('/live'))).toBeUndefined()
    await seed('/me')
    expect(hit(info('/me'))).toBeUndefined()
    await seed('/api/echo', { kind: 'route', payload: undefined })
    expect(hit(info('/api/echo'))).toBeUndefined() // a handler app.serve runs per request
    expect(hit(info('/no/such/page'))).toBeUndefined()
    await seed('/posts/7', { revalidate: 0 }) // a dynamic-usage marker is never a HIT
    expect(hit(info('/posts/7'))).toBeUndefined()
  })

  it('answers a cached GET route handler from its one entry, on either prefix', async () => {
    const { hit, seed, warm } = setup()
    await warm()
    expect(hit(info('/api/time'))).toBeUndefined()
    const miss = await seed('/api/time', {
      kind: 'route',
      payload: undefined,
      headers: { 'content-type': 'text/plain' },
    })
    const served = hit(info('/api/time'))
    expect(served).toEqual({ type: 'prepared', prepared: miss.prepared, cacheStatus: 'HIT' })
    expect(hit(info('/_fresco/rsc/api/time'))).toBe(served) // app.serve serves the handler's entry there too
    expect(hit(info('/api/time/'))).toBeUndefined() // 308
    expect(hit(info('/api/time', { method: 'POST' }))).toBeUndefined()
  })

  it('keeps a bounded memo: paths beyond it are resolved again, with the same answer', async () => {
    const { hit, seed, warm } = setup()
    await seed('/posts/1')
    await warm()
    const first = hit(info('/posts/1'))
    for (let i = 0; i < PLAN_PATHS + 10; i++) expect(hit(info(`/posts/x${i}`))).toBeUndefined()
    const again = hit(info('/posts/1'))
    expect(again?.type === 'prepared' && first?.type === 'prepared' && again.prepared).toBe(
      first?.type === 'prepared' && first.prepared,
    )
    expect(hit(info(`/posts/${'a'.repeat(600)}`))).toBeUndefined() // too long to remember
  })
})
