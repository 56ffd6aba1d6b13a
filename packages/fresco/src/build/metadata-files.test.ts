import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { classifyMetadataFile, exportsGenerateSitemaps } from './metadata-files.js'
import { scanApp } from './scan.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: '#f00' } })
    .png()
    .toBuffer()

async function makeApp(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-metafiles-'))
  dirs.push(root)
  const app = path.join(root, 'app')
  for (const [f, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(app, f)), { recursive: true })
    await writeFile(path.join(app, f), body)
  }
  return app
}

const CODE = 'export default function X() { return null }\n'

describe('classifyMetadataFile', () => {
  it("knows Next's names, extensions and which files count only in app/ itself", () => {
    const at = (name: string, root = true) => classifyMetadataFile(name, root)
    expect(at('favicon.ico')).toEqual({ type: 'favicon', static: true, file: 'favicon.ico' })
    expect(at('favicon.ico', false)).toBeNull() // Next reads it in app/ only
    expect(at('icon3.svg')).toMatchObject({ type: 'icon', static: true })
    expect(at('icon12.png')).toBeNull() // one digit at most, as Next's enumMetadataFiles
    expect(at('icon.webp')).toBeNull()
    expect(at('apple-icon.svg')).toBeNull()
    expect(at('opengraph-image.gif', false)).toMatchObject({ type: 'openGraph', static: true })
    expect(at('opengraph-image.alt.txt')).toBeNull() // read beside its image
    expect(at('sitemap.ts', false)).toMatchObject({ type: 'sitemap', static: false })
    expect(at('robots.txt')).toMatchObject({ type: 'robots', static: true })
    expect(at('robots.ts', false)).toBeNull()
    expect(at('manifest.json')).toMatchObject({ type: 'manifest', static: true })
    expect(at('manifest.ts')).toMatchObject({ type: 'manifest', static: false })
  })

  it('takes image names with a code extension as images generated from code', () => {
    expect(classifyMetadataFile('twitter-image.tsx', false)).toEqual({
      type: 'twitter',
      static: false,
      file: 'twitter-image.tsx',
    })
    expect(classifyMetadataFile('icon1.js', true)).toMatchObject({ type: 'icon', static: false })
    expect(classifyMetadataFile('apple-icon.ts', false)).toMatchObject({ type: 'apple', static: false })
  })
})

