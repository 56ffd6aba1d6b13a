// IncomingInfo (node layer) → the pieces the app needs: the page pathname, whether the payload
// or the HTML is asked for, and a Web Request built only when user code needs one.

import { RSC_PREFIX } from '../render/payload.js'
import type { IncomingInfo } from './contract.js'

export interface AppRequest {
  info: IncomingInfo
  /** The page path ('/_fresco/rsc/blog/1' → '/blog/1'). */
  pathname: string
  which: 'html' | 'rsc'
  url: URL
  headers: Headers
  header(name: string): string | undefined
  toRequest(): Request
}

export function toHeaders(raw: IncomingInfo['headers']): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name.startsWith(':')) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  return headers
}

/** The page path and representation of a request path ('/_fresco/rsc/blog/1' → rsc of '/blog/1'). */
export function pagePath(path: string): { pathname: string; which: 'html' | 'rsc' } {
  if (path === RSC_PREFIX || path.startsWith(`${RSC_PREFIX}/`))
    return { pathname: path.slice(RSC_PREFIX.length) || '/', which: 'rsc' }
  return { pathname: path, which: 'html' }
}

export function parseAppRequest(info: IncomingInfo): AppRequest {
  const { pathname, which } = pagePath(info.pathname)
  // Built when first read: cached answers never need it.
  let url: URL | undefined
  let headers: Headers | undefined
  return {
    info,
    pathname,
    which,
    get url() {
      url ??= new URL(`${info.origin}${pathname}${info.search}`)
      return url
    },
    get headers() {
      headers ??= toHeaders(info.headers)
      return headers
    },
    header(name) {
      const v = info.headers[name]
      return Array.isArray(v) ? v[0] : v
    },
    toRequest() {
      const body = info.body()
      return new Request(this.url, {
        method: info.method,
        headers: this.headers,
        body,
        signal: info.signal,
        // Node's fetch Request needs this for a streamed body.
        ...(body ? { duplex: 'half' } : {}),
      } as RequestInit)
    },
  }
}
