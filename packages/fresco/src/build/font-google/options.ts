// The options of one next/font/google call (`Inter({ subsets: ['latin'], weight: ['400', '700'] })`),
// read from the literal argument at build and checked by the rules Next's loader applies
// (validate-google-font-function-call in @next/font) that do not need the family's data: the
// defaults (display 'swap', preload true, adjustFontFallback true), weight/style as a string or
// an array, 'variable' alone. What the family offers is checked against its Fontsource package
// (fontsource.ts). Options Next ignores are ignored here too, so an app Next builds builds.
import { fontOptionError } from '../../errors.js'
import { DISPLAYS } from '../font-local/options.js'

export interface GoogleFontOptions {
  /** `Roboto_Mono` → 'Roboto Mono'. */
  family: string
  /** Unique, in the call's order; empty: the variable font when the family has one. */
  weights: string[]
  /** Unique; empty: 'normal' (or the family's only style). */
  styles: string[]
  subsets: string[]
  display: (typeof DISPLAYS)[number]
  preload: boolean
  axes: string[]
  fallback: string[]
  adjustFontFallback: boolean
  variable?: string
}

const str = (v: unknown): v is string => typeof v === 'string' && v !== ''

/** A string or an array of strings, deduplicated; a number (`weight: 400`) is refused as Next's types do. */
function list(v: unknown, fn: string, where: string, option: string, example: string): string[] {
  if (v === undefined) return []
  const items = Array.isArray(v) ? v : [v]
  if (!items.every(str)) throw fontOptionError(where, option, example, fn)
  return [...new Set(items)]
}

export function readGoogleFontOptions(fn: string, value: unknown, where: string): GoogleFontOptions {
  if (value === undefined) value = {}
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fontOptionError(where, 'options', "an object such as { subsets: ['latin'] }", fn)
  const o = value as Record<string, unknown>
  const weights = list(o.weight, fn, where, 'weight', "a string such as '400', or an array ['400', '700']")
  if (weights.includes('variable')) {
    if (weights.length > 1)
      throw fontOptionError(where, 'weight', "'variable' alone (it includes every weight)", fn)
    weights.length = 0 // 'variable' is what no weight means
  }
  const styles = list(o.style, fn, where, 'style', "'normal', 'italic' or ['normal', 'italic']")
  const subsets = list(o.subsets, fn, where, 'subsets', "an array such as ['latin']")
  const axes = list(o.axes, fn, where, 'axes', "an array of axis tags such as ['opsz']")
  const display = o.display ?? 'swap'
  if (!DISPLAYS.includes(display as GoogleFontOptions['display']))
    throw fontOptionError(where, 'display', DISPLAYS.map((d) => `'${d}'`).join(', '), fn)
  for (const k of ['preload', 'adjustFontFallback'] as const)
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw fontOptionError(where, k, 'true or false', fn)
  if (o.variable !== undefined && !(str(o.variable) && o.variable.startsWith('--')))
    throw fontOptionError(where, 'variable', "a CSS custom property name such as '--font-inter'", fn)
  const fallback = o.fallback ?? []
  if (!Array.isArray(fallback) || !fallback.every(str))
    throw fontOptionError(
      where,
      'fallback',
      "an array of font family names such as ['system-ui', 'arial']",
      fn,
    )
  if (axes.length > 0 && weights.length > 0)
    throw fontOptionError(
      where,
      'axes',
      'axes only with the variable font (no weight, or weight: "variable")',
      fn,
    )
  return {
    family: fn.replace(/_/g, ' '),
    weights,
    styles,
    subsets,
    display: display as GoogleFontOptions['display'],
    preload: (o.preload as boolean | undefined) ?? true,
    axes,
    fallback: fallback as string[],
    adjustFontFallback: (o.adjustFontFallback as boolean | undefined) ?? true,
    ...(o.variable ? { variable: o.variable as string } : {}),
  }
}
