// The tables of a WOFF2 font file (https://www.w3.org/TR/WOFF2/), for the font's metrics (metrics.ts):
// the table directory, then the one brotli-compressed stream holding every table. Transformed tables
// (glyf / loca, and hmtx when its flag says so) are returned as stored: metrics.ts reads a transformed
// hmtx's advance widths, and never needs the glyph outlines.
import { brotliDecompressSync } from 'node:zlib'
import type { Table } from './metrics.js'

/** WOFF2's known table tags, by the 6-bit index a table directory entry carries. */
const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep',
  'CFF ', 'VORG', 'EBDT', 'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE',
  'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH', 'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt',
  'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar', 'gvar', 'hsty', 'just', 'lcar',
  'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
] // biome-ignore format: the specification's table, one index per entry

/** The tables of a WOFF2 file by tag, or undefined when it is not one (a collection neither). */
export function woff2Tables(file: Buffer): Map<string, Table> | undefined {
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
