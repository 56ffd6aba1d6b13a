// The ISR guide's Pages Router half (issue 10), against the `pages-blog` fixture built from the packed
// tarballs and served by `fresco start`, with the blog example's CMS as the counting upstream.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  type Cms,
  createApp,
  fixture,
  poll,
  rawGet,
  type Server,
  sleep,
  startCms,
} from '../harness/index.js'

const SECRET = 'pages-secret-0123456789'
const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'
const YEAR = 31_536_000
const isr = (r: number) => `s-maxage=${r}, stale-while-revalidate=${YEAR - r}`

let cms: Cms
let app: App
let server: Server
let env: Record<string, string>
let buildOutput = ''
let buildId = ''
/** When the server started: the prerendered entries are at least this old. */
let startedAt = 0

beforeAll(async () => {
  cms = await startCms({ seed: 25 })
  env = { CMS_URL: cms.url, REVALIDATE_SECRET: SECRET }
  app = await createApp(fixture('pages-blog'))
  // A short regeneration timeout, so the hanging-upstream test does not wait the default.
  writeFileSync(join(app.dir, 'fresco.config.ts'), 'export default { regenerationTimeout: 2 }\n')
  const build = await app.build(env)
  buildOutput = build.output
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start(env)
  startedAt = Date.now()
  buildId = /"buildId":"([^"]+)"/.exec((await server.get('/')).text)?.[1] ?? ''
})

afterAll(async () => {
  await app?.cleanup()
  await cms?.stop()
})

/** The page's body once it is a settled HIT (no regeneration of it still running). */
const settledHit = (path: string) =>
  poll(async () => {
    const r = await server.get(path)
    return r.cache === 'HIT' ? r.text : undefined
  })

/** Polls until the page shows `text` (a regeneration after a back-off or a hang). */
const untilShows = (path: string, text: string, what: string) =>
  poll(async () => ((await server.get(path)).text.includes(text) ? true : undefined), {
    timeoutMs: 40_000,
    intervalMs: 250,
    what,
  })

const data = (path: string) => `/_fresco/data/${buildId}${path === '/' ? '/index' : path}.json`

describe('build', () => {
  it('lists the Pages Router routes in the route table with their symbols', () => {
    expect(buildOutput).toMatch(/● \/blog\/\[id\]\s+1m\s+1y\s+25/)
    expect(buildOutput).toMatch(/○ \/forever\s/)
    expect(buildOutput).toMatch(/ƒ \/ssr \(getServerSideProps\)/)
    expect(buildOutput).toMatch(/ƒ \/api\/revalidate \(API route\)/)
    expect(buildOutput).toMatch(/○ \/strict\/\[id\]\s+2/)
    expect(buildOutput).toMatch(/● \/burst\/\[id\]\s+5s\s+1y\s+1/)
  })
})

