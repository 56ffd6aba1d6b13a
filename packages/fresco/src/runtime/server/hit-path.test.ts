// The synchronous HIT path against a real app context, route cache and memory handler (manual
// clock): it answers only fresh HITs, and every other case falls through (undefined) to app.serve.
import {
  type CacheEntry,
  createManualClock,
  createMemoryHandler,
  createResponseCache,
  silentLogger,
} from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../config/resolve.js'
import { DRAFT_COOKIE } from '../data/draft-cookie.js'
import type { AnyModule, RuntimeRoute } from '../render/route-modules.js'
import { createAppContext, type RouteStatus } from './app-context.js'
import type { IncomingInfo } from './contract.js'
import { createHitPath, HIT_PATHS } from './hit-path.js'

const enc = new TextEncoder()
const Page = () => null

function route(id: string, kind: 'page' | 'route', leaf: AnyModule, params: string[] = []): RuntimeRoute {
  return { id, path: id, kind, params, file: `${id}/${kind}.tsx`, module: async () => leaf, segments: [] }
}

function setup() {
  const clock = createManualClock()
  const handler = createMemoryHandler({ clock, logger: silentLogger })
  const cache = createResponseCache({ handler, clock, logger: silentLogger })
  const routes = [
    route('/posts/[id]', 'page', { default: Page, revalidate: 60 }, ['id']),
    route('/fixed/[id]', 'page', { default: Page, dynamicParams: false }, ['id']),
    route('/live', 'page', { default: Page, dynamic: 'force-dynamic' }),
    route('/me', 'page', { default: Page }),
    route('/api/time', 'route', { GET: () => new Response('t'), revalidate: 30 }),
    route('/api/echo', 'route', { POST: () => new Response('e') }),
  ]
  const routeStatus = new Map<string, RouteStatus>([
    ['/posts/[id]', { dynamic: false, paths: new Set(['/posts/1']) }],
    ['/fixed/[id]', { dynamic: false, paths: new Set(['/fixed/1']) }],
    ['/live', { dynamic: false, paths: new Set() }],
    ['/me', { dynamic: true, paths: new Set() }],
    ['/api/time', { dynamic: false, paths: new Set(['/api/time']) }],
    ['/api/echo', { dynamic: false, paths: new Set() }],
  ])
  const ctx = createAppContext({
    routes,
    rootNotFound: null,
    buildId: 'b1',
    dev: false,
    config: resolveConfig({}, { env: {} }),
    cache,
    clock,
    logger: silentLogger,
    routeStatus,
  })
  const hit = createHitPath(ctx)
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
  /** A first request of each route (app.serve loads its modules), then those loads settled. */
  const warm = async () => {
    for (const path of ['/posts/0', '/fixed/1', '/live', '/me', '/api/time', '/api/echo']) hit(info(path))
    await Promise.all(routes.map((r) => ctx.load(r)))
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { clock, ctx, hit, seed, warm, cache }
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
    const { hit, seed, ctx } = setup()
    const miss = await seed('/posts/1')
    expect(hit(info('/posts/1'))).toBeUndefined()
    await ctx.load(ctx.byId.get('/posts/[id]')!)
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

  it('falls through for other methods, credentials and draft mode', async () => {
    const { hit, seed, warm } = setup()
    await seed('/posts/1')
    await warm()
    expect(hit(info('/posts/1', { method: 'POST' }))).toBeUndefined()
    expect(hit(info('/posts/1', { method: 'OPTIONS' }))).toBeUndefined()
    expect(hit(info('/posts/1', { headers: { authorization: 'Bearer x' } }))).toBeUndefined()
    expect(hit(info('/posts/1', { headers: { cookie: `a=1; ${DRAFT_COOKIE}=anything` } }))).toBeUndefined()
    expect(hit(info('/posts/1', { headers: { cookie: ['a=1', 'b=2'] } }))).toBeUndefined()
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
    for (let i = 0; i < HIT_PATHS + 10; i++) expect(hit(info(`/posts/x${i}`))).toBeUndefined()
    const again = hit(info('/posts/1'))
    expect(again?.type === 'prepared' && first?.type === 'prepared' && again.prepared).toBe(
      first?.type === 'prepared' && first.prepared,
    )
    expect(hit(info(`/posts/${'a'.repeat(600)}`))).toBeUndefined() // too long to remember
  })
})
