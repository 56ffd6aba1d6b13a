// One file per entry: a 20-byte header, JSON metadata, then the raw body and payload bytes.
// Written to a temp file and renamed, so metadata and bytes are published together or not at all.
//
//  offset  size  field
//  0       4     magic "FRSC"
//  4       1     version (1)
//  5       1     flags (bit 0: payload present; bit 1: body brotli-coded; bit 2: payload brotli-coded)
//  6       2     reserved (0)
//  8       4     metadata length M (uint32 LE)
//  12      4     body length B (uint32 LE)
//  16      4     payload length P (uint32 LE)
//  20      M     metadata: UTF-8 JSON { key, kind, status, headers, tags, lastModified, revalidate, expire?, stale? }
//  20+M    B     body
//  20+M+B  P     payload
// The file size must be exactly 20+M+B+P: anything else (truncation, garbage) is corrupt. B and P
// are the stored lengths: a brotli-coded part (fs handler option `brotli`) is decoded on read.
import type { CacheEntry } from '../types.js'

export const HEADER_BYTES = 20
export const FORMAT_VERSION = 1
const MAGIC = [0x46, 0x52, 0x53, 0x43] // "FRSC"
const HAS_PAYLOAD = 1
const BODY_BROTLI = 2
const PAYLOAD_BROTLI = 4

export interface EntryMetadata extends Omit<CacheEntry, 'body' | 'payload'> {
  key: string
}

export class CorruptEntryError extends Error {}

/** Body and payload as they go to disk: brotli-coded when `coded` has them. */
export interface StoredParts {
  body?: Uint8Array
  payload?: Uint8Array
}

/** The parts of a file, in order; written with one writev, no concatenation copy. */
export function encodeEntry(key: string, entry: CacheEntry, coded: StoredParts = {}): Uint8Array[] {
  const meta: EntryMetadata = {
    key,
    kind: entry.kind,
    status: entry.status,
    headers: entry.headers,
    tags: entry.tags,
    lastModified: entry.lastModified,
    revalidate: entry.revalidate,
    ...(entry.expire !== undefined && { expire: entry.expire }),
    ...(entry.stale !== undefined && { stale: entry.stale }),
  }
  const json = new TextEncoder().encode(JSON.stringify(meta))
  const header = new Uint8Array(HEADER_BYTES)
  const view = new DataView(header.buffer)
  header.set(MAGIC, 0)
  header[4] = FORMAT_VERSION
  const body = coded.body ?? entry.body
  const payload = entry.payload && (coded.payload ?? entry.payload)
  header[5] =
    (entry.payload ? HAS_PAYLOAD : 0) |
    (coded.body ? BODY_BROTLI : 0) |
    (entry.payload && coded.payload ? PAYLOAD_BROTLI : 0)
  view.setUint32(8, json.byteLength, true)
  view.setUint32(12, body.byteLength, true)
  view.setUint32(16, payload?.byteLength ?? 0, true)
  const parts = [header, json, body]
  if (payload) parts.push(payload)
  return parts
}

export interface Header {
  metaBytes: number
  bodyBytes: number
  payloadBytes: number
  hasPayload: boolean
  bodyBrotli: boolean
  payloadBrotli: boolean
  total: number
}

export function decodeHeader(bytes: Uint8Array): Header {
  if (bytes.byteLength < HEADER_BYTES) throw new CorruptEntryError('shorter than the header')
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) throw new CorruptEntryError('bad magic')
  if (bytes[4] !== FORMAT_VERSION) throw new CorruptEntryError(`unknown format version ${bytes[4]}`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES)
  const metaBytes = view.getUint32(8, true)
  const bodyBytes = view.getUint32(12, true)
  const payloadBytes = view.getUint32(16, true)
  const flags = bytes[5]!
  const hasPayload = (flags & HAS_PAYLOAD) !== 0
  return {
    metaBytes,
    bodyBytes,
    payloadBytes,
    hasPayload,
    bodyBrotli: (flags & BODY_BROTLI) !== 0,
    payloadBrotli: hasPayload && (flags & PAYLOAD_BROTLI) !== 0,
    total: HEADER_BYTES + metaBytes + bodyBytes + payloadBytes,
  }
}

export function decodeMetadata(bytes: Uint8Array): EntryMetadata {
  let meta: EntryMetadata
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes)) as EntryMetadata
  } catch {
    throw new CorruptEntryError('unreadable metadata')
  }
  if (typeof meta?.key !== 'string' || typeof meta.lastModified !== 'number' || !Array.isArray(meta.tags))
    throw new CorruptEntryError('incomplete metadata')
  return meta
}

/**
 * Body and payload are views into `file` (no copy); `coded` tells which of them are brotli-coded
 * (the caller decodes them: see stored-coding.ts).
 */
export function decodeEntry(file: Uint8Array): {
  key: string
  entry: CacheEntry
  coded: { body: boolean; payload: boolean }
} {
  const header = decodeHeader(file)
  if (file.byteLength !== header.total)
    throw new CorruptEntryError(`size ${file.byteLength} bytes, header says ${header.total}`)
  const bodyStart = HEADER_BYTES + header.metaBytes
  const { key, ...meta } = decodeMetadata(file.subarray(HEADER_BYTES, bodyStart))
  const entry: CacheEntry = { ...meta, body: file.subarray(bodyStart, bodyStart + header.bodyBytes) }
  if (header.hasPayload) entry.payload = file.subarray(bodyStart + header.bodyBytes, header.total)
  return { key, entry, coded: { body: header.bodyBrotli, payload: header.payloadBrotli } }
}
