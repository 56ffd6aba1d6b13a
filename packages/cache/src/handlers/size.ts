import type { CacheEntry } from '../types.js'

/** Fixed per-entry cost for the object, its Map slot and the lifetime fields. */
export const ENTRY_OVERHEAD_BYTES = 256

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

/**
 * Bytes an entry holds in memory: key, body, payload, headers and tags, plus a fixed overhead.
 * Counted in bytes, not characters (vercel/next.js#89033 sized by string length and leaked).
 */
export function entryByteSize(key: string, entry: CacheEntry): number {
  let size = ENTRY_OVERHEAD_BYTES + utf8Length(key) + entry.body.byteLength + (entry.payload?.byteLength ?? 0)
  for (const name in entry.headers) size += utf8Length(name) + utf8Length(entry.headers[name]!)
  for (const tag of entry.tags) size += utf8Length(tag)
  return size
}
