// The app's middleware.ts / proxy.ts, run on Node before routing (docs/design/server.md, "The
// request pipeline"). Its `config.matcher` is compiled as Next compiles it (path-to-regexp,
// case-sensitive, an optional trailing slash, `has` / `missing`), so a request it excludes costs
// one regex test and no Request object. A matched request becomes a NextRequest (no body: see
// docs/guide/differences-from-nextjs.md) whose Web Request is built only if middleware needs it
// (lazy-request.ts); what the function returns is read as Next reads it:
// next() (with response headers, cookies, request-header overrides), rewrite(), a redirect, or any
// other Response, which is the answer.

import { pathToRegexp } from 'path-to-regexp'
import type { RouteHas } from '../../../config/routing.js'
import { middlewareExportError, middlewareMatcherError } from '../../../errors.js'
import { middlewareRequest } from '../lazy-request.js'
import {
  isBareNext,
  MIDDLEWARE_NEXT,
  MIDDLEWARE_OVERRIDE,
  MIDDLEWARE_REQUEST_PREFIX,
  MIDDLEWARE_REWRITE,
  type NextRequest,
} from '../next-server.js'
import type { NextURLConfig } from '../next-url.js'
import type { RoutingRequest } from './routing-request.js'

type MiddlewareFunction = (request: NextRequest, event: unknown) => unknown
type MatcherEntry = string | { source: string; has?: RouteHas[]; missing?: RouteHas[]; locale?: false }

export interface MiddlewareModule {
  default?: unknown
  middleware?: unknown
  proxy?: unknown
  config?: { matcher?: MatcherEntry | MatcherEntry[] }
}

/** What middleware's next() / rewrite() hand on to the route and to the answer. */
export interface Carried {
  /** The headers the route sees instead of the request's (next({ request: { headers } })). */
  requestHeaders: Record<string, string> | undefined
  /** Headers and Set-Cookie added to whatever answers the request. */
  responseHeaders: Headers | undefined
}

export type MiddlewareOutcome =
  /** The middleware answered (json, a redirect, any Response): sent as is. */
  | { type: 'respond'; response: Response }
  /** `rewrite`: an absolute URL from rewrite(), same origin = another path of this app. */
  | ({ type: 'continue'; rewrite: string | undefined } & Carried)

export interface Middleware {
  /** Whether config.matcher selects this request (always, without a matcher). */
  matches(req: RoutingRequest): boolean
  run(req: RoutingRequest): MiddlewareOutcome | Promise<MiddlewareOutcome>
}

export type LogError = (message: string, error: unknown) => void

export interface MiddlewareOptions {
  logError?: LogError
  /** next.config's basePath ('' = none) and trailingSlash: the matcher's prefix, nextUrl's view. */
  basePath?: string
  trailingSlash?: boolean
}

export function createMiddleware(
  mod: MiddlewareModule,
  file: string,
  opts: MiddlewareOptions = {},
): Middleware {
  const { logError } = opts
  const fn = [mod.default, mod.middleware, mod.proxy].find((f) => typeof f === 'function') as
    | MiddlewareFunction
    | undefined
  if (!fn) throw middlewareExportError(file)
  const nextConfig: NextURLConfig = {
    basePath: opts.basePath ?? '',
    trailingSlash: opts.trailingSlash ?? false,
  }
  const matches = compileMatcher(mod.config?.matcher, file, nextConfig.basePath ?? '')
  // `event.waitUntil(promise)`: on Node the promise runs on after the answer anyway; a rejection
  // is logged instead of becoming an unhandled rejection.
  const waitUntil = (promise: unknown) => {
    Promise.resolve(promise).catch((error: unknown) =>
      logError?.(`${file}: a waitUntil() promise failed`, error),
    )
  }
  return {
    matches,
    run(req) {
      const request = toNextRequest(req, nextConfig)
      const result = fn(request, { waitUntil })
      return isThenable(result)
        ? Promise.resolve(result).then((r) => outcomeOf(r, request, req))
        : outcomeOf(result, request, req)
    },
  }
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as PromiseLike<unknown> | null)?.then === 'function'

function toNextRequest(req: RoutingRequest, nextConfig: NextURLConfig): NextRequest {
  const info = req.info
  // The page URL (an RSC payload request is routed as its page, as in Next.js), with basePath:
  // `request.url` is the URL as requested, `nextUrl` takes the prefix off its pathname.
  return middlewareRequest(
    `${info.origin}${req.encodedPath}${info.search}`,
    info.method,
    info.headers,
    nextConfig,
  )
}

const CONTINUE_NOTHING: MiddlewareOutcome = {
  type: 'continue',
  rewrite: undefined,
  requestHeaders: undefined,
  responseHeaders: undefined,
}

