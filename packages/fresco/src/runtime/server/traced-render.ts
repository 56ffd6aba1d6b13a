// Next's render spans around Fresco's renders, named as Next names them so its dashboards match:
// `render route (app) /blog/[slug]` (AppRender.getBodyResult) for an App Router page, `executing
// api route (app) /api/x` (AppRouteRouteHandlers.runHandler) for a route handler, `render route
// (pages) /posts/[id]` (Render.renderDocument) for a Pages Router page. A render for the route
// cache also says why it ran (`fresco.regeneration.reason`: `no entry`, `age 61s > revalidate
// 60s`, `tag posts expired`, `on-demand`, …), from the response cache's decision.
import type { Regenerate } from '@fresco/cache'
import { SPAN_TYPE, type SpanSpec, type Tracer } from './tracer.js'

/** What rendered: an App Router page or route handler, or a Pages Router page. */
export interface Rendered {
  path: string
  kind: 'page' | 'route' | 'pages'
}

const SPANS = {
  page: { prefix: 'render route (app)', type: SPAN_TYPE.render },
  route: { prefix: 'executing api route (app)', type: SPAN_TYPE.routeHandler },
  pages: { prefix: 'render route (pages)', type: SPAN_TYPE.pagesRender },
} as const

function spec(route: Rendered, attributes: SpanSpec['attributes']): SpanSpec {
  const { prefix, type } = SPANS[route.kind]
  return { type, name: `${prefix} ${route.path}`, attributes: { 'next.route': route.path, ...attributes } }
}

/** A render for the route cache (MISS, STALE, on-demand), here or in the render pool. */
export function tracedRender(tracer: Tracer, route: Rendered, render: Regenerate): Regenerate {
  return (regeneration) =>
    tracer.span(
      spec(route, { 'fresco.render': 'cached', 'fresco.regeneration.reason': regeneration.reason }),
      () => render(regeneration),
    )
}

/** A render or handler call for one request (dynamic, draft mode, other methods), never stored. */
export function tracedRequestRender<T>(
  tracer: Tracer,
  route: Rendered,
  render: () => Promise<T>,
): Promise<T> {
  return tracer.span(spec(route, { 'fresco.render': 'dynamic' }), render)
}
