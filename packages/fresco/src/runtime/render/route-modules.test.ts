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
  it("names the page of an export const runtime = 'edge'", async () => {
    await expect(loadRoute(route({ default: component, runtime: 'edge' }))).rejects.toThrow(
      "[fresco] app/blog/[id]/page.tsx: export const runtime = 'edge' is not supported by Fresco. Remove it or use 'nodejs'.",
    )
  })

  it('names the layout by its folder', async () => {
    await expect(
      loadRoute(route({ default: component }, { default: component, runtime: 'edge' })),
    ).rejects.toThrow("[fresco] app/blog/[id]/layout: export const runtime = 'edge'")
  })
})
