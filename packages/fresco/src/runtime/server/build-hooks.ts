// What `fresco build` asks the server bundle: the routes, their static params, and one prerender
// per path, written into the route cache through the exact code path the server reads it with,
// rendered by the same cachedRender as a regeneration (same canonical input, no request).

import { prerenderFailedError } from '../../errors.js'
import { isDynamicUsageError } from '../data/dynamic.js'
import type { Params } from '../render/payload.js'
import type { AppContext } from './app-context.js'
import { cachedRender } from './cached-render.js'
import { dynamicUsageOf } from './dynamic-fallback.js'
import { createMatcher, fillPath } from './match.js'
import { dynamicByConfig } from './plan.js'
import { collectStaticParams, paramsRenderDynamically } from './static-params.js'

export interface PrerenderRouteInfo {
  id: string
  path: string
  kind: 'page' | 'route'
  file: string
  /** Merged segment config. */
  revalidate: number | false
  dynamicMode: string
  dynamicParams: boolean
  /** Has params but no generateStaticParams where Next.js needs one: rendered per request. */
  paramsDynamic: boolean
  /** Pages Router: getStaticPaths' fallback, recorded in the manifest. */
  fallback?: boolean | 'blocking'
}

export type PrerenderResult =
  | { kind: 'static'; status: number; revalidate: number | false; tags: string[] }
  | { kind: 'dynamic'; reason: string }

export interface BuildHooks {
  routes(): Promise<PrerenderRouteInfo[]>
  /** Concrete pathnames to prerender (generateStaticParams, inherited from parents). */
  paths(routeId: string): Promise<string[]>
  prerender(routeId: string, pathname: string): Promise<PrerenderResult>
  /** The implicit tags a render of `pathname` reads data under (sent to prerender workers). */
  implicitTags(routeId: string, pathname: string): string[]
}

export function createBuildHooks(ctx: AppContext): BuildHooks {
  const route = (id: string) => {
    const r = ctx.byId.get(id)
    if (!r) throw new Error(`[fresco] unknown route ${id}`)
    return r
  }
  // Paths from fillPath are percent-encoded; the request matcher expects decoded input.
  const matchEncoded = createMatcher(ctx.routes, { input: 'encoded' })
  const matchOf = (id: string, pathname: string) => {
    const found = matchEncoded(pathname)
    return found?.routeId === id ? found : { routeId: id, params: {}, pathname }
  }
  return {
    async routes() {
      return Promise.all(
        ctx.routes.map(async (r) => {
          const loaded = await ctx.load(r)
          const { config } = loaded
          return {
            id: r.id,
            path: r.path,
            kind: r.kind,
            file: r.file,
            revalidate: config.revalidate,
            dynamicMode: config.dynamic,
            dynamicParams: config.dynamicParams,
            paramsDynamic: paramsRenderDynamically(loaded),
          }
        }),
      )
    },
    async paths(id) {
      const loaded = await ctx.load(route(id))
      const sets: Params[] = await collectStaticParams(loaded)
      return sets.map((params) => fillPath(loaded.route.path, params))
    },
    async prerender(id, pathname) {
      const r = route(id)
      const loaded = await ctx.load(r)
      const byConfig = dynamicByConfig(loaded)
      if (byConfig) return { kind: 'dynamic', reason: byConfig }
      const match = matchOf(id, pathname)
      const target = { route: r, loaded, match, implicitTags: ctx.tagsFor(r, match.pathname) }
      pathname = match.pathname
      try {
        const { entry } = await ctx.routeCache.serve(
          pathname,
          'html',
          cachedRender(ctx, target, 'prerender'),
          {
            implicitTags: target.implicitTags,
          },
        )
        const api = dynamicUsageOf(entry)
        if (api) return { kind: 'dynamic', reason: api }
        if (entry.revalidate === 0) return { kind: 'dynamic', reason: 'revalidate = 0' }
        return { kind: 'static', status: entry.status, revalidate: entry.revalidate, tags: entry.tags }
      } catch (error) {
        if (isDynamicUsageError(error)) return { kind: 'dynamic', reason: error.api }
        if (error instanceof Error && 'code' in error && error.code === 'DYNAMIC_IN_ERROR_ROUTE') throw error
        throw prerenderFailedError(id, pathname, error)
      }
    },
    implicitTags(id, pathname) {
      return ctx.tagsFor(route(id), matchOf(id, pathname).pathname)
    },
  }
}
