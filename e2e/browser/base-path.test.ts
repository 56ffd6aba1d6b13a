// next.config's basePath: '/docs' (e2e/fixtures/base-path), built from the packed tarballs and
// started, then driven over HTTP and in Chromium. The same fixture ran on `next build && next
// start` (Next 16.5); the statuses and Location headers below are what Next answered: every page,
// route handler, public file, metadata file, asset and image lives under /docs, a path outside it
// is the 404 page, `/docs/` redirects to `/docs`, redirects and rewrites carry the prefix (and a
// `basePath: false` source does not), and route handlers and the routers see paths without it, as
// does proxy.ts (nextUrl.pathname; href and clone() put the prefix back).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  freePort,
  get as getUrl,
  type Proc,
  poll,
  type Server,
  spawnProc,
} from '../harness/index.js'
import { type BrowserApp, hydrated, openBrowserApp } from './browser.js'

let b: BrowserApp

beforeAll(async () => {
  b = await openBrowserApp('base-path')
})

afterAll(async () => {
  await b?.close()
})

const get = (path: string, init?: RequestInit) => b.server.get(path, init)

describe('basePath: /docs over HTTP, as next start answers', () => {
  it('serves pages, files and route handlers under /docs and 404s everything outside it', async () => {
    const home = await get('/docs')
    expect([home.status, home.cache]).toEqual([200, 'HIT'])
    expect(home.text).toContain('home under basePath')
    const slash = await get('/docs/?x=1')
    expect([slash.status, slash.headers.get('location')]).toEqual([308, '/docs?x=1'])
    for (const outside of ['/', '/about', '/docsx', '/file.txt', '/_fresco/rsc/about', '/api/hello']) {
      const r = await get(outside)
      expect([outside, r.status]).toEqual([outside, 404])
      expect(r.text).not.toContain('id="about"')
    }
    const file = await get('/docs/file.txt')
    expect([file.status, file.text]).toEqual([200, 'a public file\n'])
    const hello = await get('/docs/api/hello')
    expect(await JSON.parse(hello.text)).toEqual({ pathname: '/api/hello' })
  })

  it('puts every asset, link and metadata file under /docs, and serves them there', async () => {
    const about = await get('/docs/about')
    expect([about.status, about.cache]).toEqual([200, 'HIT'])
    const urls = [...about.raw.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string)
    expect(urls.length).toBeGreaterThan(5)
    expect(urls.filter((u) => !u.startsWith('/docs'))).toEqual([])
    expect(urls).toEqual(expect.arrayContaining(['/docs', '/docs/about', '/docs/go']))
    const script = urls.find((u) => u.startsWith('/docs/_fresco/static/') && u.endsWith('.js'))
    expect((await get(script as string)).headers.get('cache-control')).toContain('immutable')
    const icon = urls.find((u) => u.startsWith('/docs/icon.png?'))
    const iconAnswer = await get(icon as string)
    expect([iconAnswer.status, iconAnswer.headers.get('content-type')]).toEqual([200, 'image/png'])
    const img = await get('/docs/img')
    const src = /<img[^>]* src="([^"]+)"/.exec(img.raw)?.[1]?.replaceAll('&amp;', '&') ?? ''
    expect(src).toMatch(
      /^\/docs\/_fresco\/image\?url=%2Fdocs%2F_fresco%2Fstatic%2Fpic-[\w-]+\.png&w=1920&q=75$/,
    )
    const image = await get(src, { headers: { accept: 'image/webp' } })
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/webp'])
    // A local image outside basePath is no file of the app (Next fetches it and gets its 404).
    expect((await get('/docs/_fresco/image?url=%2Fpic.png&w=828&q=75')).status).toBe(404)
    expect((await get('/_fresco/image?url=%2Fdocs%2Fpic.png&w=828&q=75')).status).toBe(404)
  })

  it('redirects and rewrites under /docs, redirect() and getStaticProps redirects with the prefix', async () => {
    const cases: [string, number, string | null][] = [
      ['/docs/old', 307, '/docs/about'], // redirects(): source and destination under basePath
      ['/outside', 307, '/docs/about'], // basePath: false: matched outside it, sent as written
      ['/old', 404, null], // a basePath source never matches without the prefix
      ['/docs/go', 307, '/docs/about'], // redirect('/about') in a page
      ['/docs/p/gone', 307, '/docs/about'], // getStaticProps { redirect: { destination: '/about' } }
    ]
    for (const [path, status, location] of cases) {
      const r = await get(path)
      expect([path, r.status, r.headers.get('location')]).toEqual([path, status, location])
    }
    const again = await get('/docs/again') // rewrites(): /again → /about, both under basePath
    expect([again.status, again.text.includes('id="about"')]).toEqual([200, true])
  })

  it('keeps route cache keys and revalidatePath() free of the prefix', async () => {
    const before = await get('/docs/isr')
    expect([before.status, before.cache]).toEqual([200, 'HIT'])
    const first = /rendered (\d+)/.exec(before.text)?.[1]
    const revalidated = await get('/docs/api/revalidate', { method: 'POST' })
    expect(JSON.parse(revalidated.text)).toEqual({ revalidated: '/isr' })
    const after = await get('/docs/isr')
    expect(after.cache).toBe('MISS')
    expect(/rendered (\d+)/.exec(after.text)?.[1]).not.toBe(first)
    const again = await get('/docs/isr')
    expect([again.cache, again.text]).toEqual(['HIT', after.text])
    // The payload and data URLs of the same entries, under the prefix.
    const rsc = await get('/docs/_fresco/rsc/isr')
    expect([rsc.status, rsc.cache]).toEqual([200, 'HIT'])
    const buildId = /"buildId":"([^"]+)"/.exec((await get('/docs/p/1')).raw)?.[1]
    const data = await get(`/docs/_fresco/data/${buildId}/p/1.json`)
    expect([data.status, JSON.parse(data.text).pageProps]).toEqual([200, { id: '1' }])
  })
})

