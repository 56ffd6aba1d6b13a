// What serves a validated request target: the request pipeline (runtime/server/routing/router.ts
// decides, this applies), static files, then the app. Shared by `fresco start` (handler.ts) and
// `fresco dev` (build/plugin-dev-server.ts, where Vite has served public/ already).
// A redirect or middleware answer is written as is; a rewrite is re-parsed and validated like a
// request target (a rule or middleware can never produce a path the server would refuse from the
// network); middleware's response headers and cookies are added to whatever answers; its request
// headers replace the request's for the route. Written without async/await, like handler.ts, so a
// request that routing lets through synchronously still reaches the HIT path in the same tick, and
// an app without routing takes exactly the path it took before.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATIC_PREFIX } from '../runtime/render/payload.js'
import type { FrescoApp, Served } from '../runtime/server/contract.js'
import type { AppRouting, Routed } from '../runtime/server/routing/router.js'
import { basePathRootLocation, insideBasePath, outsideSlashLocation, outsideTarget } from './base-path.js'
import { type IncomingOptions, NodeIncoming } from './incoming.js'
import { isBadTarget, parseRequestTarget, type RequestTarget } from './url.js'

/** Content-hashed build output: served before routing, as `next start` serves /_next/static. */
const isBuildAsset = (pathname: string) => pathname.startsWith(`${STATIC_PREFIX}/`)

type Done = void | Promise<void>

export interface ServeTargetOptions {
  app: FrescoApp
  incoming: IncomingOptions
  answer(req: IncomingMessage, res: ServerResponse, status: number, message: string): void
  deliver(req: IncomingMessage, res: ServerResponse, served: Served): Done
  /** Serve the static file at a path (GET and HEAD), or undefined when there is none. */
  file(req: IncomingMessage, res: ServerResponse, pathname: string): Done | undefined
  /** next.config's basePath ('' = none): stripped before files and the app, 404 outside it. */
  basePath?: string
  /** next.config's trailingSlash: which form of basePath's root redirects to the other. */
  trailingSlash?: boolean
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as Promise<T> | undefined)?.then === 'function'

export function createServeTarget(opts: ServeTargetOptions) {
  const { app, incoming, answer, deliver } = opts
  const routing = app.routing
  const basePath = opts.basePath ?? ''
  const trailingSlash = opts.trailingSlash ?? false
  const outside = outsideTarget(trailingSlash)

  const file = (req: IncomingMessage, res: ServerResponse, pathname: string) =>
    req.method === 'GET' || req.method === 'HEAD' ? opts.file(req, res, pathname) : undefined

  /** A static file, or the app (with the afterFiles / fallback rewrites in between). */
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
    headers?: IncomingMessage['headers'],
    routed?: NodeIncoming,
  ): Done => {
    // Routing rules see the full path; files and the app see the path under basePath.
    const root = basePathRootLocation(target, basePath, trailingSlash)
    if (root !== undefined) return deliver(req, res, { type: 'web', response: permanentRedirect(root) })
    let inner = insideBasePath(target, basePath)
    const served = inner && file(req, res, inner.pathname)
    if (served !== undefined) return served
    const full = routing && (routed ?? new NodeIncoming(req, res, target, incoming, headers))
    const after = full && routing?.after(full)
    if (after !== undefined) {
      if (!after.startsWith('/'))
        return (routing as AppRouting)
          .proxy(after, full as NodeIncoming)
          .then((response) => deliver(req, res, { type: 'web', response }))
      const next = parseRequestTarget(after)
      if (isBadTarget(next)) return answer(req, res, next.status, next.message)
      inner = insideBasePath(next, basePath)
      const nextFile = inner && file(req, res, inner.pathname)
      if (nextFile !== undefined) return nextFile
    }
    // Without basePath or a rewrite, the request routing saw is the one the app gets.
    const info =
      full && inner === target ? full : new NodeIncoming(req, res, inner ?? outside, incoming, headers)
    const answered = app.serve(info)
    return isPromise(answered) ? answered.then((s) => deliver(req, res, s)) : deliver(req, res, answered)
  }

  const apply = (req: IncomingMessage, res: ServerResponse, info: NodeIncoming, r: Routed): Done => {
    if (r.type === 'answer') return deliver(req, res, { type: 'web', response: r.response })
    if (r.responseHeaders) addHeaders(res, r.responseHeaders)
    // Nothing rewritten: the request routing saw is the one the app gets.
    if (r.target === undefined && r.requestHeaders === undefined)
      return serve(req, res, info, undefined, info)
    let next: RequestTarget = info
    if (r.target !== undefined) {
      const parsed = parseRequestTarget(r.target)
      if (isBadTarget(parsed)) return answer(req, res, parsed.status, parsed.message)
      next = parsed
    }
    return serve(req, res, next, r.requestHeaders)
  }

  return (req: IncomingMessage, res: ServerResponse, target: RequestTarget): Done => {
    const inner = insideBasePath(target, basePath)
    if (inner === undefined) {
      const moved = outsideSlashLocation(target, trailingSlash)
      if (moved !== undefined) return deliver(req, res, { type: 'web', response: permanentRedirect(moved) })
    }
    if (routing === undefined || isBuildAsset(inner?.pathname ?? '')) return serve(req, res, target)
    const info = new NodeIncoming(req, res, target, incoming)
    const r = routing.before(info)
    return isPromise(r) ? r.then((x) => apply(req, res, info, x)) : apply(req, res, info, r)
  }
}

/** 308 with Refresh, as next start answers its trailing-slash redirects. */
function permanentRedirect(location: string): Response {
  // Through URL so whatever the client sent in the query is a valid header value.
  const url = new URL(location, 'http://localhost')
  const value = url.pathname + url.search
  return new Response(value, { status: 308, headers: { location: value, refresh: `0;url=${value}` } })
}

/** Headers middleware added: set before the answer's own head (which wins a clash, as in Next). */
function addHeaders(res: ServerResponse, headers: Headers): void {
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
}
