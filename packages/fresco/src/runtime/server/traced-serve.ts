// FrescoApp.serve inside Next's root span, `BaseServer.handleRequest`: started as `GET /path`,
// renamed `GET /blog/[slug]` once the route is known (bounded names: a path no route matches is
// named by its NO_ROUTE label, never by the path a client made up), with Next's attributes plus
// the route cache's answer. The span continues the caller's trace (`traceparent`). A synchronous
// HIT stays synchronous. The span ends with the response head: a streamed body is not timed.
import { NO_ROUTE } from './app-observer.js'
import type { FrescoApp, IncomingInfo, Served } from './contract.js'
import { pagePath } from './request.js'
import { SPAN_TYPE, type SpanHandle, type Tracer } from './tracer.js'

type Serve = FrescoApp['serve']

export function tracedServe(
  tracer: Tracer | undefined,
  serve: Serve,
  routeOf: (pathname: string) => string,
): Serve {
  if (!tracer) return serve
  const answered = (span: SpanHandle, info: IncomingInfo, served: Served) => {
    const route = routeOf(info.pathname)
    span.updateName(`${info.method} ${route}`)
    const known = route !== NO_ROUTE.notFound && route !== NO_ROUTE.redirect
    span.setAttributes({
      'http.status_code': served.type === 'prepared' ? served.prepared.status : served.response.status,
      'next.route': known ? route : undefined,
      'http.route': known ? route : undefined,
      'next.rsc': pagePath(info.pathname).which === 'rsc',
      'fresco.cache_status': served.type === 'prepared' ? (served.cacheStatus ?? undefined) : undefined,
    })
    return served
  }
  return (info) =>
    tracer.span(
      {
        type: SPAN_TYPE.handleRequest,
        name: `${info.method} ${info.pathname}`,
        kind: 'server',
        carrier: info.headers,
        attributes: { 'http.method': info.method, 'http.target': info.rawUrl },
      },
      (span) => {
        const served = serve(info)
        if (served instanceof Promise) return served.then((answer) => answered(span, info, answer))
        return answered(span, info, served)
      },
    )
}
