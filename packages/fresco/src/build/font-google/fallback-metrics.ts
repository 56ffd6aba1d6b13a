// The size-adjusted fallback face of a next/font/google family, as Next computes it
// (next/dist/server/font-utils.js): the family's ascent, descent and line gap rescaled, and
// `size-adjust` = the family's average character width over the fallback's, so text set in Arial
// (Times New Roman for serif families) while the font loads takes about the room the font will.
// Next reads the family's metrics from capsize's precomputed table; Fresco reads the same numbers
// from the family's regular font file (font-metrics/metrics.ts), with capsize's weighting of latin text.
// (next/font/local computes its own average width, from the font file: font-local/fallback-face.ts.)
import type { FontMetrics } from '../font-metrics/metrics.js'

/**
 * How often each character occurs in latin text, from @capsizecss/unpack (MIT, src/weightings.ts):
 * the average width is these frequencies times each character's advance width.
 */
const LATIN_WEIGHTINGS: Record<string, number> = {
  '0': 0.0053, '1': 0.0023, '2': 0.0026, '3': 0.001, '4': 0.0008, '5': 0.0015, '6': 0.0007, '7': 0.0005,
  '8': 0.0007, '9': 0.0006, ',': 0.0083, ' ': 0.154, t: 0.0672, h: 0.0351, e: 0.0922, o: 0.0571, f: 0.017,
  P: 0.0023, p: 0.0163, l: 0.0304, "'": 0.0014, s: 0.0469, R: 0.0015, u: 0.0207, b: 0.0114, i: 0.0588,
  c: 0.0232, C: 0.0031, n: 0.0578, a: 0.0668, d: 0.0298, y: 0.0123, w: 0.011, B: 0.002, r: 0.0526,
  z: 0.0011, G: 0.0011, j: 0.0009, T: 0.0041, '.': 0.0079, L: 0.0012, k: 0.0046, m: 0.0181, ']': 0.0007,
  J: 0.0009, F: 0.0015, v: 0.0076, g: 0.0155, A: 0.004, N: 0.0014, '-': 0.0018, H: 0.0013, D: 0.0013,
  M: 0.0025, I: 0.0022, E: 0.0011, '"': 0.0012, S: 0.0041, '(': 0.001, ')': 0.001, x: 0.0025, W: 0.0012,
  Q: 0.0001, Y: 0.0003, q: 0.0008, V: 0.0005, á: 0.0001, K: 0.0007, U: 0.0016, '=': 0.0007, '[': 0.0021,
  O: 0.0009, é: 0.0001, $: 0.0002, ':': 0.0008, '|': 0.0038, '/': 0.0001, '%': 0.0001, Z: 0.0002,
  ';': 0.0001, X: 0.0001,
} // biome-ignore format: a table

/** The fallback fonts' average widths in the same table (capsize's Arial and Times New Roman, 2048 units per em). */
const FALLBACKS = {
  Arial: { xWidthAvg: 913, unitsPerEm: 2048 },
  'Times New Roman': { xWidthAvg: 832, unitsPerEm: 2048 },
} as const

export interface FallbackOverrides {
  ascentOverride: string
  descentOverride: string
  lineGapOverride: string
  sizeAdjust: string
}

/** capsize's xWidthAvg: the weighted advance width of latin text, rounded. */
export function averageWidth(font: FontMetrics): number {
  let sum = 0
  for (const [char, weight] of Object.entries(LATIN_WEIGHTINGS))
    sum += font.advance(char.codePointAt(0) as number) * weight
  return Math.round(sum)
}

const percent = (value: number) => `${Math.abs(value * 100).toFixed(2)}%`

/**
 * The override descriptors for a `size-adjust` (the font's average width over the fallback's, 1 when
 * unknown), formatted as Next writes them ('90.44%'), in the order of its operations so the rounding agrees.
 */
export function scaledOverrides(font: FontMetrics, sizeAdjust: number): FallbackOverrides {
  const scale = font.unitsPerEm * sizeAdjust
  return {
    ascentOverride: percent(font.ascent / scale),
    descentOverride: percent(font.descent / scale),
    lineGapOverride: percent(font.lineGap / scale),
    sizeAdjust: percent(sizeAdjust),
  }
}

/** The override descriptors of a next/font/google family's fallback face. */
export function fallbackOverrides(font: FontMetrics, fallback: keyof typeof FALLBACKS): FallbackOverrides {
  const avg = averageWidth(font)
  const base = FALLBACKS[fallback]
  return scaledOverrides(font, avg ? avg / font.unitsPerEm / (base.xWidthAvg / base.unitsPerEm) : 1)
}
