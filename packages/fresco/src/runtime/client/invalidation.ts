// Which Router Cache entries a Server Action made outdated. The action's response lists the tags
// it revalidated (`x-fresco-revalidated`, URL-encoded, comma separated; `*` when it set
// cookies). Tags stay opaque to the client (they never leak into responses), so an explicit tag
// (`posts`) clears everything, as Next.js does for any revalidation; implicit path tags
// (`_N_T_/blog/1`, `_N_T_/blog/[id]/page`, `_N_T_/blog/layout`) clear only the URLs they cover.

/** @fresco/cache's IMPLICIT_TAG_PREFIX: the client never imports the engine (invalidation.test.ts checks they agree). */
export const IMPLICIT_TAG_PREFIX = '_N_T_'

/** A predicate over cache keys (pathname + search), or 'all'. */
export type Invalidation = 'all' | ((key: string) => boolean)

const stripGroups = (path: string) => path.replace(/\/\([^/]+\)/g, '') || '/'

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p
}

/** `/blog/[id]` → /^\/blog\/[^/]+$/; `/docs/[...slug]` → one or more segments; `prefix` for layouts. */
function patternRegExp(pattern: string, prefix: boolean): RegExp {
  const parts = pattern
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      if (/^\[\[\.\.\.[^\]]+\]\]$/.test(seg)) return '(?:/.+)?'
      if (/^\[\.\.\.[^\]]+\]$/.test(seg)) return '/.+'
      if (/^\[[^\]]+\]$/.test(seg)) return '/[^/]+'
      return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`
    })
  const body = parts.join('')
  return new RegExp(`^${body}${prefix ? '(?:/.*)?' : ''}$`)
}

function tagMatcher(tag: string): Invalidation {
  if (!tag.startsWith(IMPLICIT_TAG_PREFIX)) return 'all'
  const path = tag.slice(IMPLICIT_TAG_PREFIX.length)
  if (path === '/layout') return 'all'
  const layout = path.endsWith('/layout')
  const page = path.endsWith('/page')
  if (layout || page) {
    const re = patternRegExp(stripGroups(path.slice(0, path.lastIndexOf('/'))), layout)
    return (pathname) => re.test(trimSlash(pathname) || '/')
  }
  const exact = path === '/index' ? '/' : trimSlash(path)
  return (pathname) => (trimSlash(pathname) || '/') === exact
}

/** The entries to drop for a header value (undefined / empty: none). */
export function invalidationFor(header: string | null | undefined): Invalidation | undefined {
  if (!header) return undefined
  const tags = header.split(',').map((t) => {
    try {
      return decodeURIComponent(t.trim())
    } catch {
      return '*'
    }
  })
  const matchers: ((pathname: string) => boolean)[] = []
  for (const tag of tags) {
    const m = tag === '*' ? 'all' : tagMatcher(tag)
    if (m === 'all') return 'all'
    matchers.push(m)
  }
  return (key) => {
    // `?query`, and `#from` on payloads that vary with the page navigated from (navigator.ts).
    const q = key.search(/[?#]/)
    const pathname = q === -1 ? key : key.slice(0, q)
    return matchers.some((m) => m(pathname))
  }
}
