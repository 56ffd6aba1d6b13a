// The paths this process has served from the route cache, with their tags: what a proxy that purges
// by URL only (nginx's ngx_cache_purge has no tags) needs to turn `revalidateTag('posts')` into
// URLs. Bounded (least recently prepared first out), filled once per prepared entry, never per HIT.

export const SERVED_PATHS_LIMIT = 10_000

export interface ServedPaths {
  record(path: string, tags: readonly string[]): void
  /** Every recorded path carrying one of `tags`. */
  withTags(tags: readonly string[]): string[]
  readonly size: number
}

export function createServedPaths(limit = SERVED_PATHS_LIMIT): ServedPaths {
  const paths = new Map<string, readonly string[]>()
  return {
    record(path, tags) {
      paths.delete(path)
      paths.set(path, tags)
      if (paths.size > limit) paths.delete(paths.keys().next().value as string)
    },
    withTags(tags) {
      const wanted = new Set(tags)
      const out: string[] = []
      for (const [path, own] of paths) if (own.some((t) => wanted.has(t))) out.push(path)
      return out
    },
    get size() {
      return paths.size
    },
  }
}