function outcomeOf(result: unknown, request: NextRequest, req: RoutingRequest): MiddlewareOutcome {
  if (result === undefined || result === null || isBareNext(result)) return CONTINUE_NOTHING
  if (!(result instanceof Response))
    throw new TypeError('[fresco] middleware must return a Response (NextResponse), or nothing to continue.')
  const h = result.headers
  const rewrite = h.get(MIDDLEWARE_REWRITE) ?? undefined
  if (rewrite === undefined && h.get(MIDDLEWARE_NEXT) === null) {
    const location = h.get('location')
    // Next relativizes a same-origin redirect: `Location: /login`, not `http://host/login`.
    // Its body, when it has none, is the location (what `next start` sends).
    if (location !== null && result.status >= 300 && result.status < 400) {
      const relative = relativize(location, request.url)
      if (relative !== location || result.body === null) {
        const headers = new Headers(h)
        headers.set('location', relative)
        // A body-less 308 also says Refresh (for clients that do not follow 308), as next start sends it.
        if (result.body === null && result.status === 308) headers.set('refresh', `0;url=${relative}`)
        const body = result.body ?? relative
        return { type: 'respond', response: new Response(body, { status: result.status, headers }) }
      }
    }
    return { type: 'respond', response: result }
  }
  let requestHeaders: Record<string, string> | undefined
  const override = h.get(MIDDLEWARE_OVERRIDE)
  if (override !== null) {
    requestHeaders = {}
    for (const key of override.split(',')) {
      const value = h.get(MIDDLEWARE_REQUEST_PREFIX + key)
      if (key !== '' && value !== null) requestHeaders[key.toLowerCase()] = value
    }
  }
  let responseHeaders: Headers | undefined
  h.forEach((value, name) => {
    if (name.startsWith('x-middleware-') || name === 'set-cookie') return
    responseHeaders ??= new Headers()
    responseHeaders.set(name, value)
  })
  const setCookies = h.getSetCookie()
  for (const cookie of setCookies) {
    responseHeaders ??= new Headers()
    responseHeaders.append('set-cookie', cookie)
  }
  // As Next.js: the route's cookies() already sees what middleware set.
  if (setCookies.length > 0) {
    requestHeaders ??= plainHeaders(req.info.headers)
    requestHeaders.cookie = mergeCookies(requestHeaders.cookie, setCookies)
  }
  return { type: 'continue', rewrite, requestHeaders, responseHeaders }
}

function plainHeaders(raw: RoutingRequest['info']['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name.startsWith(':')) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** The Cookie header with each Set-Cookie's name=value in place of the request's own. */
function mergeCookies(header: string | undefined, setCookies: string[]): string {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  for (const set of setCookies) {
    const pair = set.split(';', 1)[0] ?? ''
    const eq = pair.indexOf('=')
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
  }
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

function relativize(location: string, base: string): string {
  try {
    const url = new URL(location, base)
    return url.origin === new URL(base).origin ? url.pathname + url.search + url.hash : location
  } catch {
    return location
  }
}

type Matcher = (req: RoutingRequest) => boolean

/** Next's getMiddlewareMatchers: each source also matches its Pages Router data URL. */
function compileMatcher(matcher: unknown, file: string, basePath: string): Middleware['matches'] {
  if (matcher === undefined) return () => true
  const list = Array.isArray(matcher) ? matcher : [matcher]
  const tests: Matcher[] = list.map((entry) => {
    const m =
      typeof entry === 'string'
        ? { source: entry }
        : (entry as { source?: unknown; has?: unknown; missing?: unknown })
    if (typeof m !== 'object' || m === null || typeof m.source !== 'string' || !m.source.startsWith('/'))
      throw middlewareMatcherError(file, entry, "each source must be a string starting with '/'")
    let regexp: RegExp
    try {
      // Under next.config's basePath a source names a path of the app, as Next prefixes it: no
      // matcher ever selects a path outside basePath (only a middleware without one runs there).
      const source = basePath === '' ? m.source : m.source === '/' ? basePath : basePath + m.source
      const re = pathToRegexp(source, [], { delimiter: '/', sensitive: true, strict: false })
      regexp = new RegExp(re.source) // Next drops the flags: case-sensitive
    } catch (e) {
      throw middlewareMatcherError(file, entry, e instanceof Error ? e.message : String(e))
    }
    const has = (m.has ?? []) as RouteHas[]
    const missing = (m.missing ?? []) as RouteHas[]
    if (!Array.isArray(has) || !Array.isArray(missing))
      throw middlewareMatcherError(file, entry, 'has and missing must be arrays')
    const conditions = (list: RouteHas[]) => list.map((c) => conditionTest(c, file, entry))
    const hasTests = conditions(has)
    const missingTests = conditions(missing)
    return (req) =>
      regexp.test(req.encodedPath) && hasTests.every((t) => t(req)) && !missingTests.some((t) => t(req))
  })
  return (req) => tests.some((t) => t(req))
}

function conditionTest(c: RouteHas, file: string, entry: unknown): Matcher {
  if (typeof c !== 'object' || c === null || !['header', 'cookie', 'query', 'host'].includes(c.type))
    throw middlewareMatcherError(
      file,
      entry,
      "has / missing items are { type: 'header' | 'cookie' | 'query' | 'host', key, value }",
    )
  const pattern = typeof c.value === 'string' ? new RegExp(`^${c.value}$`) : undefined
  return (req) => {
    const value = req.condition(c.type, c.key)
    if (value === undefined || value === '') return false
    return pattern ? pattern.test(value) : true
  }
}
