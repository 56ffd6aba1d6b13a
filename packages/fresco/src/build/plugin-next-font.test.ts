import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { nextFontLocalPlugin } from './plugin-next-font.js'

const repo = fileURLToPath(new URL('../../../../', import.meta.url))
const root = mkdtempSync(path.join(tmpdir(), 'fresco-next-font-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The plugin's transform of `code` as the module app/fonts.ts, the way Vite calls it (no imports resolved). */
async function transform(plugin: Plugin, code: string): Promise<{ code: string } | undefined> {
  const hook = plugin.transform as (this: unknown, code: string, id: string) => Promise<{ code: string }>
  return hook.call({ resolve: async () => null }, code, path.join(root, 'app/fonts.ts'))
}

describe('next/font/local in the build', () => {
  it('a font file it cannot read: one warning per build naming it, and the font without a fallback face', async () => {
    mkdirSync(path.join(root, 'app'), { recursive: true })
    writeFileSync(path.join(root, 'app/Broken.woff2'), 'wOF2 and then not a font')
    copyFileSync(
      path.join(repo, 'e2e/fixtures/next-modules/app/fonts/OpenSans-Light.woff2'),
      path.join(root, 'app/Light.woff2'),
    )
    const code = `import localFont from 'next/font/local'
export const broken = localFont({ src: './Broken.woff2' })
export const light = localFont({ src: './Light.woff2' })
`
    const warnings: string[] = []
    const plugin = nextFontLocalPlugin(root, (m) => warnings.push(m))
    // Compiled once per environment (rsc, ssr, client): the same call warns once.
    for (let i = 0; i < 3; i++) await transform(plugin, code)
    expect(warnings).toEqual([
      "app/fonts.ts: localFont() could not read app/Broken.woff2 as a WOFF2, WOFF, TrueType or OpenType font, so it has no size-adjusted 'Arial' fallback face (adjustFontFallback: false goes without one).",
    ])
    const out = (await transform(plugin, code))?.code ?? ''
    const [broken, light] = [...out.matchAll(/^import "([^"]+\.css)";$/gm)].map((m) =>
      readFileSync(m[1] as string, 'utf8'),
    )
    expect(broken).not.toContain('Fallback')
    expect(light).toMatch(
      /font-family: '__font_\w+ Fallback';\n {2}src: local\("Arial"\);\n {2}ascent-override: 105\.90%;/,
    )
  })
})