// The fixture's proxy.ts has no matcher; the same fixture on `next start` 16.5 answered each of these.
describe('basePath: /docs with proxy.ts, as next start answers', () => {
  it('nextUrl: the path without /docs, basePath, and /docs back in href, clone() and String()', async () => {
    const r = await get('/docs/mw/url?q=1')
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({
      pathname: '/mw/url',
      basePath: '/docs',
      search: '?q=1',
      href: '/docs/mw/url?q=1',
      url: '/docs/mw/url?q=1', // request.url is the URL as requested
      json: '/docs/mw/url?q=1',
      about: '/docs/about?q=1', // clone(), pathname = '/about'
      root: '/docs?q=1', // clone(), pathname = '/'
      resolved: '/x', // new URL('/x', nextUrl): a path resolved against it is outside /docs
    })
  })

  it('a redirect or rewrite to a clone lands under /docs; one to new URL(path, request.url) does not', async () => {
    const to = await get('/docs/mw/to-about?x=1')
    expect([to.status, to.headers.get('location'), to.text]).toEqual([
      307,
      '/docs/about?x=1',
      '/docs/about?x=1',
    ])
    // 308: Refresh too, as for a redirects() rule
    const moved = await get('/docs/mw/moved?a=1')
    expect([moved.status, moved.headers.get('location'), moved.headers.get('refresh'), moved.text]).toEqual([
      308,
      '/docs/about?a=1&from=mw',
      '0;url=/docs/about?a=1&from=mw',
      '/docs/about?a=1&from=mw',
    ])
    const shown = await get('/docs/mw/show-about')
    expect([shown.status, shown.headers.get('x-mw-rewrite')]).toEqual([200, '/docs/about'])
    expect(shown.text).toContain('id="about"')
    const out = await get('/docs/mw/url-about')
    expect([out.status, out.headers.get('location')]).toEqual([307, '/about'])
  })

  it('runs for every path, outside /docs too (basePath empty there), before the 404; not for /docs/', async () => {
    const cases: [string, number, string | null, string][] = [
      ['/docs', 200, '/docs|/', 'home under basePath'],
      ['/docs/about', 200, '/docs|/about', 'id="about"'],
      ['/docs/file.txt', 200, '/docs|/file.txt', 'a public file'],
      ['/docs/api/hello', 200, '/docs|/api/hello', '{"pathname":"/api/hello"}'],
      ['/about', 404, '|/about', ''],
      ['/', 404, '|/', ''],
      ['/docsx', 404, '|/docsx', ''],
      ['/file.txt', 404, '|/file.txt', ''],
      ['/docs/', 308, null, ''], // the 308 to /docs comes first
      ['/docs/old', 307, null, ''], // so does a redirects() rule
    ]
    for (const [path, status, mw, body] of cases) {
      const r = await get(path)
      expect([path, r.status, r.headers.get('x-mw')]).toEqual([path, status, mw])
      expect(r.text).toContain(body)
    }
    // Outside basePath it can still send the request into the app.
    const legacy = await get('/legacy')
    expect([legacy.status, legacy.text.includes('id="about"')]).toEqual([200, true])
  })

  it('the trailing-slash 308 answers outside /docs too, before middleware, with no prefix added', async () => {
    for (const [path, location] of [
      ['/about/', '/about'],
      ['/docsx/', '/docsx'],
      ['/file.txt/', '/file.txt'],
      ['/outside/?x=1', '/outside?x=1'], // before the basePath: false redirect of /outside
    ]) {
      const r = await get(path as string)
      expect([
        path,
        r.status,
        r.headers.get('location'),
        r.headers.get('refresh'),
        r.headers.get('x-mw'),
      ]).toEqual([path, 308, location, `0;url=${location}`, null])
    }
  })
})

