// The NextRequest middleware receives (routing/middleware.ts): a NextRequest whose cheap parts —
// url, method, headers, cookies, nextUrl — come straight from the incoming request, and whose Web
// `Request` internals are built only when something needs them (body, signal, clone(), text(), …,
// or handing it to `fetch` / `new Request`). Building an undici Request (and the Headers for it)
// took over half the server CPU of a whole cached HIT (bench/RESULTS.md, "Middleware"), and most
// middleware only reads the URL, a header or a cookie. It is a NextRequest and a Request to `instanceof` (its prototype chain is
// theirs) without running their constructors: every member it does not answer itself is delegated
// to the real request (stand-in.ts).
//
// Node's own fetch / Request constructor read a Request argument's internal state directly.
// Node 20 and 22's undici keeps that state under symbols, forwarded here to the real request, so
// `fetch(request)` and `new Request(request)` work; undici 7 (Node 24) keeps it in private fields,
// which no stand-in can have: there `middlewareRequest` builds the NextRequest eagerly as before.
// Which of the two holds is tested once, on the first call.

import type { IncomingInfo } from './contract.js'
import { NextRequest, RequestCookies } from './next-server.js'
import { NextURL, type NextURLConfig } from './next-url.js'
import { toHeaders } from './request.js'
import { standIn } from './stand-in.js'

type RawHeaders = IncomingInfo['headers']

class LazyNextRequest {
  readonly #href: string
  readonly #method: string
  readonly #raw: RawHeaders
  readonly #nextConfig: NextURLConfig
  #url: string | undefined
  #headers: Headers | undefined
  #nextUrl: NextURL | undefined
  #cookies: RequestCookies | undefined
  #real: Request | undefined

  constructor(href: string, method: string, raw: RawHeaders, nextConfig: NextURLConfig) {
    this.#href = href
    this.#method = method
    this.#raw = raw
    this.#nextConfig = nextConfig
  }

  /** The Request every delegated member reads, built from the current url, method and headers. */
  static real(self: LazyNextRequest): Request {
    self.#real ??= new Request(self.url, { method: self.#method, headers: self.headers })
    return self.#real
  }

  get url(): string {
    // Serialized as the Request constructor does (the host lower-cased, a default port dropped).
    this.#url ??= new URL(this.#href).href
    return this.#url
  }
  get method(): string {
    return this.#method
  }
  /** Once the real request exists its headers are the ones fetch(request) or clone() would send. */
  get headers(): Headers {
    if (this.#real !== undefined) return this.#real.headers
    this.#headers ??= toHeaders(this.#raw)
    return this.#headers
  }
  get nextUrl(): NextURL {
    this.#nextUrl ??= new NextURL(this.url, { nextConfig: this.#nextConfig })
    return this.#nextUrl
  }
  get cookies(): RequestCookies {
    // A single Cookie header needs no Headers object; several are joined as Headers joins them.
    const raw = this.#raw.cookie
    this.#cookies ??= new RequestCookies(
      this.#headers === undefined && !Array.isArray(raw) ? { get: () => raw ?? null } : this.headers,
    )
    return this.#cookies
  }
}

// NextRequest's own members (nextUrl, cookies) are all answered above: they read private fields
// this object lacks.
standIn(LazyNextRequest, NextRequest, Request, LazyNextRequest.real)
/**
 * Whether Node's Request constructor accepts the stand-in as a request to copy (undici 6), after
 * forwarding undici 6's internal slots (state, signal, headers, dispatcher: what fetch and
 * new Request read) to the real request. Run on the first middleware call, not at server start.
 */
function probeStandIn(): boolean {
  for (const slot of Object.getOwnPropertySymbols(new Request('http://localhost/')))
    Object.defineProperty(LazyNextRequest.prototype, slot, {
      get(this: LazyNextRequest) {
        return (LazyNextRequest.real(this) as unknown as Record<symbol, unknown>)[slot]
      },
      configurable: true,
    })
  try {
    const probe = new LazyNextRequest('http://localhost/probe?q=1', 'PUT', { 'x-probe': '1' }, {})
    const copy = new Request(probe as unknown as Request)
    return (
      copy.url === 'http://localhost/probe?q=1' &&
      copy.method === 'PUT' &&
      copy.headers.get('x-probe') === '1'
    )
  } catch {
    return false
  }
}
let standInWorks: boolean | undefined

/** The request handed to middleware: lazy where Node allows it, a plain NextRequest elsewhere. */
export function middlewareRequest(
  href: string,
  method: string,
  raw: RawHeaders,
  nextConfig: NextURLConfig,
): NextRequest {
  standInWorks ??= probeStandIn()
  if (standInWorks) return new LazyNextRequest(href, method, raw, nextConfig) as unknown as NextRequest
  return new NextRequest(href, { method, headers: toHeaders(raw), nextConfig })
}
