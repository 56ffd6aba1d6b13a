// Next.js's trailing-slash redirects (its load-custom-routes.ts), for both values of next.config's
// `trailingSlash` (config/next-style.ts):
// - false (default): `/about/` → 308 `/about`.
// - true: `/about` → 308 `/about/`; a file-like last segment (`/feed.xml/`) loses its slash
//   instead; a last segment with a dot is never given one; nothing under `/.well-known` moves.
// Returns the location (query added by the caller), or undefined when the path is canonical.
const FILE_LIKE = /\.\w+$/

export function trailingSlashLocation(pathname: string, trailingSlash: boolean): string | undefined {
  if (pathname.length <= 1) return undefined
  const slashed = pathname.endsWith('/')
  const bare = pathname.replace(/\/+$/, '') || '/'
  if (!trailingSlash) return slashed ? bare : undefined
  if (bare === '/.well-known' || bare.startsWith('/.well-known/')) return undefined
  const last = bare.slice(bare.lastIndexOf('/') + 1)
  if (FILE_LIKE.test(last)) return slashed ? bare : undefined
  return slashed || last.includes('.') ? undefined : `${bare}/`
}

/** The path routes are matched with: `/about/` is `/about` when trailing slashes are canonical. */
export function matchedPath(pathname: string, trailingSlash: boolean): string {
  return trailingSlash && pathname.length > 1 && pathname.endsWith('/')
    ? pathname.replace(/\/+$/, '') || '/'
    : pathname
}
