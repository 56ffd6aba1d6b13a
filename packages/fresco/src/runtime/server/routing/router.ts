// The request pipeline in front of the routes, in Next.js's order (docs/design/server.md, "The
// request pipeline"): redirects → middleware → beforeFiles rewrites → [static files and routes
// without params] → afterFiles rewrites → [routes with params] → fallback rewrites. The node layer
// asks `before` first and `after` when no file or static route took the path; everything else
// (the plan, the HIT path, the route cache) sees only the path it is finally given, so a rewrite
// to a cached page is that page's HIT, and nothing here reaches a cached render: middleware's
// request headers go to per-request renders only, like every other request input.
import type { ResolvedRouteRule, ResolvedRouting } from '../../../config/routing.js'
import type { IncomingInfo } from '../contract.js'
import { matchedPath, trailingSlashLocation } from '../trailing-slash.js'
import type { Carried, Middleware } from './middleware.js'
import { proxyRequest } from './proxy.js'
import { type CompiledRule, compileRule, type RuleParams } from './route-rules.js'
import { type RoutingRequest, routingRequest } from './routing-request.js'

export type Routed =
  /** A redirect, a middleware answer or a proxied external rewrite: sent as is. */
  | { type: 'answer'; response: Response }
  /** `target`: the path + query to serve instead (percent-encoded), undefined for the request's own. */
  | ({ type: 'pass'; target: string | undefined } & Carried)

export interface AppRouting {
  before(info: IncomingInfo): Routed | Promise<Routed>
  /** After no file or param-less route took `info`: an afterFiles or fallback target, or undefined. */
  after(info: IncomingInfo): string | undefined
  /** Serve an external `after` target (another origin) by forwarding the request there. */
  proxy(url: string, info: IncomingInfo): Promise<Response>
}

/** What routes exist for a page path: 'static' (no params), 'dynamic', or undefined. */
export type RouteKindOf = (pathname: string) => 'static' | 'dynamic' | undefined

export interface RoutingOptions {
  routing: ResolvedRouting
  middleware: Middleware | undefined
  buildId: string
  routeKind: RouteKindOf
  logError(message: string, error: unknown): void
  /** next.config's trailingSlash: which form of a path is canonical (server/trailing-slash.ts). */
  trailingSlash?: boolean
}

const PASS: Routed = {
  type: 'pass',
  target: undefined,
  requestHeaders: undefined,
  responseHeaders: undefined,
}

/** undefined when the app has no rules and no middleware: the node layer then skips routing entirely. */
export function createRouting(opts: RoutingOptions): AppRouting | undefined {
  const { routing, middleware, buildId, routeKind } = opts
  const { basePath } = routing
  const trailingSlash = opts.trailingSlash ?? false
  const compile = (rules: ResolvedRouteRule[]) => rules.map((r) => compileRule(r, basePath, trailingSlash))
  const redirects = routing.redirects.map((r) => ({
    rule: compileRule(r, basePath, trailingSlash),
    status: r.statusCode,
  }))
  const beforeFiles = compile(routing.rewrites.beforeFiles)
  const afterFiles = compile(routing.rewrites.afterFiles)
  const fallback = compile(routing.rewrites.fallback)
  if (!middleware && redirects.length + beforeFiles.length + afterFiles.length + fallback.length === 0)
    return undefined

  const rewriteIn = (rules: CompiledRule[], req: RoutingRequest): string | undefined => {
    for (const rule of rules) {
      const params = rule.test(req)
      if (params) return canonical(rule.destination(params, req, true), trailingSlash)
    }
    return undefined
  }

  /** beforeFiles, then the answer: an external destination is proxied, a local one served. */
  const finish = (
    info: IncomingInfo,
    req: RoutingRequest,
    target: string | undefined,
    requestHeaders: Record<string, string> | undefined,
    responseHeaders: Headers | undefined,
  ): Routed | Promise<Routed> => {
    let at = req
    if (target !== undefined) at = rerouted(req, target) ?? req
    const rewritten = beforeFiles.length > 0 ? rewriteIn(beforeFiles, at) : undefined
    const local = rewritten ?? target
    if (local !== undefined && isExternal(local)) {
      const response = proxyRequest(local, info, requestHeaders ?? info.headers)
      return response.then((r) => ({ type: 'answer', response: withHeaders(r, responseHeaders) }))
    }
    if (local === undefined && requestHeaders === undefined && responseHeaders === undefined) return PASS
    return {
      type: 'pass',
      target: local === undefined ? undefined : representTarget(req, local),
      requestHeaders,
      responseHeaders,
    }
  }

  return {
    before(info) {
      const req = routingRequest(info, buildId, basePath)
      // `/blog/` → 308 `/blog` (`/blog` → `/blog/` under trailingSlash) is the app's first redirect
      // (plan.ts), before any rule or middleware. Tested on the page path: the payload URL of `/` is
      // `/_fresco/rsc/`, which is no such URL.
      const path = req.pathname
      if (!trailingSlash && path.length > 1 && path.endsWith('/')) return PASS
      if (trailingSlash && req.isDocument && trailingSlashLocation(path, true) !== undefined) return PASS
      for (const { rule, status } of redirects) {
        const params = rule.test(req)
        if (params) return { type: 'answer', response: redirectResponse(rule, params, req, status) }
      }
      if (!middleware?.matches(req)) return finish(info, req, undefined, undefined, undefined)
      let outcome: ReturnType<Middleware['run']>
      try {
        outcome = middleware.run(req)
      } catch (error) {
        return middlewareFailed(opts, info, error)
      }
      const next = (o: Awaited<typeof outcome>): Routed | Promise<Routed> => {
        if (o.type === 'respond') return { type: 'answer', response: o.response }
        let target: string | undefined
        if (o.rewrite !== undefined) {
          const url = new URL(o.rewrite)
          // Served in place like a config rewrite: never answered with the trailing-slash 308.
          target = url.origin === info.origin ? canonical(url.pathname + url.search, trailingSlash) : url.href
        }
        return finish(info, req, target, o.requestHeaders, o.responseHeaders)
      }
      return outcome instanceof Promise
        ? outcome.then(next, (error: unknown) => middlewareFailed(opts, info, error))
        : next(outcome)
    },
    after(info) {
      if (afterFiles.length === 0 && fallback.length === 0) return undefined
      const req = routingRequest(info, buildId, basePath)
      // A path the trailing-slash 308 moves is not rewritten: the redirect comes first, as in before().
      if (req.isDocument && trailingSlashLocation(info.pathname, trailingSlash) !== undefined)
        return undefined
      const kind = routeKind(matchedPath(withoutBase(req.pathname, basePath), trailingSlash))
      if (kind === 'static') return undefined
      const after = afterFiles.length > 0 ? rewriteIn(afterFiles, req) : undefined
      if (after !== undefined) return isExternal(after) ? after : representTarget(req, after)
      if (kind === 'dynamic' || fallback.length === 0) return undefined
      const last = rewriteIn(fallback, req)
      return last === undefined || isExternal(last) ? last : representTarget(req, last)
    },
    proxy: (url, info) => proxyRequest(url, info, info.headers),
  }
}

