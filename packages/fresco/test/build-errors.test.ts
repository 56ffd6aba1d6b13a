// Builds that must fail, and say why: a throwing prerender names route, path and error;
// dynamic = 'error' names the API; an unsupported next/* import names the module.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ALIASES } from '../src/build/plugin-next-compat.js'
import { createFixture, removeFixture, runBuild } from './fixture.js'

const layout = `export default function L({ children }: { children: React.ReactNode }) {
  return <html><body>{children}</body></html>
}`

/** The build's whole output is the one message: what is unsupported, where, what to do, what exists. */
function expectOnlyUnsupported(output: string, file: string, source: string): void {
  const lines = output.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(
    new RegExp(
      `^\\[fresco\\] ${file} imports '${source}', which Fresco does not provide: remove that import`,
    ),
  )
  // Every module the message names exists: it is an alias the build resolves.
  const named = [...(lines[0] ?? '').matchAll(/\bnext(?:\/[a-z/]+)?\b/g)].map((m) => m[0])
  for (const name of named.filter((n) => n !== source)) expect(Object.keys(ALIASES)).toContain(name)
  expect(named).toContain('next/link')
}

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
      'app/page.tsx': `import Image from 'next/legacy/image'\nexport default function P() { return <p>{String(Image)}</p> }`,
    })
    const second = await runBuild(root)
    expect(second.code).toBe(1)
    expectOnlyUnsupported(second.output, 'app/page.tsx', 'next/legacy/image')
  }, 90_000)

  it('reports an unsupported next/* import of a client component alone: no bundler wrapper, no stack', async () => {
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.tsx': `import { Amp } from './amp'\nexport default function P() { return <Amp /> }`,
      'app/amp.tsx': `'use client'\nimport { useAmp } from 'next/amp'\nexport function Amp() { return <p>{String(useAmp())}</p> }`,
    })
    const { code, output } = await runBuild(root)
    expect(code).toBe(1)
    expectOnlyUnsupported(output, 'app/amp.tsx', 'next/amp')
  }, 60_000)

  /** A one-page app plus `extra` files, built: the build's exit code and output. */
  const buildOnePageWith = async (extra: Record<string, string>) => {
    if (root) await removeFixture(root)
    root = await createFixture({
      'app/layout.tsx': layout,
      'app/page.tsx': 'export default function P() { return <p>ok</p> }',
      ...extra,
    })
    return runBuild(root)
  }

  it('names app/ split from src/pages/, and middleware.ts beside proxy.ts, and stops before bundling (issue 8 #16, issue 11)', async () => {
    const pages = await buildOnePageWith({
      'src/pages/old.tsx': 'export default function Old() { return null }',
    })
    expect(pages.code).toBe(1)
    expect(pages.output).toContain('[fresco] app/ and src/pages/ are in different folders')
    const both = await buildOnePageWith({
      'middleware.ts': 'export function middleware() {}',
      'proxy.ts': 'export function proxy() {}',
    })
    expect(both.code).toBe(1)
    expect(both.output).toContain('[fresco] Both middleware.ts and proxy.ts were found: keep one')
  }, 60_000)

  it('a middleware whose matcher is not a path fails the build naming the file and the matcher', async () => {
    const { code, output } = await buildOnePageWith({
      'middleware.ts': "export function middleware() {}\nexport const config = { matcher: 'about' }",
    })
    expect(code).toBe(1)
    expect(output).toContain("middleware.ts: config.matcher 'about' is invalid")
  }, 90_000)

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

  it('refuses getInitialProps beside getStaticProps and a pages/500 with getServerSideProps (issue 10); runs edge API routes on Node with a warning (issue 11)', async () => {
    root = await createFixture({
      'pages/index.tsx':
        'function P() { return <p>x</p> }\nP.getInitialProps = async () => ({})\nexport default P\nexport async function getStaticProps() { return { props: {} } }\n',
    })
    const first = await runBuild(root)
    expect(first.code).toBe(1)
    expect(first.output).toContain('[fresco] pages/index.tsx exports both getInitialProps and getStaticProps')
    await removeFixture(root)
    root = await createFixture({
      'pages/index.tsx': 'export default function P() { return <p>x</p> }\n',
      'pages/500.tsx':
        'export async function getServerSideProps() { return { props: {} } }\nexport default function E() { return <p>500</p> }\n',
    })
    const five = await runBuild(root)
    expect(five.code).toBe(1)
    expect(five.output).toContain('[fresco] pages/500: getServerSideProps is not supported by Fresco')
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
  }, 120_000)

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

  it('names a sitemap.ts or an opengraph-image.tsx without a default export', async () => {
    const cases: [file: string, text: string, message: string][] = [
      ['app/sitemap.ts', 'export const revalidate = 60\n', 'app/sitemap.ts has no default export.'],
      [
        'app/blog/opengraph-image.tsx',
        'export const alt = "x"\n',
        'app/blog/opengraph-image.tsx has no default export.',
      ],
    ]
    for (const [file, text, message] of cases) {
      if (root) await removeFixture(root)
      root = await createFixture({
        'app/layout.tsx': layout,
        'app/page.tsx': 'export default function P() { return <p>ok</p> }',
        [file]: text,
      })
      const { code, output } = await runBuild(root)
      expect(code).toBe(1)
      expect(output).toContain(message)
    }
  }, 90_000)
})
