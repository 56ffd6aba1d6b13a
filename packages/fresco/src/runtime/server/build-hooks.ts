// What `fresco build` asks the server bundle: the routes, their static params, and one prerender
// per path, written into the route cache through the exact code path the server reads it with.

import { prerenderFailedError } from '../../errors.js'
import { isDynamicUsageError } from '../data/dynamic.js'
import type { Params } from '../render/payload.js'
import { renderPageEntry } from '../render/render-page.js'
import type { AppContext } from './app-context.js'
import { dynamicAware, dynamicUsageOf } from './dynamic-fallback.js'
import { createMatcher, fillPath } from './match.js'
import { isCacheableHandler, routeHandlerEntry } from './route-handler.js'
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
}

export type PrerenderResult =
  | { kind: 'static'; status: number; revalidate: number | false; tags: string[] }
  | { kind: 'dynamic'; reason: string }

export interface BuildHooks {
  routes(): Promise<PrerenderRouteInfo[]>
  /** Concrete pathnames to prerender (generateStaticParams, inherited from parents). */
  paths(routeId: string): Promise<string[]>
  prerender(routeId: string, pathname: string): Promise<PrerenderResult>
}

export function createBuildHooks(ctx: AppContext): BuildHooks {
  const route = (id: string) => {
    const r = ctx.byId.get(id)
    if (!r) throw new Error(`[fresco] unknown route ${id}`)
    return r
  }
  // Paths from fillPath are percent-encoded; the request matcher expects decoded input.
  const matchEncoded = createMatcher(ctx.routes, { input: 'encoded' })
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
      if (loaded.config.dynamic === 'force-dynamic')
        return { kind: 'dynamic', reason: "dynamic = 'force-dynamic'" }
      if (r.kind === 'route' && !isCacheableHandler(loaded))
        return { kind: 'dynamic', reason: 'route handler' }
      const match = matchEncoded(pathname)
      const params = match?.routeId === id ? match.params : {}
      if (match) pathname = match.pathname
      const implicitTags = ctx.tagsFor(r, pathname)
      const url = new URL(pathname, 'http://localhost')
      const regenerate = async () =>
        r.kind === 'route'
          ? routeHandlerEntry(
              { loaded, request: new Request(url), params, phase: 'prerender', implicitTags },
              ctx.clock,
            )
          : renderPageEntry(await ctx.render(), {
              routeId: id,
              url,
              params,
              headers: new Headers(),
              segments: loaded.segments,
              page: loaded.leaf,
              config: loaded.config,
              implicitTags,
              phase: 'prerender',
            })
      try {
        const { entry } = await ctx.routeCache.serve(pathname, 'html', dynamicAware(regenerate, ctx.clock), {
          implicitTags,
        })
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
  }
}
