import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { edgeRoutes, edgeRuntimeWarning } from './edge-runtime.js'
import type { ProjectRoutes } from './scan-project.js'

let dir = ''
afterEach(() => rm(dir, { recursive: true, force: true }))

async function files(sources: Record<string, string>): Promise<(name: string) => string> {
  dir = await mkdtemp(path.join(tmpdir(), 'fresco-edge-'))
  for (const [name, text] of Object.entries(sources)) await writeFile(path.join(dir, name), text)
  return (name) => path.join(dir, name)
}

const segment = (layout?: string) => ({
  name: '',
  kind: 'static' as const,
  dir: '',
  files: layout ? { layout } : {},
})

describe("edgeRoutes: which routes ask for runtime 'edge' (read from the source, as Next does)", () => {
  it('finds pages, route handlers, pages under an edge layout, and Pages Router config.runtime', async () => {
    const f = await files({
      'layout.tsx': 'export default function L() {}',
      'edge-layout.tsx': "export const runtime = 'edge'\nexport default function L() {}",
      'a.tsx': 'export const runtime = "edge"\nexport default function P() {}',
      'b.tsx': "export const runtime = 'nodejs'\nexport default function P() {}",
      'c.tsx': 'export default function P() {}',
      'api.ts': "export const config = {\n  runtime: 'experimental-edge',\n}\nexport default function h() {}",
    })
    const route = (p: string, file: string, layout = f('layout.tsx')) => ({
      id: p,
      path: p,
      kind: 'page' as const,
      file,
      params: [],
      segments: [segment(layout)],
    })
    const project = {
      app: {
        appDir: dir,
        routes: [
          route('/a', f('a.tsx')),
          route('/b', f('b.tsx')),
          route('/c', f('c.tsx'), f('edge-layout.tsx')),
        ],
      },
      pages: {
        pagesDir: dir,
        routes: [
          { id: 'pages:/api/x', path: '/api/x', kind: 'api', file: f('api.ts'), params: [], segments: [] },
        ],
      },
    } as ProjectRoutes
    expect(await edgeRoutes(project)).toEqual(['/a', '/c', '/api/x'])
  })

  it('makes one warning naming the routes, or none', () => {
    expect(edgeRuntimeWarning([])).toBeUndefined()
    expect(edgeRuntimeWarning(['/a', '/b'])).toBe(
      "runtime 'edge' is set on /a, /b: Fresco has no edge runtime and runs these routes on Node.js (same code, same answers). Remove the export or use 'nodejs' to silence this warning.",
    )
  })
})
