// <Link> hrefs under next.config's `trailingSlash: true`: rendered with the canonical trailing slash
// (`/about` → `/about/`, query and hash kept), as Next's normalizePathTrailingSlash does, so links
// never point at a URL that answers 308. A last segment with a dot (`/feed.xml`) gets none.
// __FRESCO_TRAILING_SLASH__ is defined by build/vite-config.ts; absent (tests), nothing changes.
declare const __FRESCO_TRAILING_SLASH__: boolean | undefined

const trailingSlash = typeof __FRESCO_TRAILING_SLASH__ !== 'undefined' && __FRESCO_TRAILING_SLASH__

export function canonicalHref(href: string, enabled = trailingSlash): string {
  if (!enabled || !href.startsWith('/') || href.startsWith('//')) return href
  const end = href.search(/[?#]/)
  const path = end < 0 ? href : href.slice(0, end)
  const rest = end < 0 ? '' : href.slice(end)
  if (/\.[^/]+\/?$/.test(path)) return path.replace(/\/$/, '') + rest
  return (path.endsWith('/') ? path : `${path}/`) + rest
}
