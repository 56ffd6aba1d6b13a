import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAst } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { fontCss } from './css.js'
import { localFallbackFace, pickFallbackFile } from './fallback-face.js'
import { type AstNode, literalValue, readFontOptions } from './options.js'

const argOf = (code: string) => {
  const program = parseAst(code) as unknown as AstNode
  return program.body[0].declarations[0].init.arguments[0] as AstNode
}
const read = (code: string) => readFontOptions(literalValue(argOf(code), 'app/f.ts'), 'app/f.ts')

describe('localFont options', () => {
  it('reads literal options, a string src and the defaults (swap, preload)', () => {
    expect(read("const f = x({ src: './a.woff2', variable: '--font-a', fallback: ['arial'] })")).toEqual({
      src: [{ path: './a.woff2' }],
      display: 'swap',
      weight: undefined,
      style: undefined,
      variable: '--font-a',
      fallback: ['arial'],
      preload: true,
      declarations: [],
      adjustFontFallback: 'Arial',
    })
    expect(read("const f = x({ src: './a.woff2', adjustFontFallback: false })").adjustFontFallback).toBe(
      false,
    )
    expect(
      read("const f = x({ src: './a.woff2', adjustFontFallback: 'Times New Roman' })").adjustFontFallback,
    ).toBe('Times New Roman')
  })

  it('names the option at fault and what to use', () => {
    expect(() => read("const f = x({ src: './a.woff2', display: 'fast' })")).toThrow(
      /app\/f\.ts: localFont\(\) option 'display' is invalid\. Use 'auto', 'block', 'swap', 'fallback', 'optional'\./,
    )
    expect(() => read("const f = x({ src: './a.woff2', variable: 'font-a' })")).toThrow(
      /'variable'.*'--font-inter'/,
    )
    expect(() => read('const f = x({ src: [] })')).toThrow(/'src'/)
    expect(() => read("const f = x({ src: './a.woff2', subsets: ['latin'] })")).toThrow(
      /'subsets' is invalid/,
    )
    expect(() => read('const f = x({ src: path })')).toThrow(/literal values/)
    expect(() => read("const f = x({ src: './a.woff2', adjustFontFallback: 'Helvetica' })")).toThrow(
      /'adjustFontFallback' is invalid\. Use 'Arial' \(the default\), 'Times New Roman' or false\./,
    )
  })
})

describe('localFont CSS', () => {
  it('one @font-face per file, a class with the family stack and a variable class', () => {
    const options = read(
      "const f = x({ src: [{ path: './b.woff2', weight: '700' }, { path: './l.ttf', weight: '300', style: 'italic' }], variable: '--font-x', fallback: ['system-ui', 'Helvetica Neue'] })",
    )
    const { css, result } = fontCss(options, 'abc12345', ['../b.woff2', '../l.ttf'])
    expect(result).toEqual({
      className: '__className_abc12345',
      style: { fontFamily: "'__font_abc12345', system-ui, 'Helvetica Neue'" },
      variable: '__variable_abc12345',
    })
    expect(css).toContain(
      "@font-face {\n  font-family: '__font_abc12345';\n  src: url(\"../b.woff2\") format('woff2');\n  font-display: swap;\n  font-weight: 700;\n}",
    )
    expect(css).toContain('src: url("../l.ttf") format(\'truetype\');')
    expect(css).toContain(
      ".__variable_abc12345 {\n  --font-x: '__font_abc12345', system-ui, 'Helvetica Neue';\n}",
    )
  })

  it('a single weight and style go on the class and into style', () => {
    const { result } = fontCss(
      read("const f = x({ src: './a.woff2', weight: '400', style: 'normal' })"),
      'h',
      ['a'],
    )
    expect(result.style).toEqual({ fontFamily: "'__font_h'", fontWeight: 400, fontStyle: 'normal' })
  })
})

