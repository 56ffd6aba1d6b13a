// A response built once and written many times: the HIT path (invariant 6) only picks a
// memoized header list and a memoized body. Each coding is compressed at most once per body, off
// the event loop, and only once a client asks for it (docs/design/server.md "Compression").
import type { CacheStatus } from '@fresco/cache'
import { CACHE_HEADER, cacheStatusHeader, UNREPLAYABLE_HEADERS } from './cache-headers.js'
import {
  type Compressor,
  ENTRY_BROTLI_QUALITY,
  type Encoding,
  isCompressibleType,
  MIN_COMPRESS_BYTES,
  negotiateEncoding,
  zlibCompressor,
} from './compress.js'
import { ifNoneMatchHits, notModifiedSince, strongEtag } from './etag.js'

export interface PreparedInit {
  status: number
  body: Uint8Array
  /** Extra headers to replay (lower-case names; unreplayable ones are dropped). */
  headers?: Record<string, string>
  contentType?: string
  cacheControl: string
  /** ms since the epoch; sent as Last-Modified and used for If-Modified-Since. */
  lastModified?: number
  /** Whether the cache kept this response; drives `stored` in Cache-Status (RFC 9211 §2.5). */
  stored?: boolean
  brotliQuality?: number
  compressor?: Compressor
  /**
   * The body's br coding, made already (an entry `fresco build` stored coded: storedBrotli). Sent as
   * is: a br client costs no compression. Not counted through onRetained (its cache counts it).
   */
  brotli?: Uint8Array
  /**
   * 'on-demand' (default, cache entries): a coding is made the first time a client asks for it, so
   * gzip is made only for clients without br, and an entry nobody asks a coding of costs nothing.
   * 'eager': both codings at once (static files, compressed once per process at start).
   */
  compression?: 'on-demand' | 'eager'
  /**
   * Told the bytes this response keeps beyond the entry's own body (its structures when created,
   * each header list, each compressed body), so a cache bounded in bytes counts them too.
   */
  onRetained?: (bytes: number) => void
}

/**
 * Heap kept by one prepared response before any header list: its closures, records, ETag and
 * WeakMap slot. Measured: ~1,550 bytes per response, ~265 per header list (Node 20, 20,000 blog
 * entries, heapUsed after gc()); an L1 that ignored them held 2.3 KB per page more than it counted.
 * Since entry-response.ts gives every init one shape, ~330 bytes less (a heap snapshot of 5,500
 * responses: 1.8 MB fewer maps and descriptor arrays); the count stays an upper bound.
 */
export const PREPARED_BYTES = 1536
export const HEADER_LIST_BYTES = 256

/**
 * `view` in an ArrayBuffer of its own size. zlib hands back a slice of its 16 KB output chunk: a
 * 1.5 KB gzip body kept as it comes keeps 16 KB alive while the cache counts 1.5 KB.
 */
export function ownBytes(view: Uint8Array): Uint8Array {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : new Uint8Array(view)
}

export interface PreparedResponse {
  readonly status: number
  readonly etag: string
  readonly body: Uint8Array
  readonly cacheControl: string
  /**
   * Makes every coding not made yet; settles once the gzip/br variants exist (or were dropped as
   * useless). Never rejects.
   */
  compress(): Promise<void>
  /**
   * The best coding held for this client; asks for the one it would prefer if not made yet, unless
   * `ask` is false (the render's own first answer: see writePrepared).
   */
  encodingFor(acceptEncoding: string | undefined, ask?: boolean): Encoding
  bodyFor(encoding: Encoding): Uint8Array
  /** Flat `[name, value, …]` list for `res.writeHead`, memoized per (encoding, status, 304). */
  headersFor(encoding: Encoding, cacheStatus: CacheStatus | null, notModified?: boolean): string[]
  isNotModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): boolean
}

const ENCODINGS: readonly Encoding[] = ['identity', 'gzip', 'br']
const STATUSES: readonly (CacheStatus | null)[] = [null, 'HIT', 'STALE', 'MISS', 'REVALIDATED']

