// The request as the routing rules see it (redirects, rewrites, the middleware matcher): the page
// path (an RSC payload request `/_fresco/rsc/blog` and a Pages Router data request
// `/_fresco/data/<build>/blog.json` are routed as `/blog`, as Next routes its `.rsc` and
// `/_next/data` requests as the page; a rewrite keeps the representation), and the header,
// cookie, query and host conditions of `has` / `missing`, each parsed only when a rule asks.
// Under next.config's basePath the rules see the full path (their sources carry the prefix), so
// `/docs/_fresco/rsc/blog` is routed as `/docs/blog` and represented back the same way.
// A class with lazy fields: every request through routing builds one, so it must cost little.
import { parseCookieHeader } from '../../data/request-store.js'
import { dataUrl, parseDataUrl } from '../../pages/data-url.js'
import { RSC_PREFIX } from '../../render/payload.js'
import type { IncomingInfo } from '../contract.js'
import { encodePathSegment } from '../match.js'

/** Paths made of these characters are their own encoding (RFC 3986 pchar without '%'). */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/

export class RoutingRequest {
  readonly info: IncomingInfo
  /** The page path, decoded once (IncomingInfo.pathname without the RSC or data wrapping). */
  readonly pathname: string
  readonly search: string
  readonly #wrap: 'html' | 'rsc' | 'data'
  readonly #buildId: string
  readonly #basePath: string
  #encoded: string | undefined
  #cookies: Map<string, string> | undefined
  #query: URLSearchParams | undefined

  /** `at`: a path (decoded once) and query this request was rewritten to, routed instead of its own. */
  constructor(
    info: IncomingInfo,
    buildId: string,
    basePath = '',
    at: { pathname: string; search: string } = info,
  ) {
    this.info = info
    this.#buildId = buildId
    this.#basePath = basePath
    this.search = at.search
    const base = basePath !== '' && at.pathname.startsWith(`${basePath}/`) ? basePath : ''
    const path = at.pathname.slice(base.length)
    if (path === RSC_PREFIX || path.startsWith(`${RSC_PREFIX}/`)) {
      this.#wrap = 'rsc'
      this.pathname = withBase(base, path.slice(RSC_PREFIX.length) || '/')
      return
    }
    const data = parseDataUrl(path, buildId)
    this.#wrap = data?.kind === 'data' ? 'data' : 'html'
    this.pathname = data?.kind === 'data' ? withBase(base, data.pathname) : at.pathname
  }

  /** An HTML request (not an RSC payload or a data URL). */
  get isDocument(): boolean {
    return this.#wrap === 'html'
  }

  /** The page path, each segment percent-encoded: what path patterns are matched against. */
  get encodedPath(): string {
    if (this.#encoded === undefined) {
      const p = this.pathname
      this.#encoded = PLAIN_PATH.test(p) ? p : p.split('/').map(encodePathSegment).join('/')
    }
    return this.#encoded
  }

  /** The request path of another page path in this request's representation (HTML, RSC, data). */
  represent(pagePath: string): string {
    if (this.#wrap === 'html') return pagePath
    const bp = this.#basePath
    const base = bp !== '' && (pagePath === bp || pagePath.startsWith(`${bp}/`)) ? bp : ''
    const page = pagePath.slice(base.length) || '/'
    if (this.#wrap === 'rsc') return base + (page === '/' ? RSC_PREFIX : RSC_PREFIX + page)
    return base + dataUrl(this.#buildId, page)
  }

  /** The same request (and representation) rewritten to another page path and query. */
  at(pathname: string, search: string): RoutingRequest {
    const page = this.#wrap === 'html' ? pathname : this.represent(pathname)
    return new RoutingRequest(this.info, this.#buildId, this.#basePath, { pathname: page, search })
  }

  condition(type: 'header' | 'cookie' | 'query' | 'host', key: string | undefined): string | undefined {
    if (type === 'host') return this.#header('host')?.split(':', 1)[0]?.toLowerCase()
    if (key === undefined) return undefined
    if (type === 'header') return this.#header(key.toLowerCase())
    if (type === 'cookie') {
      this.#cookies ??= parseCookieHeader(this.#header('cookie') ?? null)
      return this.#cookies.get(key)
    }
    this.#query ??= new URLSearchParams(this.search)
    const all = this.#query.getAll(key)
    return all.length > 0 ? all[all.length - 1] : undefined
  }

  #header(name: string): string | undefined {
    const v = this.info.headers[name]
    return Array.isArray(v) ? v.join(', ') : v
  }
}

/** A page path under basePath: '/docs' + '/' is '/docs', as the page's URL is (no trailing slash). */
const withBase = (base: string, page: string) => (base === '' ? page : page === '/' ? base : base + page)

export const routingRequest = (info: IncomingInfo, buildId: string, basePath = '') =>
  new RoutingRequest(info, buildId, basePath)
