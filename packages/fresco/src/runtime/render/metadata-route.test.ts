// The bodies of generated metadata routes, compared with what `next start` (16.5) sent for the
// same data (robots.ts / sitemap.ts of a probe app).
import { describe, expect, it } from 'vitest'
import { METADATA_CACHE_CONTROL, metadataRouteModule, robotsTxt, sitemapXml } from './metadata-route.js'

describe('robotsTxt', () => {
  it("writes Next's robots.txt byte for byte", () => {
    const body = robotsTxt({
      rules: [
        { userAgent: '*', allow: '/', disallow: ['/private/', '/admin'], crawlDelay: 2 },
        { userAgent: ['Applebot', 'Bingbot'], disallow: '/' },
      ],
      sitemap: 'https://example.com/sitemap.xml',
      host: 'https://example.com',
    })
    expect(body).toBe(
      'User-Agent: *\nAllow: /\nDisallow: /private/\nDisallow: /admin\nCrawl-delay: 2\n\n' +
        'User-Agent: Applebot\nUser-Agent: Bingbot\nDisallow: /\n\n' +
        'Host: https://example.com\nSitemap: https://example.com/sitemap.xml\n',
    )
    expect(robotsTxt({ rules: { disallow: '/x', other: { 'Clean-param': ['a', 'b'] } } })).toBe(
      'User-Agent: *\nDisallow: /x\nClean-param: a\nClean-param: b\n\n',
    )
  })
})

describe('sitemapXml', () => {
  it("writes Next's sitemap.xml byte for byte", () => {
    const body = sitemapXml([
      {
        url: 'https://example.com',
        lastModified: new Date('2024-01-02T03:04:05Z'),
        changeFrequency: 'yearly',
        priority: 1,
      },
      {
        url: 'https://example.com/about',
        lastModified: '2024-05-06',
        changeFrequency: 'monthly',
        priority: 0.8,
        alternates: { languages: { es: 'https://example.com/es/about', de: 'https://example.com/de/about' } },
      },
      {
        url: 'https://example.com/gen',
        images: ['https://example.com/image.jpg'],
        videos: [{ title: 'T', thumbnail_loc: 'https://example.com/t.jpg', description: 'D' }],
      },
    ])
    expect(body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url>
<loc>https://example.com</loc>
<lastmod>2024-01-02T03:04:05.000Z</lastmod>
<changefreq>yearly</changefreq>
<priority>1</priority>
</url>
<url>
<loc>https://example.com/about</loc>
<xhtml:link rel="alternate" hreflang="es" href="https://example.com/es/about" />
<xhtml:link rel="alternate" hreflang="de" href="https://example.com/de/about" />
<lastmod>2024-05-06</lastmod>
<changefreq>monthly</changefreq>
<priority>0.8</priority>
</url>
<url>
<loc>https://example.com/gen</loc>
<image:image>
<image:loc>https://example.com/image.jpg</image:loc>
</image:image>
<video:video>
<video:title>T</video:title>
<video:thumbnail_loc>https://example.com/t.jpg</video:thumbnail_loc>
<video:description>D</video:description>
</video:video>
</url>
</urlset>
`,
    )
  })

  it('escapes what would make invalid XML, and keeps entities escaped by hand', () => {
    const body = sitemapXml([
      { url: 'https://example.com/?a=1&b=<2>' },
      { url: 'https://example.com/?a=1&amp;b=2' },
    ])
    expect(body).toContain('<loc>https://example.com/?a=1&amp;b=&lt;2&gt;</loc>')
    expect(body).toContain('<loc>https://example.com/?a=1&amp;b=2</loc>')
  })
})

describe('metadataRouteModule', () => {
  const info = { type: 'robots', static: false, contentType: 'text/plain' } as const

  it('answers the default export as the file, keeping the segment config', async () => {
    const mod = metadataRouteModule(
      { file: 'robots.ts', metadata: info },
      { revalidate: 60, default: () => ({ rules: { allow: '/' } }) },
    )
    expect(mod.revalidate).toBe(60)
    const res = await (mod.GET as () => Promise<Response>)()
    expect(res.headers.get('content-type')).toBe('text/plain')
    expect(res.headers.get('cache-control')).toBe(METADATA_CACHE_CONTROL)
    expect(await res.text()).toBe('User-Agent: *\nAllow: /\n\n')
  })

  it('serves a static file force-static, and names a module without a default export', async () => {
    const icon = { type: 'icon', static: true, contentType: 'image/png' } as const
    const mod = metadataRouteModule({ file: 'icon.png', metadata: icon }, { default: 'AQID' })
    expect(mod.dynamic).toBe('force-static')
    const res = (mod.GET as () => Response)()
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3])
    expect(() => metadataRouteModule({ file: 'robots.ts', metadata: info }, {})).toThrow(
      /app\/robots\.ts has no default export/,
    )
  })

  it('with generateSitemaps: one sitemap per id at <id>.xml, 404 for any other, ids as static params', async () => {
    const mod = metadataRouteModule(
      {
        file: 'sitemap.ts',
        metadata: { type: 'sitemap', static: false, contentType: 'application/xml', multiple: true },
      },
      {
        generateSitemaps: async () => [{ id: 0 }, { id: 'b' }],
        default: async ({ id }: { id: Promise<string> }) => [{ url: `https://x.test/${await id}` }],
      },
    )
    expect(mod.generateSitemaps).toBeUndefined() // handled here, not an unsupported export
    expect(await (mod.generateStaticParams as () => Promise<unknown>)()).toEqual([
      { __metadata_id__: '0.xml' },
      { __metadata_id__: 'b.xml' },
    ])
    const get = mod.GET as (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>
    const at = (id: string) =>
      get(new Request('http://x.test/'), { params: Promise.resolve({ __metadata_id__: id }) })
    const found = await at('b.xml')
    expect(found.status).toBe(200)
    expect(await found.text()).toContain('<loc>https://x.test/b</loc>')
    for (const id of ['c.xml', 'b', '0.xml.xml']) expect((await at(id)).status).toBe(404)
  })
})
