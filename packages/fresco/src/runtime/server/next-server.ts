// NextRequest / NextResponse (public as `@fresco/framework/server`, which `next/server` resolves to): thin
// subclasses of the Web Request / Response, so route handlers written for Next.js run as is.
// rewrite() and next() are middleware's (routing/middleware.ts reads what they set).
import { invalidRedirectStatusError, middlewareUrlError } from '../../errors.js'
import {
  type CookieOptions,
  isCookieName,
  type ResponseCookie,
  serializeCookie,
} from '../data/cookie-serialize.js'
import { parseCookieHeader } from '../data/request-store.js'
import { NextURL, type NextURLConfig } from './next-url.js'
import { standIn } from './stand-in.js'

export { NextURL } from './next-url.js'

export interface RequestCookie {
  name: string
  value: string
}

/** Read-only view of the request's Cookie header. */
export class RequestCookies {
  readonly #map: Map<string, string>
  constructor(headers: Pick<Headers, 'get'>) {
    this.#map = parseCookieHeader(headers.get('cookie'))
  }
  get size(): number {
    return this.#map.size
  }
  get(name: string | RequestCookie): RequestCookie | undefined {
    const key = typeof name === 'string' ? name : name.name
    const value = this.#map.get(key)
    return value === undefined ? undefined : { name: key, value }
  }
  getAll(name?: string | RequestCookie): RequestCookie[] {
    const all = [...this.#map].map(([n, value]) => ({ name: n, value }))
    if (name === undefined) return all
    const key = typeof name === 'string' ? name : name.name
    return all.filter((c) => c.name === key)
  }
  has(name: string): boolean {
    return this.#map.has(name)
  }
}

/** Cookies a response sets: every change rewrites the response's Set-Cookie headers. */
export class ResponseCookies {
  readonly #headers: Headers
  readonly #map = new Map<string, ResponseCookie>()
  constructor(headers: Headers) {
    this.#headers = headers
  }
  get(name: string): ResponseCookie | undefined {
    return this.#map.get(name)
  }
  getAll(): ResponseCookie[] {
    return [...this.#map.values()]
  }
  has(name: string): boolean {
    return this.#map.has(name)
  }
  set(nameOrCookie: string | ResponseCookie, value?: string, options?: CookieOptions): this {
    const cookie =
      typeof nameOrCookie === 'string' ? { ...options, name: nameOrCookie, value: value ?? '' } : nameOrCookie
    if (!isCookieName(cookie.name))
      throw new TypeError(`[fresco] Invalid cookie name ${JSON.stringify(cookie.name)}.`)
    this.#map.set(cookie.name, cookie)
    this.#sync()
    return this
  }
  /** Expire the cookie in the browser (Max-Age=0). */
  delete(name: string, options?: Pick<CookieOptions, 'path' | 'domain'>): this {
    return this.set(name, '', { ...options, maxAge: 0, expires: 0 })
  }
  #sync(): void {
    this.#headers.delete('set-cookie')
    for (const cookie of this.#map.values()) this.#headers.append('set-cookie', serializeCookie(cookie))
  }
}

/** `new NextRequest(input, init)`: `nextConfig` tells nextUrl the app's basePath (middleware's). */
export interface NextRequestInit extends RequestInit {
  nextConfig?: NextURLConfig
}

export class NextRequest extends Request {
  readonly #nextConfig: NextURLConfig | undefined
  #nextUrl: NextURL | undefined
  #cookies: RequestCookies | undefined
  constructor(input: RequestInfo | URL, init?: NextRequestInit) {
    super(input, init)
    this.#nextConfig = init?.nextConfig
  }
  // Both built when first read: middleware runs on every request its matcher selects.
  get nextUrl(): NextURL {
    this.#nextUrl ??= new NextURL(this.url, { nextConfig: this.#nextConfig })
    return this.#nextUrl
  }
  get cookies(): RequestCookies {
    this.#cookies ??= new RequestCookies(this.headers)
    return this.#cookies
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

export class NextResponse<Body = unknown> extends Response {
  readonly cookies: ResponseCookies
  declare readonly __body?: Body // lets NextResponse<T> carry the JSON type, as in Next.js
  constructor(body?: BodyInit | null, init?: ResponseInit) {
    super(body, init)
    this.cookies = new ResponseCookies(this.headers)
  }

  static override json<T>(body: T, init?: ResponseInit): NextResponse<T> {
    const headers = new Headers(init?.headers)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    return new NextResponse<T>(JSON.stringify(body), { ...init, headers })
  }

  /** 307 by default. Relative URLs are kept as is (browsers resolve them against the request). */
  static override redirect(url: string | URL, init?: number | ResponseInit): NextResponse {
    const status = typeof init === 'number' ? init : (init?.status ?? 307)
    if (!REDIRECT_STATUSES.has(status)) throw invalidRedirectStatusError(status)
    const headers = new Headers(typeof init === 'object' ? init.headers : undefined)
    headers.set('location', String(url))
    return new NextResponse(null, { ...(typeof init === 'object' ? init : {}), status, headers })
  }

  /**
   * Middleware: serve `destination` (same origin: another path of this app; other origin: proxied)
   * under the request's URL. Absolute URLs only, as in Next.js.
   */
  static rewrite(destination: string | URL, init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers)
    headers.set(MIDDLEWARE_REWRITE, absoluteUrl('NextResponse.rewrite()', destination))
    overrideRequestHeaders(init, headers)
    return new NextResponse(null, { ...init, headers })
  }

  /** Middleware: go on to the route, with these response headers (and request headers, if given). */
  static next(init?: MiddlewareResponseInit): NextResponse {
    if (init === undefined) return new BareNext() as unknown as NextResponse
    const headers = new Headers(init?.headers)
    headers.set(MIDDLEWARE_NEXT, '1')
    overrideRequestHeaders(init, headers)
    return new NextResponse(null, { ...init, headers })
  }
}

/**
 * `NextResponse.next()` without arguments, the commonest middleware answer: a NextResponse (to
 * `instanceof`, its prototype chain is NextResponse's) whose headers are made when first read, so
 * routing/middleware.ts can tell one nobody touched (`isBareNext`) from its fields, without a
 * Response constructed or its headers read back. Status, body and headers are answered here; the
 * other members (clone(), text(), …) read a NextResponse built from the current headers each time,
 * so nothing a caller changes is missed.
 */
class BareNext {
  #headers: Headers | undefined
  #cookies: ResponseCookies | undefined

