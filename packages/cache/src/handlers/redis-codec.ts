// The binary value format of the Redis handler: an 18-byte header, JSON metadata, then the raw
// body and payload bytes, so a page costs its own size in Redis (no base64, no JSON-escaped HTML).
//
//   0  "FRSC"  magic            10  u32 body length
//   4  u8      format version   14  u32 payload length
//   5  u8      flags (1 = has payload)
//   6  u32     metadata length  18  metadata JSON, body, payload
import type { CacheEntry, EntryKind } from '../types.js'

const MAGIC = 0x46525343 // "FRSC"
const VERSION = 1
const HEADER = 18
const HAS_PAYLOAD = 1
const KINDS: ReadonlySet<string> = new Set<EntryKind>(['page', 'route', 'fetch', 'function'])

type Meta = Omit<CacheEntry, 'body' | 'payload'>

export function encodeEntry(entry: CacheEntry): Buffer {
  const meta: Meta = {
    kind: entry.kind,
    status: entry.status,
    headers: entry.headers,
    tags: entry.tags,
    lastModified: entry.lastModified,
    revalidate: entry.revalidate,
    ...(entry.expire === undefined ? {} : { expire: entry.expire }),
    ...(entry.stale === undefined ? {} : { stale: entry.stale }),
  }
  const json = JSON.stringify(meta)
  const metaLength = Buffer.byteLength(json)
  const payload = entry.payload
  const buf = Buffer.allocUnsafe(HEADER + metaLength + entry.body.byteLength + (payload?.byteLength ?? 0))
  buf.writeUInt32BE(MAGIC, 0)
  buf.writeUInt8(VERSION, 4)
  buf.writeUInt8(payload ? HAS_PAYLOAD : 0, 5)
  buf.writeUInt32BE(metaLength, 6)
  buf.writeUInt32BE(entry.body.byteLength, 10)
  buf.writeUInt32BE(payload?.byteLength ?? 0, 14)
  buf.write(json, HEADER, 'utf8')
  buf.set(entry.body, HEADER + metaLength)
  if (payload) buf.set(payload, HEADER + metaLength + entry.body.byteLength)
  return buf
}

/** Returns undefined for anything that is not a complete value of this format (foreign, truncated, newer). */
export function decodeEntry(buf: Uint8Array): CacheEntry | undefined {
  if (buf.byteLength < HEADER) return undefined
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  if (view.getUint32(0) !== MAGIC || view.getUint8(4) !== VERSION) return undefined
  const flags = view.getUint8(5)
  const metaLength = view.getUint32(6)
  const bodyLength = view.getUint32(10)
  const payloadLength = view.getUint32(14)
  if (HEADER + metaLength + bodyLength + payloadLength !== buf.byteLength) return undefined
  const meta = parseMeta(new TextDecoder().decode(buf.subarray(HEADER, HEADER + metaLength)))
  if (!meta) return undefined
  const bodyStart = HEADER + metaLength
  const payloadStart = bodyStart + bodyLength
  // Plain Uint8Array views over the reply: no copy, and equal to what the caller stored.
  const body = new Uint8Array(buf.buffer, buf.byteOffset + bodyStart, bodyLength)
  if (!(flags & HAS_PAYLOAD)) return { ...meta, body }
  return { ...meta, body, payload: new Uint8Array(buf.buffer, buf.byteOffset + payloadStart, payloadLength) }
}

/** A value written by a newer Fresco (rolling deploy): a miss, but not ours to delete. */
export function isNewerFormat(buf: Uint8Array): boolean {
  if (buf.byteLength < HEADER) return false
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  return view.getUint32(0) === MAGIC && view.getUint8(4) > VERSION
}

function parseMeta(json: string): Meta | undefined {
  let m: Record<string, unknown>
  try {
    m = JSON.parse(json)
  } catch {
    return undefined
  }
  if (typeof m !== 'object' || m === null) return undefined
  const { kind, status, headers, tags, lastModified, revalidate, expire, stale } = m
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined
  if (typeof status !== 'number' || typeof lastModified !== 'number') return undefined
  if (typeof revalidate !== 'number' && revalidate !== false) return undefined
  if (!isStringRecord(headers) || !Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    return undefined
  if (expire !== undefined && typeof expire !== 'number') return undefined
  if (stale !== undefined && typeof stale !== 'number') return undefined
  return {
    kind: kind as EntryKind,
    status,
    headers,
    tags,
    lastModified,
    revalidate,
    ...(expire === undefined ? {} : { expire }),
    ...(stale === undefined ? {} : { stale }),
  }
}

function isStringRecord(v: unknown): v is Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  return Object.values(v).every((x) => typeof x === 'string')
}
