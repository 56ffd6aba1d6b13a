// The Pages Router's remaining Next.js features (issue 10), against the `pages-extras` fixture built
// from the packed tarballs: pages/500 and pages/_error, getInitialProps on a page and on _app, and
// draft mode / preview data for getStaticProps from API routes. Expected answers are those of
// `next build && next start` (16.5) on the same pages; differences are listed in
// docs/guide/differences-from-nextjs.md ("Pages Router").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'

const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'

let app: App
let server: Server
let buildOutput = ''
let buildId = ''

beforeAll(async () => {
  app = await createApp(fixture('pages-extras'))
  const build = await app.build()
  buildOutput = build.output
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start()
  buildId = /"buildId":"([^"]+)"/.exec((await server.get('/')).text)?.[1] ?? ''
})

afterAll(async () => {
  await app?.cleanup()
})

const data = (path: string) => `/_fresco/data/${buildId}${path === '/' ? '/index' : path}.json`
const pageData = (html: string) =>
  JSON.parse(
    /<script id="__FRESCO_DATA__" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}',
  )
const props = (html: string) =>
  JSON.parse((/<pre id="props">([^<]*)<\/pre>/.exec(html)?.[1] ?? '{}').replaceAll('&quot;', '"'))
/** `name=value` pairs of a response's Set-Cookie headers, for the next request's Cookie. */
const cookiesOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')

describe('build', () => {
  it('lists getInitialProps pages as dynamic with their reason, and the ISR page as ISR', () => {
    expect(buildOutput).toMatch(/ƒ \/gip \(getInitialProps\)/)
    // Next: an _app with getInitialProps opts pages without getStaticProps out of static output.
    expect(buildOutput).toMatch(/ƒ \/ \(_app getInitialProps\)/)
    expect(buildOutput).toMatch(/● \/isr\/\[id\]\s+1m\s+1y\s+1/)
    expect(buildOutput).toMatch(/○ \/router\s/)
    // Special files are not routes.
    expect(buildOutput).not.toMatch(/\/_error|\/500/)
  })
})

