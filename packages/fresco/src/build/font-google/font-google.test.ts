// Which files a next/font/google call resolves to: the real @fontsource/inter and
// @fontsource-variable/inter of the repository (devDependencies), and small made-up packages in a
// temp folder for the cases Inter cannot show (a family without a variable font, a serif family,
// a package that is not installed).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { fontCss } from '../font-local/css.js'
import { fontMetrics } from '../font-metrics/metrics.js'
import { averageWidth, fallbackOverrides } from './fallback-metrics.js'
import { findFontsource, fontsourceId, resolveGoogleFont } from './fontsource.js'
import { readGoogleFontOptions } from './options.js'

const repo = fileURLToPath(new URL('../../../../../', import.meta.url))
const here = path.join(repo, 'packages/fresco') // node_modules is found from here upwards, as from an app file
const staticDir = path.join(repo, 'node_modules/@fontsource/inter')
const variableDir = path.join(repo, 'node_modules/@fontsource-variable/inter')
const unicode = JSON.parse(readFileSync(path.join(staticDir, 'unicode.json'), 'utf8')) as Record<
  string,
  string
>

const resolve = (fn: string, options: unknown, from = here) =>
  resolveGoogleFont(readGoogleFontOptions(fn, options, 'app/layout.tsx'), from, 'app/layout.tsx')
const names = (paths: { path: string }[]) => paths.map((s) => path.basename(s.path))

const tmp = mkdtempSync(path.join(tmpdir(), 'fresco-fontsource-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A made-up Fontsource package under `<root>/node_modules/<name>` with one latin file per weight. */
function fakePackage(root: string, name: string, metadata: Record<string, unknown>, files: string[]) {
  const dir = path.join(root, 'node_modules', name)
  mkdirSync(path.join(dir, 'files'), { recursive: true })
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '5.0.1' }))
  writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadata))
  writeFileSync(
    path.join(dir, 'unicode.json'),
    JSON.stringify({ 'latin-ext': 'U+0100-02BA', latin: 'U+0000-00FF' }),
  )
  for (const f of files) writeFileSync(path.join(dir, 'files', f), 'x')
}