describe('scanApp: metadata files', () => {
  it("serves each file at Next's URL and describes the folder's tags", async () => {
    const app = await makeApp({
      'layout.tsx': CODE,
      'page.tsx': CODE,
      'favicon.ico': await png(16, 16),
      'icon.png': await png(32, 32),
      'icon1.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
      'opengraph-image.png': await png(120, 63),
      'opengraph-image.alt.txt': 'An alt\n',
      'sitemap.ts': CODE,
      'robots.txt': 'User-Agent: *\n',
      'manifest.ts': CODE,
      'blog/[slug]/page.tsx': CODE,
      'blog/[slug]/icon.png': await png(48, 48),
      'blog/[slug]/sitemap.ts': CODE,
      '(g)/grouped/page.tsx': CODE,
      '(g)/grouped/opengraph-image.jpg': await png(30, 20),
      'sub/robots.ts': CODE, // not a convention below app/: colocated code
    })
    const tree = await scanApp(app)
    const meta = tree.routes.filter((r) => r.metadata)
    expect(
      meta.map((r) => [r.path, r.metadata!.type, r.metadata!.static, r.metadata!.contentType]).sort(),
    ).toEqual([
      ['/blog/-/icon.png', 'icon', true, 'image/png'],
      ['/blog/[slug]/sitemap.xml', 'sitemap', false, 'application/xml'],
      ['/favicon.ico', 'favicon', true, 'image/x-icon'],
      // Next's suffix for files in a route group: djb2('/(g)/grouped') in base 36.
      [
        expect.stringMatching(/^\/grouped\/opengraph-image-[0-9a-z]{1,6}\.jpg$/),
        'openGraph',
        true,
        'image/jpeg',
      ],
      ['/icon.png', 'icon', true, 'image/png'],
      ['/icon1.svg', 'icon', true, 'image/svg+xml'],
      ['/manifest.webmanifest', 'manifest', false, 'application/manifest+json'],
      ['/opengraph-image.png', 'openGraph', true, 'image/png'],
      ['/robots.txt', 'robots', true, 'text/plain'],
      ['/sitemap.xml', 'sitemap', false, 'application/xml'],
    ])
    const root = tree.routes.find((r) => r.path === '/')!.segments[0]!.metadata!
    expect(root.favicon).toEqual({
      url: expect.stringMatching(/^\/favicon\.ico\?favicon\.[0-9a-f]{16}\.ico$/),
      type: 'image/x-icon',
      sizes: '16x16',
    })
    expect(root.icon.map((i) => [i.url.replace(/\?.*/, ''), i.sizes, i.type])).toEqual([
      ['/icon.png', '32x32', 'image/png'],
      ['/icon1.svg', 'any', 'image/svg+xml'],
    ])
    expect(root.openGraph).toEqual([
      {
        url: expect.stringMatching(/^\/opengraph-image\.png\?opengraph-image\.[0-9a-f]{16}\.png$/),
        type: 'image/png',
        width: 120,
        height: 63,
        alt: 'An alt\n',
      },
    ])
    expect(root.manifest).toBe('/manifest.webmanifest')
  })

  it('matches the group suffix Next computes', async () => {
    const app = await makeApp({
      'layout.tsx': CODE,
      '(group)/grouped/page.tsx': CODE,
      '(group)/grouped/opengraph-image.jpg': await png(30, 20),
    })
    const tree = await scanApp(app)
    // What `next build` 16.5 lists for app/(group)/grouped/opengraph-image.jpg.
    expect(tree.routes.map((r) => r.path)).toContain('/grouped/opengraph-image-1df4te.jpg')
  })

  it('serves a sitemap.ts exporting generateSitemaps at sitemap/[__metadata_id__], as Next', async () => {
    const app = await makeApp({
      'layout.tsx': CODE,
      'products/sitemap.ts': `export async function generateSitemaps() { return [{ id: 0 }] }\n${CODE}`,
    })
    const tree = await scanApp(app)
    const route = tree.routes.find((r) => r.metadata?.type === 'sitemap')!
    expect(route).toMatchObject({ path: '/products/sitemap/[__metadata_id__]', params: ['__metadata_id__'] })
    expect(route.metadata).toMatchObject({ multiple: true, static: false })
    expect(exportsGenerateSitemaps('export const generateSitemaps = async () => []')).toBe(true)
    expect(exportsGenerateSitemaps('async function generateSitemaps() {}\nexport { generateSitemaps }')).toBe(
      true,
    )
    expect(
      exportsGenerateSitemaps('// generateSitemaps is not used here\nexport default function s() {}'),
    ).toBe(false)
  })

  it('serves generated images without an extension, one route per generateImageMetadata id, as Next', async () => {
    const app = await makeApp({
      'layout.tsx': CODE,
      'page.tsx': CODE,
      'opengraph-image.tsx': CODE,
      'blog/[slug]/page.tsx': CODE,
      'blog/[slug]/icon.tsx': CODE,
      'products/page.tsx': CODE,
      'products/opengraph-image.tsx': `export function generateImageMetadata() { return [{ id: 'a' }] }\n${CODE}`,
    })
    const tree = await scanApp(app)
    const meta = tree.routes.filter((r) => r.metadata)
    expect(
      meta.map((r) => [r.path, r.metadata!.type, r.metadata!.static, r.metadata!.multiple]).sort(),
    ).toEqual([
      // Below a dynamic segment the image gets the page's params (static files get `-`).
      ['/blog/[slug]/icon', 'icon', false, undefined],
      ['/opengraph-image', 'openGraph', false, undefined],
      ['/products/opengraph-image/[__metadata_id__]', 'openGraph', false, true],
    ])
    const generated = (path: string) =>
      tree.routes.find((r) => r.path === path)!.segments.at(-1)!.metadata!.generated
    const query = expect.stringMatching(/^\?[0-9a-f]{16}$/)
    expect(generated('/')).toEqual([
      { type: 'openGraph', path: '/opengraph-image', query, file: path.join(app, 'opengraph-image.tsx') },
    ])
    expect(generated('/blog/[slug]')).toEqual([
      { type: 'icon', path: '/blog/[slug]/icon', query, file: path.join(app, 'blog/[slug]/icon.tsx') },
    ])
    // The tags' URL is the route's without the id: the page's render adds each id (metadata-image.ts).
    expect(generated('/products')).toEqual([
      {
        type: 'openGraph',
        path: '/products/opengraph-image',
        query,
        file: path.join(app, 'products/opengraph-image.tsx'),
      },
    ])
  })

  it('rejects two files for one URL, naming both', async () => {
    const app = await makeApp({ 'layout.tsx': CODE, 'sitemap.ts': CODE, 'sitemap.xml': '<urlset/>' })
    await expect(scanApp(app)).rejects.toThrow(
      /app\/sitemap\.ts.*app\/sitemap\.xml|app\/sitemap\.xml.*app\/sitemap\.ts/,
    )
    const other = await makeApp({ 'layout.tsx': CODE, 'robots.txt': 'x', '(api)/robots.txt/route.ts': CODE })
    await expect(scanApp(other)).rejects.toThrow(/app\/robots\.txt/)
  })
})
