// next/og and images generated from code (e2e/fixtures/og) on a real build from the packed tarballs:
// an ImageResponse route handler, opengraph-image.tsx / twitter-image.tsx / icon.tsx / apple-icon.tsx
// (static: drawn at build, served from the cache; one with revalidate redrawn in the background), generateImageMetadata (one route per id), an image below [slug] and one reading
// headers() (both drawn per request). The URLs, headers and <head> tags are what `next start` 16.5 answered for the same
// app (only the hash in the `?<hash>` query differs: Next's is Turbopack's, Fresco's the source's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, poll, rawGet, type Server, sleep } from '../harness/index.js'

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const NEXT_CACHE_CONTROL = 'public, max-age=0, must-revalidate'

let app: App
let server: Server

beforeAll(async () => {
  app = await createApp(fixture('og'))
  const build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of og failed:\n${build.output}`)
  server = await app.start()
})

afterAll(async () => {
  await app?.cleanup()
})

/** The PNG's width and height, from its IHDR chunk. */
const pngSize = (body: Buffer) => ({ width: body.readUInt32BE(16), height: body.readUInt32BE(20) })

/** The og / twitter / icon tags of a page's <head>, the hash query shown as `?HASH`. */
async function headTags(path: string): Promise<string[]> {
  const html = (await server.get(path)).raw
  const head = html.slice(0, html.indexOf('</head>'))
  return [
    ...head.matchAll(
      /<(?:meta (?:property|name)="(?:og|twitter):[^>]*|link rel="(?:icon|apple-touch-icon)"[^>]*)>/g,
    ),
  ].map((m) => m[0].replace(/\?[0-9a-f]{16}"/, '?HASH"'))
}

describe('next/og in a route handler', () => {
  it('answers a PNG drawn from the request, with the headers of next start, never stored', async () => {
    const res = await rawGet(server.url, '/api/og?title=Hi')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.headers['cache-control']).toBe(NEXT_CACHE_CONTROL)
    expect(res.headers['x-fresco-cache']).toBeUndefined()
    expect(res.body.subarray(0, 8).equals(PNG)).toBe(true)
    expect(pngSize(res.body)).toEqual({ width: 600, height: 315 })
    // Another title draws another image: the handler runs per request.
    const other = await rawGet(server.url, '/api/og?title=Something%20else')
    expect(other.status).toBe(200)
    expect(other.body.equals(res.body)).toBe(false)
  })
})

describe('opengraph-image.tsx, twitter-image.tsx, icon.tsx and apple-icon.tsx', () => {
  const icons = [
    '<link rel="icon" href="/icon?HASH" type="image/png" sizes="32x32"/>',
    '<link rel="apple-touch-icon" href="/apple-icon?HASH" type="image/png" sizes="180x180"/>',
  ]
  const og = [
    '<meta property="og:image" content="https://og.example/opengraph-image?HASH"/>',
    '<meta property="og:image:type" content="image/png"/>',
    '<meta property="og:image:width" content="1200"/>',
    '<meta property="og:image:height" content="630"/>',
    '<meta property="og:image:alt" content="The OG shop"/>',
    '<meta name="twitter:card" content="summary_large_image"/>',
  ]
  const withoutTitles = (tags: string[]) => tags.filter((t) => !/:title"/.test(t))

  it("put the tags next start emits in the page head, with the module's size, type and alt", async () => {
    expect(withoutTitles(await headTags('/'))).toEqual([
      ...og,
      // No twitter image in app/: the opengraph image stands in, as in Next.
      '<meta name="twitter:image" content="https://og.example/opengraph-image?HASH"/>',
      '<meta name="twitter:image:alt" content="The OG shop"/>',
      '<meta name="twitter:image:type" content="image/png"/>',
      '<meta name="twitter:image:width" content="1200"/>',
      '<meta name="twitter:image:height" content="630"/>',
      ...icons,
    ])
  })

  it("a folder's twitter-image.tsx replaces the twitter image only (contentType defaults to PNG)", async () => {
    expect(withoutTitles(await headTags('/about'))).toEqual([
      ...og,
      '<meta name="twitter:image" content="https://og.example/about/twitter-image?HASH"/>',
      '<meta name="twitter:image:alt" content="About us"/>',
      '<meta name="twitter:image:type" content="image/png"/>',
      '<meta name="twitter:image:width" content="800"/>',
      '<meta name="twitter:image:height" content="418"/>',
      ...icons,
    ])
  })

  it.each([
    ['/opengraph-image', 1200, 630],
    ['/icon', 32, 32],
    ['/apple-icon', 180, 180],
    ['/about/twitter-image', 800, 418],
  ])(
    '%s: a PNG drawn at build, served from the cache (HIT) with the headers of next start',
    async (url, width, height) => {
      const first = await rawGet(server.url, url)
      expect(first.status).toBe(200)
      expect(first.headers['content-type']).toBe('image/png')
      expect(first.headers['cache-control']).toBe(NEXT_CACHE_CONTROL)
      expect(first.headers['x-fresco-cache']).toBe('HIT')
      expect(first.body.subarray(0, 8).equals(PNG)).toBe(true)
      expect(pngSize(first.body)).toEqual({ width, height })
      const second = await rawGet(server.url, url)
      expect(second.headers['x-fresco-cache']).toBe('HIT')
      expect(second.body.equals(first.body)).toBe(true)
    },
  )

  it('answers the href of its tag (the hash query ignored), and nothing at the name with an extension', async () => {
    const href =
      /<meta property="og:image" content="https:\/\/og\.example(\/opengraph-image\?[0-9a-f]{16})"/.exec(
        (await server.get('/')).raw,
      )?.[1]
    expect(href).toBeDefined()
    const res = await rawGet(server.url, href!)
    expect(res.status).toBe(200)
    expect(res.headers['x-fresco-cache']).toBe('HIT')
    expect((await rawGet(server.url, '/opengraph-image.png')).status).toBe(404)
    expect((await rawGet(server.url, '/icon/x')).status).toBe(404)
  })
})

describe('an image with revalidate', () => {
  it('is served from the cache, STALE after its revalidate time, then redrawn', async () => {
    const get = () => rawGet(server.url, '/fresh/opengraph-image')
    // A fresh entry first (the build's may be stale by now), then past its revalidate time.
    const hit = await poll(async () => {
      const res = await get()
      return res.headers['x-fresco-cache'] === 'HIT' ? res : undefined
    })
    expect(hit.headers['content-type']).toBe('image/png')
    expect(hit.headers['cache-control']).toBe(NEXT_CACHE_CONTROL)
    await sleep(1100) // revalidate = 1
    const stale = await get()
    expect(stale.headers['x-fresco-cache']).toBe('STALE')
    expect(stale.body.equals(hit.body)).toBe(true)
    const redrawn = await poll(async () => {
      const res = await get()
      return res.headers['x-fresco-cache'] === 'HIT' && !res.body.equals(hit.body) ? res : undefined
    })
    expect(redrawn.body.subarray(0, 8).equals(PNG)).toBe(true)
  })
})

describe('an image below a dynamic segment', () => {
  it("is tagged with the page's params filled in", async () => {
    expect((await headTags('/blog/hello')).filter((t) => t.includes('og:image'))).toEqual([
      '<meta property="og:image" content="https://og.example/blog/hello/opengraph-image?HASH"/>',
      '<meta property="og:image:type" content="image/png"/>',
      '<meta property="og:image:width" content="600"/>',
      '<meta property="og:image:height" content="315"/>',
    ])
  })

  it('is drawn per request for the params of its URL (next start: dynamic, never stored)', async () => {
    const hello = await rawGet(server.url, '/blog/hello/opengraph-image')
    const other = await rawGet(server.url, '/blog/other/opengraph-image')
    for (const res of [hello, other]) {
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('image/png')
      expect(res.headers['cache-control']).toBe(NEXT_CACHE_CONTROL)
      expect(res.headers['x-fresco-cache']).toBeUndefined()
      expect(pngSize(res.body)).toEqual({ width: 600, height: 315 })
    }
    expect(hello.body.equals(other.body)).toBe(false)
  })
})

describe('generateImageMetadata', () => {
  it('tags one image per id, each with its own size and alt, in the order next start does', async () => {
    const og = (await headTags('/products')).filter((t) => t.includes('og:image'))
    expect(og).toEqual([
      '<meta property="og:image" content="https://og.example/products/opengraph-image/small?HASH"/>',
      '<meta property="og:image:type" content="image/png"/>',
      '<meta property="og:image:width" content="600"/>',
      '<meta property="og:image:height" content="315"/>',
      '<meta property="og:image:alt" content="Small card"/>',
      '<meta property="og:image" content="https://og.example/products/opengraph-image/large?HASH"/>',
      '<meta property="og:image:type" content="image/png"/>',
      '<meta property="og:image:width" content="1200"/>',
      '<meta property="og:image:height" content="630"/>',
      '<meta property="og:image:alt" content="Large card"/>',
    ])
  })

  it('serves each id prerendered, and 404 for an id it does not list (never stored)', async () => {
    for (const [id, width] of [
      ['small', 600],
      ['large', 1200],
    ] as const) {
      const res = await rawGet(server.url, `/products/opengraph-image/${id}`)
      expect(res.status).toBe(200)
      expect(res.headers['x-fresco-cache']).toBe('HIT')
      expect(res.headers['content-type']).toBe('image/png')
      expect(pngSize(res.body).width).toBe(width)
    }
    for (let i = 0; i < 2; i++) {
      const res = await rawGet(server.url, '/products/opengraph-image/nope')
      expect(res.status).toBe(404)
      expect(res.headers['x-fresco-cache']).not.toBe('HIT')
    }
  })
})

describe('an image reading headers()', () => {
  it('is tagged without size or alt when the module exports none, as next start does', async () => {
    expect((await headTags('/live')).filter((t) => !/:title"/.test(t))).toEqual([
      '<meta property="og:image" content="https://og.example/live/opengraph-image?HASH"/>',
      '<meta property="og:image:type" content="image/png"/>',
      '<meta name="twitter:card" content="summary_large_image"/>',
      '<meta name="twitter:image" content="https://og.example/live/opengraph-image?HASH"/>',
      '<meta name="twitter:image:type" content="image/png"/>',
      '<link rel="icon" href="/icon?HASH" type="image/png" sizes="32x32"/>',
      '<link rel="apple-touch-icon" href="/apple-icon?HASH" type="image/png" sizes="180x180"/>',
    ])
  })

  it('is drawn per request from that request, never from the cache', async () => {
    const a = await rawGet(server.url, '/live/opengraph-image', { 'user-agent': 'agent-a' })
    const b = await rawGet(server.url, '/live/opengraph-image', { 'user-agent': 'agent-b' })
    for (const res of [a, b]) {
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('image/png')
      expect(res.headers['cache-control']).toBe(NEXT_CACHE_CONTROL)
      expect(res.headers['x-fresco-cache']).toBeUndefined()
      expect(res.body.subarray(0, 8).equals(PNG)).toBe(true)
    }
    expect(a.body.equals(b.body)).toBe(false)
  })
})

describe('hostile requests', () => {
  it('never answer 5xx, and what the client chose is never stored', async () => {
    const expected: [path: string, status: number][] = [
      ['/products/opengraph-image/%ff', 400],
      ['/products/opengraph-image/small%2F..', 400],
      ['/products/opengraph-image/small/extra', 404],
      ['/opengraph-image/x', 404],
      ['/blog/%E0%A4%A/opengraph-image', 400],
      [`/blog/${'a'.repeat(2000)}/opengraph-image`, 200],
      ['/api/og?title=%ff', 200],
      [`/api/og?title=${'W'.repeat(5000)}`, 200],
    ]
    for (const [path, status] of expected) {
      const res = await rawGet(server.url, path)
      expect({ path, status: res.status }).toEqual({ path, status })
    }
    // Asked twice: still drawn per request, and the unknown id still not from the cache.
    for (const path of [`/blog/${'b'.repeat(500)}/opengraph-image`, '/products/opengraph-image/other']) {
      await rawGet(server.url, path)
      expect((await rawGet(server.url, path)).headers['x-fresco-cache']).not.toBe('HIT')
    }
    for (const method of ['POST', 'DELETE']) {
      const res = await rawGet(server.url, '/opengraph-image', {}, method)
      expect(res.status).toBe(405)
    }
    const head = await rawGet(server.url, '/opengraph-image', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
  })
})
