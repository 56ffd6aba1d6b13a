// Metadata files (e2e/fixtures/metadata-files) on a real build from the packed tarballs: the <head>
// tags Next.js 16 emits for favicon.ico / icon / apple-icon / opengraph-image / twitter-image /
// manifest, the URL, type, Cache-Control and bytes each file is served with, and sitemap.ts /
// robots.ts / manifest.ts generated and cached as on `next start` (the same app on next 16.5 gave
// these tags and headers; only the hash in each `?name.<hash>.ext` differs, Next's is Turbopack's).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, poll, rawGet, type Server, sleep } from '../harness/index.js'

const APP = join(fixture('metadata-files'), 'app')
const NEXT_CACHE_CONTROL = 'public, max-age=0, must-revalidate'
const H = '[0-9a-f]{16}'

let app: App
let server: Server

beforeAll(async () => {
  app = await createApp(fixture('metadata-files'))
  const build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of metadata-files failed:\n${build.output}`)
  server = await app.start()
})

afterAll(async () => {
  await app?.cleanup()
})

/** The <meta>/<link> tags of a page's <head> that metadata produces, in document order. */
async function headTags(path: string): Promise<string[]> {
  const html = (await server.get(path)).raw
  const head = html.slice(0, html.indexOf('</head>'))
  return [
    ...head.matchAll(
      /<(?:meta (?:property|name)="(?:og|twitter):[^>]*|link rel="(?:icon|apple-touch-icon|manifest|shortcut icon)"[^>]*)>/g,
    ),
  ].map((m) => m[0])
}

const tag = (source: string) => new RegExp(`^${source}$`)

describe('the <head> tags', () => {
  it('are the tags `next start` sent for the same app, page by page (the hash aside)', async () => {
    // Recorded from `next start` 16.5 on this fixture: <title>, manifest, og:*, twitter:* and icon tags per page.
    const recorded = readFileSync(join(fixture('metadata-files'), 'next-head-tags.txt'), 'utf8')
    const pages = recorded.split(/^=== /m).filter(Boolean)
    expect(pages.length).toBe(5)
    for (const block of pages) {
      const [path, ...tags] = block.trim().split('\n')
      const html = (await server.get(path!)).raw
      const head = html.slice(0, html.indexOf('</head>'))
      const ours = [
        ...head.matchAll(/<title>[^<]*<\/title>|<(?:meta (?:property|name)="[^"]+"|link rel="[^"]+")[^>]*>/g),
      ]
        .map((m) => m[0])
        .filter((t) => !/charSet|viewport|stylesheet|preload/.test(t))
        // Fresco's hash is a SHA-256 prefix, Next's is Turbopack's: compare the shape around it.
        .map((t) => t.replace(/\?([a-z0-9-]+)\.[0-9a-f]{16}\.([a-z]+)"/, '?$1.HASH.$2"'))
      // The one deliberate difference: Next types a GIF as text/plain (differences-from-nextjs.md).
      const expected = tags.map((t) =>
        path === '/blog/hello'
          ? t.replace('"og:image:type" content="text/plain"', '"og:image:type" content="image/gif"')
          : t,
      )
      expect({ path, tags: ours }).toEqual({ path, tags: expected })
    }
  })

  it("at the root: every file's tags, with the file's size, type and alt text", async () => {
    expect(await headTags('/')).toEqual([
      '<link rel="manifest" href="/manifest.webmanifest"/>',
      '<meta property="og:title" content="Shop"/>',
      expect.stringMatching(
        tag(
          `<meta property="og:image" content="https://shop.example/opengraph-image.png\\?opengraph-image.${H}.png"/>`,
        ),
      ),
      '<meta property="og:image:type" content="image/png"/>',
      '<meta property="og:image:width" content="120"/>',
      '<meta property="og:image:height" content="63"/>',
      '<meta property="og:image:alt" content="A yellow card"/>',
      '<meta name="twitter:card" content="summary_large_image"/>',
      '<meta name="twitter:title" content="Shop"/>',
      expect.stringMatching(
        tag(
          `<meta name="twitter:image" content="https://shop.example/twitter-image.jpg\\?twitter-image.${H}.jpg"/>`,
        ),
      ),
      '<meta name="twitter:image:alt" content="A teal card"/>',
      '<meta name="twitter:image:type" content="image/jpeg"/>',
      '<meta name="twitter:image:width" content="100"/>',
      '<meta name="twitter:image:height" content="50"/>',
      expect.stringMatching(
        tag(`<link rel="icon" href="/favicon.ico\\?favicon.${H}.ico" sizes="16x16" type="image/x-icon"/>`),
      ),
      expect.stringMatching(
        tag(`<link rel="icon" href="/icon.png\\?icon.${H}.png" sizes="32x32" type="image/png"/>`),
      ),
      expect.stringMatching(
        tag(`<link rel="icon" href="/icon1.svg\\?icon1.${H}.svg" sizes="any" type="image/svg\\+xml"/>`),
      ),
      expect.stringMatching(
        tag(
          `<link rel="apple-touch-icon" href="/apple-icon.png\\?apple-icon.${H}.png" sizes="180x180" type="image/png"/>`,
        ),
      ),
    ])
  })

  it('below: the nearest folder wins per kind (icon from blog/[slug], opengraph from blog/, apple from app/)', async () => {
    const tags = await headTags('/blog/hello')
    expect(tags.filter((t) => t.includes('og:image'))).toEqual([
      expect.stringMatching(
        tag(
          `<meta property="og:image" content="https://shop.example/blog/opengraph-image.gif\\?opengraph-image.${H}.gif"/>`,
        ),
      ),
      '<meta property="og:image:type" content="image/gif"/>',
      '<meta property="og:image:width" content="40"/>',
      '<meta property="og:image:height" content="21"/>',
    ])
    // A static file below a dynamic segment is one file for every param: Next serves it at `-`.
    expect(tags.filter((t) => t.startsWith('<link rel="icon"') || t.includes('apple'))).toEqual([
      expect.stringMatching(/^<link rel="icon" href="\/favicon\.ico\?/),
      expect.stringMatching(
        tag(`<link rel="icon" href="/blog/-/icon.jpeg\\?icon.${H}.jpeg" sizes="48x48" type="image/jpeg"/>`),
      ),
      expect.stringMatching(/^<link rel="apple-touch-icon" href="\/apple-icon\.png\?/),
    ])
  })

  it("a file in a route group gets Next's suffix; `metadata` at the same level beats the folder's file", async () => {
    expect((await headTags('/pricing')).find((t) => t.includes('"og:image"'))).toMatch(
      tag(
        `<meta property="og:image" content="https://shop.example/pricing/opengraph-image-15m7k7.jpg\\?opengraph-image.${H}.jpg"/>`,
      ),
    )
    const blog = await headTags('/blog')
    expect(blog.filter((t) => t.includes('og:image'))).toEqual([
      '<meta property="og:image" content="https://shop.example/covers/blog.png"/>',
    ])
  })

  it('`metadata.icons` replaces the icon files, the favicon stays first', async () => {
    const tags = await headTags('/account')
    expect(tags.filter((t) => t.includes('icon'))).toEqual([
      expect.stringMatching(
        tag(`<link rel="icon" href="/favicon.ico\\?favicon.${H}.ico" sizes="16x16" type="image/x-icon"/>`),
      ),
      '<link rel="icon" href="/account-icon.png"/>',
    ])
  })
})

describe('the files', () => {
  const files: [url: string, file: string, type: string][] = [
    ['/favicon.ico', 'favicon.ico', 'image/x-icon'],
    ['/icon.png', 'icon.png', 'image/png'],
    ['/icon1.svg', 'icon1.svg', 'image/svg+xml'],
    ['/apple-icon.png', 'apple-icon.png', 'image/png'],
    ['/opengraph-image.png', 'opengraph-image.png', 'image/png'],
    ['/twitter-image.jpg', 'twitter-image.jpg', 'image/jpeg'],
    ['/blog/opengraph-image.gif', 'blog/opengraph-image.gif', 'image/gif'],
    ['/blog/-/icon.jpeg', 'blog/[slug]/icon.jpeg', 'image/jpeg'],
    ['/pricing/opengraph-image-15m7k7.jpg', '(marketing)/pricing/opengraph-image.jpg', 'image/jpeg'],
    ['/docs/sitemap.xml', 'docs/sitemap.xml', 'application/xml'],
  ]

  it.each(files)(
    '%s: the file, prerendered, with the type and Cache-Control of next start',
    async (url, file, type) => {
      const res = await rawGet(server.url, url)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe(type)
      expect(res.headers['cache-control']).toBe(NEXT_CACHE_CONTROL)
      expect(res.headers['x-fresco-cache']).toBe('HIT')
      expect(res.body.equals(readFileSync(join(APP, file)))).toBe(true)
    },
  )

  it('answers the href of its tag (query ignored), HEAD without a body and a revalidation with 304', async () => {
    const href = /<link rel="icon" href="(\/icon\.png\?[^"]+)"/.exec((await server.get('/')).raw)?.[1]
    expect(href).toBeDefined()
    const res = await rawGet(server.url, href!)
    expect(res.status).toBe(200)
    expect(res.body.equals(readFileSync(join(APP, 'icon.png')))).toBe(true)
    const head = await rawGet(server.url, '/icon.png', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    const again = await rawGet(server.url, '/icon.png', { 'if-none-match': String(res.headers.etag) })
    expect(again.status).toBe(304)
  })

  it('serves nothing else: no .alt.txt, no other param than `-`, no other method than GET/HEAD/OPTIONS', async () => {
    expect((await server.get('/opengraph-image.alt.txt')).status).toBe(404)
    expect((await server.get('/blog/hello/icon.jpeg')).status).toBe(404)
    expect((await server.get('/robots')).status).toBe(404)
    const post = await server.get('/robots.txt', { method: 'POST', body: 'x' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  })
})

describe('generated routes', () => {
  it.each([
    [
      'robots.ts → /robots.txt',
      '/robots.txt',
      'text/plain',
      'User-Agent: *\nAllow: /\nDisallow: /account\n\nUser-Agent: Applebot\nUser-Agent: Bingbot\nDisallow: /\n\n' +
        'Sitemap: https://shop.example/sitemap.xml\n',
    ],
    [
      'manifest.ts → /manifest.webmanifest',
      '/manifest.webmanifest',
      'application/manifest+json',
      '{"name":"Shop","short_name":"Shop","start_url":"/","display":"standalone","icons":[{"src":"/favicon.ico","sizes":"any","type":"image/x-icon"}]}',
    ],
  ])('%s: prerendered, byte for byte what Next writes', async (_, url, type, body) => {
    const res = await server.get(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('cache-control')).toBe(NEXT_CACHE_CONTROL)
    expect(res.cache).toBe('HIT')
    expect(res.raw).toBe(body)
  })

  it('sitemap.ts with revalidate: served from the cache, STALE after its revalidate time, then the new sitemap', async () => {
    const first = await server.get('/sitemap.xml')
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('application/xml')
    expect(first.headers.get('cache-control')).toBe(NEXT_CACHE_CONTROL)
    expect(first.raw).toContain(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
        '<url>\n<loc>https://shop.example</loc>\n<lastmod>2024-01-02T03:04:05.000Z</lastmod>\n<changefreq>yearly</changefreq>\n<priority>1</priority>\n</url>\n' +
        '<url>\n<loc>https://shop.example/blog</loc>\n<xhtml:link rel="alternate" hreflang="de" href="https://shop.example/de/blog" />\n</url>\n',
    )
    const generated = (body: string) => /generated\/([^<]+)</.exec(body)?.[1]
    // A fresh entry first (the build's may be stale by now), then past its revalidate time.
    const hit = await poll(async () => {
      const res = await server.get('/sitemap.xml')
      return res.cache === 'HIT' ? res : undefined
    })
    const before = generated(hit.raw)
    expect(before).toBeDefined()
    await sleep(1100) // revalidate = 1
    const stale = await server.get('/sitemap.xml')
    expect(stale.cache).toBe('STALE')
    expect(generated(stale.raw)).toBe(before)
    const fresh = await poll(async () => {
      const res = await server.get('/sitemap.xml')
      return res.cache === 'HIT' && generated(res.raw) !== before ? res : undefined
    })
    expect(fresh.status).toBe(200)
  })

  it('sitemap.ts with generateSitemaps: one prerendered sitemap per id, 404 for any other id', async () => {
    for (const [id, first] of [
      ['0', 1],
      ['1', 3],
    ] as const) {
      const res = await server.get(`/products/sitemap/${id}.xml`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/xml')
      expect(res.cache).toBe('HIT')
      expect(res.raw).toContain(
        `<url>\n<loc>https://shop.example/products/${first}</loc>\n</url>\n<url>\n<loc>https://shop.example/products/${first + 1}</loc>\n</url>\n`,
      )
    }
    for (const path of ['/products/sitemap/2.xml', '/products/sitemap/0', '/products/sitemap.xml']) {
      expect((await server.get(path)).status).toBe(404)
    }
    // An id a client invents is answered, never stored: asking again renders again.
    expect((await server.get('/products/sitemap/9.xml')).cache).not.toBe('HIT')
    expect((await server.get('/products/sitemap/9.xml')).cache).not.toBe('HIT')
  })

  it('a sitemap that reads headers() is dynamic: generated per request, nothing of it cached', async () => {
    const one = await server.get('/live/sitemap.xml', { headers: { 'x-region': 'eu' } })
    expect(one.status).toBe(200)
    expect(one.cache).toBeNull()
    expect(one.headers.get('cache-control')).toBe(NEXT_CACHE_CONTROL)
    expect(one.raw).toContain('<loc>https://shop.example/live/eu</loc>')
    const two = await server.get('/live/sitemap.xml', { headers: { 'x-region': '<b>&' } })
    expect(two.raw).toContain('<loc>https://shop.example/live/%3Cb%3E%26</loc>')
    expect(two.raw).not.toContain('/live/eu')
  })
})