describe('the spec walkthrough on pages/', () => {
  it('serves the 25 prerendered posts from cache (HIT) with the ISR Cache-Control', async () => {
    await cms.reset()
    for (let id = 1; id <= 25; id++) {
      const r = await server.get(`/blog/${id}`)
      expect(r.status, `/blog/${id}`).toBe(200)
      expect(r.cache, `/blog/${id}`).toBe('HIT')
      expect(r.headers.get('cache-control')).toBe(isr(60))
      expect(r.headers.get('content-type')).toMatch(/^text\/html/)
      expect(r.text).toMatch(new RegExp(`<h1 id="title" class="[^"]+">Post ${id}: notes on`))
      // Rendered with the route's params; the client hydrates from the embedded props.
      expect(r.text).toContain(`/blog/[id] ${id}`)
    }
    expect((await cms.stats()).total).toBe(0)
  })

  it('links the stylesheets _app and the page import, so the HTML arrives styled', async () => {
    const html = (await server.get('/blog/2')).text
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"\/>/g)].map((m) => m[1] as string)
    expect(links.length).toBe(2)
    const sheets = await Promise.all(links.map((href) => server.get(href)))
    expect(
      sheets.every((s) => s.status === 200 && /text\/css/.test(s.headers.get('content-type') ?? '')),
    ).toBe(true)
    const css = sheets.map((s) => s.text).join('\n')
    expect(css).toMatch(/h1\s*\{\s*color:\s*(rgb\(10, 20, 30\)|#0a141e)/)
    // The CSS module's class in the HTML is the one its stylesheet defines.
    const className = /<h1 id="title" class="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(className).not.toBe('')
    expect(css).toContain(`.${className}`)
    // A page without its own CSS links _app's only.
    expect([...(await server.get('/forever')).text.matchAll(/rel="stylesheet"/g)].length).toBe(1)
  })

  it('renders the custom _document (class with getInitialProps) around every page', async () => {
    for (const path of ['/blog/2', '/forever', '/no/such/page']) {
      const html = (await server.get(path)).text
      expect(html, path).toMatch(/^<!DOCTYPE html><html lang="en"><head>/)
      expect(html, path).toContain('<meta name="generator" content="pages-blog fixture"/>')
      expect(html, path).toContain('<body class="theme-paper"><div id="__next">')
    }
  })

  it('serves the data URL from the same entry, and a data URL of another build is a 404', async () => {
    const json = await server.get(data('/blog/3'))
    expect(json.status).toBe(200)
    expect(json.cache).toBe('HIT')
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(json.headers.get('cache-control')).toBe(isr(60))
    expect(JSON.parse(json.text).pageProps.post).toMatchObject({ id: '3' })
    expect((await server.get('/_fresco/data/not-this-build/blog/3.json')).status).toBe(404)
    expect((await server.get(data('/blog/3').replace('.json', ''))).status).toBe(404)
  })

  it("renders /blog/26 on its first request ('blocking', MISS), then serves it from cache (HIT)", async () => {
    const post = await cms.create({ title: 'Brand new post twenty-six', content: 'fresh' })
    await cms.reset()
    const first = await server.get(`/blog/${post.id}`)
    expect(first.status).toBe(200)
    expect(first.cache).toBe('MISS')
    expect(first.text).toContain('Brand new post twenty-six')
    const second = await server.get(`/blog/${post.id}`)
    expect(second.cache).toBe('HIT')
    expect(await cms.count(`/blog/${post.id}`)).toBe(1)
    // The data URL is the same entry: no new render.
    expect((await server.get(data(`/blog/${post.id}`))).cache).toBe('HIT')
    expect(await cms.count(`/blog/${post.id}`)).toBe(1)
  })

  it('serves STALE once past revalidate, regenerates once, then serves the new content', async () => {
    await cms.edit(1, { title: 'Fast one, edited' })
    await sleep(1100)
    await cms.reset()
    const stale = await server.get('/fast/1')
    expect(stale.cache).toBe('STALE')
    expect(stale.text).not.toContain('Fast one, edited')
    const fresh = await poll(async () => {
      const r = await server.get('/fast/1')
      return r.text.includes('Fast one, edited') ? r : undefined
    })
    expect(fresh.cache).toBe('HIT')
    expect(await cms.count('/blog/1')).toBe(1)
  })

  it('asks the upstream exactly once per regeneration under 200 concurrent requests', async () => {
    // /burst/8 (revalidate 5) was prerendered at build: wait until it is stale.
    await sleep(Math.max(0, startedAt + 5200 - Date.now()))
    await cms.reset()
    const answers = await Promise.all(Array.from({ length: 200 }, () => server.get('/burst/8')))
    expect(answers.every((r) => r.status === 200)).toBe(true)
    expect(answers.filter((r) => r.cache === 'STALE').length).toBeGreaterThan(0)
    await poll(async () => ((await server.get('/burst/8')).cache === 'HIT' ? true : undefined))
    expect(await cms.count('/blog/8')).toBe(1)
  })

  it('keeps the last good page while getStaticProps throws, and recovers', async () => {
    // A settled fresh entry first: no regeneration of it may still be running when the CMS fails.
    const good = await settledHit('/fast/3')
    await cms.fail('error', ['/blog/3'])
    try {
      await sleep(1100)
      await cms.reset()
      for (let i = 0; i < 3; i++) {
        const r = await server.get('/fast/3')
        expect(r.status).toBe(200)
        expect(r.text).toBe(good)
        await sleep(300)
      }
      expect(await cms.count('/blog/3')).toBeGreaterThan(0)
    } finally {
      await cms.fail('off')
    }
    await cms.edit(3, { title: 'Three is back' })
    await untilShows('/fast/3', 'Three is back', 'the regeneration after the back-off')
  })
  it('keeps the last good page while getStaticProps hangs, and recovers', async () => {
    const good = await settledHit('/fast/2')
    await cms.fail('hang', ['/blog/2'])
    try {
      await sleep(1100)
      const stale = await server.get('/fast/2')
      expect(stale.cache).toBe('STALE')
      expect(stale.text).toBe(good)
      // Past the 2 s regeneration timeout: the hung render was abandoned, the page still answers.
      await sleep(2500)
      const still = await server.get('/fast/2')
      expect(still.status).toBe(200)
      expect(still.text).toBe(good)
    } finally {
      await cms.fail('off')
    }
    await cms.edit(2, { title: 'Two after the hang' })
    await untilShows('/fast/2', 'Two after the hang', 'the regeneration after the hang')
  })
})

describe('getStaticPaths fallback', () => {
  it('fallback: false answers unknown paths with the custom 404 page', async () => {
    expect((await server.get('/strict/a')).text).toContain('strict a')
    expect((await server.get('/strict/b')).cache).toBe('HIT')
    const missing = await server.get('/strict/c')
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('Custom pages 404')
    expect(missing.headers.get('cache-control')).toBe(DYNAMIC)
    expect((await server.get('/no/such/page')).text).toContain('Custom pages 404')
    expect((await server.get(data('/strict/c'))).status).toBe(404)
  })

  it('fallback: true sends the shell at once, then the page from the cache', async () => {
    await cms.reset()
    const shell = await server.get('/shell/4')
    expect(shell.status).toBe(200)
    expect(shell.text).toContain('Loading the post…')
    expect(shell.text).toContain('"isFallback":true')
    expect(shell.headers.get('cache-control')).toBe(DYNAMIC)
    // The data URL (what the shell's client asks for) joins the same generation.
    const json = await server.get(data('/shell/4'))
    expect(JSON.parse(json.text).pageProps.post).toMatchObject({ id: '4' })
    const page = await server.get('/shell/4')
    expect(page.cache).toBe('HIT')
    expect(page.text).toContain('>Post 4: notes on')
    expect(await cms.count('/blog/4')).toBe(1)
  })

  it('crawlers get the blocking render instead of the shell', async () => {
    const bot = await server.get('/shell/6', {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    })
    expect(bot.cache).toBe('MISS')
    expect(bot.text).toContain('>Post 6: notes on')
    expect(bot.text).not.toContain('Loading the post')
  })
})

describe('getStaticProps outcomes', () => {
  it('notFound answers the 404 page; redirect answers its status and Location (JSON on the data URL)', async () => {
    const gone = await server.get('/outcome/gone')
    expect(gone.status).toBe(404)
    expect(gone.text).toContain('Custom pages 404')
    const moved = await server.get('/outcome/moved')
    expect(moved.status).toBe(308)
    expect(moved.headers.get('location')).toBe('/blog/1')
    expect(moved.cache).toBe('HIT')
    const temp = await server.get('/outcome/temp')
    expect(temp.status).toBe(302)
    expect(temp.headers.get('location')).toBe('/blog/2')
    const movedData = await server.get(data('/outcome/moved'))
    expect(movedData.status).toBe(200)
    expect(JSON.parse(movedData.text)).toEqual({ redirect: { destination: '/blog/1', status: 308 } })
    expect(JSON.parse((await server.get(data('/outcome/gone'))).text)).toEqual({ notFound: true })
  })

  it('a page without revalidate never goes stale by time', async () => {
    await cms.reset()
    const first = await server.get('/forever')
    expect(first.cache).toBe('HIT')
    expect(first.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    await sleep(1200)
    expect((await server.get('/forever')).cache).toBe('HIT')
    expect((await cms.stats()).total).toBe(0)
  })
})

describe('res.revalidate from an API route', () => {
  it('refuses a wrong secret and regenerates the exact path with the right one', async () => {
    await cms.edit(7, { title: 'Seven, revalidated on demand' })
    await cms.reset()
    const wrong = await server.get(`/api/revalidate?secret=nope&path=/blog/7`)
    expect(wrong.status).toBe(401)
    expect((await server.get('/blog/7')).text).not.toContain('Seven, revalidated on demand')
    expect(await cms.count('/blog/7')).toBe(0)
    const right = await server.get(`/api/revalidate?secret=${SECRET}&path=/blog/7`)
    expect(right.status).toBe(200)
    expect(JSON.parse(right.text)).toEqual({ revalidated: true })
    expect(await cms.count('/blog/7')).toBe(1)
    // Regenerated before the API answered: the next request is a HIT with the new content.
    const after = await server.get('/blog/7')
    expect(after.cache).toBe('HIT')
    expect(after.text).toContain('Seven, revalidated on demand')
    expect(JSON.parse((await server.get(data('/blog/7'))).text).pageProps.post.title).toBe(
      'Seven, revalidated on demand',
    )
  })

  it('rejects when the regeneration fails, and the last good page stays', async () => {
    const before = (await server.get('/forever')).text
    await cms.fail('error', ['/blog/5'])
    try {
      const failed = await server.get(`/api/revalidate?secret=${SECRET}&path=/forever`)
      expect(failed.status).toBe(500)
      expect(failed.text).toBe('Error revalidating')
    } finally {
      await cms.fail('off')
    }
    const still = await server.get('/forever')
    expect(still.status).toBe(200)
    expect(still.text).toBe(before)
    // A path that is not a page of this app rejects too.
    expect((await server.get(`/api/revalidate?secret=${SECRET}&path=/nope`)).status).toBe(500)
  })
})

describe('getServerSideProps and API routes', () => {
  it('getServerSideProps renders every request with the dynamic Cache-Control, never stored', async () => {
    const a = await server.get('/ssr?q=one', { headers: { cookie: 'flavor=mint' } })
    const b = await server.get('/ssr?q=two')
    expect(a.status).toBe(200)
    expect(a.headers.get('cache-control')).toBe(DYNAMIC)
    expect(a.cache).toBeNull()
    expect(a.text).toContain('q=one cookie=mint')
    expect(b.text).toContain('q=two cookie=null')
    expect(Number(b.headers.get('x-ssr-render'))).toBe(Number(a.headers.get('x-ssr-render')) + 1)
    const json = await server.get(`${data('/ssr')}?q=three`)
    expect(json.headers.get('cache-control')).toBe(DYNAMIC)
    expect(JSON.parse(json.text).pageProps.q).toBe('three')
    // The status getServerSideProps set, and a response it ended itself.
    expect((await server.get('/ssr?gone=1')).status).toBe(410)
    const raw = await server.get('/ssr?raw=1')
    expect([raw.status, raw.text, raw.headers.get('content-type')]).toEqual([
      200,
      'answered by getServerSideProps',
      'text/plain',
    ])
    // A client prefetch never runs getServerSideProps: 204, and the next render is the next number.
    const prefetch = await server.get(data('/ssr'), { headers: { 'x-fresco-prefetch': '1' } })
    expect(prefetch.status).toBe(204)
    const after = await server.get('/ssr')
    expect(Number(after.headers.get('x-ssr-render'))).toBe(Number(json.headers.get('x-ssr-render')) + 3)
  })

  it('API routes get query with params merged, cookies and a parsed body within the size limit', async () => {
    const r = await server.get('/api/echo/bob?name=ignored&x=1&x=2', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'a=1; b=two' },
      body: JSON.stringify({ hello: 'world' }),
    })
    expect(r.status).toBe(201)
    expect(r.headers.get('x-method')).toBe('POST')
    expect(JSON.parse(r.text)).toEqual({
      query: { name: 'bob', x: ['1', '2'] },
      cookies: { a: '1', b: 'two' },
      body: { hello: 'world' },
    })
    const form = await server.get('/api/echo/f', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&a=2&b=3',
    })
    expect(JSON.parse(form.text).body).toEqual({ a: ['1', '2'], b: '3' })
    const big = await server.get('/api/echo/big', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(2048),
    })
    expect(big.status).toBe(413)
    const bad = await server.get('/api/echo/bad', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"not json',
    })
    expect(bad.status).toBe(400)
  })
})

