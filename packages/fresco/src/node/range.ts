// Single byte ranges for files streamed from disk (RFC 9110 §14): video and audio seeking
// (Safari will not play media from a server without them) and resumed downloads. Multiple
// ranges are answered with the whole file, which §14.2 allows ("a server MAY ignore Range").

export interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

/** `bytes=0-99`, `bytes=100-`, `bytes=-500` → one range; 'unsatisfiable' → 416; undefined → 200. */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (m === null) return undefined // other units, multiple ranges or garbage: send it all
  const [, from = '', to = ''] = m
  if (from === '' && to === '') return undefined
  if (from === '') {
    // suffix-range: the last N bytes (§14.1.2)
    const length = Number(to)
    if (length === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(from)
  if (start >= size) return 'unsatisfiable'
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  return end < start ? undefined : { start, end } // an invalid range-spec is ignored (§14.1.1)
}

/** If-Range (§13.1.5): only a strong match of the current validator keeps the range. */
export function ifRangeAllows(header: string | undefined, etag: string, lastModified: string): boolean {
  if (header === undefined) return true
  if (header.startsWith('"')) return header === etag // our file validators are weak: never matches
  return header === lastModified
}
