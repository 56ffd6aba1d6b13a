// Next's render spans around Fresco's renders, named as Next names them so its dashboards match:
// `render route (app) /blog/[slug]` (AppRender.getBodyResult) for a page and `executing api route
// (app) /api/x` (AppRouteRouteHandlers.runHandler) for a route handler. A render for the route
// cache also says why it ran (`fresco.regeneration.reason`: `no entry`, `age 61s > revalidate
// 60s`, `on-demand`, …), from the response cache's decision.
import type { Regenerate } from '@fresco/cache'
import type { RuntimeRoute } from '../render/route-modules.js'
import { SPAN_TYPE, type SpanSpec, type Tracer } from './tracer.js'

type Route = Pick<RuntimeRoute, 'path' | 'kind'>

function spec(route: Route, attributes: SpanSpec['attributes']): SpanSpec {
  const handler = route.kind === 'route'
  return {
    type: handler ? SPAN_TYPE.routeHandler : SPAN_TYPE.render,
    name: `${handler ? 'executing api route' : 'render route'} (app) ${route.path}`,
    attributes: { 'next.route': route.path, ...attributes },
  }
}

/** A render for the route cache (MISS, STALE, on-demand), here or in the render pool. */
export function tracedRender(tracer: Tracer, route: Route, render: Regenerate): Regenerate {
  return (regeneration) =>
    tracer.span(
      spec(route, { 'fresco.render': 'cached', 'fresco.regeneration.reason': regeneration.reason }),
      () => render(regeneration),
    )
}

/** A page rendered for one request (dynamic, draft mode, per-request 404), never stored. */
export function tracedDynamicRender<T>(tracer: Tracer, route: Route, render: () => Promise<T>): Promise<T> {
  return tracer.span(spec({ path: route.path, kind: 'page' }, { 'fresco.render': 'dynamic' }), render)
}

/** A route handler called for one request (not cached: other methods, dynamic, draft mode). */
export function tracedRouteHandler<T>(tracer: Tracer, route: Route, call: () => Promise<T>): Promise<T> {
  return tracer.span(spec(route, { 'fresco.render': 'dynamic' }), call)
}
