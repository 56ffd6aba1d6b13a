// The tables of a TrueType / OpenType font file (.ttf, .otf: the sfnt container,
// https://learn.microsoft.com/typography/opentype/spec/otff) and of a WOFF 1 file (.woff: the same
// tables, each zlib-compressed when that made it smaller, https://www.w3.org/TR/WOFF/), for the
// font's metrics (metrics.ts). Collections (.ttc, and WOFF files wrapping one) are not read.
import { inflateSync } from 'node:zlib'
import type { Table } from './metrics.js'

/** The sfnt versions of a single font: TrueType outlines (0x00010000, Apple's 'true') or CFF ('OTTO'). */
const SFNT_VERSIONS = new Set([0x00010000, 0x74727565, 0x4f54544f])

/** A table directory entry: where the table's bytes are, how many, and its length once inflated. */
interface Entry {
  tag: string
  offset: number
  stored: number
  length: number
}

/**
 * The tables named `tags` that a directory lists (a WOFF table stored smaller than its length inflated,
 * so a large font's outlines are never inflated), or undefined when one lies past the end of the file.
 */
function tablesOf(
  file: Buffer,
  tags: ReadonlySet<string>,
  count: number,
  entry: (i: number) => Entry,
): Map<string, Table> | undefined {
  const tables = new Map<string, Table>()
  for (let i = 0; i < count; i++) {
    const { tag, offset, stored, length } = entry(i)
    if (!tags.has(tag)) continue
    if (offset + stored > file.length) return undefined // a truncated file
    const data = file.subarray(offset, offset + stored)
    // WOFF stores a table as is when compressing it saved nothing (stored = length).
    tables.set(tag, { data: stored < length ? inflateSync(data) : data })
  }
  return tables
}

/** The tables `tags` of a .ttf / .otf file, or undefined when it is not one. */
export function sfntTables(file: Buffer, tags: ReadonlySet<string>): Map<string, Table> | undefined {
  if (file.length < 12 || !SFNT_VERSIONS.has(file.readUInt32BE(0))) return undefined
  return tablesOf(file, tags, file.readUInt16BE(4), (i) => {
    const at = 12 + i * 16
    const length = file.readUInt32BE(at + 12)
    return {
      tag: file.toString('latin1', at, at + 4),
      offset: file.readUInt32BE(at + 8),
      stored: length,
      length,
    }
  })
}

/** The tables `tags` of a WOFF 1 file, decompressed, or undefined when it is not one. */
export function woffTables(file: Buffer, tags: ReadonlySet<string>): Map<string, Table> | undefined {
  if (file.length < 44 || file.toString('latin1', 0, 4) !== 'wOFF') return undefined
  if (!SFNT_VERSIONS.has(file.readUInt32BE(4))) return undefined // the flavor: 'ttcf' is a collection
  return tablesOf(file, tags, file.readUInt16BE(12), (i) => {
    const at = 44 + i * 20
    return {
      tag: file.toString('latin1', at, at + 4),
      offset: file.readUInt32BE(at + 4),
      stored: file.readUInt32BE(at + 8),
      length: file.readUInt32BE(at + 12),
    }
  })
}
