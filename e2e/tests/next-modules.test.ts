// next/image and the image endpoint (/_fresco/image) on a real build (e2e/fixtures/next-modules):
// the <img> attributes Next renders, formats by Accept, the cached second answer, and a 400 for
// every width, quality, URL or file the config does not allow (never an open proxy, never a 5xx).
// Remote patterns are tested against a local HTTP server (this machine reaches no other host).
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, type Server } from '../harness/index.js'

let app: App
let server: Server
let upstream: HttpServer
let upstreamPort: number
const upstreamHits: string[] = []
const photo = readFileSync(join(fixture('next-modules'), 'public', 'photo.jpg'))

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamHits.push(req.url ?? '')
    if (req.url === '/img/moved.jpg') {
      res.writeHead(302, { location: '/img/remote.jpg' })
      res.end()
    } else if (req.url?.startsWith('/img/') || req.url?.startsWith('/other/')) {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.end(photo)
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  upstreamPort = (upstream.address() as AddressInfo).port
  app = await createApp(fixture('next-modules'))
  writeFileSync(
    join(app.dir, 'fresco.config.ts'),
    `export default { images: { formats: ['image/avif', 'image/webp'], remotePatterns: [{ protocol: 'http', hostname: '127.0.0.1', port: '${upstreamPort}', pathname: '/img/**' }] } }\n`,
  )
  const build = await app.build()
  if (build.code !== 0) throw new Error(`fresco build of next-modules failed:\n${build.output}`)
  server = await app.start()
})

afterAll(async () => {
  await app?.cleanup()
  await new Promise((r) => upstream?.close(r))
})

const image = (query: string, accept = 'image/avif,image/webp,*/*') =>
  fetch(`${server.url}/_fresco/image?${query}`, { headers: { accept } })

/** The attributes of the <img id="…"> in the page's HTML. */
async function imgTag(id: string): Promise<string> {
  const html = (await server.get('/images')).raw
  const tag = new RegExp(`<img[^>]*id="${id}"[^>]*>`).exec(html)?.[0]
  if (!tag) throw new Error(`no <img id="${id}"> in ${html}`)
  return tag.replace(/&amp;/g, '&')
}
const attr = (tag: string, name: string) => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1]

describe('<Image> in the HTML', () => {
  it('a width: 1x/2x candidates rounded up to the configured sizes, lazy, the quality in the list', async () => {
    const tag = await imgTag('photo')
    expect(attr(tag, 'srcSet')).toBe(
      '/_fresco/image?url=%2Fphoto.jpg&w=640&q=75 1x, /_fresco/image?url=%2Fphoto.jpg&w=828&q=75 2x',
    )
    expect(attr(tag, 'src')).toBe('/_fresco/image?url=%2Fphoto.jpg&w=828&q=75')
    expect(attr(tag, 'sizes')).toBeUndefined()
    expect(attr(tag, 'loading')).toBe('lazy')
    expect(attr(tag, 'width')).toBe('400')
    expect(attr(tag, 'height')).toBe('250')
  })

  it('a static import: its size, a srcset from `sizes`, blur placeholder, preloaded with priority', async () => {
    const tag = await imgTag('hero')
    const html = (await server.get('/images')).raw.replace(/&amp;/g, '&')
    expect(attr(tag, 'width')).toBe('800')
    expect(attr(tag, 'height')).toBe('500')
    expect(attr(tag, 'sizes')).toBe('(max-width: 768px) 100vw, 50vw')
    const srcset = attr(tag, 'srcSet') ?? ''
    // 50vw of the smallest device (640) is 320: every size from 384 up.
    expect(srcset.split(', ').map((c) => c.split(' ')[1])).toEqual([
      '384w',
      '640w',
      '750w',
      '828w',
      '1080w',
      '1200w',
      '1920w',
      '2048w',
      '3840w',
    ])
    expect(srcset).toMatch(/^\/_fresco\/image\?url=%2F_fresco%2Fstatic%2Fhero-[\w-]+\.png&w=384&q=75 384w/)
    expect(attr(tag, 'loading')).toBe('eager')
    expect(attr(tag, 'fetchPriority')).toBe('high')
    expect(attr(tag, 'style')).toContain('background-image:url(&quot;data:image/svg+xml')
    const preload = /<link rel="preload" as="image"[^>]*>/.exec(html)?.[0] ?? ''
    expect(attr(preload, 'imageSrcSet')).toBe(srcset)
    expect(attr(preload, 'imageSizes')).toBe('(max-width: 768px) 100vw, 50vw')
    expect(attr(preload, 'fetchPriority')).toBe('high')
  })

  it('fill: no width/height, absolutely positioned, every size for a fixed `sizes`; SVG and unoptimized as they are', async () => {
    const filled = await imgTag('filled')
    expect(attr(filled, 'width')).toBeUndefined()
    expect(attr(filled, 'data-nimg')).toBe('fill')
    expect(attr(filled, 'style')).toContain('position:absolute')
    expect(attr(filled, 'sizes')).toBe('300px')
    expect((attr(filled, 'srcSet') ?? '').split(', ')).toHaveLength(15)
    expect(attr(filled, 'src')).toBe('/_fresco/image?url=%2Fphoto.jpg&w=3840&q=75') // quality 90 → 75, the one allowed
    const logo = await imgTag('logo')
    expect(attr(logo, 'src')).toBe('/logo.svg')
    expect(attr(logo, 'srcSet')).toBeUndefined()
    expect(attr(await imgTag('custom'), 'src')).toBe('photo.jpg')
  })
})

