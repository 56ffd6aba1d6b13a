import type { CacheEntry } from '../types.js'
import { storedBrotli } from './stored-coding.js'

/**
 * Fixed per-entry heap: the entry, its headers record and tags array, the handler's Map slot and
 * list node. Measured with STRING_OVERHEAD_BYTES: 842 bytes of heap per blog entry (7 tags, one
 * header; Node 20, heapUsed after gc()) where 256 + the strings' bytes counted 453.
 */
export const ENTRY_OVERHEAD_BYTES = 512

/** A heap string's header beyond its characters (each tag, header name and value). */
export const STRING_OVERHEAD_BYTES = 16

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4 // surrogate pair: one 4-byte code point
      i++
    } else bytes += 3
  }
  return bytes
}

/** A part's bytes with the brotli coding it was read with (stored-coding.ts), which it keeps alive. */
const partBytes = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? 0 : bytes.byteLength + (storedBrotli(bytes)?.byteLength ?? 0)

/**
 * Bytes an entry holds in memory: key, body, payload (each with its stored coding), headers and
 * tags, plus the fixed overheads. Counted in bytes, not characters (vercel/next.js#89033 sized by
 * string length and leaked).
 */
export function entryByteSize(key: string, entry: CacheEntry): number {
  let size = ENTRY_OVERHEAD_BYTES + utf8Length(key) + partBytes(entry.body) + partBytes(entry.payload)
  for (const name in entry.headers)
    size += 2 * STRING_OVERHEAD_BYTES + utf8Length(name) + utf8Length(entry.headers[name]!)
  for (const tag of entry.tags) size += STRING_OVERHEAD_BYTES + utf8Length(tag)
  return size
}
