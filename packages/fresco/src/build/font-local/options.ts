// localFont({...}) options, read from the source text at build (as Next's compiler does): the
// argument must be an object of literals. Validated here, with errors naming the option.
import { fontOptionError } from '../../errors.js'

export interface FontSource {
  path: string
  weight?: string
  style?: string
  /** The code points this file covers (next/font/google: one file per subset). */
  unicodeRange?: string
}

export interface LocalFontOptions {
  src: FontSource[]
  display: 'auto' | 'block' | 'swap' | 'fallback' | 'optional'
  weight?: string
  style?: string
  variable?: string
  fallback: string[]
  preload: boolean
  declarations: { prop: string; value: string }[]
  /**
   * localFont(): the local font its size-adjusted fallback face is on (default Arial), or false for
   * none (font-local/fallback-face.ts). A next/font/google family's face comes with its names instead.
   */
  adjustFontFallback?: 'Arial' | 'Times New Roman' | false
}

export const DISPLAYS = ['auto', 'block', 'swap', 'fallback', 'optional'] as const
const KEYS = [
  'src',
  'display',
  'weight',
  'style',
  'variable',
  'fallback',
  'preload',
  'declarations',
  'adjustFontFallback',
]

/** The subset of an ESTree node (oxc's, from Vite's parseAst) the options reader looks at. */
// biome-ignore lint/suspicious/noExplicitAny: an AST node of any shape; only the fields below are read
export type AstNode = { type: string; start: number; end: number } & Record<string, any>

/** The value of a literal expression (strings, numbers, booleans, arrays, objects), else throws. */
export function literalValue(node: AstNode, where: string, fn = 'localFont'): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value
    case 'TemplateLiteral':
      if (node.expressions.length === 0) return node.quasis.map((q: AstNode) => q.value.cooked).join('')
      break
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'Literal') return -node.argument.value
      break
    case 'ArrayExpression':
      return node.elements.map((e: AstNode | null) => {
        if (!e || e.type === 'SpreadElement')
          throw fontOptionError(where, 'options', 'literal values only', fn)
        return literalValue(e, where, fn)
      })
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {}
      for (const p of node.properties as AstNode[]) {
        if (p.type !== 'Property' || p.computed)
          throw fontOptionError(where, 'options', 'plain properties only', fn)
        const key = p.key.type === 'Identifier' ? p.key.name : String(p.key.value)
        out[key] = literalValue(p.value, where, fn)
      }
      return out
    }
  }
  throw fontOptionError(where, 'options', 'an object of literal values (no variables or calls)', fn)
}

const str = (v: unknown): v is string => typeof v === 'string' && v !== ''

export function readFontOptions(value: unknown, where: string): LocalFontOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fontOptionError(where, 'options', "an object such as { src: './Inter.woff2' }")
  const o = value as Record<string, unknown>
  for (const key of Object.keys(o))
    if (!KEYS.includes(key)) throw fontOptionError(where, key, `one of ${KEYS.join(', ')}`)
  const src = typeof o.src === 'string' ? [{ path: o.src }] : o.src
  if (
    !Array.isArray(src) ||
    src.length === 0 ||
    !src.every((s) => typeof s === 'object' && s !== null && str((s as FontSource).path))
  )
    throw fontOptionError(where, 'src', "a path ('./Inter.woff2') or an array of { path, weight?, style? }")
  const display = o.display ?? 'swap'
  if (!DISPLAYS.includes(display as LocalFontOptions['display']))
    throw fontOptionError(where, 'display', DISPLAYS.map((d) => `'${d}'`).join(', '))
  if (o.variable !== undefined && !(str(o.variable) && o.variable.startsWith('--')))
    throw fontOptionError(where, 'variable', "a CSS custom property name such as '--font-inter'")
  const fallback = o.fallback ?? []
  if (!Array.isArray(fallback) || !fallback.every(str))
    throw fontOptionError(where, 'fallback', "an array of font family names such as ['system-ui', 'arial']")
  if (o.preload !== undefined && typeof o.preload !== 'boolean')
    throw fontOptionError(where, 'preload', 'true or false')
  for (const k of ['weight', 'style'] as const)
    if (o[k] !== undefined && !str(o[k]))
      throw fontOptionError(where, k, "a string such as '400' or '100 900'")
  const declarations = o.declarations ?? []
  if (!Array.isArray(declarations) || !declarations.every((d) => str(d?.prop) && str(d?.value)))
    throw fontOptionError(where, 'declarations', "an array of { prop: 'ascent-override', value: '90%' }")
  // Next's type is 'Arial' | 'Times New Roman' | false; its loader reads any other value (true) as Arial.
  const adjust = o.adjustFontFallback ?? 'Arial'
  if (!['Arial', 'Times New Roman', true, false].includes(adjust as string | boolean))
    throw fontOptionError(where, 'adjustFontFallback', "'Arial' (the default), 'Times New Roman' or false")
  return {
    src: src as FontSource[],
    display: display as LocalFontOptions['display'],
    weight: o.weight as string | undefined,
    style: o.style as string | undefined,
    variable: o.variable as string | undefined,
    fallback: fallback as string[],
    preload: (o.preload as boolean | undefined) ?? true,
    declarations,
    adjustFontFallback: adjust === true ? 'Arial' : (adjust as LocalFontOptions['adjustFontFallback']),
  }
}
