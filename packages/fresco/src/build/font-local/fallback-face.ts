// The size-adjusted fallback face of a localFont() call, as Next's local font loader computes it
// (next/dist/compiled/@next/font/dist/local: pick-font-file-for-fallback-generation.js picks one file
// of `src`, get-fallback-metrics-from-font-file.js scales Arial or Times New Roman to it): Next reads
// the file with fontkit, Fresco with font-metrics/metrics.ts, the same tables. Unlike next/font/google
// (a precomputed table and capsize's weighting), the average width is the plain mean of the advance
// widths of a fixed latin string, and the fallbacks' averages are Next's own.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fontOptionError } from '../../errors.js'
import { type FallbackOverrides, scaledOverrides } from '../font-google/fallback-metrics.js'
import { type FontMetrics, fontMetrics } from '../font-metrics/metrics.js'
import type { FontFamilyNames } from './css.js'
import type { FontSource } from './options.js'

/** Next's string for the average width: latin letters by rough frequency, and spaces for word length. */
const AVG_CHARACTERS = 'aaabcdeeeefghiijklmnnoopqrrssttuvwxyz      '

/** The fallbacks' average widths over AVG_CHARACTERS, Next's figures (fontkit on the system fonts). */
const FALLBACK_WIDTHS = {
  Arial: { azAvgWidth: 934.5116279069767, unitsPerEm: 2048 },
  'Times New Roman': { azAvgWidth: 854.3953488372093, unitsPerEm: 2048 },
} as const

export type FallbackFont = keyof typeof FALLBACK_WIDTHS

/** The mean advance width over AVG_CHARACTERS, or undefined when the font lacks one of them (as Next). */
export function localAverageWidth(font: FontMetrics): number | undefined {
  const chars = [...AVG_CHARACTERS].map((c) => c.codePointAt(0) as number)
  if (!chars.every((cp) => font.hasGlyph(cp))) return undefined
  return chars.reduce((sum, cp) => sum + font.advance(cp), 0) / chars.length
}

/** The overrides of the fallback face: `size-adjust` 100% when the average width is unknown, as Next. */
export function localFallbackOverrides(font: FontMetrics, fallback: FallbackFont): FallbackOverrides {
  const base = FALLBACK_WIDTHS[fallback]
  const avg = localAverageWidth(font)
  return scaledOverrides(font, avg ? avg / font.unitsPerEm / (base.azAvgWidth / base.unitsPerEm) : 1)
}

/** A weight as a number: 'normal' 400, 'bold' 700, else the number written. */
const weightNumber = (weight: string) =>
  weight === 'normal' ? 400 : weight === 'bold' ? 700 : Number(weight)

/** How far a file's weight (or a variable font's range, '100 900') is from 400; 0 when it has none. */
function distanceFromNormal(weight: string | undefined, where: string): number {
  if (!weight) return 0
  const [first, second] = weight.trim().split(/ +/).map(weightNumber) as [number, number | undefined]
  // Next fails the build here too ("Invalid weight value in src array").
  if (Number.isNaN(first) || Number.isNaN(second))
    throw fontOptionError(where, 'src', `weights that are 'normal', 'bold' or numbers (not '${weight}')`)
  if (second === undefined) return first - 400
  if (first <= 400 && second >= 400) return 0
  return Math.abs(first - 400) < Math.abs(second - 400) ? first - 400 : second - 400
}

/**
 * The file of `src` whose metrics the fallback face takes, by Next's rule: the weight closest to 400
 * (the bulk of a page's text), normal style over italic at the same weight, the thinner on a tie.
 */
export function pickFallbackFile(src: FontSource[], where: string): FontSource {
  return src.reduce((used, current) => {
    const usedDistance = distanceFromNormal(used.weight, where)
    const currentDistance = distanceFromNormal(current.weight, where)
    if (usedDistance === currentDistance && (current.style === undefined || current.style === 'normal'))
      return current
    if (Math.abs(currentDistance) < Math.abs(usedDistance)) return current
    if (Math.abs(usedDistance) === Math.abs(currentDistance) && currentDistance < usedDistance) return current
    return used
  })
}

/**
 * The fallback face of a localFont() call whose files are `src` (absolute paths), or none: with
 * `adjustFontFallback: false`, and when the picked file cannot be read (a warning naming it, as Next
 * logs "Failed to load font file" and writes no face; the build goes on).
 */
export function localFallbackFace(
  src: FontSource[],
  fallback: FallbackFont | false | undefined,
  at: { root: string; where: string; warn: (message: string) => void },
): FontFamilyNames['fallbackFace'] {
  const { root, where, warn } = at
  if (fallback === false) return undefined
  const local = fallback ?? 'Arial'
  const file = pickFallbackFile(src, where)
  const metrics = fontMetrics(readFileSync(file.path))
  if (!metrics) {
    warn(
      `${where}: localFont() could not read ${path.relative(root, file.path)} as a WOFF2, WOFF, TrueType or OpenType font, so it has no size-adjusted '${local}' fallback face (adjustFontFallback: false goes without one).`,
    )
    return undefined
  }
  return { local, overrides: localFallbackOverrides(metrics, local) }
}
