// The node side of the request pipeline (runtime/server/routing/router.ts decides; this applies):
// a redirect or middleware answer is written as is; a rewrite is re-parsed and validated like a
// request target (a rule or middleware can never produce a path the server would refuse from the
// network); middleware's response headers and cookies are added to whatever answers; its request
// headers replace the request's for the route. Written without async/await, like handler.ts, so a
// request middleware lets through synchronously still reaches the HIT path in the same tick.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATIC_PREFIX } from '../runtime/render/payload.js'
import type { IncomingInfo, Served } from '../runtime/server/contract.js'
import type { AppRouting, Routed } from '../runtime/server/routing/router.js'
import { type IncomingOptions, NodeIncoming } from './incoming.js'
import { isBadTarget, parseRequestTarget, type RequestTarget } from './url.js'

/** Content-hashed build output: served before routing, as `next start` serves /_next/static. */
export const isBuildAsset = (pathname: string) => pathname.startsWith(`${STATIC_PREFIX}/`)

interface RoutedOptions {
  incoming: IncomingOptions
  routing: AppRouting | undefined
  answer(req: IncomingMessage, res: ServerResponse, status: number, message: string): void
  deliver(req: IncomingMessage, res: ServerResponse, served: Served): void | Promise<void>
  serveTarget(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
    headers?: IncomingMessage['headers'],
  ): void | Promise<void>
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as Promise<T> | undefined)?.then === 'function'

export function createRouted(opts: RoutedOptions) {
  const { incoming, answer, deliver, serveTarget } = opts

  const apply = (req: IncomingMessage, res: ServerResponse, target: RequestTarget, r: Routed) => {
    if (r.type === 'answer') return deliver(req, res, { type: 'web', response: r.response })
    if (r.responseHeaders) addHeaders(res, r.responseHeaders)
    let next = target
    if (r.target !== undefined) {
      const parsed = parseRequestTarget(r.target)
      if (isBadTarget(parsed)) return answer(req, res, parsed.status, parsed.message)
      next = parsed
    }
    return serveTarget(req, res, next, r.requestHeaders)
  }

  return {
    routed(req: IncomingMessage, res: ServerResponse, target: RequestTarget): void | Promise<void> {
      const routing = opts.routing as AppRouting
      const r = routing.before(new NodeIncoming(req, res, target, incoming))
      return isPromise(r) ? r.then((x) => apply(req, res, target, x)) : apply(req, res, target, r)
    },
    /** An afterFiles / fallback rewrite to another origin: proxied like a beforeFiles one. */
    routeExternal(req: IncomingMessage, res: ServerResponse, info: IncomingInfo, url: string) {
      const routing = opts.routing as AppRouting
      return routing.proxy(url, info).then((response) => deliver(req, res, { type: 'web', response }))
    },
  }
}

/** Headers middleware added: set before the answer's own head (which wins a clash, as in Next). */
function addHeaders(res: ServerResponse, headers: Headers): void {
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
}
