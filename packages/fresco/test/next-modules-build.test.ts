// next/* modules at build: next/font/google stops the build with one line before bundling (no
// network, no hang); a localFont() call with a bad option or a missing file names it; dynamic()
// with ssr: false in a Server Component is refused as Next refuses it.
import { afterEach, describe, expect, it } from 'vitest'
import { createFixture, removeFixture, runBuild } from './fixture.js'

const layout = (head: string, className: string) =>
  `${head}\nexport default function L({ children }: { children: React.ReactNode }) { return <html className={${className}}><body>{children}</body></html> }\n`
let root = ''

/** Builds an app whose root layout starts with `head` and puts `className` on <html>. */
async function buildWithLayout(head: string, className: string) {
  root = await createFixture({
    'app/layout.tsx': layout(head, className),
    'app/page.tsx': 'export default function P() { return <p>hi</p> }',
  })
  return runBuild(root)
}
afterEach(async () => {
  if (root) await removeFixture(root)
})

describe('next/font at build', () => {
  it('next/font/google fails the build with one line naming the file and next/font/local', async () => {
    root = await createFixture({
      'app/layout.tsx': layout(
        "import { Inter } from 'next/font/google'\nconst inter = Inter({ subsets: ['latin'] })",
        'inter.className',
      ),
      'app/page.tsx': 'export default function P() { return <p>hi</p> }',
    })
    const build = await runBuild(root)
    expect(build.code).toBe(1)
    const lines = build.output.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^\[fresco\] app\/layout\.tsx imports 'next\/font\/google'.*use next\/font\/local/,
    )
  }, 60_000)

  it('a localFont() option or file that is wrong is named', async () => {
    const build = await buildWithLayout(
      "import localFont from 'next/font/local'\nconst f = localFont({ src: './missing.woff2' })",
      'f.className',
    )
    expect(build.code).toBe(1)
    expect(build.output).toContain("app/layout.tsx: localFont() src './missing.woff2' does not exist.")
  }, 60_000)

  it('dynamic(…, { ssr: false }) in a Server Component fails the build saying where to move it', async () => {
    root = await createFixture({
      'app/layout.tsx': layout('', 'undefined'),
      'app/page.tsx':
        "import dynamic from 'next/dynamic'\nconst C = dynamic(() => import('./c'), { ssr: false })\nexport default function P() { return <C /> }",
      'app/c.tsx': 'export default function C() { return <p>c</p> }',
    })
    const build = await runBuild(root)
    expect(build.code).toBe(1)
    expect(build.output).toContain(
      '[fresco] dynamic(…, { ssr: false }) was called in a Server Component, where it cannot take effect. Move the dynamic() call into a Client Component',
    )
  }, 60_000)
})
