import { describe, expect, it } from 'vitest'
import type { StaticMetadata } from './metadata-files.js'
import { type GeneratedImage, imageRouteModule, withGeneratedImages } from './metadata-image.js'

const files = (...generated: GeneratedImage[]): StaticMetadata => ({
  icon: [],
  apple: [],
  openGraph: [],
  twitter: [],
  generated,
})

const image = (type: GeneratedImage['type'], path: string, mod: Record<string, unknown>): GeneratedImage => ({
  type,
  path,
  query: '?abc',
  module: async () => mod,
})

describe('withGeneratedImages', () => {
  it("reads the module's size, alt and contentType, with the layer's params in the URL", async () => {
    const resolved = await withGeneratedImages(
      files(
        image('openGraph', '/blog/[slug]/opengraph-image', { size: { width: 1200, height: 630 }, alt: 'A' }),
        image('icon', '/icon', { size: { width: 32, height: 32 } }),
      ),
      { slug: 'a b' },
    )
    expect(resolved!.openGraph).toEqual([
      { url: '/blog/a%20b/opengraph-image?abc', type: 'image/png', alt: 'A', width: 1200, height: 630 },
    ])
    // Next's attribute order for a generated icon: type, then sizes.
    expect(Object.keys(resolved!.icon[0]!)).toEqual(['url', 'type', 'sizes'])
    expect(resolved!.icon[0]).toMatchObject({ url: '/icon?abc', sizes: '32x32' })
  })

  it('makes one image per generateImageMetadata item, in its order, with its own data', async () => {
    const seen: unknown[] = []
    const mod = {
      generateImageMetadata: (props: unknown) => {
        seen.push(props)
        return [
          { id: 2, contentType: 'image/jpeg', size: { width: 10, height: 5 } },
          { id: 'a', alt: 'second' },
        ]
      },
    }
    const resolved = await withGeneratedImages(files(image('twitter', '/p/twitter-image', mod)), { x: '1' })
    expect(seen).toEqual([{ params: { x: '1' } }])
    expect(resolved!.twitter).toEqual([
      { url: '/p/twitter-image/2?abc', type: 'image/jpeg', width: 10, height: 5 },
      { url: '/p/twitter-image/a?abc', type: 'image/png', alt: 'second' },
    ])
  })

  it('refuses an item without an id, as Next', async () => {
    const mod = { generateImageMetadata: () => [{ alt: 'no id' }] }
    await expect(withGeneratedImages(files(image('openGraph', '/o', mod)), {})).rejects.toThrow(
      'id property is required for every item returned from generateImageMetadata',
    )
  })
})

describe('imageRouteModule', () => {
  const context = (params: Record<string, string>) => ({ params: Promise.resolve(params) })
  const get = (mod: Record<string, unknown>) => mod.GET as (r: Request, c: unknown) => Promise<Response>
  const request = new Request('http://x/')

  it('calls the default export with the params and answers its Response as it is', async () => {
    const calls: unknown[] = []
    const handler = async (props: { params: Promise<Record<string, unknown>> }) => {
      calls.push(await props.params)
      return new Response('png', { headers: { 'content-type': 'image/png' } })
    }
    const mod = imageRouteModule({ default: handler, revalidate: 60 }, handler, false)
    expect(mod.revalidate).toBe(60)
    const res = await get(mod)(request, context({ slug: 'a' }))
    expect(await res.text()).toBe('png')
    expect(calls).toEqual([{ slug: 'a' }])
  })

  it('with generateImageMetadata: its ids as static params, the id as a promise, 404 for any other id', async () => {
    const ids: unknown[] = []
    const handler = async (props: { id?: Promise<string> }) => {
      ids.push(await props.id)
      return new Response('ok')
    }
    const mod = imageRouteModule(
      { default: handler, generateImageMetadata: () => [{ id: 1 }, { id: 'b' }] },
      handler,
      true,
    )
    expect(mod.generateImageMetadata).toBeUndefined()
    expect(await (mod.generateStaticParams as (p: unknown) => Promise<unknown>)({ params: {} })).toEqual([
      { __metadata_id__: '1' },
      { __metadata_id__: 'b' },
    ])
    expect((await get(mod)(request, context({ __metadata_id__: '1' }))).status).toBe(200)
    const missing = await get(mod)(request, context({ __metadata_id__: 'zzz' }))
    expect(missing.status).toBe(404)
    expect(ids).toEqual(['1'])
  })
})