describe('next/font/google from Fontsource: which files', () => {
  it('weights given: every subset of each weight from @fontsource/inter, the asked subsets preloaded', () => {
    const font = resolve('Inter', { subsets: ['latin'], weight: ['400', '700'], display: 'optional' })
    expect(font.pkg).toMatch(/^@fontsource\/inter@5\./)
    const subsets = Object.keys(unicode)
    expect(font.options.src).toHaveLength(2 * subsets.length)
    expect(names(font.options.src)).toEqual([
      ...subsets.map((s) => `inter-${s}-400-normal.woff2`),
      ...subsets.map((s) => `inter-${s}-700-normal.woff2`),
    ])
    for (const s of font.options.src) expect(path.dirname(s.path)).toBe(path.join(staticDir, 'files'))
    const latin = font.options.src.find((s) => path.basename(s.path) === 'inter-latin-700-normal.woff2')
    expect(latin).toMatchObject({ weight: '700', style: 'normal', unicodeRange: unicode.latin })
    // Only the latin files of the two weights, as Next preloads only the subsets it is given.
    expect(names(font.options.src.filter((_, i) => font.preload[i]))).toEqual([
      'inter-latin-400-normal.woff2',
      'inter-latin-700-normal.woff2',
    ])
    expect(font.options).toMatchObject({ display: 'optional', style: 'normal', preload: true })
    expect(font.options.weight).toBeUndefined() // two weights: none on the class
  })

  it('no weight: the variable font from @fontsource-variable/inter, its weight range and the Arial fallback face', () => {
    const font = resolve('Inter', { subsets: ['latin', 'cyrillic'], variable: '--font-inter' })
    expect(font.pkg).toMatch(/^@fontsource-variable\/inter@5\./)
    expect(names(font.options.src)).toEqual(Object.keys(unicode).map((s) => `inter-${s}-wght-normal.woff2`))
    for (const s of font.options.src) {
      expect(path.dirname(s.path)).toBe(path.join(variableDir, 'files'))
      expect(s.weight).toBe('100 900')
    }
    expect(names(font.options.src.filter((_, i) => font.preload[i])).sort()).toEqual([
      'inter-cyrillic-wght-normal.woff2',
      'inter-latin-wght-normal.woff2',
    ])
    // The overrides next start wrote for Inter's fallback face (e2e/fixtures/font-google/next-start.json).
    expect(font.names).toEqual({
      family: 'Inter',
      fallbackFace: {
        local: 'Arial',
        overrides: {
          ascentOverride: '90.44%',
          descentOverride: '22.52%',
          lineGapOverride: '0.00%',
          sizeAdjust: '107.12%',
        },
      },
    })
    // weight: 'variable' is the same call.
    expect(
      resolve('Inter', { subsets: ['latin', 'cyrillic'], variable: '--font-inter', weight: 'variable' }),
    ).toEqual(font)
  })

  it('italic, axes, preload: false (no subsets needed, nothing preloaded), adjustFontFallback: false', () => {
    const italic = resolve('Inter', {
      weight: '400',
      style: 'italic',
      preload: false,
      adjustFontFallback: false,
    })
    expect(names(italic.options.src)).toContain('inter-latin-400-italic.woff2')
    expect(italic.options.src.every((s) => s.style === 'italic')).toBe(true)
    expect(italic.preload.some(Boolean)).toBe(false)
    expect(italic.options).toMatchObject({ weight: '400', style: 'italic', preload: false })
    expect(italic.names).toEqual({ family: 'Inter' })
    const both = resolve('Inter', { weight: '400', style: ['normal', 'italic'], subsets: ['latin'] })
    expect(both.options.style).toBeUndefined()
    expect(both.options.src).toHaveLength(2 * Object.keys(unicode).length)
    // An axis beyond the weight: Fontsource's "standard" files, which carry it.
    const opsz = resolve('Inter', { subsets: ['latin'], axes: ['opsz'] })
    expect(names(opsz.options.src)).toContain('inter-latin-standard-normal.woff2')
  })

  it('the generated CSS keeps the family name, adds unicode-range and the fallback face, as Next', () => {
    const font = resolve('Inter', { subsets: ['latin'], weight: '700', fallback: ['system-ui'] })
    const { css, result } = fontCss(
      font.options,
      'abc',
      font.options.src.map((s) => path.basename(s.path)),
      font.names,
    )
    expect(result).toEqual({
      className: '__className_abc',
      style: { fontFamily: "'Inter', 'Inter Fallback', system-ui", fontWeight: 700, fontStyle: 'normal' },
    })
    expect(css).toContain(
      `@font-face {\n  font-family: 'Inter';\n  src: url("inter-latin-700-normal.woff2") format('woff2');\n  font-display: swap;\n  font-weight: 700;\n  font-style: normal;\n  unicode-range: ${unicode.latin};\n}`,
    )
    expect(css).toContain(
      '@font-face {\n  font-family: \'Inter Fallback\';\n  src: local("Arial");\n  ascent-override: 90.44%;\n  descent-override: 22.52%;\n  line-gap-override: 0.00%;\n  size-adjust: 107.12%;\n}',
    )
    expect(css).toContain(
      ".__className_abc {\n  font-family: 'Inter', 'Inter Fallback', system-ui;\n  font-weight: 700;\n  font-style: normal;\n}",
    )
  })

  it('Roboto_Mono is roboto-mono; a serif family falls back on Times New Roman; found from a nested folder', () => {
    expect(fontsourceId('Roboto Mono')).toBe('roboto-mono')
    const root = path.join(tmp, 'serif')
    fakePackage(
      root,
      '@fontsource/noto-serif-display',
      {
        id: 'noto-serif-display',
        family: 'Noto Serif Display',
        subsets: ['latin', 'latin-ext'],
        weights: [400],
        styles: ['normal'],
        category: 'serif',
        variable: false,
      },
      ['noto-serif-display-latin-400-normal.woff2', 'noto-serif-display-latin-ext-400-normal.woff2'],
    )
    const nested = path.join(root, 'app', 'blog')
    mkdirSync(nested, { recursive: true })
    expect(findFontsource('@fontsource/noto-serif-display', nested)?.dir).toBe(
      path.join(root, 'node_modules/@fontsource/noto-serif-display'),
    )
    const font = resolve('Noto_Serif_Display', { subsets: ['latin'], weight: '400' }, nested)
    expect(names(font.options.src)).toEqual([
      'noto-serif-display-latin-ext-400-normal.woff2',
      'noto-serif-display-latin-400-normal.woff2',
    ])
    // Not a font file (a made-up package): the face goes without overrides rather than failing the build.
    expect(font.names.fallbackFace).toEqual({
      local: 'Times New Roman',
    })
  })
})

