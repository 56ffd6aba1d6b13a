// Content-coding: which types are worth compressing, compressing once (off the event loop, in
// zlib's thread pool), and picking a coding from Accept-Encoding (RFC 9110 §12.5.3).
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

export type Encoding = 'br' | 'gzip' | 'identity'
export type Compressor = (body: Uint8Array, encoding: 'br' | 'gzip', quality: number) => Promise<Uint8Array>

/** Below this, framing overhead eats the gain (same threshold as nginx's gzip_min_length advice). */
export const MIN_COMPRESS_BYTES = 1024

const COMPRESSIBLE =
  /^(?:text\/|application\/(?:json|javascript|xml|manifest\+json|ld\+json|wasm)|image\/svg\+xml|text\/x-component)/i

export function isCompressibleType(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType)
}

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/**
 * Brotli's window sized to the body (2^10 … 2^24 bytes). The default 4 MB window costs a 4 KB page
 * ~3 ms at quality 9 for the same bytes that a 4 KB window gives in ~0.25 ms (bench/RESULTS.md
 * "Compression settings").
 */
export function brotliWindowBits(bytes: number): number {
  return Math.min(24, Math.max(10, Math.ceil(Math.log2(bytes + 1))))
}

/**
 * Brotli quality of cache entries, whether coded when a client first asks (prepared-response.ts) or
 * stored coded by `fresco build`: with a window sized to the body, quality 5 gives the bytes of
 * quality 9 within 2 % at 2–7 % of its CPU (bench/RESULTS.md "Compression settings").
 */
export const ENTRY_BROTLI_QUALITY = 5

/** The stored coding of build entries: the br coding the server would make of the same body. */
export const entryBrotli = (bytes: Uint8Array): Promise<Uint8Array> =>
  zlibCompressor(bytes, 'br', ENTRY_BROTLI_QUALITY)

/** gzip level 6: level 9 is 2–3× the CPU for under 1 % fewer bytes on HTML and RSC payloads. */
export const GZIP_LEVEL = 6

/** The default compressor: gzip level 6, brotli at `quality` (0-11) with a sized window, both async. */
export const zlibCompressor: Compressor = (body, encoding, quality) =>
  encoding === 'gzip'
    ? gzipAsync(body, { level: GZIP_LEVEL })
    : brotliAsync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(body.byteLength),
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      })

/**
 * Pick br > gzip > identity among the codings we hold. A coding is refused only by an
 * explicit `;q=0` (RFC 9110 §12.5.3); the server's preference wins among accepted ones.
 */
export function negotiateEncoding(header: string | undefined, hasBr: boolean, hasGzip: boolean): Encoding {
  if (header === undefined || (!hasBr && !hasGzip)) return 'identity'
  if (!header.includes('q=')) {
    // The common case (`gzip, deflate, br, zstd`): substring tests, no allocation.
    if (hasBr && header.includes('br')) return 'br'
    if (hasGzip && header.includes('gzip')) return 'gzip'
    if (header.includes('*')) return hasBr ? 'br' : 'gzip'
    return 'identity'
  }
  let br = false
  let gz = false
  let star: boolean | undefined
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.split(';')
    const name = rawName.trim().toLowerCase()
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const accepted = q === undefined || Number(q.slice(2)) > 0
    if (name === 'br') br = accepted
    else if (name === 'gzip' || name === 'x-gzip') gz = accepted
    else if (name === '*') star = accepted
  }
  if (hasBr && (br || (star === true && !header.includes('br')))) return 'br'
  if (hasGzip && (gz || (star === true && !header.includes('gzip')))) return 'gzip'
  return 'identity'
}
