// The vertical metrics and advance widths of a font file, for the size-adjusted fallback face of
// next/font (font-google/fallback-metrics.ts, font-local/fallback-face.ts): the head, hhea, hmtx and
// cmap tables, from a WOFF2 (woff2-tables.ts), WOFF, TrueType or OpenType file (sfnt-tables.ts). These
// are the numbers fontkit gives Next (`font.ascent` is hhea's, an advance is hmtx's), read without it:
// four small tables need no font engine in the build's dependencies.
import { sfntTables, woffTables } from './sfnt-tables.js'
import { woff2Tables } from './woff2-tables.js'

/** One table's bytes; `transformed` for a WOFF2 table stored in its transformed form. */
export interface Table {
  data: Buffer
  transformed?: boolean
}

export interface FontMetrics {
  ascent: number
  descent: number
  lineGap: number
  unitsPerEm: number
  /** The advance width of the glyph a code point maps to (.notdef's when it maps to none). */
  advance(codePoint: number): number
  /** Whether the cmap maps the code point to a glyph other than .notdef. */
  hasGlyph(codePoint: number): boolean
}

/** Code point → glyph id from a cmap subtable of format 4 or 12 (Unicode). */
function cmapLookup(cmap: Buffer): (codePoint: number) => number {
  const count = cmap.readUInt16BE(2)
  let best: { offset: number; format: number } | undefined
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8)
    const encoding = cmap.readUInt16BE(6 + i * 8)
    const offset = cmap.readUInt32BE(8 + i * 8)
    const format = cmap.readUInt16BE(offset)
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))
    if (unicode && (format === 12 || (format === 4 && best?.format !== 12))) best = { offset, format }
  }
  if (!best) return () => 0
  const t = best.offset
  if (best.format === 12) {
    const groups = cmap.readUInt32BE(t + 12)
    return (cp) => {
      for (let g = 0; g < groups; g++) {
        const start = cmap.readUInt32BE(t + 16 + g * 12)
        const end = cmap.readUInt32BE(t + 20 + g * 12)
        if (cp >= start && cp <= end) return cmap.readUInt32BE(t + 24 + g * 12) + (cp - start)
      }
      return 0
    }
  }
  const segments = cmap.readUInt16BE(t + 6) / 2
  const ends = t + 14
  const starts = ends + segments * 2 + 2
  const deltas = starts + segments * 2
  const rangeOffsets = deltas + segments * 2
  return (cp) => {
    for (let s = 0; s < segments; s++) {
      if (cp > cmap.readUInt16BE(ends + s * 2)) continue
      const start = cmap.readUInt16BE(starts + s * 2)
      if (cp < start) return 0
      const delta = cmap.readInt16BE(deltas + s * 2)
      const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2)
      if (rangeOffset === 0) return (cp + delta) & 0xffff
      const glyph = cmap.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2)
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff
    }
    return 0
  }
}

/** The tables the metrics are read from. */
const TAGS: ReadonlySet<string> = new Set(['head', 'hhea', 'hmtx', 'cmap'])

/** Those tables of a font file in any of the formats above, or undefined when it is none of them. */
function fontTables(file: Buffer): Map<string, Table> | undefined {
  return woff2Tables(file) ?? woffTables(file, TAGS) ?? sfntTables(file, TAGS)
}

/**
 * The metrics of a font file, or undefined when it is not a font file read here (a collection, EOT,
 * not a font at all), is damaged, or lacks a table they need.
 */
export function fontMetrics(file: Buffer): FontMetrics | undefined {
  try {
    const tables = fontTables(file)
    const [head, hhea, hmtx, cmap] = [...TAGS].map((t) => tables?.get(t))
    if (!head || !hhea || !hmtx || !cmap) return undefined
    const unitsPerEm = head.data.readUInt16BE(18)
    const longMetrics = hhea.data.readUInt16BE(34)
    if (unitsPerEm === 0 || longMetrics === 0) return undefined // nothing to scale by
    // A transformed hmtx starts with a flags byte, then the advance widths alone; else (advance, lsb) pairs.
    const at = (i: number) => (hmtx.transformed ? 1 + i * 2 : i * 4)
    if (at(longMetrics - 1) + 2 > hmtx.data.length) return undefined // fewer advances than hhea says
    const width = (glyph: number) => hmtx.data.readUInt16BE(at(Math.min(glyph, longMetrics - 1)))
    const lookup = cmapLookup(cmap.data)
    // A damaged cmap (an offset past its end) maps the code point to nothing, rather than failing later.
    const glyphOf = (cp: number) => {
      try {
        return lookup(cp)
      } catch {
        return 0
      }
    }
    return {
      ascent: hhea.data.readInt16BE(4),
      descent: hhea.data.readInt16BE(6),
      lineGap: hhea.data.readInt16BE(8),
      unitsPerEm,
      advance: (cp) => width(glyphOf(cp)),
      hasGlyph: (cp) => glyphOf(cp) !== 0,
    }
  } catch {
    return undefined // a damaged file
  }
}