// The same fixture with trailingSlash: true added to next.config.mjs, on fresco start and on next start 16.5.
describe('basePath: /docs with trailingSlash: true and proxy.ts, as next start answers', () => {
  let app: App
  let server: Server

  beforeAll(async () => {
    app = await createApp(fixture('base-path'))
    const config = join(app.dir, 'next.config.mjs')
    const source = readFileSync(config, 'utf8')
    writeFileSync(config, source.replace("basePath: '/docs',", "basePath: '/docs',\n  trailingSlash: true,"))
    const build = await app.build()
    if (build.code !== 0)
      throw new Error(`fresco build of base-path with trailingSlash failed:\n${build.output}`)
    server = await app.start()
  })

  afterAll(async () => {
    await app?.cleanup()
  })

  it('nextUrl keeps the slash it was asked with, and a clone() puts one on its new path', async () => {
    const r = await server.get('/docs/mw/url/?q=1')
    expect(JSON.parse(r.text)).toEqual({
      pathname: '/mw/url/',
      basePath: '/docs',
      search: '?q=1',
      href: '/docs/mw/url/?q=1',
      url: '/docs/mw/url/?q=1',
      json: '/docs/mw/url/?q=1',
      about: '/docs/about/?q=1',
      root: '/docs/?q=1',
      resolved: '/x',
    })
    const to = await server.get('/docs/mw/to-about/?x=1')
    expect([to.status, to.headers.get('location')]).toEqual([307, '/docs/about/?x=1'])
    const moved = await server.get('/docs/mw/moved/')
    expect([moved.status, moved.headers.get('location'), moved.headers.get('refresh')]).toEqual([
      308,
      '/docs/about/?from=mw',
      '0;url=/docs/about/?from=mw',
    ])
  })

  it('the 308 that adds the slash comes first, inside /docs and outside it; then middleware, then the 404', async () => {
    // [path, status, Location, x-mw (the middleware ran), in the body]
    const cases: [string, number, string | null, string | null, string][] = [
      ['/docs', 308, '/docs/', null, ''],
      ['/docs/', 200, null, '/docs|/', 'home under basePath'],
      ['/docs/about', 308, '/docs/about/', null, ''],
      ['/docs/about/', 200, null, '/docs|/about/', 'id="about"'],
      ['/docs/file.txt', 200, null, '/docs|/file.txt', 'a public file'],
      ['/docs/file.txt/', 308, '/docs/file.txt', null, ''],
      ['/docs/api/hello/', 200, null, '/docs|/api/hello/', '{"pathname":"/api/hello/"}'],
      ['/outside?x=1', 308, '/outside/?x=1', null, ''],
      ['/about', 308, '/about/', null, ''],
      ['/about/', 404, null, '|/about/', ''],
      ['/docsx/', 404, null, '|/docsx/', ''],
      ['/file.txt/', 308, '/file.txt', null, ''],
      ['/file.txt', 404, null, '|/file.txt', ''],
      ['/docs/old/', 307, '/docs/about', null, ''],
    ]
    for (const [path, status, location, mw, body] of cases) {
      const r = await server.get(path)
      expect([path, r.status, r.headers.get('location'), r.headers.get('x-mw')]).toEqual([
        path,
        status,
        location,
        mw,
      ])
      expect(r.text).toContain(body)
      expect(r.text).not.toContain('outside-base-path')
    }
    const legacy = await server.get('/legacy/')
    expect([legacy.status, legacy.text.includes('id="about"')]).toEqual([200, true])
  })
})

