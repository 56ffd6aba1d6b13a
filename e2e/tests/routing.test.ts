// redirects(), rewrites() and middleware.ts on a real build from the packed tarballs
// (e2e/fixtures/routing). The same app on `next start` 16 (fresco.config.ts as next.config.mjs)
// gave the statuses, Location, Refresh, bodies, cookies and cache headers asserted here, request
// by request. Order as Next: redirects → middleware → beforeFiles → files and static routes →
// afterFiles → dynamic routes → fallback (docs/guide/middleware.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'

let app: App
let server: Server

beforeAll(async () => {
  app = await createApp(fixture('routing'))
  const build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of routing failed:\n${build.output}`)
  server = await app.start()
})

afterAll(async () => {
  await app?.cleanup()
})

const get = (path: string, init?: RequestInit) => server.get(path, init)
const renderedAt = (text: string) => /at=(\d+)/.exec(text)?.[1]
const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'

describe('redirects() as next start answers them', () => {
  it('permanent: 308 with Location and Refresh, the query kept; statusCode as given', async () => {
    const old = await get('/old?x=1')
    expect(old.status).toBe(308)
    expect(old.headers.get('location')).toBe('/isr?x=1')
    expect(old.headers.get('refresh')).toBe('0;url=/isr?x=1')
    expect(old.text).toBe('/isr?x=1')
    const code = await get('/code')
    expect(code.status).toBe(301)
    expect(code.headers.get('location')).toBe('/isr')
    expect(code.headers.get('refresh')).toBeNull()
  })

  it('fills :params, :path* and regex params; a regex that does not match is no redirect', async () => {
    expect((await get('/temp/hello')).headers.get('location')).toBe('/blog/hello')
    const docs = await get('/docs/a/b')
    expect([docs.status, docs.headers.get('location')]).toEqual([307, '/blog/a/b'])
    expect((await get('/num/42')).headers.get('location')).toBe('/blog/n-42')
    const abc = await get('/num/abc')
    expect([abc.status, abc.text.includes('fallback page')]).toEqual([200, true])
  })

  it('has (a named group becomes a param) and missing', async () => {
    expect((await get('/has?go=yes')).headers.get('location')).toBe('/blog/yes?go=yes')
    expect((await get('/has?go=no')).status).toBe(200)
    expect((await get('/missing')).headers.get('location')).toBe('/blog/new')
    expect((await get('/missing', { headers: { cookie: 'seen=1' } })).status).toBe(200)
    expect((await get('/ext')).headers.get('location')).toBe('https://example.com/x')
  })
})

describe('rewrites(): beforeFiles, afterFiles, fallback', () => {
  it('a rewrite to an ISR page serves its cached copy (HIT) under the source URL', async () => {
    const isr = await get('/isr')
    const first = await get('/before-isr')
    const second = await get('/before-isr')
    expect(second.status).toBe(200)
    expect(second.cache).toBe('HIT')
    expect(second.headers.get('cache-control')).toBe('s-maxage=60, stale-while-revalidate=31535940')
    expect(renderedAt(second.text)).toBe(renderedAt(isr.text))
    expect(renderedAt(first.text)).toBe(renderedAt(isr.text))
  })

  it('an RSC payload request is rewritten as its page (client navigation through a rewrite)', async () => {
    const payload = await get('/_fresco/rsc/before-isr')
    expect(payload.status).toBe(200)
    expect(payload.headers.get('content-type')).toContain('text/x-component')
    expect(payload.text).toContain('isr at=')
  })

  it('beforeFiles shadows a public file only when its condition holds', async () => {
    const file = await get('/file.txt')
    expect(file.text).toBe('hello file\n')
    const shadowed = await get('/file.txt?shadow=1')
    expect(shadowed.headers.get('cache-control')).toBe(DYNAMIC)
    expect(shadowed.text).toContain('q={&quot;shadow&quot;:&quot;1&quot;}')
  })

  it('afterFiles never shadows a route without params, but does a route with them', async () => {
    expect((await get('/isr')).text).toContain('isr at=')
    expect((await get('/after/x')).text).toContain('blog x')
    expect((await get('/blog/shadowed')).text).toContain('dyn x-from-mw=none')
  })

  it('fallback answers what no file or route matched', async () => {
    const miss = await get('/nothing/here')
    expect([miss.status, miss.text.includes('fallback page')]).toEqual([200, true])
  })
})

describe('middleware.ts', () => {
  it('answers with NextResponse.json(), reading request.cookies', async () => {
    const res = await get('/mw/json', { headers: { cookie: 'c=42' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(res.text)).toEqual({ from: 'middleware', cookie: '42' })
  })

  it('redirects with a relative Location, the location as body (as next start)', async () => {
    const res = await get('/mw/redirect')
    expect([res.status, res.headers.get('location'), res.text]).toEqual([307, '/isr?from=mw', '/isr?from=mw'])
  })

  it('rewrites to an ISR page: its cached copy, a HIT', async () => {
    const isr = await get('/isr')
    await get('/mw/rewrite-isr')
    const res = await get('/mw/rewrite-isr')
    expect(res.cache).toBe('HIT')
    expect(renderedAt(res.text)).toBe(renderedAt(isr.text))
  })

  it('next(): request headers reach a per-request render; response headers and cookies reach the answer', async () => {
    const rewritten = await get('/mw/rewrite-dyn')
    expect(rewritten.text).toContain('dyn x-from-mw=rewritten')
    expect(rewritten.text).toContain('q={&quot;a&quot;:&quot;1&quot;}')
    // A cookie middleware sets is already in the route's cookies(), as in Next.js.
    const cookie = await get('/mw/cookie-dyn', { headers: { cookie: 'mw=old; other=1' } })
    expect(cookie.text).toContain('cookie-mw=from-mw')
    expect(cookie.headers.get('set-cookie')).toBe('mw=from-mw; Path=/')
    const withHeaders = await get('/mw/headers')
    expect(withHeaders.headers.get('x-mw-response')).toBe('1')
    expect(withHeaders.headers.get('set-cookie')).toBe('mw=set-by-mw; Path=/')
  })

  it('never lets its request headers into a cached page: /isr is the same cached render with or without them', async () => {
    const a = await get('/isr')
    const b = await get('/isr', { headers: { 'x-from-mw': 'client' } })
    expect(a.headers.get('x-mw-response')).toBe('1')
    expect(b.cache).toBe('HIT')
    expect(renderedAt(b.text)).toBe(renderedAt(a.text))
    expect(b.text).not.toContain('x-from-mw')
  })

  it('config.matcher: strings, has conditions, case-sensitive; the trailing-slash redirect comes first', async () => {
    expect((await get('/mw/other')).headers.get('x-mw-ran')).toBe('/mw/other')
    expect((await get('/api/echo')).headers.get('x-mw-ran')).toBeNull()
    expect((await get('/api/echo', { headers: { 'x-run-mw': '1' } })).headers.get('x-mw-ran')).toBe(
      '/api/echo',
    )
    expect((await get('/MW/other')).headers.get('x-mw-ran')).toBeNull()
    const slash = await get('/mw/other/')
    expect([slash.status, slash.headers.get('location'), slash.headers.get('x-mw-ran')]).toEqual([
      308,
      '/mw/other',
      null,
    ])
  })

  it('a middleware that throws answers 500 with the error logged, and the server goes on', async () => {
    const res = await get('/mw/throw')
    expect(res.status).toBe(500)
    expect(res.headers.get('cache-control')).toBe(DYNAMIC)
    expect(server.proc.output()).toContain('middleware boom')
    expect((await get('/mw/json')).status).toBe(200)
  })

  it('is not run for on-demand revalidation: revalidatePath regenerates the exact path', async () => {
    const before = renderedAt((await get('/mw/rewrite-isr')).text)
    const count = async () => (JSON.parse((await get('/mw/count')).text) as { seen: string[] }).seen
    const seenBefore = await count()
    const post = await get('/api/revalidate?path=/isr', { method: 'POST' })
    expect(post.status).toBe(200)
    // The next request is the regeneration's first answer; the one after it is the new cached copy.
    let after: string | undefined
    for (let i = 0; i < 50 && (after === undefined || after === before); i++)
      after = renderedAt((await get('/mw/rewrite-isr')).text)
    expect(after).not.toBe(before)
    const seenAfter = await count()
    // Only this test's own requests went through middleware: /mw/count, then /mw/rewrite-isr ones.
    const added = seenAfter.slice(seenBefore.length)
    expect(added.filter((p) => p !== '/mw/rewrite-isr' && p !== '/mw/count')).toEqual([])
  })
})