const repo = fileURLToPath(new URL('../../../../../', import.meta.url))
const fonts = path.join(repo, 'e2e/fixtures/next-modules/app/fonts')
const FILES = {
  light: path.join(fonts, 'OpenSans-Light.woff2'),
  bold: path.join(fonts, 'OpenSans-Bold.woff2'),
  woff: path.join(repo, 'node_modules/@fontsource/inter/files/inter-latin-400-normal.woff'),
  ttf: path.join(repo, 'node_modules/@vercel/og/dist/Geist-Regular.ttf'),
}
const tmp = mkdtempSync(path.join(tmpdir(), 'fresco-font-local-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('the size-adjusted fallback face of localFont()', () => {
  const face = (
    src: { path: string; weight?: string; style?: string }[],
    fallback?: 'Arial' | 'Times New Roman' | false,
  ) => {
    const warnings: string[] = []
    const result = localFallbackFace(src, fallback, {
      root: repo,
      where: 'app/fonts.ts',
      warn: (m) => warnings.push(m),
    })
    return { result, warnings }
  }

  it('writes the overrides next build 16.5 writes, for each format and both fallbacks', () => {
    // next build 16.5 (Turbopack, and the same with --webpack) of an app calling localFont() on these
    // files: the '<family> Fallback' @font-face in .next/static, unminified as Next's loader returns it.
    const next = (ascentOverride: string, descentOverride: string, sizeAdjust: string) => ({
      ascentOverride,
      descentOverride,
      lineGapOverride: '0.00%',
      sizeAdjust,
    })
    expect(face([{ path: FILES.light }]).result).toEqual({
      local: 'Arial',
      overrides: next('105.90%', '29.03%', '100.93%'),
    })
    expect(face([{ path: FILES.light }], 'Times New Roman').result?.overrides).toEqual(
      next('96.82%', '26.54%', '110.40%'),
    )
    expect(face([{ path: FILES.bold }]).result?.overrides).toEqual(next('94.25%', '25.83%', '113.41%'))
    expect(face([{ path: FILES.woff }]).result?.overrides).toEqual(next('89.79%', '22.36%', '107.89%'))
    expect(face([{ path: FILES.ttf }]).result?.overrides).toEqual(next('94.56%', '27.76%', '106.28%'))
    expect(face([{ path: FILES.ttf }], 'Times New Roman').result?.overrides).toEqual(
      next('86.45%', '25.38%', '116.25%'),
    )
  })

  it('takes the file Next picks from an array: weight nearest 400, normal style on a tie, then the thinner', () => {
    const pick = (...src: { weight?: string; style?: string }[]) =>
      Number(
        pickFallbackFile(
          src.map((s, i) => ({ path: `${i}`, ...s })),
          'app/fonts.ts',
        ).path,
      )
    expect(pick({ weight: '700' }, { weight: '300', style: 'italic' })).toBe(1)
    expect(pick({ weight: '400', style: 'italic' }, { weight: '400' })).toBe(1)
    expect(pick({ weight: '400' }, { weight: '400', style: 'italic' })).toBe(0)
    expect(pick({ weight: '500' }, { weight: '300' })).toBe(1)
    expect(pick({ weight: 'bold' }, { weight: 'normal' }, { weight: '600' })).toBe(1)
    expect(pick({ weight: '700' }, { weight: '100 900' })).toBe(1)
    expect(pick({ weight: '500 900' }, { weight: '200' })).toBe(0)
    expect(pick({ weight: '700' }, {})).toBe(1)
    expect(() => pick({ weight: '400' }, { weight: 'heavy' })).toThrow(/'src' is invalid.*not 'heavy'/)
    // The e2e app's serif font: the 300 italic file's metrics, Times New Roman, as next build wrote.
    const src = [
      { path: FILES.bold, weight: '700' },
      { path: FILES.light, weight: '300', style: 'italic' },
    ]
    expect(face(src, 'Times New Roman').result?.overrides?.sizeAdjust).toBe('110.40%')
  })

  it('none with adjustFontFallback: false; a file it cannot read: a warning naming it and no face', () => {
    expect(face([{ path: FILES.light }], false)).toEqual({ result: undefined, warnings: [] })
    const broken = path.join(tmp, 'Broken.woff2')
    writeFileSync(broken, 'wOF2 not really a font')
    const { result, warnings } = face([
      { path: FILES.light, weight: '700' },
      { path: broken, weight: '400' },
    ])
    expect(result).toBeUndefined()
    expect(warnings).toEqual([
      `app/fonts.ts: localFont() could not read ${path.relative(repo, broken)} as a WOFF2, WOFF, TrueType or OpenType font, so it has no size-adjusted 'Arial' fallback face (adjustFontFallback: false goes without one).`,
    ])
  })

  it("lists '<family> Fallback' after the family, in the class, the variable and style, as Next does", () => {
    const options = read(
      "const f = x({ src: './l.woff2', weight: '300', variable: '--font-l', fallback: ['system-ui'] })",
    )
    const fallbackFace = face([{ path: FILES.light }]).result
    const { css, result } = fontCss(options, 'h1', ['l.woff2'], { fallbackFace })
    const stack = "'__font_h1', '__font_h1 Fallback', system-ui"
    expect(result.style.fontFamily).toBe(stack)
    expect(css).toContain(
      `@font-face {\n  font-family: '__font_h1 Fallback';\n  src: local("Arial");\n  ascent-override: 105.90%;\n  descent-override: 29.03%;\n  line-gap-override: 0.00%;\n  size-adjust: 100.93%;\n}\n\n.__className_h1 {\n  font-family: ${stack};`,
    )
    expect(css).toContain(`.__variable_h1 {\n  --font-l: ${stack};\n}`)
  })
})