describe('next/font/google from Fontsource: one line for what is missing', () => {
  const fails = (fn: string, options: unknown, from = here) => {
    try {
      resolve(fn, options, from)
    } catch (e) {
      const message = (e as Error).message
      expect(message.split('\n')).toHaveLength(1)
      return message
    }
    throw new Error('resolved')
  }

  it('a package that is not installed: the family, what was looked for, what to install', () => {
    const empty = path.join(tmp, 'empty')
    mkdirSync(empty, { recursive: true })
    expect(fails('Inter', { subsets: ['latin'], weight: ['400'] }, empty)).toBe(
      '[fresco] app/layout.tsx: next/font/google Inter (weight 400) needs its font files at build and Fresco never downloads them; @fontsource/inter is not in node_modules. Install it: npm install @fontsource/inter',
    )
    expect(fails('Roboto_Mono', { subsets: ['latin'] })).toBe(
      "[fresco] app/layout.tsx: next/font/google Roboto Mono (no weight: the variable font) needs its font files at build and Fresco never downloads them; @fontsource-variable/roboto-mono is not in node_modules. Install it: npm install @fontsource-variable/roboto-mono (or give weight: ['400', …] and npm install @fontsource/roboto-mono)",
    )
  })

  it('a weight, style, subset or axis the package does not have names it and what it has', () => {
    expect(fails('Inter', { subsets: ['latin'], weight: '450' })).toMatch(
      /^\[fresco\] app\/layout\.tsx: Inter\(\) weight '450' is not in @fontsource\/inter@5\.\d+\.\d+ \(available: 100, 200, 300, 400, 500, 600, 700, 800, 900\)\.$/,
    )
    expect(fails('Inter', { subsets: ['latin'], weight: '400', style: 'oblique' })).toContain(
      "Inter() style 'oblique' is not in @fontsource/inter",
    )
    expect(fails('Inter', { subsets: ['klingon'] })).toContain(
      "Inter() subset 'klingon' is not in @fontsource-variable/inter",
    )
    expect(fails('Inter', { subsets: ['latin'], axes: ['wdth'] })).toMatch(
      /axis 'wdth' is not in .*available: opsz/,
    )
  })

  it("Next's own rules: subsets while preloading, a weight for a static family, 'variable' alone, axes without weight", () => {
    expect(fails('Inter', { weight: '400' })).toMatch(
      /Inter\(\) option 'subsets' is invalid\. Use the subsets to preload/,
    )
    const root = path.join(tmp, 'static')
    fakePackage(
      root,
      '@fontsource/lobster',
      {
        id: 'lobster',
        family: 'Lobster',
        subsets: ['latin'],
        weights: [400],
        styles: ['normal'],
        variable: false,
      },
      ['lobster-latin-400-normal.woff2'],
    )
    expect(fails('Lobster', { subsets: ['latin'] }, root)).toBe(
      "[fresco] app/layout.tsx: Lobster() option 'weight' is invalid. Use one of 400: Lobster has no variable font, so a weight is required.",
    )
    expect(fails('Inter', { subsets: ['latin'], weight: ['variable', '400'] })).toContain("'variable' alone")
    expect(fails('Inter', { subsets: ['latin'], weight: '400', axes: ['opsz'] })).toContain("option 'axes'")
    expect(fails('Inter', { subsets: ['latin'], display: 'fast' })).toContain(
      "Inter() option 'display' is invalid",
    )
    expect(fails('Inter', { subsets: ['latin'], weight: 400 })).toContain(
      "Inter() option 'weight' is invalid",
    )
  })

  it('a requested subset whose file is missing from the package is named', () => {
    const root = path.join(tmp, 'partial')
    fakePackage(
      root,
      '@fontsource/lobster',
      {
        id: 'lobster',
        family: 'Lobster',
        subsets: ['latin', 'latin-ext'],
        weights: [400],
        styles: ['normal'],
        variable: false,
      },
      ['lobster-latin-400-normal.woff2'],
    )
    expect(fails('Lobster', { subsets: ['latin-ext'], weight: '400' }, root)).toBe(
      '[fresco] app/layout.tsx: Lobster() file files/lobster-latin-ext-400-normal.woff2 is not in @fontsource/lobster@5.0.1.',
    )
    // Not asked for: the missing subset is left out, the others are used.
    expect(names(resolve('Lobster', { subsets: ['latin'], weight: '400' }, root).options.src)).toEqual([
      'lobster-latin-400-normal.woff2',
    ])
  })
})

describe("the fallback face's metrics, read from the font file", () => {
  const metrics = (file: string) => fontMetrics(readFileSync(file))
  const regular = path.join(staticDir, 'files/inter-latin-400-normal.woff2')

  it("reads Inter's vertical metrics and weighted average width, the numbers of capsize's table Next uses", () => {
    // capsize-font-metrics.json in next 16.5: inter { ascent 1984, descent -494, lineGap 0, unitsPerEm 2048, xWidthAvg 978 }, 700: 1008.
    for (const file of [regular, path.join(variableDir, 'files/inter-latin-wght-normal.woff2')]) {
      const m = metrics(file)
      if (!m) throw new Error(`no metrics in ${file}`)
      expect([m.ascent, m.descent, m.lineGap, m.unitsPerEm, averageWidth(m)]).toEqual([
        1984, -494, 0, 2048, 978,
      ])
    }
    const bold = metrics(path.join(staticDir, 'files/inter-latin-700-normal.woff2'))
    expect(bold && averageWidth(bold)).toBe(1008)
  })

  it('scales against Times New Roman for a serif family', () => {
    const m = metrics(regular)
    if (!m) throw new Error('no metrics')
    // 978 / 832 (Times New Roman in capsize's table): size-adjust 117.55%.
    expect(fallbackOverrides(m, 'Times New Roman')).toEqual({
      ascentOverride: '82.41%',
      descentOverride: '20.52%',
      lineGapOverride: '0.00%',
      sizeAdjust: '117.55%',
    })
  })
})
