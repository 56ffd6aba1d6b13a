// The ISR walkthrough of the spec and the caching model around it, against the `blog` fixture built from the
// packed tarballs and served by `fresco start`, with the example's CMS as the data source.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { createFsInspector, silentLogger } from '@fresco/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  actionId,
  type Cms,
  createApp,
  fixture,
  formBody,
  freePort,
  type Proc,
  poll,
  rawGet,
  rawHttp,
  rawUpload,
  readForm,
  type Server,
  sleep,
  spawnProc,
  startCms,
} from '../harness/index.js'

const SECRET = 'e2e-secret-0123456789'
const DYNAMIC = 'private, no-cache, no-store, max-age=0, must-revalidate'
const YEAR = 31_536_000
const isr = (r: number) => `s-maxage=${r}, stale-while-revalidate=${YEAR - r}`
const MB = 1024 * 1024

let cms: Cms
let app: App
let server: Server
let env: Record<string, string>
let buildOutput = ''

beforeAll(async () => {
  cms = await startCms({ seed: 25 })
  env = { CMS_URL: cms.url, REVALIDATE_SECRET: SECRET }
  app = await createApp(fixture('blog'))
  const build = await app.build(env)
  buildOutput = build.output
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start(env)
})

afterAll(async () => {
  await app?.cleanup()
  await cms?.stop()
})

const revalidate = (query: string) => server.get(`/api/revalidate?${query}`, { method: 'POST' })

describe('the spec walkthrough', () => {
  it('serves the 25 prerendered posts from cache with the ISR Cache-Control', async () => {
    await cms.reset()
    for (let id = 1; id <= 25; id++) {
      const r = await server.get(`/blog/${id}`)
      expect(r.status, `/blog/${id}`).toBe(200)
      expect(r.cache, `/blog/${id}`).toBe('HIT')
      expect(r.headers.get('cache-control')).toBe(isr(60))
      expect(r.headers.get('cache-status')).toMatch(/hit/i)
      expect(r.headers.get('content-type')).toMatch(/^text\/html/)
      expect(r.text).toContain(`<h1>Post ${id}: notes on`)
    }
    // Every one of them came from the route cache: the data source saw nothing.
    expect((await cms.stats()).total).toBe(0)
    expect(buildOutput).toMatch(/\/blog\/\[id\]/)
  })

  it('renders /blog/26 on demand (MISS), then serves it from cache (HIT)', async () => {
    const post = await cms.create({ title: 'Brand new post twenty-six', content: 'fresh' })
    expect(post.id).toBe('26')
    await cms.reset()
    const first = await server.get('/blog/26')
    expect(first.status).toBe(200)
    expect(first.cache).toBe('MISS')
    expect(first.text).toContain('Brand new post twenty-six')
    const second = await server.get('/blog/26')
    expect(second.cache).toBe('HIT')
    expect(second.headers.get('cache-control')).toBe(isr(60))
    expect(second.text).toContain('Brand new post twenty-six')
    expect(await cms.count('/blog/26')).toBe(1)
  })

  it('after the window serves one STALE response with the old page, then the new content', async () => {
    await cms.edit(14, { title: 'Fast fourteen, second edition' })
    // The page was generated at build; wait (bounded) until its 2 s window has passed.
    const stale = await poll(
      async () => {
        const r = await server.get('/fast/14')
        return r.cache === 'STALE' ? r : undefined
      },
      { intervalMs: 200, what: '/fast/14 STALE' },
    )
    expect(stale.status).toBe(200)
    expect(stale.text).toContain('Post 14: notes on')
    expect(stale.text).not.toContain('second edition')
    expect(stale.headers.get('cache-control')).toBe(isr(2))
    const fresh = await poll(
      async () => {
        const r = await server.get('/fast/14')
        return r.text.includes('Fast fourteen, second edition') ? r : undefined
      },
      { what: 'the regenerated /fast/14' },
    )
    expect(fresh.cache).toBe('HIT')
  })

  it('makes exactly one upstream request per background regeneration under 200 concurrent requests', async () => {
    await cms.edit(15, { title: 'Slow fifteen, second edition' })
    await sleep(5100) // let the 5 s window pass (the page was generated at build)
    await cms.reset()
    await cms.fail('slow', ['/blog/15'], { ms: 300 }) // keep the regeneration in flight during the burst
    const responses = await Promise.all(Array.from({ length: 200 }, () => server.get('/slow/15')))
    const statuses = new Map<string, number>()
    for (const r of responses) {
      expect(r.status).toBe(200)
      statuses.set(String(r.cache), (statuses.get(String(r.cache)) ?? 0) + 1)
      if (r.text.includes('second edition')) expect(r.cache).toBe('HIT')
      else expect(r.text).toContain('Slow Post 15: notes on')
    }
    const seen = JSON.stringify([...statuses])
    expect(
      [...statuses.keys()].every((s) => s === 'STALE' || s === 'HIT'),
      seen,
    ).toBe(true)
    expect(statuses.get('STALE') ?? 0, seen).toBeGreaterThanOrEqual(1)
    await poll(
      async () =>
        (await server.get('/slow/15')).text.includes('Slow fifteen, second edition') ? true : undefined,
      { what: 'the regenerated /slow/15' },
    )
    expect(await cms.count('/blog/15')).toBe(1)
    await cms.fail('off')
  })

  it('makes exactly one upstream request when 200 concurrent requests wait for an expired page', async () => {
    await cms.edit(21, { title: 'Twenty-one, second edition' })
    expect((await revalidate(`secret=${SECRET}&path=/blog/21`)).status).toBe(200) // expired: blocking
    await cms.reset()
    await cms.fail('slow', ['/blog/21'], { ms: 300 })
    const responses = await Promise.all(Array.from({ length: 200 }, () => server.get('/blog/21')))
    for (const r of responses) {
      expect(r.status).toBe(200)
      expect(r.text).toContain('Twenty-one, second edition') // nobody got the expired page
    }
    expect(responses.filter((r) => r.cache === 'MISS').length).toBeGreaterThanOrEqual(1)
    expect(await cms.count('/blog/21')).toBe(1)
    await cms.fail('off')
  })

  it('answers 404 with the not-found page for params outside generateStaticParams when dynamicParams = false', async () => {
    const known = await server.get('/strict/1')
    expect(known.status).toBe(200)
    expect(known.text).toContain('Strict Post 1')
    const unknown = await server.get('/strict/9')
    expect(unknown.status).toBe(404)
    expect(unknown.text).toContain('Fixture: this page does not exist')
    const nowhere = await server.get('/no/such/page')
    expect(nowhere.status).toBe(404)
    expect(nowhere.text).toContain('Fixture: this page does not exist')
  })
})