describe('/_fresco/image', () => {
  it('resizes to the width and answers AVIF, WebP or the source format by Accept, with Vary: Accept', async () => {
    for (const [accept, type] of [
      ['image/avif,image/webp,*/*', 'image/avif'],
      ['image/webp,*/*', 'image/webp'],
      ['*/*', 'image/jpeg'],
    ] as const) {
      const res = await image('url=%2Fphoto.jpg&w=640&q=75', accept)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(type)
      expect(res.headers.get('vary')).toBe('Accept')
      expect(res.headers.get('cache-control')).toBe('public, max-age=14400, must-revalidate')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="photo.${{ 'image/avif': 'avif', 'image/webp': 'webp', 'image/jpeg': 'jpg' }[type]}"`,
      )
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
      expect(meta.width).toBe(640)
      expect(meta.height).toBe(400)
    }
  })

  it('answers the second request from the cache (same bytes and ETag), and 304 for its ETag', async () => {
    const first = await image('url=%2Fphoto.jpg&w=750&q=75', 'image/webp')
    expect(first.headers.get('x-fresco-cache')).toBe('MISS')
    const body = Buffer.from(await first.arrayBuffer())
    const second = await image('url=%2Fphoto.jpg&w=750&q=75', 'image/webp')
    expect(second.headers.get('x-fresco-cache')).toBe('HIT')
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(Buffer.from(await second.arrayBuffer()).equals(body)).toBe(true)
    const revalidated = await fetch(`${server.url}/_fresco/image?url=%2Fphoto.jpg&w=750&q=75`, {
      headers: { accept: 'image/webp', 'if-none-match': first.headers.get('etag') ?? '' },
    })
    expect(revalidated.status).toBe(304)
  })

  it('a static import is cached as immutable, like the file it comes from', async () => {
    const srcset = attr(await imgTag('hero'), 'srcSet') ?? ''
    const url = srcset.split(' ')[0] as string
    const res = await fetch(server.url + url, { headers: { accept: 'image/webp' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it('fetches an allowed remote image once, then serves it from the cache', async () => {
    const before = upstreamHits.length
    const url = encodeURIComponent(`http://127.0.0.1:${upstreamPort}/img/remote.jpg`)
    const first = await image(`url=${url}&w=384&q=75`, 'image/webp')
    expect(first.status).toBe(200)
    expect((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).width).toBe(384)
    const second = await image(`url=${url}&w=384&q=75`, 'image/webp')
    expect(second.headers.get('x-fresco-cache')).toBe('HIT')
    expect(upstreamHits.slice(before)).toEqual(['/img/remote.jpg'])
  })

  it('answers 400 (never a 5xx, never a fetch) for what the config does not allow', async () => {
    const before = upstreamHits.length
    const cases: [string, number][] = [
      ['url=%2Fphoto.jpg&w=123&q=75', 400], // width not configured
      ['url=%2Fphoto.jpg&w=640&q=50', 400], // quality not configured
      ['url=%2Fphoto.jpg&w=640&w=750&q=75', 400], // repeated parameter
      ['w=640&q=75', 400],
      ['url=%2Fphoto.jpg&q=75', 400],
      [`url=${encodeURIComponent(`http://127.0.0.1:${upstreamPort}/other/x.jpg`)}&w=640&q=75`, 400],
      [`url=${encodeURIComponent('http://example.com/img/x.jpg')}&w=640&q=75`, 400],
      [`url=${encodeURIComponent(`http://127.0.0.1:${upstreamPort}/img/moved.jpg`)}&w=640&q=75`, 400],
      ['url=%2F%2Fexample.com%2Fx.jpg&w=640&q=75', 400],
      ['url=%2F..%2F..%2Fetc%2Fpasswd&w=640&q=75', 400],
      ['url=%2F_fresco%2Fimage%3Furl%3D%252Fphoto.jpg&w=640&q=75', 400],
      ['url=file%3A%2F%2F%2Fetc%2Fpasswd&w=640&q=75', 400],
      ['url=%2Flogo.svg&w=640&q=75', 400], // SVG: dangerouslyAllowSVG is off
      ['url=%2Ffake.png&w=640&q=75', 400], // not an image
      ['url=%2Fmissing.jpg&w=640&q=75', 404],
      ['url=%2Fphoto.jpg%3Fa%3D1&w=640&q=75', 400],
    ]
    for (const [query, status] of cases) {
      const res = await image(query)
      expect(res.status, query).toBe(status)
      expect(res.headers.get('content-type'), query).toMatch(/^text\/plain/)
      await res.arrayBuffer()
    }
    // Only the redirecting URL (allowed by the pattern) was fetched, and its redirect was not followed.
    expect(upstreamHits.slice(before)).toEqual(['/img/moved.jpg'])
    const post = await fetch(`${server.url}/_fresco/image?url=%2Fphoto.jpg&w=640&q=75`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })
})

describe('next/font/local', () => {
  it('links the @font-face stylesheet, preloads each file, and renders the class names', async () => {
    const html = (await server.get('/fonts-page')).raw
    const preloads = [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font"[^>]*>/g)]
    expect(preloads.map((m) => m[1])).toEqual([
      expect.stringMatching(/^\/_fresco\/static\/OpenSans-Bold-[\w-]+\.woff2$/),
      expect.stringMatching(/^\/_fresco\/static\/OpenSans-Light-[\w-]+\.woff2$/),
    ])
    for (const [tag] of preloads) {
      expect(tag).toContain('type="font/woff2"')
      expect(tag).toContain('crossorigin=""')
    }
    const bold = /<p id="bold" class="(__className_\w+)">/.exec(html)?.[1]
    const variable = /<main class="(__variable_\w+)">/.exec(html)?.[1]
    expect(bold).toBeDefined()
    expect(variable).toBeDefined()
    // style: the family stack with its fallbacks, and the single weight and style.
    expect(html).toMatch(
      /<p id="light" class="__className_\w+" style="font-family:&#x27;(__font_\w+)&#x27;, &#x27;\1 Fallback&#x27;, system-ui, &#x27;Helvetica Neue&#x27;;font-weight:300;font-style:normal">/,
    )
    const cssHref = /<link rel="stylesheet"[^>]* href="([^"]+\.css)"/.exec(html)?.[1] ?? ''
    const css = (await server.get(cssHref)).text
    expect(css).toContain(`.${bold}{font-family:__font_`)
    expect(css).toMatch(new RegExp(`\\.${variable}\\{--font-bold:"(__font_\\w+)",\\s*"\\1 Fallback"\\}`))
    expect(css).toMatch(
      /@font-face\{font-family:__font_\w+;src:url\(\/_fresco\/static\/OpenSans-Bold-[\w-]+\.woff2\)format\("woff2"\);font-display:swap;font-weight:700\}/,
    )
    expect(css).toMatch(/font-display:optional;font-weight:300;font-style:normal/)
    const font = await server.get(preloads[0]?.[1] as string)
    expect(font.status).toBe(200)
    expect(font.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it("writes Next's size-adjusted fallback face of each font and lists it right after the family", async () => {
    const html = (await server.get('/fonts-page')).raw
    const cssHref = /<link rel="stylesheet"[^>]* href="([^"]+\.css)"/.exec(html)?.[1] ?? ''
    const css = (await server.get(cssHref)).text
    // Quotes, spaces and a percentage's trailing zeros aside (the minifiers differ: 105.9% / 105.90%).
    const bare = (text: string) =>
      text.replace(/["'\s]/g, '').replace(/(\d+(?:\.\d+)?)%/g, (_, n: string) => `${Number(n)}%`)
    const classOf = (id: string) => new RegExp(`<p id="${id}" class="(\\w+)"`).exec(html)?.[1]
    const families = (rule: string) =>
      bare(new RegExp(`\\.${rule}\\{(?:font-family|--font-bold):([^;}]*)`).exec(css)?.[1] ?? '').split(',')
    const faceOf = (family: string) =>
      bare(
        new RegExp(`@font-face\\{font-family:["']?${family} Fallback["']?;([^}]*)\\}`).exec(css)?.[1] ?? '',
      )
    // next build 16.5 (Turbopack; --webpack writes the same numbers) of this page: its page.tsx and
    // fonts.ts in a scratch Next app beside the same two font files. Its CSS (.next/static/chunks/*.css)
    // named the families after the variables ('bold', 'light', 'serif', 'plain') and wrote these faces:
    const NEXT = {
      bold: 'src:local(Arial);ascent-override:94.25%;descent-override:25.83%;line-gap-override:0.0%;size-adjust:113.41%',
      light:
        'src:local(Arial);ascent-override:105.9%;descent-override:29.03%;line-gap-override:0.0%;size-adjust:100.93%',
      serif:
        'src:local(Times New Roman);ascent-override:96.82%;descent-override:26.54%;line-gap-override:0.0%;size-adjust:110.4%',
    }
    // and these family lists: 'bold', 'bold Fallback' (also in the variable), 'light', 'light Fallback',
    // system-ui, Helvetica Neue; 'serif', 'serif Fallback' (Times New Roman sized to the 300 italic file:
    // the weight nearest 400); 'plain' alone (adjustFontFallback: false).
    const variable = /<main class="(__variable_\w+)">/.exec(html)?.[1] ?? ''
    const expected = { bold: [], light: ['system-ui', 'HelveticaNeue'], serif: [] } as Record<
      string,
      string[]
    >
    for (const [id, face] of Object.entries(NEXT)) {
      const list = families(classOf(id) ?? '')
      const family = list[0] as string
      expect(family).toMatch(/^__font_\w+$/)
      expect(list).toEqual([family, `${family}Fallback`, ...(expected[id] as string[])])
      expect(faceOf(family)).toBe(bare(face))
      if (id === 'bold') expect(families(variable)).toEqual(list)
    }
    const none = families(classOf('plain') ?? '')
    expect(none).toEqual([expect.stringMatching(/^__font_\w+$/)])
    expect(css).not.toContain(`${none[0]} Fallback`)
    expect(html).toMatch(/<p id="plain" class="\w+" style="font-family:&#x27;__font_\w+&#x27;">/)
  })
})