/** The route path of a routed path under basePath; a path outside it matches no route. */
const withoutBase = (path: string, basePath: string) =>
  basePath === ''
    ? path
    : path === basePath
      ? '/'
      : path.startsWith(`${basePath}/`)
        ? path.slice(basePath.length)
        : ''

const isExternal = (target: string) => !target.startsWith('/')

/**
 * A local rewrite target in the form the plan serves without redirecting (`/about` → `/about/`
 * under trailingSlash): a rewrite is served in place, as on `next start`, never answered with a 308.
 */
function canonical(target: string, trailingSlash: boolean): string {
  if (!trailingSlash || isExternal(target)) return target
  const q = target.search(/[?#]/)
  const path = q === -1 ? target : target.slice(0, q)
  const location = trailingSlashLocation(path, true)
  return location === undefined ? target : location + (q === -1 ? '' : target.slice(q))
}

/** The routing request of a rewritten target, for the rules after it; undefined if malformed. */
function rerouted(req: RoutingRequest, target: string): RoutingRequest | undefined {
  if (isExternal(target)) return undefined
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  try {
    return req.at(path.split('/').map(decodeURIComponent).join('/'), q === -1 ? '' : target.slice(q))
  } catch {
    return undefined
  }
}

/** A page path + query in the request's representation (an RSC request stays an RSC request). */
function representTarget(req: RoutingRequest, target: string): string {
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  return req.represent(path) + (q === -1 ? '' : target.slice(q))
}

function redirectResponse(
  rule: CompiledRule,
  params: RuleParams,
  req: RoutingRequest,
  status: number,
): Response {
  const location = rule.destination(params, req, false)
  const headers = new Headers({ location })
  // As `next start`: a 308 also says Refresh, for clients that do not follow 308.
  if (status === 308) headers.set('refresh', `0;url=${location}`)
  return new Response(location, { status, headers })
}

function withHeaders(response: Response, extra: Headers | undefined): Response {
  if (!extra) return response
  const headers = new Headers(response.headers)
  extra.forEach((value, name) => {
    if (name !== 'set-cookie') headers.set(name, value)
  })
  for (const cookie of extra.getSetCookie()) headers.append('set-cookie', cookie)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/** A middleware that throws (or returns something else than a Response) answers 500, as in Next.js. */
function middlewareFailed(opts: RoutingOptions, info: IncomingInfo, error: unknown): Routed {
  opts.logError(`middleware failed for ${info.method} ${info.pathname}`, error)
  return {
    type: 'answer',
    response: new Response('Internal Server Error', {
      status: 500,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      },
    }),
  }
}
