// Bodies a handler keeps brotli-coded (the fs handler with its `brotli` option, used by builds) are
// decoded on read, and the coded bytes stay attached to the decoded body: a server sends them as the
// `br` coding instead of compressing the same bytes again. Keyed by the body object, so a copy of an
// entry with another body can never carry a coding of the old one.
import { brotliDecompress, brotliDecompressSync } from 'node:zlib'

const codings = new WeakMap<Uint8Array, Uint8Array>()

/** The brotli coding `bytes` were stored as, when they were read from one. */
export function storedBrotli(bytes: Uint8Array): Uint8Array | undefined {
  return codings.get(bytes)
}

/**
 * Coded bodies up to this size are decoded on the calling thread: ~20 µs for a 4 KB page, less
 * than a round trip to zlib's thread pool. Larger ones go to the pool, off the event loop.
 */
const SYNC_DECODE_BYTES = 64 * 1024

/** `coded` decoded, with `coded` remembered as its brotli coding. */
export async function decodeStored(coded: Uint8Array): Promise<Uint8Array> {
  const decoded =
    coded.byteLength <= SYNC_DECODE_BYTES
      ? brotliDecompressSync(coded)
      : await new Promise<Buffer>((resolve, reject) =>
          brotliDecompress(coded, (error, out) => (error ? reject(error) : resolve(out))),
        )
  // Buffers of their own size: zlib may hand back a slice of its 16 KB output chunk, and `coded`
  // is a view into the whole file read; either kept as is holds more than the cache counts.
  const body =
    decoded.byteOffset === 0 && decoded.byteLength === decoded.buffer.byteLength
      ? new Uint8Array(decoded.buffer)
      : new Uint8Array(decoded)
  codings.set(body, new Uint8Array(coded))
  return body
}
