// Cache entries → prepared responses, built once per (entry, 'html' | 'rsc') and memoized by the
// entry object, so a HIT costs one WeakMap lookup (invariant 6).
import type { CacheEntry } from '@fresco/cache'
import { missingRscPayloadError, unservableEntryError } from '../../errors.js'
import { HTML_CONTENT_TYPE, RSC_CONTENT_TYPE, STATIC_HEADER } from '../render/payload.js'
import type { Compressor } from './compress.js'
import { createPreparedResponse, type PreparedInit, type PreparedResponse } from './prepared-response.js'

// The memory handler hands back the same entry object on every get, so one WeakMap lookup is
// the whole cost of a HIT; entries that leave the cache take their prepared bodies with them.
interface Slot {
  cacheControl: string
  html?: PreparedResponse
  rsc?: PreparedResponse
  data?: PreparedResponse
}

/**
 * What one page entry can answer: its HTML, its RSC payload (App Router), or its data JSON
 * (Pages Router data URL); the last two are both stored in `payload`.
 */
export type Representation = 'html' | 'rsc' | 'data'

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'
const prepared = new WeakMap<CacheEntry, Slot>()

export interface PrepareOptions {
  compressor?: Compressor
  brotliQuality?: number
  /** What a prepared response keeps (PreparedInit.onRetained), counted against the entry by its cache. */
  onRetained?: (bytes: number) => void
  /** Headers added to the entry's own (the CDN cache-tag header), lower-case names. */
  extraHeaders?: Record<string, string>
  /** The br coding a body was stored as, if any (@fresco/cache's storedBrotli): sent as is. */
  storedBrotli?: (body: Uint8Array) => Uint8Array | undefined
}

/** The memoized prepared response of an entry, if one was built (the HIT path's only lookup). */
export function peekPrepared(entry: CacheEntry, which: Representation): PreparedResponse | undefined {
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
  which: Representation,
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
  const { compressor, brotliQuality, onRetained, extraHeaders, storedBrotli } = options
  const stored = entry.revalidate !== 0
  // Every prepared response's init has this one shape, written out: on Node 20 an object spread
  // followed by more properties gets a hidden class of its own each time, a V8 map in the old
  // generation kept as long as the response is (5,500 of them in a full L1), and the renders'
  // young objects it points to are then kept until a full collection.
  const initOf = (
    status: number,
    body: Uint8Array,
    headers: Record<string, string>,
    contentType: string | undefined,
    cacheControl: string,
  ): PreparedInit => ({
    status,
    stored,
    body,
    brotli: storedBrotli?.(body),
    headers,
    contentType,
    cacheControl,
    compressor,
    brotliQuality,
    onRetained,
  })
  // Object.assign onto {}, not spreads, for the same reason as initOf: these records live as long.
  const entryHeaders =
    extraHeaders === undefined ? entry.headers : Object.assign({}, entry.headers, extraHeaders)
  let response: PreparedResponse
  if (entry.kind === 'route') {
    // Route handlers replay their own headers; their own Cache-Control wins over ours.
    const own = entry.headers['cache-control']
    response = createPreparedResponse(
      initOf(entry.status, entry.body, entryHeaders, undefined, own ?? cacheControl),
    )
  } else if (entry.kind === 'page') {
    const body = which === 'html' ? entry.body : entry.payload
    if (body === undefined) throw missingRscPayloadError()
    const contentType =
      which === 'html' ? HTML_CONTENT_TYPE : which === 'data' ? JSON_CONTENT_TYPE : RSC_CONTENT_TYPE
    // A stored payload tells the client router to keep it for staleTimes.static.
    let headers =
      which === 'rsc' && entry.revalidate !== 0
        ? Object.assign({}, entryHeaders, { [STATIC_HEADER]: '1' })
        : entryHeaders
    let status = entry.status
    // A redirect's payload names its target (RscPayload.redirect) and the client router navigates
    // there; a 3xx on the payload URL would only send fetch() to an HTML page (a full load).
    // Likewise a Pages Router data URL answers a redirect as JSON (`{ redirect }`), status 200.
    if (which !== 'html' && status >= 300 && status < 400) {
      const { location: _, ...rest } = headers
      headers = rest
      status = 200
    }
    response = createPreparedResponse(initOf(status, body, headers, contentType, cacheControl))
  } else {
    throw unservableEntryError(entry.kind)
  }
  slot[which] = response
  return response
}
