// What `fresco cache` prints: rows of entries with their freshness verdict (the server's own
// freshness code, @fresco/cache freshness.ts), as an aligned table or as JSON.
import {
  explainFreshness,
  type Freshness,
  freshness,
  IMPLICIT_TAG_PREFIX,
  type InspectedEntry,
  type TagState,
} from '@fresco/cache'

export interface EntryView {
  key: string
  /** The path of a route entry of the current build; undefined for data and older builds' entries. */
  path?: string
  kind: string
  status: number
  ageSeconds: number
  revalidate: number | false
  expire: number
  tags: string[]
  bytes: number
  verdict: Freshness
  reason: string
}

/** `fresh` is what the server answers HIT; `stale` / `tag-stale` STALE; `expired` / `tag-expired` MISS. */
export const SERVED_AS: Record<Freshness, string> = {
  fresh: 'HIT',
  stale: 'STALE (regenerates in the background)',
  'tag-stale': 'STALE (regenerates in the background)',
  expired: 'MISS (regenerates before answering)',
  'tag-expired': 'MISS (regenerates before answering)',
}

export function viewOf(
  entry: InspectedEntry,
  now: number,
  tags: Map<string, TagState>,
  routePrefix: string,
  defaultExpire: number,
): EntryView {
  const read = (tag: string) => tags.get(tag)
  const full = { ...entry, body: new Uint8Array(0) }
  return {
    key: entry.key,
    path: entry.key.startsWith(routePrefix) ? entry.key.slice(routePrefix.length) : undefined,
    kind: entry.kind,
    status: entry.status,
    ageSeconds: Math.max(0, Math.floor((now - entry.lastModified) / 1000)),
    revalidate: entry.revalidate,
    expire: entry.expire ?? defaultExpire,
    tags: entry.tags,
    bytes: entry.bytes,
    verdict: freshness(full, now, read, { defaultExpire }),
    reason: explainFreshness(full, now, read, { defaultExpire }),
  }
}

/** Tags worth a column: explicit ones (implicit path tags are counted, not listed). */
export function shownTags(tags: readonly string[]): string {
  const explicit = tags.filter((t) => !t.startsWith(IMPLICIT_TAG_PREFIX))
  const implicit = tags.length - explicit.length
  return [...explicit, ...(implicit > 0 ? [`+${implicit} path tags`] : [])].join(', ')
}

export const seconds = (s: number | false) => (s === false ? 'never' : `${s}s`)

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return `${[line(header), ...rows.map(line)].join('\n')}\n`
}
