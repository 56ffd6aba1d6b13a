// The request as the routing rules see it (redirects, rewrites, the middleware matcher): the page
// path (an RSC payload request `/_fresco/rsc/blog` and a Pages Router data request
// `/_fresco/data/<build>/blog.json` are routed as `/blog`, as Next routes its `.rsc` and
// `/_next/data` requests as the page; a rewrite keeps the representation), and the header, cookie, query and host conditions of `has` / `missing`,
// each parsed only when a rule asks.
import { parseCookieHeader } from '../../data/request-store.js'
import { dataUrl, parseDataUrl } from '../../pages/data-url.js'
import { RSC_PREFIX } from '../../render/payload.js'
import type { IncomingInfo } from '../contract.js'
import { encodePathSegment } from '../match.js'

export interface RoutingRequest {
  info: IncomingInfo
  /** The page path, decoded once (IncomingInfo.pathname without the RSC prefix). */
  pathname: string
  /** The same, each segment percent-encoded: what path patterns are matched against. */
  encodedPath: string
  /** The request path of another page path in this request's representation (HTML, RSC, data). */
  represent(pagePath: string): string
  search: string
  condition(type: 'header' | 'cookie' | 'query' | 'host', key: string | undefined): string | undefined
}

/** `at`: a path (decoded once) and query this request was rewritten to, routed instead of its own. */
export function routingRequest(
  info: IncomingInfo,
  buildId: string,
  at: { pathname: string; search: string } = info,
): RoutingRequest {
  const path = at.pathname
  const rsc = path === RSC_PREFIX || path.startsWith(`${RSC_PREFIX}/`)
  const data = rsc ? undefined : parseDataUrl(path, buildId)
  const pathname = rsc ? path.slice(RSC_PREFIX.length) || '/' : data?.kind === 'data' ? data.pathname : path
  const represent = rsc
    ? (page: string) => (page === '/' ? RSC_PREFIX : RSC_PREFIX + page)
    : data?.kind === 'data'
      ? (page: string) => dataUrl(buildId, page)
      : (page: string) => page
  let encoded: string | undefined
  let cookies: Map<string, string> | undefined
  let query: URLSearchParams | undefined
  const header = (name: string) => {
    const v = info.headers[name]
    return Array.isArray(v) ? v.join(', ') : v
  }
  return {
    info,
    pathname,
    get encodedPath() {
      encoded ??= pathname === '/' ? '/' : pathname.split('/').map(encodePathSegment).join('/')
      return encoded
    },
    represent,
    search: at.search,
    condition(type, key) {
      if (type === 'host') return header('host')?.split(':', 1)[0]?.toLowerCase()
      if (key === undefined) return undefined
      if (type === 'header') return header(key.toLowerCase())
      if (type === 'cookie') {
        cookies ??= parseCookieHeader(header('cookie') ?? null)
        return cookies.get(key)
      }
      query ??= new URLSearchParams(at.search)
      const all = query.getAll(key)
      return all.length > 0 ? all[all.length - 1] : undefined
    },
  }
}
