// A Next.js app laid out as create-next-app makes it (src/app, src/pages, "@/*" paths, JSX in .mjs,
// a route with runtime 'edge') whose next.config.mjs is a phase function: built from the packed
// tarballs and started. The same fixture ran on `next build && next start` (Next 16.5); the values
// asserted below marked "as Next" are what Next answered (headers() overriding the ISR
// Cache-Control, trailingSlash redirects and hrefs, env inlining).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, type BuildResult, createApp, fixture, rawGet, type Server } from '../harness/index.js'

let app: App
let server: Server
let build: BuildResult

beforeAll(async () => {
  app = await createApp(fixture('next-config'))
  build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of next-config failed:\n${build.output}`)
  server = await app.start()
})

afterAll(async () => {
  await app?.cleanup()
})

describe('src/app, src/pages, @/ paths, .mjs JSX and the edge runtime', () => {
  it('builds routes from src/app and src/pages; "@/*" imports and JSX in .mjs resolve', async () => {
    const home = await server.get('/')
    expect(home.status).toBe(200)
    expect(home.text).toContain('<p id="msg">from-src-lib</p>')
    expect(home.text).toContain('<b id="badge">mjs-jsx</b>')
    const legacy = await server.get('/legacy/')
    expect(legacy.status).toBe(200)
    expect(legacy.text).toContain('pages router in src/pages')
  })

  it("runs runtime 'edge' routes on Node, with one build warning naming them", async () => {
    const warnings = build.output.split('\n').filter((l) => l.includes("runtime 'edge'"))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('/edge, /edge-page')
    expect(warnings[0]).toContain('on Node.js')
    const route = await server.get('/edge/')
    expect(route.status).toBe(200)
    expect(route.text).toBe('edge ok')
    expect((await server.get('/edge-page/')).text).toContain('edge page on node')
  })
})

describe('next.config.mjs (a phase function)', () => {
  it("headers() override the ISR page's Cache-Control, as Next: s-maxage=30", async () => {
    const isr = await server.get('/isr/')
    expect(isr.status).toBe(200)
    expect(isr.headers.get('cache-control')).toBe('s-maxage=30')
    // '/isr' and '/isr/' both match '/isr/' under trailingSlash, as on Next
    expect(isr.headers.get('x-isr')).toBe('no-slash')
    expect(isr.headers.get('x-isr-slash')).toBe('slash')
    expect(isr.headers.get('x-all')).toBe('yes')
    // the second request is the cached entry: the override holds on a HIT too
    const again = await server.get('/isr/')
    expect(again.cache).toBe('HIT')
    expect(again.headers.get('cache-control')).toBe('s-maxage=30')
  })

  it('headers() reach 404s, route handlers and public files; :params fill values', async () => {
    const missing = await server.get('/blog/hello/')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('x-all')).toBe('yes')
    expect(missing.headers.get('x-slug')).toBe('post-hello')
    expect((await server.get('/edge/')).headers.get('x-all')).toBe('yes')
    expect((await server.get('/file.txt')).headers.get('x-all')).toBe('yes')
  })

  it('trailingSlash: /about redirects 308 to /about/ (query kept), as Next; the redirect carries no custom header', async () => {
    for (const [from, to] of [
      ['/isr', '/isr/'],
      ['/about', '/about/'],
      ['/about?x=1', '/about/?x=1'],
      ['/legacy', '/legacy/'],
      ['/file.txt/', '/file.txt'],
    ] as const) {
      const res = await server.get(from)
      expect(res.status, from).toBe(308)
      expect(res.headers.get('location'), from).toBe(to)
      expect(res.headers.get('refresh'), from).toBe(`0;url=${to}`)
      expect(res.headers.get('x-all'), from).toBeNull()
    }
    const post = await server.get('/about', { method: 'POST' })
    expect(post.status).toBe(308)
    // redirects() and rewrites() match the canonical `/old/`, after the trailing-slash 308, as Next.
    for (const [from, status, to] of [
      ['/old', 308, '/old/'],
      ['/old/', 307, '/about'],
      ['/old-post/x/', 307, '/about?s=x'],
      ['/again', 308, '/again/'],
    ] as const) {
      const res = await server.get(from)
      expect([from, res.status, res.headers.get('location')]).toEqual([from, status, to])
    }
    const again = await server.get('/again/')
    expect([again.status, again.text.includes('id="about"')]).toEqual([200, true])
    expect((await server.get('/about/')).status).toBe(200)
    expect((await server.get('/file.txt')).status).toBe(200)
  })

  it('trailingSlash: <Link> hrefs carry the slash, as Next renders them', async () => {
    const home = await server.get('/')
    expect(home.raw).toContain('href="/about/"')
    expect(home.raw).toContain('href="/about/?x=1#top"')
  })

  it('env is inlined at build into server and client code; fresco.config wins per name', async () => {
    const isr = await server.get('/isr/')
    // CFG_DEFAULT_IMAGES: defaultConfig.images.deviceSizes.length, as Next passes it (8)
    expect(isr.text).toContain('hello-from-env|fresco.config|8|undefined')
    const client = await server.get('/client/')
    expect(client.text).toContain('<p id="client-env">hello-from-env</p>')
    const chunks = join(app.dir, '.fresco', 'dist', 'client')
    const files = readdirSync(chunks, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'))
    expect(files.some((f) => readFileSync(join(chunks, f), 'utf8').includes('hello-from-env'))).toBe(true)
  })

  it('compress: false sends dynamic pages uncompressed; images.unoptimized serves the source', async () => {
    const dyn = await rawGet(server.url, '/dyn/', { 'accept-encoding': 'gzip, br' })
    expect(dyn.status).toBe(200)
    expect(dyn.headers['content-encoding']).toBeUndefined()
    const img = await server.get('/img/')
    expect(img.raw).toMatch(/<img[^>]*src="\/pic\.png"/)
  })

  it('experimental.serverActions reaches the action origin check and body limit; staleTimes the client router', async () => {
    const post = (origin: string, body = '[]') =>
      fetch(`${server.url}/about/`, {
        method: 'POST',
        headers: { origin, 'x-fresco-action': 'no-such-action', 'content-type': 'text/plain' },
        body,
      })
    expect((await post('https://allowed.example')).status).toBe(404) // past the origin check
    expect((await post('https://evil.example')).status).toBe(403)
    expect((await post('https://allowed.example', 'x'.repeat(4096))).status).toBe(413)
    const chunks = join(app.dir, '.fresco', 'dist', 'client')
    const client = readdirSync(chunks, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(chunks, f), 'utf8').replace(/["\s]/g, ''))
    expect(client.some((code) => code.includes('dynamic:30,static:300'))).toBe(true)
  })

  it('names each key it does not apply, once, and what Fresco does instead', () => {
    const lines = build.output.split('\n').filter((l) => l.includes('next.config.mjs:'))
    const keys = lines.map((l) => /next\.config\.mjs: (\S+)/.exec(l)?.[1])
    // redirects() is applied (config/routing.ts, e2e/tests/routing.test.ts): no warning.
    expect(keys.sort()).toEqual(['images.loader', 'reactStrictMode', 'someUnknownKey'])
    expect(lines.find((l) => l.includes('someUnknownKey'))).toContain('has no effect')
  })
})
