// On-the-fly compression of streamed (dynamic) responses, like `next start`'s default `compress`.
// Cached responses never come here: they carry pre-compressed variants. Every chunk is flushed
// through the compressor, so streamed HTML (Suspense boundaries) still reaches the browser as it
// is rendered.
import type { ServerResponse } from 'node:http'
import { constants, createBrotliCompress, createGzip } from 'node:zlib'
import {
  type Encoding,
  isCompressibleType,
  MIN_COMPRESS_BYTES,
  negotiateEncoding,
} from '../runtime/server/compress.js'

/** The coding to apply to a streamed response, or identity (RFC 9110 §12.5.3, RFC 9111 §5.2.2.6). */
export function streamEncoding(acceptEncoding: string | undefined, response: Response): Encoding {
  const headers = response.headers
  if (response.body === null || response.status < 200 || response.status === 204 || response.status === 304)
    return 'identity'
  if (headers.has('content-encoding') || !isCompressibleType(headers.get('content-type') ?? undefined))
    return 'identity'
  if (/\bno-transform\b/i.test(headers.get('cache-control') ?? '')) return 'identity'
  const length = headers.get('content-length')
  if (length !== null && Number(length) < MIN_COMPRESS_BYTES) return 'identity'
  return negotiateEncoding(acceptEncoding, true, true)
}

/** Headers for the compressed stream: coding set, length dropped, Vary extended. */
export function compressedHeaders(headers: Headers, encoding: 'br' | 'gzip'): Headers {
  const out = new Headers(headers)
  out.delete('content-length')
  out.set('content-encoding', encoding)
  const vary = out.get('vary')
  if (vary === null) out.set('vary', 'Accept-Encoding')
  else if (!/\baccept-encoding\b|\*/i.test(vary)) out.set('vary', `${vary}, Accept-Encoding`)
  return out
}

/**
 * A writer that compresses into `res`: `write(chunk)` resolves once the compressed bytes of the
 * chunk are flushed to the socket (with backpressure), `end()` once everything is.
 */
export function compressingWriter(res: ServerResponse, encoding: 'br' | 'gzip') {
  // Fast settings: this runs per request, unlike the cached variants (brotli 4 ≈ gzip 6 in speed,
  // smaller output).
  const z =
    encoding === 'br'
      ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
      : createGzip({ level: 6 })
  z.on('data', (chunk: Buffer) => {
    if (!res.write(chunk)) z.pause()
  })
  res.on('drain', () => z.resume())
  z.on('error', () => res.destroy())
  // Once the client is gone a paused compressor never flushes or ends: every wait also ends then.
  const gone = new Promise<void>((resolve) => {
    if (res.destroyed) resolve()
    else res.once('close', () => resolve())
  })
  void gone.then(() => z.destroy())
  return {
    write: (chunk: Uint8Array) =>
      Promise.race([
        gone,
        new Promise<void>((resolve) => {
          z.write(chunk)
          z.flush(() => resolve())
        }),
      ]),
    end: () =>
      Promise.race([
        gone,
        new Promise<void>((resolve) => {
          z.once('end', () => {
            res.end()
            resolve()
          })
          z.end()
        }),
      ]),
  }
}