describe('basePath: /docs in Chromium', () => {
  it('App Router: <Link>, router.push() and redirect() navigate under /docs without a reload', async () => {
    const { page, errors } = await b.newPage()
    const paths: string[] = []
    page.on('request', (r) => paths.push(new URL(r.url()).pathname))
    await page.goto(`${b.server.url}/docs`)
    await hydrated(page)
    expect(await page.locator('#pathname').textContent()).toBe('/')
    await page.click('#count') // layout state: kept by client navigations only
    await page.click('a[href="/docs/about"]')
    await page.locator('#about').waitFor()
    expect([new URL(page.url()).pathname, await page.locator('#pathname').textContent()]).toEqual([
      '/docs/about',
      '/about',
    ])
    await page.click('#push')
    await page.locator('#isr').waitFor()
    expect(new URL(page.url()).pathname).toBe('/docs/isr')
    await page.click('a[href="/docs/go"]')
    await page.waitForURL('**/docs/about')
    await page.locator('#about').waitFor()
    await page.goBack()
    await page.locator('#isr').waitFor()
    expect(new URL(page.url()).pathname).toBe('/docs/isr')
    expect(await page.locator('#count').textContent()).toBe('1')
    // A <Link> to a Pages Router page: its payload URL says "no payload" (204 to the prefetch, 307
    // to the page for the click) and the page loads as a document, as Next answers it with HTML.
    const pay = await get('/docs/_fresco/rsc/p/1?x=1')
    expect([pay.status, pay.headers.get('location')]).toEqual([307, '/docs/p/1?x=1'])
    expect((await get('/docs/_fresco/rsc/p/1', { headers: { 'x-fresco-prefetch': 'auto' } })).status).toBe(
      204,
    )
    await page.click('a[href="/docs/p/1"]')
    await page.locator('#post').waitFor()
    expect(new URL(page.url()).pathname).toBe('/docs/p/1')
    expect(paths.filter((p) => !p.startsWith('/docs/') && p !== '/docs')).toEqual([])
    expect(paths).toContain('/docs/_fresco/rsc/about')
    expect(errors).toEqual([])
  })

  it('Pages Router: <Link> and router.push() through data URLs under /docs; useRouter() without it', async () => {
    const { page, errors } = await b.newPage()
    const paths: string[] = []
    page.on('request', (r) => paths.push(new URL(r.url()).pathname))
    await page.goto(`${b.server.url}/docs/p/1`)
    await page.locator('#post').waitFor()
    expect(await page.locator('#router').textContent()).toBe('/docs|/p/1|/p/[id]')
    await page.locator('main[data-hydrated="true"]').waitFor()
    await page.click('a[href="/docs/p/2"]')
    await page.locator('#post:has-text("post 2")').waitFor()
    expect([new URL(page.url()).pathname, await page.locator('#router').textContent()]).toEqual([
      '/docs/p/2',
      '/docs|/p/2|/p/[id]',
    ])
    await page.click('#push-3')
    await page.locator('#post:has-text("post 3")').waitFor()
    expect(new URL(page.url()).pathname).toBe('/docs/p/3')
    await page.goBack()
    await page.locator('#post:has-text("post 2")').waitFor()
    expect(new URL(page.url()).pathname).toBe('/docs/p/2')
    expect(paths.filter((p) => p.endsWith('.json'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/docs\/_fresco\/data\/[^/]+\/p\/3\.json$/)]),
    )
    expect(paths.filter((p) => !p.startsWith('/docs/'))).toEqual([])
    expect(paths.filter((p) => p === '/docs/p/2' || p === '/docs/p/3')).toEqual([]) // no document loads
    expect(errors).toEqual([])
  })
})