describe('the on-disk cache under attacker-chosen URLs', () => {
  const entryFiles = () => readdirSync(join(app.dir, '.fresco', 'cache')).filter((f) => f.endsWith('.entry'))

  it('a notFound() rendered on demand (dynamicParams = true) is a 404 that stores nothing', async () => {
    expect((await server.get('/maybe/1')).text).toContain('Maybe Post 1')
    const before = entryFiles().length
    for (let i = 0; i < 30; i++) {
      const r = await server.get(`/maybe/${900_000 + i}`)
      expect(r.status).toBe(404)
      expect(r.cache).not.toBe('HIT')
    }
    const again = await server.get('/maybe/900000')
    expect(again.status).toBe(404)
    expect(again.cache).not.toBe('HIT')
    expect(entryFiles().length).toBe(before)
  })
})

describe('on-demand revalidation', () => {
  it('revalidatePath through a secret-guarded route handler (wrong secret → 401)', async () => {
    const before = await server.get('/od/path')
    expect(before.cache).toBe('HIT')
    expect(before.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    expect(before.text).toContain('Path Post 2: notes on')
    await cms.edit(2, { title: 'Path two, edited' })
    expect((await server.get('/od/path')).text).toContain('Path Post 2: notes on') // cached page, cached data

    const denied = await revalidate('secret=wrong-secret&path=/od/path')
    expect(denied.status).toBe(401)
    const missing = await revalidate('path=/od/path')
    expect(missing.status).toBe(401)
    const still = await server.get('/od/path')
    expect(still.cache).toBe('HIT')
    expect(still.text).toContain('Path Post 2: notes on')

    const ok = await revalidate(`secret=${SECRET}&path=/od/path`)
    expect(ok.status).toBe(200)
    const after = await server.get('/od/path')
    expect(after.cache).toBe('MISS') // expired without a profile: blocking regeneration
    expect(after.text).toContain('Path two, edited') // the path's data-cache entries were invalidated too
    expect((await server.get('/od/path')).cache).toBe('HIT')
  })

  it("revalidatePath(path, 'layout') refreshes every page under the layout", async () => {
    for (const slug of ['a', 'b']) {
      const r = await server.get(`/section/${slug}`)
      expect(r.cache).toBe('HIT')
      expect(r.text).toContain(`Section ${slug} Post 20: notes on`)
    }
    await cms.edit(20, { title: 'Twenty, edited' })
    expect((await revalidate(`secret=${SECRET}&path=/section/a`)).status).toBe(200) // one page only
    expect((await server.get('/section/a')).text).toContain('Section a Twenty, edited')
    expect((await server.get('/section/b')).text).toContain('Section b Post 20: notes on')
    expect((await revalidate(`secret=${SECRET}&path=/section&type=layout`)).status).toBe(200)
    const b = await server.get('/section/b')
    expect(b.cache).toBe('MISS')
    expect(b.text).toContain('Section b Twenty, edited')
  })

  it('revalidateTag through the route handler expires every page that read the tag', async () => {
    expect((await server.get('/od/tag')).text).toContain('Tag Post 3: notes on')
    await cms.edit(3, { title: 'Tag three, edited' })
    expect((await server.get('/od/tag')).text).toContain('Tag Post 3: notes on')
    expect((await revalidate(`secret=${SECRET}&tag=post-3`)).status).toBe(200)
    const after = await server.get('/od/tag')
    expect(after.cache).toBe('MISS')
    expect(after.text).toContain('Tag three, edited')
    expect((await server.get('/od/tag')).cache).toBe('HIT')
  })

  it("revalidateTag(tag, 'max') marks the page stale: one STALE response with the old content, then new", async () => {
    expect((await server.get('/od/swr')).text).toContain('Swr Post 4: notes on')
    await cms.edit(4, { title: 'Swr four, edited' })
    expect((await revalidate(`secret=${SECRET}&tag=post-4&profile=max`)).status).toBe(200)
    const stale = await server.get('/od/swr')
    expect(stale.cache).toBe('STALE')
    expect(stale.text).toContain('Swr Post 4: notes on')
    const fresh = await poll(
      async () => {
        const r = await server.get('/od/swr')
        return r.text.includes('Swr four, edited') ? r : undefined
      },
      { what: 'the regenerated /od/swr' },
    )
    expect(fresh.status).toBe(200)
  })

  it('a Server Action posted by a form without JavaScript adds a post and revalidates /blog', async () => {
    const list = await server.get('/blog')
    expect(list.cache).toBe('HIT')
    expect(list.text).not.toContain('Posted from a plain form')
    const page = await server.get('/od/action')
    const form = readForm(page.text, 'create')
    expect(form.method).toBe('POST')
    await cms.reset()
    const res = await server.get(form.action || '/od/action', {
      method: 'POST',
      body: formBody(form, { title: 'Posted from a plain form' }),
    })
    expect([200, 303]).toContain(res.status)
    expect((await cms.stats()).requests['POST /blog']).toBe(1)
    const after = await server.get('/blog')
    expect(after.text).toContain('Posted from a plain form')
    expect(after.cache).toBe('MISS')
  })

  it('a Server Action calling revalidatePath refreshes the page (form post)', async () => {
    await cms.edit(5, { title: 'Five, edited' })
    const page = await server.get('/od/action')
    expect(page.text).toContain('Five Post 5: notes on')
    const form = readForm(page.text, 'by-path')
    const res = await server.get('/od/action', { method: 'POST', body: formBody(form) })
    expect([200, 303]).toContain(res.status)
    expect((await server.get('/od/action')).text).toContain('Five Five, edited')
  })

  it('a Server Action called the JavaScript way (x-fresco-action) revalidates a tag', async () => {
    await cms.edit(6, { title: 'Six, edited' })
    const page = await server.get('/od/action')
    expect(page.text).toContain('Six Post 6: notes on')
    const id = actionId(readForm(page.text, 'by-tag'))
    const res = await server.get('/od/action', {
      method: 'POST',
      headers: { 'x-fresco-action': id, 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]', // React's encodeReply([]): no arguments
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/x-component/)
    expect(res.headers.get('cache-control')).toBe(DYNAMIC)
    expect((await server.get('/od/action')).text).toContain('Six Six, edited')
  })
})

describe('failures of the data source', () => {
  it('a regeneration that throws keeps serving the last good page, and recovers with the source', async () => {
    await cms.fail('error', ['/blog/7'])
    const stale = await poll(
      async () => {
        const r = await server.get('/fast/7')
        return r.cache === 'STALE' ? r : undefined
      },
      { intervalMs: 200, what: '/fast/7 STALE' },
    )
    expect(stale.status).toBe(200)
    expect(stale.text).toContain('Post 7: notes on')
    for (let i = 0; i < 8; i++) {
      const r = await server.get('/fast/7')
      expect(r.status).toBe(200)
      expect(r.text).toContain('Post 7: notes on')
      await sleep(250)
    }
    expect(await cms.count('/blog/7')).toBeGreaterThanOrEqual(1) // it did try
    // …and said so in the server log, naming the page.
    expect(
      server.proc
        .output()
        .split('\n')
        .some((l) => l.includes('/fast/7') && /error|fail/i.test(l)),
    ).toBe(true)
    await cms.edit(7, { title: 'Seven recovered' })
    await cms.fail('off')
    await poll(
      async () => ((await server.get('/fast/7')).text.includes('Seven recovered') ? true : undefined),
      {
        timeoutMs: 45_000,
        intervalMs: 300,
        what: '/fast/7 regenerated after the CMS recovered',
      },
    )
  })

  it('a data source that hangs never holds up the cached page', async () => {
    await cms.fail('hang', ['/blog/8'])
    const stale = await poll(
      async () => {
        const r = await server.get('/fast/8')
        return r.cache === 'STALE' ? r : undefined
      },
      { intervalMs: 200, what: '/fast/8 STALE while the CMS hangs' },
    )
    expect(stale.text).toContain('Post 8: notes on')
    const again = await server.get('/fast/8')
    expect(again.status).toBe(200)
    expect(again.text).toContain('Post 8: notes on')
    await cms.edit(8, { title: 'Eight recovered' })
    await cms.fail('off')
    await poll(
      async () => ((await server.get('/fast/8')).text.includes('Eight recovered') ? true : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 300,
        what: '/fast/8 regenerated after the CMS stopped hanging',
      },
    )
  })
})

describe('a hanging data source after an on-demand revalidation', () => {
  it('answers within the regenerationWait bound with the last good page (STALE), then the new content', async () => {
    await poll(async () => ((await server.get('/fast/22')).cache === 'HIT' ? true : undefined), {
      intervalMs: 200,
      what: '/fast/22 fresh',
    })
    await cms.fail('hang', ['/blog/22'])
    await cms.edit(22, { title: 'Twenty-two recovered' })
    // revalidatePath expires the page's tag: the next request needs a blocking regeneration, which hangs.
    expect((await revalidate(`secret=${SECRET}&path=/fast/22`)).status).toBe(200)
    // Each request must answer well within the 60 s regeneration timeout (default regenerationWait: 2 s).
    const bounded = { signal: AbortSignal.timeout(10_000) }
    for (let i = 0; i < 3; i++) {
      const r = await server.get('/fast/22', bounded)
      expect(r.status).toBe(200)
      expect(r.cache).toBe('STALE')
      expect(r.text).toContain('Post 22: notes on')
    }
    // …logged once, with the key and why.
    const said = server.proc
      .output()
      .split('\n')
      .filter((l) => l.includes('STALE') && l.includes('/fast/22') && l.includes('still running'))
    expect(said).toHaveLength(1)
    await cms.fail('off') // the hung request fails now; after the retry back-off the new content lands
    await poll(
      async () => ((await server.get('/fast/22')).text.includes('Twenty-two recovered') ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 300, what: '/fast/22 regenerated after the CMS stopped hanging' },
    )
  })
})

describe('static and dynamic rendering', () => {
  it("dynamic = 'force-dynamic' renders per request with the dynamic Cache-Control", async () => {
    const a = await server.get('/dyn/force')
    const b = await server.get('/dyn/force')
    expect(a.status).toBe(200)
    expect(a.headers.get('cache-control')).toBe(DYNAMIC)
    expect(a.cache).not.toBe('HIT')
    expect(b.cache).not.toBe('HIT')
    expect(a.text.match(/Force dynamic (\d+)/)?.[1]).not.toBe(b.text.match(/Force dynamic (\d+)/)?.[1])
  })

  it('cookies() makes a route dynamic', async () => {
    const dark = await server.get('/dyn/cookies', { headers: { cookie: 'theme=dark' } })
    expect(dark.headers.get('cache-control')).toBe(DYNAMIC)
    expect(dark.text).toMatch(/Theme dark/)
    const light = await server.get('/dyn/cookies', { headers: { cookie: 'theme=light' } })
    expect(light.text).toMatch(/Theme light/)
  })

  it("a fetch with cache: 'no-store' makes a route dynamic (one upstream request per page request)", async () => {
    await cms.reset()
    const a = await server.get('/dyn/nostore')
    await server.get('/dyn/nostore')
    expect(a.status).toBe(200)
    expect(a.headers.get('cache-control')).toBe(DYNAMIC)
    expect(await cms.count('/blog/16')).toBe(2)
  })

  it("dynamic = 'force-static' with a no-store fetch stays static", async () => {
    await cms.reset()
    const a = await server.get('/dyn/static-nostore')
    const b = await server.get('/dyn/static-nostore')
    expect(a.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    expect(b.cache).toBe('HIT')
    expect(b.text).toContain('Force static')
    expect(await cms.count('/blog/17')).toBe(0)
  })

  it('the route revalidate is the minimum of the segments and the fetches', async () => {
    const r = await server.get('/dyn/min')
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe(isr(120))
  })

  it('home page without revalidate is static forever', async () => {
    const r = await server.get('/')
    expect(r.cache).toBe('HIT')
    expect(r.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
  })
})

describe('data cache', () => {
  it('memoizes identical fetches within one render (three fetches → one upstream request)', async () => {
    await cms.reset()
    const a = await server.get('/memo')
    await server.get('/memo')
    expect(a.text).toMatch(/Memo Post 9: notes on/)
    expect(a.text).toMatch(/b Post 9: notes on/)
    expect(await cms.count('/blog/9')).toBe(2) // one per request, not three, and not shared across requests
  })

  it('serves stale data and refetches it in the background after its revalidate time', async () => {
    await cms.reset()
    expect((await server.get('/data-swr')).text).toContain('Data swr Post 19: notes on')
    await server.get('/data-swr')
    expect(await cms.count('/blog/19')).toBe(1) // cached for 2 s across requests
    await cms.edit(19, { title: 'Nineteen, edited' })
    await sleep(2100) // past the fetch's 2 s window
    const stale = await server.get('/data-swr')
    expect(stale.text).toContain('Data swr Post 19: notes on') // served stale, not awaited
    await poll(
      async () => ((await server.get('/data-swr')).text.includes('Nineteen, edited') ? true : undefined),
      {
        what: 'the refetched /blog/19 data',
      },
    )
    expect(await cms.count('/blog/19')).toBe(2)
  })

  it("judges a data entry's staleness by the reader's revalidate, not the writer's", async () => {
    await cms.reset()
    expect((await server.get('/data-mix/forever')).text).toContain('Data forever Post 24: notes on')
    expect(await cms.count('/blog/24')).toBe(1)
    await cms.edit(24, { title: 'Twenty-four, edited' })
    await sleep(1100) // past the 1 s window of /data-mix/short's fetch
    await poll(
      async () =>
        (await server.get('/data-mix/short')).text.includes('Twenty-four, edited') ? true : undefined,
      { what: '/data-mix/short refetching an entry written without revalidate' },
    )
    expect(await cms.count('/blog/24')).toBe(2)
    // The entry it refetched is still forever for the force-cache reader.
    expect((await server.get('/data-mix/forever')).text).toContain('Twenty-four, edited')
    expect(await cms.count('/blog/24')).toBe(2)
  })

  it('unstable_cache stores a function result until its tag is revalidated', async () => {
    await cms.reset()
    expect((await server.get('/ucache')).text).toMatch(/Cached fn Post 10: notes on/)
    await server.get('/ucache')
    expect(await cms.count('/blog/10')).toBe(1)
    await cms.edit(10, { title: 'Ten, edited' })
    expect((await server.get('/ucache')).text).toContain('Post 10: notes on')
    expect(await cms.count('/blog/10')).toBe(1)
    expect((await revalidate(`secret=${SECRET}&tag=uc-10`)).status).toBe(200)
    expect(await cms.count('/blog/10')).toBe(1) // invalidation itself fetches nothing
    expect((await server.get('/ucache')).text).toContain('Ten, edited')
    expect(await cms.count('/blog/10')).toBe(2) // one refill
    expect((await server.get('/ucache')).text).toContain('Ten, edited')
    expect(await cms.count('/blog/10')).toBe(2)
  })

  it('draft mode renders fresh for the cookie holder and stores nothing', async () => {
    const before = await server.get('/draft-demo')
    expect(before.cache).toBe('HIT')
    expect(before.text).toMatch(/Draft off/)
    await cms.edit(11, { title: 'Eleven, draft' })
    const enable = await server.get('/api/draft')
    expect(enable.status).toBe(200)
    const setCookie = enable.headers.get('set-cookie')
    expect(setCookie).toBeTruthy()
    const cookie = String(setCookie).split(';')[0] as string
    const draft = await server.get('/draft-demo', { headers: { cookie } })
    expect(draft.status).toBe(200)
    expect(draft.cache).not.toBe('HIT')
    expect(draft.headers.get('cache-control')).toBe(DYNAMIC)
    expect(draft.text).toMatch(/Draft on/)
    expect(draft.text).toContain('Eleven, draft')
    const after = await server.get('/draft-demo')
    expect(after.cache).toBe('HIT')
    expect(after.text).toMatch(/Draft off/)
    expect(after.text).toContain('Post 11: notes on')
  })

  it('caches a GET route handler that exports revalidate', async () => {
    const a = await server.get('/api/cached')
    const b = await server.get('/api/cached')
    expect(a.status).toBe(200)
    expect(b.cache).toBe('HIT')
    expect(b.text).toBe(a.text)
    expect(b.headers.get('cache-control')).toBe(isr(60))
    expect(b.headers.get('content-type')).toMatch(/^application\/json/)
  })
})

describe('HTTP', () => {
  it('answers If-None-Match with 304 and an empty body', async () => {
    const r = await rawGet(server.url, '/strict/2') // identity: no Accept-Encoding
    const etag = r.headers.etag
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/)
    const again = await rawGet(server.url, '/strict/2', { 'if-none-match': String(etag) })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers.etag).toBe(etag)
    const changed = await rawGet(server.url, '/strict/2', { 'if-none-match': '"something-else"' })
    expect(changed.status).toBe(200)
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await rawGet(server.url, '/strict/3')
    const head = await rawGet(server.url, '/strict/3', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers['x-fresco-cache']).toBe('HIT')
    expect(head.headers.etag).toBe(get.headers.etag)
    expect(head.headers['content-type']).toBe(get.headers['content-type'])
    expect(head.headers['content-length']).toBe(String(get.body.length))
  })

  it('never sends cache tags to the client', async () => {
    for (const path of ['/od/tag', '/blog', '/blog/1', '/_fresco/rsc/blog/1']) {
      const r = await server.get(path)
      for (const [name, value] of r.headers) {
        expect(name, path).not.toMatch(/cache-tag|-tags$/i)
        expect(value, `${path} ${name}`).not.toMatch(/post-3|_N_T_|\/blog\/layout|\bposts\b/)
      }
    }
  })

  it('serves a brotli body that decodes to the same HTML', async () => {
    const plain = await rawGet(server.url, '/strict/2')
    expect(plain.headers['content-encoding']).toBeUndefined()
    // The first client asking for br starts its compression and is answered without waiting for it.
    const br = await poll(
      async () => {
        const res = await rawGet(server.url, '/strict/2', { 'accept-encoding': 'br' })
        return res.headers['content-encoding'] === 'br' ? res : undefined
      },
      { timeoutMs: 10_000 },
    )
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
  })

  it('answers br on the first request of a prerendered page, from the bytes the build stored', async () => {
    // The build stored the page brotli-coded: no client has asked for /blog/24 yet, and br comes at once.
    const br = await rawGet(server.url, '/blog/24', { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.status).toBe(200)
    expect(br.headers['x-fresco-cache']).toBe('HIT')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.etag).toMatch(/-br"$/)
    const plain = await rawGet(server.url, '/blog/24')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
    expect(plain.body.toString()).toContain('Post 24: notes on')
    const payload = await rawGet(server.url, '/_fresco/rsc/blog/24', { 'accept-encoding': 'br' })
    expect(payload.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(payload.body).toString()).toContain('Post 24: notes on')
  })

  it('serves HTML and the RSC payload on different URLs', async () => {
    const rsc = await server.get('/_fresco/rsc/blog/1')
    expect(rsc.status).toBe(200)
    expect(rsc.headers.get('content-type')).toMatch(/^text\/x-component/)
    expect(rsc.text).toContain('Post 1: notes on')
    const html = await server.get('/blog/1', { headers: { RSC: '1' } })
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    expect(html.text).toMatch(/^<!DOCTYPE html>/i)
    expect(html.headers.get('vary') ?? '').not.toMatch(/rsc/i) // one URL, one representation
    // The payload of a static page comes from the same route cache entry as its HTML.
    const payload = await server.get('/_fresco/rsc/strict/1')
    expect(payload.cache).toBe('HIT')
    expect(payload.headers.get('cache-control')).toBe(`s-maxage=${YEAR}`)
    expect(payload.text).toContain('Post 1: notes on')
  })

  it('sends a cached and a rendered RSC payload with the same Content-Type (text/x-component, as Next)', async () => {
    const cached = await server.get('/_fresco/rsc/strict/1')
    const rendered = await server.get('/_fresco/rsc/dyn/force')
    expect(cached.cache).toBe('HIT')
    expect(rendered.headers.get('cache-control')).toBe(DYNAMIC)
    expect(cached.headers.get('content-type')).toBe('text/x-component')
    expect(rendered.headers.get('content-type')).toBe('text/x-component')
  })

  it('sends the not-found UI in a payload only when it can be shown: streamed renders and 404s', async () => {
    const notFoundUi = 'Fixture: this page does not exist'
    // A cached render that threw notFound() is rendered again without its page: its boundaries
    // never show the UI, so neither its payload nor its HTML carries it.
    const cached = await server.get('/_fresco/rsc/strict/1')
    expect(cached.text).toContain('Post 1: notes on')
    expect(cached.text).not.toContain(notFoundUi)
    expect((await server.get('/strict/1')).text).not.toContain(notFoundUi)
    // A streamed render may throw notFound() after the shell: it carries the UI.
    expect((await server.get('/_fresco/rsc/dyn/force')).text).toContain(notFoundUi)
    const missing = await server.get('/_fresco/rsc/strict/9')
    expect(missing.status).toBe(404)
    expect(missing.text).toContain(notFoundUi)
  })

  it('rejects bad input with 4xx, never a 500, and keeps answering', async () => {
    const req = (target: string) => `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`
    expect((await rawHttp(server.url, req('/blog/%E0%A4%A'))).status).toBe(400)
    expect((await rawHttp(server.url, req('/blog/%zz'))).status).toBe(400)
    expect([400, 404]).toContain((await rawHttp(server.url, req('/blog/../../etc/passwd'))).status)
    expect([400, 404]).toContain((await rawHttp(server.url, req('/_fresco/rsc/../blog/1'))).status)
    expect((await rawHttp(server.url, req(`/blog/${'a'.repeat(100 * 1024)}`))).status).toBe(414)
    expect((await server.get('/_fresco/rsc/no/such/route')).status).toBe(404)
    expect((await server.get('/_fresco/rsc/strict/9')).status).toBe(404)
    expect([400, 404]).toContain((await rawHttp(server.url, req('/blog/%2e%2e/%2e%2e/etc/passwd'))).status)
    expect((await rawHttp(server.url, req('/blog/%00'))).status).toBe(400)
    const ok = await server.get('/strict/1')
    expect(ok.status).toBe(200)
    expect(server.proc.child.exitCode).toBeNull()
  })
})

describe('hostile requests (trustProxy off, the default)', () => {
  const raw = (method: string, target: string, extra = '') =>
    rawHttp(
      server.url,
      `${method} ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`,
    )

  it('a malformed X-Forwarded-Proto or -Host never answers 5xx: without trustProxy they are ignored', async () => {
    const forwarded = { 'x-forwarded-proto': 'a b', 'x-forwarded-host': 'evil.example' }
    for (const path of [
      '/dyn/force',
      '/no/such/page',
      '/api/request-url',
      '/blog/2',
      '/_fresco/rsc/dyn/force',
    ]) {
      const res = await server.get(path, { headers: forwarded })
      expect([path, res.status < 500]).toEqual([path, true])
    }
    const echo = await server.get('/api/request-url?q=1', {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
    })
    expect(JSON.parse(echo.text)).toEqual({ url: `${server.url}/api/request-url?q=1` })
    const action = await server.get('/od/action', {
      method: 'POST',
      headers: { ...forwarded, 'x-fresco-action': 'no-such-action', 'content-type': 'text/plain' },
      body: '[]',
    })
    expect(action.status).toBe(404) // the unknown action, not a 500
  })

  it('a cross-site Server Action cannot vouch for itself with X-Forwarded-Host', async () => {
    const res = await server.get('/od/action', {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
        'x-fresco-action': 'no-such-action',
        'content-type': 'text/plain',
      },
      body: '[]',
    })
    expect(res.status).toBe(403)
    expect(res.text).toContain('does not match Host')
  })

  it('TRACE to a route handler answers 405 with its Allow; odd methods never answer 5xx', async () => {
    const trace = await raw('TRACE', '/api/revalidate')
    expect(trace.status).toBe(405)
    expect(trace.text).toMatch(/\r\nallow: OPTIONS, POST\r\n/i)
    const methods = ['TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'QUERY', 'M-SEARCH', 'LOCK', 'trace', 'TRACK']
    const paths = ['/blog/3', '/dyn/force', '/no/such/page', '/api/revalidate', '/api/cached', '/od/action']
    for (const method of methods) {
      for (const path of paths) {
        const { status } = await raw(method, path, 'Content-Length: 0\r\n')
        expect([method, path, status >= 400 && status < 500]).toEqual([method, path, true])
      }
    }
    const connect = await rawHttp(
      server.url,
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    )
    expect(connect.status).toBe(400)
    expect((await server.get('/blog/3')).status).toBe(200)
    expect(server.proc.output()).not.toMatch(/TRACE \/api\/revalidate failed/)
  })

  it('two Host headers and request lines other than HTTP/1.x answer 400', async () => {
    const twoHosts = await rawHttp(
      server.url,
      'GET /blog/1 HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    )
    expect(twoHosts.status).toBe(400)
    for (const version of ['HTTP/2.0', 'HTTP/0.9']) {
      const res = await rawHttp(
        server.url,
        `GET /blog/1 ${version}\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      )
      expect([version, res.status]).toEqual([version, 400])
    }
    for (const host of ['localhost:99999', '[:::::]', '999.1.1.1']) {
      const res = await rawHttp(
        server.url,
        `GET /dyn/force HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      )
      expect([host, res.status]).toEqual([host, 400])
    }
  })

  const actionHead = (framing: string) =>
    'POST /od/action HTTP/1.1\r\nHost: localhost\r\nx-fresco-action: no-such-action\r\n' +
    `Content-Type: text/plain\r\n${framing}\r\n\r\n`

  it('a Server Action body is refused at its own limit while it still arrives, never read whole', async () => {
    // Chunked, so only counting can stop it: after 2 MB the client waits for an answer before sending more.
    const { answer, error, sentAtAnswer } = await rawUpload(
      server.url,
      actionHead('Transfer-Encoding: chunked'),
      9.5 * MB,
      { chunked: true, pauseAt: 2 * MB },
    )
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(sentAtAnswer).toBeLessThanOrEqual(2 * MB) // answered while the client held back the rest
    expect(answer).toContain('serverActions.bodySizeLimit')
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(error).toBeUndefined() // a clean close, not a reset
  })

  it('a 413 for a declared length between the two limits arrives whole, and the next request works', async () => {
    const { answer, error } = await rawUpload(server.url, actionHead(`Content-Length: ${5 * MB}`), 5 * MB)
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(error).toBeUndefined()
    // A keep-alive client: told to reconnect, its next request on the same agent just works.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const post = (body: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const headers = { 'x-fresco-action': 'no-such-action', 'content-type': 'text/plain' }
        const req = request(`${server.url}/od/action`, { method: 'POST', agent, headers }, (res) => {
          res.resume().on('end', () => resolve(res.statusCode ?? 0))
        })
        req.on('error', reject)
        req.end(body)
      })
    expect(await post(Buffer.alloc(5 * MB))).toBe(413)
    expect(await post(Buffer.from('[]'))).toBe(404)
    agent.destroy()
  })
})

describe('behind a proxy (trustProxy: true) and shutdown', () => {
  let proxied: { url: string; proc: Proc }

  beforeAll(async () => {
    // Read by `fresco start` only: removed again before the rebuild below.
    writeFileSync(
      join(app.dir, 'fresco.config.mjs'),
      'export default { trustProxy: true, shutdownTimeout: 2 }\n',
    )
    try {
      proxied = await startDirect(app, env)
    } finally {
      rmSync(join(app.dir, 'fresco.config.mjs'))
    }
  })

  afterAll(async () => {
    await proxied?.proc.stop()
  })

  const echo = async (headers: Record<string, string>) => {
    const res = await fetch(`${proxied.url}/api/request-url`, { headers })
    expect(res.status).toBe(200)
    return ((await res.json()) as { url: string }).url
  }

  it('uses the first valid X-Forwarded-Proto / -Host and ignores malformed ones', async () => {
    expect(
      await echo({ 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'www.example, evil.example' }),
    ).toBe('https://www.example/api/request-url')
    const host = new URL(proxied.url).host
    expect(await echo({ 'x-forwarded-proto': 'a b', 'x-forwarded-host': 'evil.example/#' })).toBe(
      `http://${host}/api/request-url`,
    )
    for (const path of ['/dyn/force', '/no/such/page']) {
      const res = await fetch(`${proxied.url}${path}`, { headers: { 'x-forwarded-proto': 'a b' } })
      expect([path, res.status < 500]).toEqual([path, true])
    }
  })

  it('checks a Server Action Origin against the forwarded host', async () => {
    const post = (origin: string) =>
      fetch(`${proxied.url}/od/action`, {
        method: 'POST',
        headers: {
          origin,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'www.example',
          'x-fresco-action': 'no-such-action',
          'content-type': 'text/plain',
        },
        body: '[]',
      })
    expect((await post('https://www.example')).status).toBe(404) // past the origin check
    expect((await post('https://evil.example')).status).toBe(403)
  })

  it('on SIGTERM names the requests still running and exits within shutdownTimeout', async () => {
    await cms.fail('hang', ['/blog/16'])
    try {
      const before = await cms.count('/blog/16')
      const hanging = fetch(`${proxied.url}/dyn/nostore`).catch((e: Error) => e)
      await poll(async () => ((await cms.count('/blog/16')) > before ? true : undefined), {
        what: 'the page waiting on the CMS',
      })
      proxied.proc.child.kill('SIGTERM')
      const code = await proxied.proc.exited
      const log = proxied.proc.output()
      expect(log).toMatch(
        /waiting up to 2000 ms for 1 running request\(s\): GET \/dyn\/nostore \(\d+\.\d s\)/,
      )
      expect(log).toMatch(/still running after 2000 ms, closing their connections: GET \/dyn\/nostore/)
      expect(code).toBe(0)
      expect(await hanging).toBeInstanceOf(Error)
    } finally {
      await cms.fail('off')
    }
  })
})

describe('rebuild', () => {
  it('a new build empties the route cache but keeps the data cache', async () => {
    const first = await server.get('/late/13')
    expect(first.cache).toBe('MISS')
    expect(first.text).toMatch(/Late Post 13: notes on/)
    expect((await server.get('/late/13')).cache).toBe('HIT')
    await server.stop()
    const cacheDir = join(app.dir, '.fresco', 'cache')
    const oldBuild = (await storedKeys(cacheDir)).find((k) => k.endsWith(':/late/13'))!.split(':')[1]!

    const build = await app.build(env)
    expect(build.code, build.output).toBe(0)
    // The build dropped the old build's pages (a standalone folder copied now holds only the new ones).
    expect((await storedKeys(cacheDir)).filter((k) => k.startsWith(`route:${oldBuild}:`))).toEqual([])
    // The stopped server's half-written entry (as a kill -9 mid-write leaves it): GC at start removes it.
    const orphan = join(cacheDir, `${'0'.repeat(64)}.entry.${server.proc.child.pid}.0.tmp`)
    writeFileSync(orphan, 'half a write')
    await cms.reset()
    server = await app.start(env)
    await poll(async () => (readdirSync(cacheDir).some((f) => f.endsWith('.tmp')) ? undefined : true), {
      what: 'the orphan temp file removed by the GC at start',
    })
    const after = await server.get('/late/13')
    expect(after.cache).toBe('MISS') // route cache: gone with the old build id
    expect(after.text).toMatch(/Late Post 13: notes on/)
    expect(await cms.count('/blog/13')).toBe(0) // data cache: survived the build
    expect((await server.get('/blog/1')).cache).toBe('HIT')
    // The old build's pages are gone from the disk (the GC at start), the data entries are not.
    await poll(
      async () =>
        (await storedKeys(cacheDir)).some((k) => k.startsWith(`route:${oldBuild}:`)) ? undefined : true,
      {
        what: `the route entries of build ${oldBuild} removed by the GC at start`,
      },
    )
    const keys = await storedKeys(cacheDir)
    expect(keys.some((k) => k.startsWith('route:') && k.endsWith(':/blog/1'))).toBe(true)
    expect(keys.filter((k) => !k.startsWith('route:')).length).toBeGreaterThan(0)
  })
})

/** The keys stored in an fs cache directory, as `fresco cache ls` lists them. */
async function storedKeys(dir: string): Promise<string[]> {
  return (await createFsInspector({ dir, logger: silentLogger }).list()).map((entry) => entry.key)
}

/** `node <fresco bin> start` without npx, so a signal reaches the server itself and nothing else. */
async function startDirect(
  built: App,
  envVars: Record<string, string>,
): Promise<{ url: string; proc: Proc }> {
  const port = await freePort()
  const bin = join(built.dir, 'node_modules', '@fresco', 'framework', 'dist', 'cli', 'index.js')
  const proc = spawnProc(process.execPath, [bin, 'start', '--port', String(port)], {
    cwd: built.dir,
    env: envVars,
    label: 'fresco start (direct)',
  })
  await poll(async () => (proc.output().includes('Fresco ready on') ? true : undefined), {
    timeoutMs: 60_000,
    what: `fresco start on port ${port}:\n${proc.output()}`,
  })
  return { url: `http://127.0.0.1:${port}`, proc }
}
