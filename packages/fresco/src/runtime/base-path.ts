// next.config's `basePath` for the URLs the app makes: <Link> hrefs, router.push(), redirect(),
// the client router's payload and data requests, metadata file links. The node layer strips it
// from requests (node/base-path.ts), so routes, cache keys and revalidatePath() never see it;
// everything the browser is sent gets it back here. __FRESCO_BASE_PATH__ is defined by
// build/vite-config.ts in every environment; absent (unit tests), there is none.
declare const __FRESCO_BASE_PATH__: string | undefined
declare const __FRESCO_TRAILING_SLASH__: boolean | undefined

export const basePath = typeof __FRESCO_BASE_PATH__ === 'undefined' ? '' : __FRESCO_BASE_PATH__
const trailingSlash = typeof __FRESCO_TRAILING_SLASH__ !== 'undefined' && __FRESCO_TRAILING_SLASH__

/**
 * A path of the app as the browser addresses it: '/about?x#y' → '/docs/about?x#y', '/' → '/docs'
 * ('/docs/' under trailingSlash), as Next's addBasePath. Anything not a local path ('https://…',
 * '//host', '#top', '?q') is left alone; a path already under basePath is prefixed again, as in Next.
 */
export function addBasePath(href: string, base = basePath, slash = trailingSlash): string {
  if (base === '' || !href.startsWith('/') || href.startsWith('//')) return href
  const end = href.search(/[?#]/)
  const path = end < 0 ? href : href.slice(0, end)
  const rest = end < 0 ? '' : href.slice(end)
  return (path === '/' ? (slash ? `${base}/` : base) : base + path) + rest
}

/** A browser pathname back to the app's: '/docs/about' → '/about', '/docs' → '/'; others as they are. */
export function stripBasePath(pathname: string, base = basePath): string {
  if (base === '' || !pathname.startsWith(base)) return pathname
  if (pathname.length === base.length) return '/'
  return pathname.charCodeAt(base.length) === 47 ? pathname.slice(base.length) : pathname
}
