// Builds that must fail, and say why: a throwing prerender names route, path and error;
// dynamic = 'error' names the API; an unsupported next/* import names the module.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFixture, removeFixture, runBuild } from './fixture.js'

const layout = `export default function L({ children }: { children: React.ReactNode }) {
  return <html><body>{children}</body></html>
}`

let root: string | undefined
afterEach(async () => {
  if (root) await removeFixture(root)
  root = undefined
})

describe('fresco build failures', () => {
  it('names the route, path and error of a prerender that throws', async () => {
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.tsx': 'export default function P() { return <p>ok</p> }',
      'app/items/[slug]/page.tsx': `
export function generateStaticParams() { return [{ slug: 'bad' }] }
export default async function Item() { throw new Error('database unreachable') }`,
    })
    const { code, output } = await runBuild(root)
    expect(code).toBe(1)
    expect(output).toContain('Prerendering /items/bad (route /items/[slug]) failed: database unreachable')
  }, 60_000)

  it("fails a dynamic = 'error' route naming the API, and an unsupported next/* import", async () => {
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.tsx': `
import { headers } from 'next/headers'
export const dynamic = 'error'
export default async function P() { return <p>{(await headers()).get('x') ?? ''}</p> }`,
    })
    const first = await runBuild(root)
    expect(first.code).toBe(1)
    expect(first.output).toContain("Route / used headers() but exports dynamic = 'error'")

    await removeFixture(root)
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.tsx': `import { ImageResponse } from 'next/og'\nexport default function P() { return <p>{String(ImageResponse)}</p> }`,
    })
    const second = await runBuild(root)
    expect(second.code).toBe(1)
    expect(second.output).toContain("imports 'next/og', which Fresco does not provide")
  }, 90_000)

  it('names middleware.ts and app/ split from src/pages/ and stops before bundling (issue 8 #16)', async () => {
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.tsx': 'export default function P() { return <p>ok</p> }',
      'middleware.ts': 'export function middleware() {}',
      'src/pages/old.tsx': 'export default function Old() { return null }',
    })
    const { code, output } = await runBuild(root)
    expect(code).toBe(1)
    expect(output).toContain('[fresco] middleware.ts was found, but Fresco does not run middleware')
    expect(output).toContain('[fresco] app/ and src/pages/ are in different folders')
  }, 60_000)

  it('a URL claimed by app/ and pages/ stops the build naming both files (issue 10)', async () => {
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/about/page.tsx': 'export default function P() { return <p>app</p> }',
      'pages/about.tsx': 'export default function P() { return <p>pages</p> }',
    })
    const { code, output } = await runBuild(root)
    expect(code).toBe(1)
    expect(output).toContain('[fresco] app/about/page.tsx and pages/about.tsx both resolve to /about')
  }, 60_000)

  it('refuses getInitialProps in pages/ naming the file (issue 10); runs edge API routes on Node with a warning (issue 11)', async () => {
    root = await createFixture({
      'pages/index.tsx':
        'function P() { return <p>x</p> }\nP.getInitialProps = async () => ({})\nexport default P\n',
    })
    const first = await runBuild(root)
    expect(first.code).toBe(1)
    expect(first.output).toContain('[fresco] pages/index.tsx: getInitialProps is not supported by Fresco')
    await removeFixture(root)
    root = await createFixture({
      'pages/api/x.ts':
        "export const config = { runtime: 'edge' }\nexport default function h(_q: unknown, s: { end(): void }) { s.end() }\n",
    })
    const second = await runBuild(root)
    expect(second.code, second.output).toBe(0)
    expect(second.output).toContain(
      "[fresco] Warning: runtime 'edge' is set on /api/x: Fresco has no edge runtime",
    )
  }, 90_000)

  it('builds JSX in .js files, and names the next.config key it does not apply (issues 8, 11)', async () => {
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.js': 'export default function P() {\n  return <p>jsx in a .js file</p>\n}\n',
      'next.config.mjs': 'export default { reactStrictMode: true }\n',
    })
    const { code, output } = await runBuild(root)
    expect(code, output).toBe(0)
    expect(output).toContain('[fresco] Warning: next.config.mjs: reactStrictMode true is not applied')
    const manifest = JSON.parse(await readFile(path.join(root, '.fresco/manifest.json'), 'utf8'))
    expect(manifest.routes[0]).toMatchObject({ id: '/', type: 'static', prerendered: ['/'] })
  }, 90_000)
})
