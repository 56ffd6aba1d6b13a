import { describe, expect, it } from 'vitest'
import type { CacheEntry } from '../types.js'
import { decodeEntry, encodeEntry, isNewerFormat } from './redis-codec.js'

const bytes = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256)

const page: CacheEntry = {
  kind: 'page',
  body: bytes(5000),
  payload: bytes(3000, 7),
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  tags: ['posts', '_N_T_/blog/layout'],
  lastModified: 1_700_000_000_123,
  revalidate: 60,
  expire: 3600,
  stale: 30,
}

describe('redis codec', () => {
  it('round-trips body and payload bytes exactly, including every byte value', () => {
    const entry = { ...page, body: bytes(256 * 4), payload: bytes(777, 3) }
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry)
  })

  it('keeps entries without payload or optional fields without inventing them', () => {
    const entry: CacheEntry = {
      kind: 'fetch',
      body: new Uint8Array(0),
      status: 200,
      headers: {},
      tags: [],
      lastModified: 1,
      revalidate: false,
    }
    const decoded = decodeEntry(encodeEntry(entry))
    expect(decoded).toEqual(entry)
    expect(decoded && 'payload' in decoded).toBe(false)
    expect(decoded && 'expire' in decoded).toBe(false)
  })

  it('distinguishes an empty payload from no payload', () => {
    const decoded = decodeEntry(encodeEntry({ ...page, payload: new Uint8Array(0) }))
    expect(decoded?.payload).toEqual(new Uint8Array(0))
  })

  it('costs only a small header plus metadata on top of the raw bytes (no base64)', () => {
    const encoded = encodeEntry(page)
    const overhead = encoded.byteLength - page.body.byteLength - page.payload!.byteLength
    expect(overhead).toBeLessThan(300)
  })

  it('treats every truncation as unreadable', () => {
    const encoded = encodeEntry(page)
    for (const length of [0, 3, 17, 18, 40, encoded.byteLength - 1]) {
      expect(decodeEntry(encoded.subarray(0, length))).toBeUndefined()
    }
    expect(decodeEntry(Buffer.concat([encoded, Buffer.from([0])]))).toBeUndefined()
  })

  it('treats foreign values and corrupt metadata as unreadable', () => {
    expect(decodeEntry(Buffer.from('{"kind":"page","body":"PGh0bWw+"}'))).toBeUndefined()
    expect(decodeEntry(Buffer.from('x'.repeat(100)))).toBeUndefined()
    const corrupt = encodeEntry(page)
    corrupt.write('!', 18) // break the JSON metadata
    expect(decodeEntry(corrupt)).toBeUndefined()
    const wrongKind = encodeEntry({ ...page, kind: 'nope' as CacheEntry['kind'] })
    expect(decodeEntry(wrongKind)).toBeUndefined()
  })

  it('recognises a newer format version as a miss that is not ours to delete', () => {
    const newer = encodeEntry(page)
    newer.writeUInt8(2, 4)
    expect(decodeEntry(newer)).toBeUndefined()
    expect(isNewerFormat(newer)).toBe(true)
    expect(isNewerFormat(encodeEntry(page))).toBe(false)
  })

  it('decodes from a view inside a larger buffer (as a client reply may be)', () => {
    const encoded = encodeEntry(page)
    const big = Buffer.concat([Buffer.alloc(13, 1), encoded, Buffer.alloc(5, 2)])
    expect(decodeEntry(big.subarray(13, 13 + encoded.byteLength))).toEqual(page)
  })
})
