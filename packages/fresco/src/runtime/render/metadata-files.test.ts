// How metadata files merge with `metadata` exports: the rules `next start` (16.5) showed on a probe
// app (docs/guide/metadata-files.md).
import { describe, expect, it } from 'vitest'
import { resolveMetadata } from './metadata.js'
import type { MetadataImage, StaticMetadata } from './metadata-files.js'

const img = (url: string, extra: Partial<MetadataImage> = {}): MetadataImage => ({
  url,
  type: 'image/png',
  ...extra,
})
const files = (over: Partial<StaticMetadata>): StaticMetadata => ({
  icon: [],
  apple: [],
  openGraph: [],
  twitter: [],
  ...over,
})
const layer = (metadata: unknown, f?: StaticMetadata) => ({
  mod: metadata === undefined ? undefined : { metadata },
  props: {},
  files: f,
})

describe('metadata files in resolveMetadata', () => {
  it("an opengraph file beats the parent's images, not the same level's `openGraph.images`", async () => {
    const root = files({ openGraph: [img('/opengraph-image.png')] })
    const below = await resolveMetadata([layer({ openGraph: { images: '/config.png' } }, root), layer({})])
    expect(below.meta.openGraph?.images).toBe('/config.png')
    const page = await resolveMetadata([
      layer({ openGraph: { images: '/config.png' } }, root),
      layer({}, root),
    ])
    expect(page.meta.openGraph?.images).toEqual([img('/opengraph-image.png')])
    const nested = await resolveMetadata([
      layer({}, root),
      layer(undefined, files({ openGraph: [img('/b.gif')] })),
    ])
    expect(nested.meta.openGraph?.images).toEqual([img('/b.gif')])
  })

  it('a deeper openGraph export replaces the file images above it (shallow merge, as Next)', async () => {
    const root = files({ openGraph: [img('/opengraph-image.png')] })
    const { meta } = await resolveMetadata([layer({}, root), layer({ openGraph: { title: 'deep' } })])
    expect(meta.openGraph).toEqual({ title: 'deep' })
  })

  it('icons come from the nearest folder per kind, unless `metadata.icons` is set; the favicon is always first', async () => {
    const fav = img('/favicon.ico', { type: 'image/x-icon', sizes: '16x16' })
    const root = files({
      favicon: fav,
      icon: [img('/icon.png', { sizes: '32x32' })],
      apple: [img('/apple-icon.png')],
    })
    const deep = files({ icon: [img('/blog/-/icon.png', { sizes: '48x48' })] })
    const { meta } = await resolveMetadata([layer({}, root), layer({}, deep)])
    expect(meta.icons).toEqual({
      icon: [
        { url: '/favicon.ico', sizes: '16x16', type: 'image/x-icon' },
        { url: '/blog/-/icon.png', sizes: '48x48', type: 'image/png' },
      ],
      apple: [{ url: '/apple-icon.png', sizes: undefined, type: 'image/png' }],
    })
    const config = await resolveMetadata([layer({}, root), layer({ icons: { icon: '/page-icon.png' } })])
    expect(config.meta.icons).toEqual({
      icon: [{ url: '/favicon.ico', sizes: '16x16', type: 'image/x-icon' }, '/page-icon.png'],
    })
  })

  it('a manifest file replaces `metadata.manifest`', async () => {
    const { meta } = await resolveMetadata([
      layer({ manifest: '/config.webmanifest' }, files({ manifest: '/manifest.webmanifest' })),
    ])
    expect(meta.manifest).toBe('/manifest.webmanifest')
  })
})
