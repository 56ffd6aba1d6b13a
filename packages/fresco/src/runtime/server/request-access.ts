// The request a route handler receives: a NextRequest whose request-specific parts mark the render
// dynamic when read, as Next's proxyNextRequest does (app-route/module.ts). A GET handler with
// `revalidate` that reads the query, the headers, the cookies or the body is then never cached: the
// build records it dynamic with the API it used, and it runs per request. `nextUrl.pathname` and
// `request.method` are the route's own, so reading them keeps it cacheable.

import { markDynamic } from '../data/dynamic.js'
import { NextRequest, type NextURL } from './next-server.js'

/** Request members that carry the visitor's input (Next: `request.<name>`). */
const REQUEST_INPUT = new Set([
  'headers',
  'cookies',
  'url',
  'body',
  'blob',
  'json',
  'text',
  'arrayBuffer',
  'formData',
  'bytes',
])
/** NextURL members that expose the query (Next: `nextUrl.<name>`). */
const URL_INPUT = new Set(['search', 'searchParams', 'url', 'href', 'toJSON', 'toString', 'origin'])

/**
 * Read `prop` from the real object (the receiver stays the target: Request and URL keep their
 * state in private fields a Proxy cannot reach), methods bound to it.
 */
function read(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target)
  return typeof value === 'function' ? value.bind(target) : value
}

function trackUrl(url: NextURL): NextURL {
  return new Proxy(url, {
    get(target, prop) {
      if (typeof prop === 'string' && URL_INPUT.has(prop)) markDynamic(`nextUrl.${prop}`)
      if (prop === 'clone') return () => trackUrl(target.clone())
      return read(target, prop)
    },
  })
}

/**
 * `request` as the handler sees it. Marking goes through `markDynamic`, so it depends on the
 * phase: a cached render (prerender, regeneration) throws the dynamic-usage marker, a per-request
 * call only records it, `force-static` / `force-dynamic` ignore it, `dynamic = 'error'` fails
 * naming the member.
 */
export function trackRequestAccess(request: Request): NextRequest {
  const next = request instanceof NextRequest ? request : new NextRequest(request)
  let nextUrl: NextURL | undefined
  return new Proxy(next, {
    get(target, prop) {
      if (prop === 'nextUrl') {
        nextUrl ??= trackUrl(target.nextUrl)
        return nextUrl
      }
      if (typeof prop === 'string' && REQUEST_INPUT.has(prop)) markDynamic(`request.${prop}`)
      if (prop === 'clone') return () => trackRequestAccess(target.clone())
      return read(target, prop)
    },
  })
}