describe('served like App Router entries', () => {
  it('answers If-None-Match with 304 and serves brotli-compressed HTML', async () => {
    const first = await rawGet(server.url, '/blog/9')
    const etag = first.headers.etag
    expect(etag).toBeTruthy()
    expect((await rawGet(server.url, '/blog/9', { 'if-none-match': String(etag) })).status).toBe(304)
    const br = await poll(async () => {
      const res = await rawGet(server.url, '/blog/9', { 'accept-encoding': 'br' })
      return res.headers['content-encoding'] === 'br' ? res : undefined
    })
    expect(brotliDecompressSync(br.body).toString()).toContain('>Post 9: notes on')
  })

  it('refuses other methods on pages, and hostile paths never produce a 5xx', async () => {
    expect((await server.get('/blog/1', { method: 'POST' })).status).toBe(405)
    for (const path of [
      '/_fresco/data/',
      `/_fresco/data/${buildId}/.json`,
      `/_fresco/data/${buildId}/%2e%2e/x.json`,
      `/_fresco/data/${buildId}/${'a'.repeat(3000)}.json`,
      '/blog/%E0%A4%A',
      `/shell/${'z'.repeat(600)}`,
    ]) {
      const r = await rawGet(server.url, path)
      expect(r.status, path).toBeLessThan(500)
    }
  })
})
