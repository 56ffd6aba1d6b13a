// next.config's `basePath` at the edge of the server: the app lives under `/docs`, so a request
// for `/docs/blog` is served as `/blog` by everything after this point (routes, route cache keys,
// static files, revalidatePath), exactly as an app without basePath serves `/blog`; a request
// outside `/docs` is a 404 (after middleware, and after the trailing-slash 308), as on `next start`. Redirect and rewrite rules run before this, on
// the full path (their sources carry the prefix unless `basePath: false`).
import { encodePathSegment } from '../runtime/server/match.js'
import { trailingSlashLocation } from '../runtime/server/trailing-slash.js'
import type { RequestTarget } from './url.js'

/** Served for every path outside basePath: `/_fresco/` is Fresco's, no route ever matches it. */
const OUTSIDE_BASE_PATH = '/_fresco/outside-base-path'

/** That target in the trailing-slash form the app never redirects (so outside stays a 404). */
export const outsideTarget = (trailingSlash: boolean): RequestTarget => ({
  pathname: trailingSlash ? `${OUTSIDE_BASE_PATH}/` : OUTSIDE_BASE_PATH,
  search: '',
})

/**
 * `/outside/` → 308 `/outside` (`/outside` → `/outside/` under trailingSlash) for a path outside
 * basePath: Next's trailing-slash redirects are not under basePath, so they answer there too (before
 * middleware), with no prefix added; undefined for a path in its canonical form.
 */
export function outsideSlashLocation(target: RequestTarget, trailingSlash: boolean): string | undefined {
  const location = trailingSlashLocation(target.pathname, trailingSlash)
  if (location === undefined) return undefined
  return location.split('/').map(encodePathSegment).join('/') + target.search
}

/**
 * `/docs/` → 308 `/docs` (and `/docs` → `/docs/` under trailingSlash), as `next start` answers the
 * root of basePath; undefined when the path is not that root in its other form.
 */
export function basePathRootLocation(target: RequestTarget, basePath: string, trailingSlash: boolean) {
  if (basePath === '') return undefined
  const other = trailingSlash ? basePath : `${basePath}/`
  if (target.pathname !== other) return undefined
  return (trailingSlash ? `${basePath}/` : basePath) + target.search
}

/**
 * The target without `basePath` ('/docs' → '/', '/docs/a' → '/a'), or undefined when the path is
 * outside it ('/docsx', '/a'). '' = no basePath: the target itself.
 */
export function insideBasePath(target: RequestTarget, basePath: string): RequestTarget | undefined {
  if (basePath === '') return target
  const path = target.pathname
  if (!path.startsWith(basePath)) return undefined
  if (path.length === basePath.length) return { pathname: '/', search: target.search }
  if (path.charCodeAt(basePath.length) !== 47 /* '/' */) return undefined
  return { pathname: path.slice(basePath.length), search: target.search }
}
