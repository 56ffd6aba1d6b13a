// getStaticPaths → the pathnames to prerender and the fallback mode, with Next's rules: `paths` is
// an array of URL strings matching the page or `{ params }` objects; `fallback` is false, true or
// 'blocking'; any other key is an error naming it. Strings go through the page's own matcher so a
// path for another page is refused; params go through fillPath (one encoding with the cache keys).
import { pagesDataResultError, showValue } from '../../errors.js'
import { createMatcher, fillPath } from '../server/match.js'

export type Fallback = false | true | 'blocking'

export interface StaticPaths {
  pathnames: string[]
  fallback: Fallback
}

const FN = 'getStaticPaths'

export function checkStaticPaths(page: string, pattern: string, result: unknown): StaticPaths {
  const fail = (problem: string, hint: string) => pagesDataResultError(FN, page, problem, hint)
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    throw fail(showValue(result), "It must return { paths: [...], fallback: false | true | 'blocking' }.")
  const r = result as Record<string, unknown>
  const extra = Object.keys(r).filter((k) => k !== 'paths' && k !== 'fallback')
  if (extra.length > 0)
    throw fail(`unknown keys: ${extra.join(', ')}`, 'Allowed keys are paths and fallback.')
  if (r.fallback !== false && r.fallback !== true && r.fallback !== 'blocking')
    throw fail(`fallback: ${showValue(r.fallback)}`, "fallback must be false, true or 'blocking'.")
  if (!Array.isArray(r.paths)) throw fail(`paths: ${showValue(r.paths)}`, 'paths must be an array.')
  const match = createMatcher([{ id: page, path: pattern, kind: 'page' }], { input: 'encoded' })
  const seen = new Set<string>()
  for (const entry of r.paths as unknown[]) {
    let pathname: string
    if (typeof entry === 'string') {
      const found = match(entry.split(/[?#]/)[0] ?? '')
      if (!found) throw fail(`the path '${entry}'`, `It does not match the page's pattern ${pattern}.`)
      pathname = found.pathname
    } else if (typeof entry === 'object' && entry !== null && 'params' in entry) {
      const keys = Object.keys(entry).filter((k) => k !== 'params' && k !== 'locale')
      if (keys.length > 0)
        throw fail(`a path with unknown keys: ${keys.join(', ')}`, 'URL parameters go under params.')
      pathname = fillPath(pattern, (entry as { params: Record<string, unknown> }).params ?? {})
    } else {
      throw fail(
        `a path ${showValue(entry)}`,
        "Each path is a string ('/blog/1') or { params: { id: '1' } }.",
      )
    }
    seen.add(pathname)
  }
  return { pathnames: [...seen], fallback: r.fallback }
}