describe('pages/500 and pages/_error', () => {
  it('a component that throws answers 500 with pages/500 (static props), never stored, logged with the page', async () => {
    for (const path of ['/boom', '/boom?throw=1']) {
      const r = await server.get(path)
      expect(r.status, path).toBe(500)
      expect(r.headers.get('cache-control'), path).toBe(DYNAMIC)
      expect(r.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(r.cache, path).toBeNull()
      expect(r.text, path).toContain('<h1 id="five">custom 500 page static</h1>')
      expect(r.text, path).not.toContain('secret message')
      // Hydrates as the 500 page, inside _app.
      expect(pageData(r.text)).toMatchObject({
        routeId: 'pages:/500',
        page: '/500',
        pageProps: { at: 'static' },
      })
      expect(r.text).toContain('id="app-counter"')
    }
    expect(server.proc.output()).toMatch(
      /rendering \/boom \(pages\/boom\.tsx\) failed Error: render secret message/,
    )
    expect(server.proc.output()).toMatch(
      /rendering \/boom \(pages\/boom\.tsx\) failed Error: gssp secret message/,
    )
    // As next start: `/500` itself answers the 500 page with status 500.
    const direct = await server.get('/500')
    expect(direct.status).toBe(500)
    expect(direct.headers.get('cache-control')).toBe(DYNAMIC)
    expect(direct.text).toContain('custom 500 page static')
  })

  it('getStaticProps throwing with no good page answers 500 each time (never cached); its data URL 500s', async () => {
    const first = await server.get('/isr/bad')
    expect(first.status).toBe(500)
    expect(first.headers.get('cache-control')).toBe(DYNAMIC)
    expect(first.text).toContain('custom 500 page static')
    expect((await server.get('/isr/bad')).status).toBe(500)
    expect(server.proc.output()).toMatch(/\/isr\/bad \(pages\/isr\/\[id\]\.tsx\) answered 500/)
    const json = await server.get(data('/isr/bad'))
    expect(json.status).toBe(500)
    expect(json.headers.get('cache-control')).toBe(DYNAMIC)
  })

  it('without pages/404, _error renders the 404 with statusCode from its getInitialProps', async () => {
    const r = await server.get('/no/such/page')
    expect(r.status).toBe(404)
    expect(r.headers.get('cache-control')).toBe(DYNAMIC)
    expect(r.text).toContain('<p id="err">custom error 404</p>')
    expect(pageData(r.text)).toMatchObject({
      routeId: 'pages:/_error',
      page: '/_error',
      pageProps: { statusCode: 404 },
    })
  })
})

describe('getInitialProps', () => {
  it('a page with getInitialProps renders per request with the request (req, query), never stored', async () => {
    const a = await server.get('/gip?q=one')
    const b = await server.get('/gip?q=two')
    for (const r of [a, b]) {
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe(DYNAMIC)
      expect(r.cache).toBeNull()
    }
    expect(a.text).toMatch(/gip request q=one calls=(\d+)/)
    const calls = Number(/calls=(\d+)/.exec(a.text)?.[1])
    expect(b.text).toContain(`gip request q=two calls=${calls + 1}`)
    // The data URL runs getInitialProps on the server too (Fresco's choice; Next runs it in the browser).
    const json = await server.get(`${data('/gip')}?q=three`)
    expect(json.headers.get('cache-control')).toBe(DYNAMIC)
    expect(JSON.parse(json.text)).toEqual({
      pageProps: { where: 'request', q: 'three', calls: calls + 2 },
      appProps: { appProp: 'app:/gip:request' },
    })
  })

  it("_app's getInitialProps: its props reach _app, a page without getStaticProps is per request", async () => {
    const home = await server.get('/')
    expect(home.headers.get('cache-control')).toBe(DYNAMIC)
    expect(home.text).toContain('data-app-prop="app:/:request"')
    expect(pageData(home.text).appProps).toEqual({ appProp: 'app:/:request' })
    // A getStaticProps page stays cached; App.getInitialProps ran for it without a request.
    const isr = await server.get('/isr/1')
    expect(isr.cache).toBe('HIT')
    expect(isr.text).toContain('data-app-prop="app:/isr/[id]:no-request"')
    expect(JSON.parse((await server.get(data('/isr/1'))).text).appProps).toEqual({
      appProp: 'app:/isr/[id]:no-request',
    })
  })
})

describe('draft mode for getStaticProps', () => {
  it('res.setDraftMode turns it on: rendered per request with draftMode, never stored nor served from cache', async () => {
    expect((await server.get('/api/draft?secret=wrong')).status).toBe(401)
    const on = await server.get('/api/draft?secret=draft-secret')
    expect(on.status).toBe(200)
    const setCookie = on.headers.getSetCookie()
    expect(setCookie).toHaveLength(1)
    expect(setCookie[0]).toMatch(/^__fresco_draft=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/)
    const cookie = cookiesOf(on.headers)
    const before = props((await server.get('/isr/1')).text)
    const a = await server.get('/isr/1', { headers: { cookie } })
    const b = await server.get('/isr/1', { headers: { cookie } })
    for (const r of [a, b]) {
      expect(r.status).toBe(200)
      expect(r.cache).toBeNull()
      expect(r.headers.get('cache-control')).toBe(DYNAMIC)
      expect(props(r.text)).toMatchObject({ id: '1', draft: true, preview: true, previewData: {} })
    }
    expect(props(b.text).render).toBe(props(a.text).render + 1)
    expect(pageData(a.text).isPreview).toBe(true)
    // Other clients still get the stored page, untouched by the draft renders.
    const other = await server.get('/isr/1')
    expect(other.cache).toBe('HIT')
    expect(props(other.text)).toEqual(before)
    expect(before).toMatchObject({ draft: null, preview: null, previewData: null })
    // A draft render of a path never rendered is not stored either: the next visitor's is a MISS.
    expect(props((await server.get('/isr/draft-only', { headers: { cookie } })).text).draft).toBe(true)
    const first = await server.get('/isr/draft-only')
    expect(first.cache).toBe('MISS')
    expect(props(first.text).draft).toBeNull()
    // The data URL in draft mode is per request too.
    const json = await server.get(data('/isr/1'), { headers: { cookie } })
    expect(json.headers.get('cache-control')).toBe(DYNAMIC)
    expect(JSON.parse(json.text).pageProps.draft).toBe(true)
    // Off: the cookie is expired.
    const off = await server.get('/api/draft?secret=draft-secret&off=1')
    expect(off.headers.getSetCookie()[0]).toMatch(/^__fresco_draft=; .*Max-Age=0/)
  })

  it('res.setPreviewData passes previewData; a forged cookie is served from the cache; clearPreviewData ends it', async () => {
    const set = await server.get('/api/preview?user=ann')
    const cookie = cookiesOf(set.headers)
    expect(cookie).toMatch(/__fresco_draft=[\w-]+; __fresco_preview_data=[\w-]+\.[\w-]+/)
    const r = await server.get('/isr/1', { headers: { cookie } })
    expect(props(r.text)).toMatchObject({ draft: true, preview: true, previewData: { user: 'ann' } })
    // Changing the data without the signature: draft mode stays on, the data is not believed.
    const forgedData = cookie.replace(
      /__fresco_preview_data=[\w-]+\./,
      `__fresco_preview_data=${Buffer.from('{"user":"root"}').toString('base64url')}.`,
    )
    expect(props((await server.get('/isr/1', { headers: { cookie: forgedData } })).text).previewData).toEqual(
      {},
    )
    // A draft cookie this build did not sign is ignored: the cached page.
    const forged = await server.get('/isr/1', { headers: { cookie: '__fresco_draft=forged' } })
    expect(forged.cache).toBe('HIT')
    expect(props(forged.text).draft).toBeNull()
    const cleared = await server.get('/api/preview?clear=1')
    expect(cleared.headers.getSetCookie().map((c) => c.split(';')[0])).toEqual([
      '__fresco_draft=',
      '__fresco_preview_data=',
    ])
  })
})
