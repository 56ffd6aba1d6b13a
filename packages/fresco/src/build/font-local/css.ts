// The CSS of one next/font call (localFont(), or a next/font/google family resolved to local files):
// an @font-face per source file, a class setting font-family (and the weight/style when there is
// only one), a class defining the CSS variable. Class names carry a hash of the options, so two
// fonts never collide; a local font's family does too, a Google font keeps its name, as in Next.
import type { FallbackOverrides } from '../font-google/fallback-metrics.js'
import type { LocalFontOptions } from './options.js'

export interface FontResult {
  className: string
  variable?: string
  style: { fontFamily: string; fontWeight?: number | string; fontStyle?: string }
}

const FORMATS: Record<string, string> = {
  woff2: 'woff2',
  woff: 'woff',
  ttf: 'truetype',
  otf: 'opentype',
  eot: 'embedded-opentype',
}

export function fontFormat(path: string): string | undefined {
  return FORMATS[path.split('.').pop()?.toLowerCase() ?? '']
}

const quote = (s: string) => `'${s.replace(/['\\]/g, '\\$&')}'`

/** How the family is named: its own name (next/font/google) and a fallback face on a local system font. */
export interface FontFamilyNames {
  family?: string
  /**
   * A face on the local `Arial` (or `Times New Roman`) named `'<family> Fallback'` and listed right
   * after the family, as Next names it (`'Inter Fallback'`), with the overrides sizing it to the font.
   */
  fallbackFace?: { local: string; overrides?: FallbackOverrides }
}

/** The fallback face on a local font, with the size-adjusting overrides in Next's order. */
function fallbackFaceCss(family: string, face: NonNullable<FontFamilyNames['fallbackFace']>): string {
  const o = face.overrides
  const lines = [`font-family: ${quote(family)};`, `src: local(${JSON.stringify(face.local)});`]
  if (o)
    lines.push(
      `ascent-override: ${o.ascentOverride};`,
      `descent-override: ${o.descentOverride};`,
      `line-gap-override: ${o.lineGapOverride};`,
      `size-adjust: ${o.sizeAdjust};`,
    )
  return `@font-face {\n  ${lines.join('\n  ')}\n}`
}

export function fontCss(
  opts: LocalFontOptions,
  hash: string,
  urls: string[],
  names: FontFamilyNames = {},
): { css: string; result: FontResult } {
  const family = names.family ?? `__font_${hash}`
  const fallbackFamily = `${family} Fallback`
  const stack = [
    quote(family),
    ...(names.fallbackFace ? [quote(fallbackFamily)] : []),
    ...opts.fallback.map((f) => (/^[\w-]+$/.test(f) ? f : quote(f))),
  ].join(', ')
  const faces = opts.src.map((s, i) => {
    const lines = [
      `font-family: ${quote(family)};`,
      `src: url(${JSON.stringify(urls[i])}) format(${quote(fontFormat(s.path) ?? 'woff2')});`,
      `font-display: ${opts.display};`,
    ]
    const weight = s.weight ?? opts.weight
    const style = s.style ?? opts.style
    if (weight) lines.push(`font-weight: ${weight};`)
    if (style) lines.push(`font-style: ${style};`)
    if (s.unicodeRange) lines.push(`unicode-range: ${s.unicodeRange};`)
    for (const d of opts.declarations) lines.push(`${d.prop}: ${d.value};`)
    return `@font-face {\n  ${lines.join('\n  ')}\n}`
  })
  // One weight / style across every file: the class sets it too, as Next's does.
  const weights = new Set(opts.src.map((s) => s.weight ?? opts.weight))
  const styles = new Set(opts.src.map((s) => s.style ?? opts.style))
  const weight = weights.size === 1 ? [...weights][0] : undefined
  const style = styles.size === 1 ? [...styles][0] : undefined
  const single = weight && !weight.includes(' ') ? weight : undefined
  const result: FontResult = {
    className: `__className_${hash}`,
    style: {
      fontFamily: stack,
      ...(single ? { fontWeight: Number(single) || single } : {}),
      ...(style ? { fontStyle: style } : {}),
    },
    ...(opts.variable ? { variable: `__variable_${hash}` } : {}),
  }
  const classBody = [`font-family: ${stack};`]
  if (single) classBody.push(`font-weight: ${single};`)
  if (style) classBody.push(`font-style: ${style};`)
  const fallbackFace = names.fallbackFace ? [fallbackFaceCss(fallbackFamily, names.fallbackFace)] : []
  const css = [
    ...faces,
    ...fallbackFace,
    `.${result.className} {\n  ${classBody.join('\n  ')}\n}`,
    ...(opts.variable ? [`.__variable_${hash} {\n  ${opts.variable}: ${stack};\n}`] : []),
  ].join('\n\n')
  return { css: `${css}\n`, result }
}
