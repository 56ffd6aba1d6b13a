// next/* modules at build: next/font/google builds from the installed Fontsource package and a
// family that is not installed stops the build with one line (no network, no hang); a localFont() call with a bad option or a missing file names it; dynamic()
// with ssr: false in a Server Component is refused as Next refuses it.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
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
/** The output of a failed build, which must be one line. */
function onlyLine(build: { code: number; output: string }): string {
  expect(build.code).toBe(1)
  const lines = build.output.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] as string
}
afterEach(async () => {
  if (root) await removeFixture(root)
})

describe('next/font at build', () => {
  it('next/font/google builds from the installed Fontsource package; a family not installed fails with one line', async () => {
    const built = await buildWithLayout(
      "import { Inter } from 'next/font/google'\nconst inter = Inter({ subsets: ['latin'], weight: '700' })",
      'inter.className',
    )
    expect(built.code, built.output).toBe(0)
    const fonts = path.join(root, '.fresco', 'fonts')
    const css = await Promise.all((await readdir(fonts)).map((f) => readFile(path.join(fonts, f), 'utf8')))
    expect(css.join('')).toContain("font-family: 'Inter', 'Inter Fallback';\n  font-weight: 700;")
    await removeFixture(root)

    const missing = await buildWithLayout(
      "import { Roboto_Mono } from 'next/font/google'\nconst mono = Roboto_Mono({ subsets: ['latin'], weight: '400' })",
      'mono.className',
    )
    expect(onlyLine(missing)).toBe(
      '[fresco] app/layout.tsx: next/font/google Roboto Mono (weight 400) needs its font files at build and Fresco never downloads them; @fontsource/roboto-mono is not in node_modules. Install it: npm install @fontsource/roboto-mono',
    )
  }, 120_000)

  it('a next/font/google family used other than in a module-level call fails with one line', async () => {
    const build = await buildWithLayout(
      "import { Inter } from 'next/font/google'\nconst fonts = [Inter]",
      'String(fonts.length)',
    )
    expect(onlyLine(build)).toMatch(
      /^\[fresco\] app\/layout\.tsx imports 'next\/font\/google' but does not call a font as/,
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
