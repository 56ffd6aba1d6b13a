// The one way a cached entry is rendered — at build (prerender) and at run time (MISS, STALE
// regeneration, on-demand): from the plan's route, params and tags and the configured canonical
// origin (`origin`), never from the request that triggered it. No Host, scheme, query, header or
// cookie of any client can reach a stored entry (DESIGN.md invariant 9).
import type { CacheEntry, Clock, Regenerate, RegenerateContext } from '@fresco/cache'
import type { RenderPhase } from '../data/request-store.js'
import { isInterceptable } from '../render/intercept-pattern.js'
import { NEXT_URL_HEADER } from '../render/payload.js'
import { renderPageEntry } from '../render/render-page.js'
import type { AppContext } from './app-context.js'
import { dynamicAware } from './dynamic-fallback.js'
import type { PlanTarget } from './plan.js'
import type { AppRenderJob } from './render-pool.js'
import { routeHandlerEntry } from './route-handler.js'

type CachedPhase = Extract<RenderPhase, 'prerender' | 'regenerate'>

/** `origin` + the canonical pathname; concatenated, so a path can never replace the host. */
export function canonicalUrl(origin: string, pathname: string): URL {
  return new URL(origin + pathname)
}

export function cachedRender(
  ctx: Pick<AppContext, 'render' | 'config'> & Partial<Pick<AppContext, 'intercepts'>> & { clock: Clock },
  target: PlanTarget,
  phase: CachedPhase,
): Regenerate {
  const { route, loaded, match, implicitTags } = target
  const render = async () => {
    const url = canonicalUrl(ctx.config.origin, match.pathname)
    if (route.kind === 'route') {
      const request = new Request(url)
      return routeHandlerEntry({ loaded, request, params: match.params, phase, implicitTags }, ctx.clock)
    }
    const entry = await renderPageEntry(await ctx.render(), {
      routeId: route.id,
      url,
      params: match.params,
      headers: new Headers(),
      segments: loaded.segments,
      page: loaded.leaf,
      slotOnly: route.slotOnly,
      config: loaded.config,
      implicitTags,
      phase,
    })
    // A URL an intercepting route covers has another answer for client navigations from some
    // pages (intercept.ts): caches in front must key on x-fresco-url, as Next's `Vary: next-url`.
    const intercepts = ctx.intercepts ?? []
    if (intercepts.length > 0 && isInterceptable(intercepts, match.pathname))
      return { ...entry, headers: { ...entry.headers, vary: NEXT_URL_HEADER } }
    return entry
  }
  return dynamicAware(render, ctx.clock)
}

/** The job that renders `target` in a thread of the render pool (pooled-render.ts): the plan's input. */
export function appJob(target: PlanTarget): AppRenderJob {
  const { route, match, implicitTags } = target
  return { router: 'app', routeId: route.id, pathname: match.pathname, params: match.params, implicitTags }
}

/** In a render thread: an App Router job's target rebuilt from this bundle's own route table, then cachedRender. */
export async function renderAppJob(
  // intercepts: a thread's entry of a URL an intercepting route covers says Vary as the main thread's does.
  ctx: Pick<AppContext, 'render' | 'config' | 'byId' | 'load' | 'intercepts'> & { clock: Clock },
  job: AppRenderJob,
  regeneration: RegenerateContext,
): Promise<CacheEntry> {
  const route = ctx.byId.get(job.routeId)
  if (route === undefined) throw new Error(`[fresco] the render thread has no route ${job.routeId}`)
  const loaded = await ctx.load(route)
  const match = { routeId: route.id, params: job.params, pathname: job.pathname }
  const target = { route, loaded, match, implicitTags: job.implicitTags }
  return cachedRender(ctx, target, 'regenerate')(regeneration)
}