describe('basePath: /docs under fresco dev', () => {
  let dev: Proc
  let url: string

  beforeAll(async () => {
    const port = await freePort()
    dev = spawnProc('npx', ['--no-install', 'fresco', 'dev', '--port', String(port)], {
      cwd: b.app.dir,
      label: 'fresco dev',
    })
    url = `http://127.0.0.1:${port}`
    await poll(
      async () => {
        if (dev.child.exitCode !== null) throw new Error(`fresco dev exited:\n${dev.output()}`)
        const res = await fetch(`${url}/docs`, { signal: AbortSignal.timeout(30_000) })
        return res.status === 200 ? true : undefined
      },
      { timeoutMs: 120_000, intervalMs: 500, what: `fresco dev answering on ${url}/docs` },
    )
  })

  afterAll(async () => {
    await dev?.stop()
  })

  it('serves the same URLs as fresco start, and both routers navigate under /docs', async () => {
    const home = await getUrl(`${url}/docs`, { headers: { accept: 'text/html' } })
    expect([home.status, home.text.includes('home under basePath')]).toEqual([200, true])
    expect((await getUrl(`${url}/docs/`)).headers.get('location')).toBe('/docs')
    expect((await getUrl(`${url}/docs/old`)).headers.get('location')).toBe('/docs/about')
    expect((await getUrl(`${url}/about`, { headers: { accept: 'text/html' } })).status).toBe(404)
    expect(JSON.parse((await getUrl(`${url}/docs/api/hello`)).text)).toEqual({ pathname: '/api/hello' })
    const mw = JSON.parse((await getUrl(`${url}/docs/mw/url`)).text)
    expect([mw.pathname, mw.basePath, mw.about]).toEqual(['/mw/url', '/docs', '/docs/about'])
    expect((await getUrl(`${url}/docs/mw/to-about`)).headers.get('location')).toBe('/docs/about')
    const { page } = await b.newPage()
    // A first visit lets Vite discover and pre-bundle the client's dependencies (it may reload once).
    await page.goto(`${url}/docs`)
    await hydrated(page)
    await page.goto(`${url}/docs`)
    await hydrated(page)
    await page.click('a[href="/docs/about"]')
    await page.locator('#about').waitFor()
    expect([new URL(page.url()).pathname, await page.locator('#pathname').textContent()]).toEqual([
      '/docs/about',
      '/about',
    ])
    await page.goto(`${url}/docs/p/1`)
    await page.locator('main[data-hydrated="true"]').waitFor()
    await page.click('a[href="/docs/p/2"]')
    await page.locator('#post:has-text("post 2")').waitFor()
    expect(await page.locator('#router').textContent()).toBe('/docs|/p/2|/p/[id]')
  })
})
