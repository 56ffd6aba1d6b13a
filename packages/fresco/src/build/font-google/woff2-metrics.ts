// The vertical metrics and advance widths of a WOFF2 font file, for the size-adjusted fallback face
// (fallback-metrics.ts): the head, hhea, hmtx and cmap tables, read from the brotli-compressed table
// stream (https://www.w3.org/TR/WOFF2/). Only what those four tables need is decoded; glyph outlines
// (the transformed glyf / loca) are skipped over.
import { brotliDecompressSync } from 'node:zlib'

export interface FontMetrics {
  ascent: number
  descent: number
  lineGap: number
  unitsPerEm: number
  /** The advance width of the glyph a code point maps to (.notdef's when it maps to none). */
  advance(codePoint: number): number
}

/** WOFF2's known table tags, by the 6-bit index a table directory entry carries. */
const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep',
  'CFF ', 'VORG', 'EBDT', 'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE',
  'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH', 'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt',
  'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar', 'gvar', 'hsty', 'just', 'lcar',
  'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
] // biome-ignore format: the specification's table, one index per entry

interface Table {
  data: Buffer
  transformed: boolean
}

/** The tables of a WOFF2 file by tag, or undefined when it is not one (a collection neither). */
function woff2Tables(file: Buffer): Map<string, Table> | undefined {
  if (file.length < 48 || file.toString('latin1', 0, 4) !== 'wOF2') return undefined
  if (file.readUInt32BE(4) === 0x74746366) return undefined // 'ttcf': a collection
  const numTables = file.readUInt16BE(12)
  const compressedSize = file.readUInt32BE(20)
  let at = 48
  const base128 = (): number => {
    let value = 0
    for (let i = 0; i < 5; i++) {
      const byte = file[at++] as number
      value = value * 128 + (byte & 0x7f)
      if ((byte & 0x80) === 0) return value
    }
    throw new Error('invalid UIntBase128')
  }
  const entries: { tag: string; length: number; transformed: boolean }[] = []
  for (let i = 0; i < numTables; i++) {
    const flags = file[at++] as number
    const index = flags & 0x3f
    const tag = index === 63 ? file.toString('latin1', at, at + 4) : (KNOWN_TAGS[index] as string)
    if (index === 63) at += 4 // an arbitrary tag, spelled out
    const version = flags >> 6
    const origLength = base128()
    // glyf / loca are transformed unless version 3; any other table only with a non-zero version.
    const transformed = tag === 'glyf' || tag === 'loca' ? version !== 3 : version !== 0
    const length = transformed ? base128() : origLength
    entries.push({ tag, length, transformed })
  }
  const stream = brotliDecompressSync(file.subarray(at, at + compressedSize))
  const tables = new Map<string, Table>()
  let offset = 0
  for (const e of entries) {
    tables.set(e.tag, { data: stream.subarray(offset, offset + e.length), transformed: e.transformed })
    offset += e.length
  }
  return tables
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

/** The metrics of a WOFF2 file, or undefined when it is not one or lacks a table they need. */
export function woff2Metrics(file: Buffer): FontMetrics | undefined {
  try {
    const tables = woff2Tables(file)
    const [head, hhea, hmtx, cmap] = ['head', 'hhea', 'hmtx', 'cmap'].map((t) => tables?.get(t))
    if (!head || !hhea || !hmtx || !cmap) return undefined
    const longMetrics = hhea.data.readUInt16BE(34)
    // A transformed hmtx starts with a flags byte, then the advance widths alone; else (advance, lsb) pairs.
    const width = (glyph: number) => {
      const i = Math.min(glyph, longMetrics - 1)
      return hmtx.transformed ? hmtx.data.readUInt16BE(1 + i * 2) : hmtx.data.readUInt16BE(i * 4)
    }
    const glyphOf = cmapLookup(cmap.data)
    return {
      ascent: hhea.data.readInt16BE(4),
      descent: hhea.data.readInt16BE(6),
      lineGap: hhea.data.readInt16BE(8),
      unitsPerEm: head.data.readUInt16BE(18),
      advance: (cp) => width(glyphOf(cp)),
    }
  } catch {
    return undefined // a damaged file: the fallback face goes without overrides
  }
}
