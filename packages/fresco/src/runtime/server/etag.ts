// Strong entity tags from body bytes, and If-None-Match evaluation (RFC 9110 §8.8.3, §13.1.2).
import { createHash } from 'node:crypto'

/** A strong ETag: a hash of the exact bytes sent (RFC 9110 §8.8.1: strong = byte-identical). */
export function strongEtag(body: Uint8Array, suffix = ''): string {
  const hash = createHash('sha1').update(body).digest('base64url')
  return `"${hash}${suffix}"`
}

/**
 * RFC 9110 §13.1.2: If-None-Match uses the weak comparison, so `W/"x"` matches `"x"`.
 * `candidates` are the validators of every representation of this resource (identity, gzip,
 * br): a client that got the gzip variant may revalidate after switching encodings.
 */
export function ifNoneMatchHits(header: string | undefined, candidates: readonly string[]): boolean {
  if (header === undefined || header === '') return false
  // Fast path: the browser echoes back exactly the one tag it was given.
  for (const tag of candidates) if (header === tag) return true
  if (header.trim() === '*') return true
  for (const part of header.split(',')) {
    let tag = part.trim()
    if (tag.startsWith('W/')) tag = tag.slice(2)
    for (const candidate of candidates)
      if (tag === (candidate.startsWith('W/') ? candidate.slice(2) : candidate)) return true
  }
  return false
}

/** RFC 9110 §13.1.3: If-Modified-Since is only evaluated without If-None-Match, to the second. */
export function notModifiedSince(header: string | undefined, lastModifiedMs: number): boolean {
  if (header === undefined) return false
  const since = Date.parse(header)
  return !Number.isNaN(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since
}
