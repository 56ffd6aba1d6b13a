// Whether a decoded pathname fits a route pattern ('/photos/[id]', '/docs/[...slug]'), exactly or
// at-or-below it. Interception needs both (intercepted URL, page navigated from) on the server and
// in the browser (which Router Cache entries depend on the page navigated from), so it is plain
// string work with no imports.

export interface InterceptRule {
  /** The URL pattern an intercepting route intercepts. */
  path: string
  /** Navigations from this pattern or below it are intercepted. */
  from: string
}

const split = (p: string) => p.split('/').filter((s) => s !== '')

/** `below`: the pathname may go on past the pattern (`/feed/a` is below `/feed`). */
export function fitsPattern(pattern: string, pathname: string, below = false): boolean {
  const want = split(pattern)
  const have = split(pathname)
  for (let i = 0; i < want.length; i++) {
    const part = want[i] as string
    if (part.startsWith('[[...')) return true
    if (part.startsWith('[...')) return have.length > i
    if (i >= have.length) return false
    if (!part.startsWith('[') && part !== have[i]) return false
  }
  return below || have.length === want.length
}

/** Whether a payload of this pathname depends on the page navigated from. */
export function isInterceptable(rules: readonly InterceptRule[], pathname: string): boolean {
  return rules.some((r) => fitsPattern(r.path, pathname))
}
