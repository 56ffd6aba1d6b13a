import { describe, expect, it } from 'vitest'
import type { AnyModule, LoadedRoute, LoadedSegment } from '../render/route-modules.js'
import { collectStaticParams, paramsRenderDynamically } from './static-params.js'

const gsp = { generateStaticParams: () => [] }

function route(
  segments: { param?: string; name?: string; layout?: AnyModule }[],
  leaf: AnyModule = {},
  dynamic = 'auto',
): LoadedRoute {
  const loaded: LoadedSegment[] = segments.map((s, i) => ({
    name: s.name ?? (s.param ? `[${s.param}]` : `s${i}`),
    kind: s.param ? 'dynamic' : 'static',
    param: s.param ?? null,
    layout: s.layout,
  }))
  const params = segments.flatMap((s) => (s.param ? [s.param] : []))
  return {
    route: { id: '/x', path: '/x', kind: 'page', params, file: 'x', module: async () => leaf, segments: [] },
    segments: loaded,
    leaf,
    config: { dynamic, revalidate: false, dynamicParams: true, fetchCache: 'auto' },
  } as LoadedRoute
}

describe('paramsRenderDynamically (Next.js buildAppStaticPaths)', () => {
  it('is false for routes without params', () => {
    expect(paramsRenderDynamically(route([{}, {}]))).toBe(false)
  })

  it('is true when no segment exports generateStaticParams', () => {
    expect(paramsRenderDynamically(route([{}, { param: 'id' }]))).toBe(true)
  })

  it('is false when the page exports it, even returning []', () => {
    expect(paramsRenderDynamically(route([{}, { param: 'id' }], gsp))).toBe(false)
  })

  it('needs the last dynamic segment covered: a parent layout alone is not enough', () => {
    expect(paramsRenderDynamically(route([{}, { param: 'cat', layout: gsp }, { param: 'item' }]))).toBe(true)
    expect(paramsRenderDynamically(route([{}, { param: 'cat', layout: gsp }, { param: 'item' }], gsp))).toBe(
      false,
    )
  })

  it('static segments below the last dynamic one keep its answer (/[lang]/about)', () => {
    expect(paramsRenderDynamically(route([{}, { param: 'lang', layout: gsp }, {}]))).toBe(false)
    expect(paramsRenderDynamically(route([{}, { param: 'lang' }, {}]))).toBe(true)
  })

  it("is false under dynamic = 'force-static' or 'error'", () => {
    expect(paramsRenderDynamically(route([{}, { param: 'id' }], {}, 'force-static'))).toBe(false)
    expect(paramsRenderDynamically(route([{}, { param: 'id' }], {}, 'error'))).toBe(false)
  })
})

describe('collectStaticParams', () => {
  const langs = { generateStaticParams: () => [{ lang: 'en' }, { lang: 'fr' }] }

  it('chains each level from its parent (/[lang]/[slug] with one generator per level)', async () => {
    const slugs = {
      generateStaticParams: ({ params }: { params: { lang: string } }) => [{ slug: `${params.lang}-1` }],
    }
    expect(
      await collectStaticParams(route([{}, { param: 'lang', layout: langs }, { param: 'slug' }], slugs)),
    ).toEqual([
      { lang: 'en', slug: 'en-1' },
      { lang: 'fr', slug: 'fr-1' },
    ])
  })

  it("prerenders nothing when a level below the layout's generator has none: it renders on demand", async () => {
    // app/[lang]/layout.tsx generates lang; app/[lang]/[slug]/page.tsx generates nothing (Next: no error).
    expect(
      await collectStaticParams(route([{}, { param: 'lang', layout: langs }, { param: 'slug' }])),
    ).toEqual([])
  })

  it('keeps the sets when only an optional catch-all is left ungenerated (/en names a URL)', async () => {
    const loaded = route([{}, { param: 'lang', layout: langs }, { param: 'rest', name: '[[...rest]]' }])
    expect(await collectStaticParams(loaded)).toEqual([{ lang: 'en' }, { lang: 'fr' }])
  })
})
