// The Router Cache (the fourth cache layer): RSC payloads in memory, keyed by URL (pathname +
// search), each kept for the stale time that applies to it. Pure: the clock is injected.
// Next.js keeps the same two stale times (`staleTimes.dynamic` / `.static`); we also bound the
// memory by bytes, evicting least recently used entries first.
import { stripBasePath } from '../base-path.js'

export interface StaleTimes {
  /** Seconds a payload rendered per request is reused (0: only for back/forward). */
  dynamic: number
  /** Seconds a payload from the route cache, a `prefetch={true}` or a loading.tsx prefetch is reused. */
  static: number
}

export interface RouterCacheEntry<P> {
  key: string
  /** Resolves when the payload's root is decoded (lazy parts may still stream). */
  payload: Promise<P>
  /** `partial`: layouts down to the first loading.tsx, the page still to fetch on click. */
  kind: 'full' | 'partial'
  /** Which stale time applies: `static` (see above) or `dynamic`. */
  staleTime: 'static' | 'dynamic'
  fetchedAt: number
  /** Body size once fully read (0 while streaming). */
  bytes: number
}

export interface RouterCache<P> {
  /** A fresh entry (stale ones are dropped on the way), marked most recently used. */
  get(key: string): RouterCacheEntry<P> | undefined
  set(entry: RouterCacheEntry<P>): void
  /** Record the size of an entry's body when it has been read. */
  sized(entry: RouterCacheEntry<P>, bytes: number): void
  delete(key: string): void
  /** Drop every entry the predicate selects; returns how many. */
  invalidate(select: (key: string) => boolean): number
  clear(): void
  readonly size: number
  readonly bytes: number
}

export interface RouterCacheOptions {
  staleTimes: StaleTimes
  now: () => number
  /** Upper bound of the payload bytes kept (default 16 MiB). */
  maxBytes?: number
}

/** Cache key of a URL: pathname + search (the hash never reaches the server). */
export function cacheKey(url: URL): string {
  return stripBasePath(url.pathname) + url.search
}

export function createRouterCache<P>(opts: RouterCacheOptions): RouterCache<P> {
  const maxBytes = opts.maxBytes ?? 16 * 1024 * 1024
  // A Map iterates in insertion order: delete + set moves an entry to the most recent end.
  const entries = new Map<string, RouterCacheEntry<P>>()
  let total = 0

  const remove = (key: string) => {
    const e = entries.get(key)
    if (!e) return
    total -= e.bytes
    entries.delete(key)
  }
  const fresh = (e: RouterCacheEntry<P>) => opts.now() - e.fetchedAt < opts.staleTimes[e.staleTime] * 1000
  const evict = () => {
    for (const key of entries.keys()) {
      if (total <= maxBytes) return
      remove(key)
    }
  }

  return {
    get(key) {
      const e = entries.get(key)
      if (!e) return undefined
      entries.delete(key)
      if (!fresh(e)) {
        total -= e.bytes
        return undefined
      }
      entries.set(key, e)
      return e
    },
    set(entry) {
      remove(entry.key)
      entries.set(entry.key, entry)
      total += entry.bytes
      evict()
    },
    sized(entry, bytes) {
      // The entry may have been replaced or evicted while its body streamed.
      if (entries.get(entry.key) === entry) total += bytes - entry.bytes
      entry.bytes = bytes
      evict()
    },
    delete: remove,
    invalidate(select) {
      let n = 0
      for (const key of [...entries.keys()]) {
        if (select(key)) {
          remove(key)
          n++
        }
      }
      return n
    },
    clear() {
      entries.clear()
      total = 0
    },
    get size() {
      return entries.size
    },
    get bytes() {
      return total
    },
  }
}