  static isBare(response: unknown): boolean {
    return (
      typeof response === 'object' &&
      response !== null &&
      #headers in response &&
      response.#headers === undefined
    )
  }
  static real(self: BareNext): NextResponse {
    return new NextResponse(null, { headers: self.headers })
  }

  get headers(): Headers {
    this.#headers ??= new Headers({ [MIDDLEWARE_NEXT]: '1' })
    return this.#headers
  }
  get cookies(): ResponseCookies {
    this.#cookies ??= new ResponseCookies(this.headers)
    return this.#cookies
  }
  get status(): number {
    return 200
  }
  get ok(): boolean {
    return true
  }
  get statusText(): string {
    return ''
  }
  get type(): ResponseType {
    return 'default'
  }
  get url(): string {
    return ''
  }
  get redirected(): boolean {
    return false
  }
  get body(): null {
    return null
  }
  get bodyUsed(): boolean {
    return false
  }
}
standIn(BareNext, NextResponse, Response, BareNext.real)

/** A `NextResponse.next()` whose headers and cookies were never read or changed: nothing to carry. */
export const isBareNext = BareNext.isBare

/** NextResponse.next() / rewrite() options: `request.headers` replaces the headers the route sees. */
export interface MiddlewareResponseInit extends ResponseInit {
  request?: { headers?: Headers }
}

// The headers Next.js uses to carry middleware decisions (runtime/server/routing/middleware.ts
// reads them and never sends them to the client).
export const MIDDLEWARE_NEXT = 'x-middleware-next'
export const MIDDLEWARE_REWRITE = 'x-middleware-rewrite'
export const MIDDLEWARE_OVERRIDE = 'x-middleware-override-headers'
export const MIDDLEWARE_REQUEST_PREFIX = 'x-middleware-request-'

function absoluteUrl(helper: string, url: string | URL): string {
  try {
    return String(new URL(String(url)))
  } catch {
    throw middlewareUrlError(helper, url)
  }
}

function overrideRequestHeaders(init: MiddlewareResponseInit | undefined, headers: Headers): void {
  const next = init?.request?.headers
  if (next === undefined) return
  if (!(next instanceof Headers)) throw new TypeError('[fresco] request.headers must be a Headers object')
  const keys: string[] = []
  for (const [key, value] of next) {
    headers.set(MIDDLEWARE_REQUEST_PREFIX + key, value)
    keys.push(key)
  }
  headers.set(MIDDLEWARE_OVERRIDE, keys.join(','))
}