export function createPreparedResponse(init: PreparedInit): PreparedResponse {
  const { status, body, cacheControl } = init
  const contentType = init.contentType ?? init.headers?.['content-type']
  const compressible =
    body.byteLength >= MIN_COMPRESS_BYTES &&
    isCompressibleType(contentType) &&
    init.headers?.['content-encoding'] === undefined
  const etags: Record<Encoding, string> = { identity: strongEtag(body), gzip: '', br: '' }
  const bodies: Record<Encoding, Uint8Array | undefined> = { identity: body, gzip: undefined, br: undefined }
  const lastModified = init.lastModified === undefined ? undefined : new Date(init.lastModified).toUTCString()

  // The entity headers shared by every variant, in a stable order.
  const base: string[] = []
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    // Set once below (a route handler's own Cache-Control arrives as init.cacheControl).
    if (
      UNREPLAYABLE_HEADERS.has(name) ||
      name === 'content-type' ||
      name === 'vary' ||
      name === 'cache-control'
    )
      continue
    base.push(name, value)
  }
  if (contentType !== undefined) base.push('content-type', contentType)
  base.push('cache-control', cacheControl)
  const vary = [init.headers?.vary, compressible ? 'Accept-Encoding' : undefined].filter(Boolean).join(', ')
  if (vary !== '') base.push('vary', vary)
  if (lastModified !== undefined) base.push('last-modified', lastModified)

  const memo: (string[] | undefined)[] = []
  const headersFor = (wanted: Encoding, cacheStatus: CacheStatus | null, notModified = false) => {
    const encoding = bodies[wanted] === undefined ? 'identity' : wanted
    const index =
      (ENCODINGS.indexOf(encoding) * STATUSES.length + STATUSES.indexOf(cacheStatus)) * 2 + +notModified
    let headers = memo[index]
    if (headers === undefined) {
      headers = [...base, 'etag', etags[encoding] || etags.identity]
      if (cacheStatus !== null) {
        headers.push(
          CACHE_HEADER,
          cacheStatus,
          'cache-status',
          cacheStatusHeader(cacheStatus, undefined, init.stored),
        )
      }
      if (!notModified) {
        if (encoding !== 'identity') headers.push('content-encoding', encoding)
        headers.push('content-length', String((bodies[encoding] ?? body).byteLength))
      }
      memo[index] = headers
      init.onRetained?.(HEADER_LIST_BYTES)
    }
    return headers
  }

  // Each coding is its own representation, so it gets its own strong validator (RFC 9110 §8.8.3).
  const codingEtag = (encoding: 'gzip' | 'br') =>
    `${etags.identity.slice(0, -1)}-${encoding === 'gzip' ? 'gz' : 'br'}"`
  const started: Partial<Record<'gzip' | 'br', Promise<void>>> = {}
  const compress = (encoding: 'gzip' | 'br'): Promise<void> => {
    started[encoding] ??= (init.compressor ?? zlibCompressor)(
      body,
      encoding,
      init.brotliQuality ?? ENTRY_BROTLI_QUALITY,
    ).then(
      (out) => {
        if (out.byteLength >= body.byteLength) return // no gain: keep identity only
        etags[encoding] = codingEtag(encoding)
        bodies[encoding] = ownBytes(out)
        validatorList = undefined
        init.onRetained?.(out.byteLength)
      },
      () => {}, // a failed compression only costs bandwidth: identity stays available
    )
    return started[encoding]
  }
  if (compressible && init.brotli !== undefined && init.brotli.byteLength < body.byteLength) {
    etags.br = codingEtag('br')
    bodies.br = init.brotli
    started.br = Promise.resolve()
  }
  const compressAll = () =>
    compressible ? Promise.all([compress('gzip'), compress('br')]).then(() => {}) : Promise.resolve()
  init.onRetained?.(PREPARED_BYTES)
  if (init.compression === 'eager') void compressAll()
  // Rebuilt only when a variant appears (compression settles once), not per conditional request.
  let validatorList: string[] | undefined
  const validators = () => {
    validatorList ??= [etags.identity, etags.gzip, etags.br].filter((e) => e !== '')
    return validatorList
  }

  return {
    status,
    etag: etags.identity,
    body,
    cacheControl,
    compress: compressAll,
    encodingFor(header, ask = true) {
      const held = negotiateEncoding(header, bodies.br !== undefined, bodies.gzip !== undefined)
      // br is the best coding: nothing to ask for. Otherwise start the one this client prefers;
      // it answers identity (or gzip) until that is ready, never waiting for a compressor.
      if (ask && held !== 'br' && compressible) {
        const wanted = negotiateEncoding(header, true, true)
        if (wanted !== 'identity' && started[wanted] === undefined) void compress(wanted)
      }
      return held
    },
    bodyFor: (encoding) => bodies[encoding] ?? body,
    headersFor,
    isNotModified(ifNoneMatch, ifModifiedSince) {
      if (ifNoneMatch !== undefined) return ifNoneMatchHits(ifNoneMatch, validators())
      return init.lastModified !== undefined && notModifiedSince(ifModifiedSince, init.lastModified)
    },
  }
}
