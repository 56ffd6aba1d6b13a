// A response built once and written many times: the HIT path (invariant 6) only picks a
// memoized header list and a memoized body. Compression runs once per body, off the event loop.
import type { CacheEntry, CacheStatus } from '@fresco/cache'
import { missingRscPayloadError, unservableEntryError } from '../../errors.js'
import { STATIC_HEADER } from '../render/payload.js'
import { cacheStatusHeader, UNREPLAYABLE_HEADERS } from './cache-headers.js'
import {
  type Compressor,
  type Encoding,
  isCompressibleType,
  MIN_COMPRESS_BYTES,
  negotiateEncoding,
  zlibCompressor,
} from './compress.js'
import { ifNoneMatchHits, notModifiedSince, strongEtag } from './etag.js'

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8'
export const RSC_CONTENT_TYPE = 'text/x-component'

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
}

export interface PreparedResponse {
  readonly status: number
  readonly etag: string
  readonly body: Uint8Array
  readonly cacheControl: string
  /** Settles once the gzip/br variants exist (or were dropped as useless). Never rejects. */
  readonly compressed: Promise<void>
  encodingFor(acceptEncoding: string | undefined): Encoding
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
          'x-fresco-cache',
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
    }
    return headers
  }

  const compress = async (encoding: 'gzip' | 'br') => {
    const out = await (init.compressor ?? zlibCompressor)(body, encoding, init.brotliQuality ?? 9)
    if (out.byteLength >= body.byteLength) return // no gain: keep identity only
    // Each coding is its own representation, so it gets its own strong validator (RFC 9110 §8.8.3).
    etags[encoding] = `${etags.identity.slice(0, -1)}-${encoding === 'gzip' ? 'gz' : 'br'}"`
    bodies[encoding] = out
  }
  const compressed = compressible
    ? Promise.all([compress('gzip'), compress('br')]).then(
        () => {},
        () => {}, // a failed compression only costs bandwidth: identity stays available
      )
    : Promise.resolve()
  const validators = () => [etags.identity, etags.gzip, etags.br].filter((e) => e !== '')

  return {
    status,
    etag: etags.identity,
    body,
    cacheControl,
    compressed,
    encodingFor: (header) => negotiateEncoding(header, bodies.br !== undefined, bodies.gzip !== undefined),
    bodyFor: (encoding) => bodies[encoding] ?? body,
    headersFor,
    isNotModified(ifNoneMatch, ifModifiedSince) {
      if (ifNoneMatch !== undefined) return ifNoneMatchHits(ifNoneMatch, validators())
      return init.lastModified !== undefined && notModifiedSince(ifModifiedSince, init.lastModified)
    },
  }
}

// The memory handler hands back the same entry object on every get, so one WeakMap lookup is
// the whole cost of a HIT; entries that leave the cache take their prepared bodies with them.
interface Slot {
  cacheControl: string
  html?: PreparedResponse
  rsc?: PreparedResponse
}
const prepared = new WeakMap<CacheEntry, Slot>()

export interface PrepareOptions {
  compressor?: Compressor
  brotliQuality?: number
}

/** The memoized prepared response of an entry, if one was built (the HIT path's only lookup). */
export function peekPrepared(entry: CacheEntry, which: 'html' | 'rsc'): PreparedResponse | undefined {
  return prepared.get(entry)?.[which]
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ))

/**
 * Handlers that deserialize on every get (fs or Redis without a memory L1) return a new object
 * for the same stored render each time. Give `entry` the prepared responses of `earlier` when both
 * are the same render (same time, status, headers and bytes), so hashing and compression stay
 * once per entry instead of once per request. Returns whether it adopted them.
 */
export function adoptPrepared(entry: CacheEntry, earlier: CacheEntry): boolean {
  const slot = prepared.get(earlier)
  if (slot === undefined || entry === earlier) return false
  if (
    entry.lastModified !== earlier.lastModified ||
    entry.status !== earlier.status ||
    entry.kind !== earlier.kind
  )
    return false
  const headers = Object.keys(entry.headers)
  if (headers.length !== Object.keys(earlier.headers).length) return false
  for (const name of headers) if (entry.headers[name] !== earlier.headers[name]) return false
  if (!sameBytes(entry.body, earlier.body) || !sameBytes(entry.payload, earlier.payload)) return false
  prepared.set(entry, slot)
  return true
}

/** The prepared response of a page (its HTML or RSC payload) or a route handler entry. */
export function prepareEntry(
  entry: CacheEntry,
  which: 'html' | 'rsc',
  cacheControl: string,
  options: PrepareOptions = {},
): PreparedResponse {
  let slot = prepared.get(entry)
  const hit = slot?.[which]
  if (hit !== undefined && slot?.cacheControl === cacheControl) return hit
  if (slot === undefined || slot.cacheControl !== cacheControl) {
    slot = { cacheControl }
    prepared.set(entry, slot)
  }
  const common = { status: entry.status, stored: entry.revalidate !== 0, ...options }
  let response: PreparedResponse
  if (entry.kind === 'route') {
    // Route handlers replay their own headers; their own Cache-Control wins over ours.
    const own = entry.headers['cache-control']
    response = createPreparedResponse({
      ...common,
      body: entry.body,
      headers: entry.headers,
      cacheControl: own ?? cacheControl,
    })
  } else if (entry.kind === 'page') {
    const body = which === 'html' ? entry.body : entry.payload
    if (body === undefined) throw missingRscPayloadError()
    const contentType = which === 'html' ? HTML_CONTENT_TYPE : RSC_CONTENT_TYPE
    // A stored payload tells the client router to keep it for staleTimes.static.
    const headers =
      which === 'rsc' && entry.revalidate !== 0 ? { ...entry.headers, [STATIC_HEADER]: '1' } : entry.headers
    response = createPreparedResponse({ ...common, body, headers, contentType, cacheControl })
  } else {
    throw unservableEntryError(entry.kind)
  }
  slot[which] = response
  return response
}
