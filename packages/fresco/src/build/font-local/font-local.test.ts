import { parseAst } from 'vite'
import { describe, expect, it } from 'vitest'
import { fontCss } from './css.js'
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
    })
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
