import { describe, expect, it } from 'vitest'
import { loadRoute, type RuntimeRoute } from './route-modules.js'

const component = () => null

function route(
  leaf: Record<string, unknown>,
  layout: Record<string, unknown> = { default: component },
): RuntimeRoute {
  return {
    id: '/blog/[id]',
    path: '/blog/[id]',
    kind: 'page',
    params: ['id'],
    file: 'blog/[id]/page.tsx',
    module: async () => leaf,
    segments: [
      { name: '', kind: 'static', param: null, files: { layout: async () => ({ default: component }) } },
      { name: 'blog', kind: 'static', param: null, files: {} },
      { name: '[id]', kind: 'dynamic', param: 'id', files: { layout: async () => layout } },
    ],
  }
}

describe('loadRoute: segment config errors name the file as it is under app/', () => {
  it('names the page of an unsupported export', async () => {
    await expect(loadRoute(route({ default: component, preferredRegion: 'iad1' }))).rejects.toThrow(
      '[fresco] app/blog/[id]/page.tsx: export preferredRegion is not supported by Fresco. Fresco runs wherever you start it: remove the export.',
    )
  })

  it('names the layout by its folder', async () => {
    await expect(
      loadRoute(route({ default: component }, { default: component, runtime: 'deno' })),
    ).rejects.toThrow("[fresco] app/blog/[id]/layout: export const runtime = 'deno' is invalid")
  })

  it("loads a route whose page or layout says runtime 'edge' (it runs on Node)", async () => {
    const loaded = await loadRoute(
      route({ default: component, runtime: 'edge' }, { default: component, runtime: 'edge' }),
    )
    expect(loaded.config).toMatchObject({ dynamic: 'auto', revalidate: false, dynamicParams: true })
  })
})
