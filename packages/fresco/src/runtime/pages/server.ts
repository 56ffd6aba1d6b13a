// The Pages Router's serving side, in the rsc bundle beside the App Router (docs/design/
// pages-router.md): the same AppContext, so pages share the route cache (one entry holds a page's
// HTML and its data JSON), single flight, last-good-entry fallback, render slots, Redis, and the
// synchronous HIT path. Rendering happens in the ssr environment (ssr-pages.tsx).
import type { CacheEntry, Regenerate, RegenerateContext } from '@fresco/cache'
import { prerenderFailedError } from '../../errors.js'
import { announceRegeneratedPath } from '../data/revalidate.js'
import { storedRevalidate } from '../data/stored-lifetime.js'
import { HTML_CONTENT_TYPE, PREFETCH_HEADER } from '../render/payload.js'
import { loadSsr } from '../render/ssr-bridge.js'
import type { AppContext } from '../server/app-context.js'
import type { BuildHooks, PrerenderRouteInfo } from '../server/build-hooks.js'
import { DYNAMIC_CACHE_CONTROL } from '../server/cache-headers.js'
import type { IncomingInfo, Served } from '../server/contract.js'
import { JSON_CONTENT_TYPE } from '../server/entry-response.js'
import { hitAnswer, mayHit } from '../server/hit-path.js'
import { pooledRender } from '../server/pooled-render.js'
import type { PagesRenderJob } from '../server/render-pool.js'
import { tracedRender, tracedRequestRender } from '../server/traced-render.js'
import { callApiRoute } from './api-route.js'
import { isBot } from './bot.js'
import { nodeLikeRequest, nodeLikeResponse, queryOf } from './node-like.js'
import {
  createPagesPlanner,
  type PagesPlan,
  type PagesPlanner,
  type PagesRouteInfo,
  type PagesTarget,
} from './plan.js'
import { draftRequestOf } from './preview-data.js'
import type { PageTarget, RenderedPage } from './ssr-pages.js'
import type { GetStaticPropsContext } from './types.js'

type CachedPlan = Extract<PagesPlan, { kind: 'cached' }>
type PreparedServed = Extract<Served, { type: 'prepared' }>

export interface PagesApp {
  /** A fresh cached page in process memory, answered synchronously; otherwise undefined. */
  hit(info: IncomingInfo): PreparedServed | undefined
  /** undefined when the path is not the Pages Router's (the App Router answers it). */
  serve(info: IncomingInfo): Promise<Served> | undefined
  /** The 404 document (pages/404 or the default), for URLs no router claims. */
  notFound(info: IncomingInfo): Promise<Served>
  /** The pages route matching a pathname (for the choice between the two routers). */
  routeOf(pathname: string): PagesRouteInfo | undefined
  /** res.revalidate(path): regenerate that exact path now; rejects when that fails. */
  revalidate(path: string): Promise<void>
  buildHooks: BuildHooks
}

const web = (response: Response): Served => ({ type: 'web', response })
const encoder = new TextEncoder()
const pagesSsr = async () => (await loadSsr()).pages

function pageTarget(ctx: Pick<AppContext, 'buildId'>, target: PagesTarget): PageTarget {
  return {
    routeId: target.route.id,
    page: target.route.path,
    file: target.route.file,
    pathname: target.match.pathname,
    params: target.match.params,
    buildId: ctx.buildId,
  }
}

type CachedPhase = 'prerender' | 'regenerate'

function entryOf(
  ctx: Pick<AppContext, 'clock'>,
  target: PagesTarget,
  page: RenderedPage,
  phase: CachedPhase,
): CacheEntry {
  return {
    kind: 'page',
    body: encoder.encode(page.html),
    payload: encoder.encode(JSON.stringify(page.data)),
    status: page.status,
    headers: page.location ? { location: page.location } : { 'content-type': HTML_CONTENT_TYPE },
    tags: target.implicitTags,
    lastModified: ctx.clock.now(),
    revalidate: storedRevalidate({
      status: page.status,
      setsCookies: false,
      phase,
      revalidate: page.revalidate,
    }),
  }
}

/** getStaticProps' `revalidateReason`, as its context types it. */
type RevalidateReason = NonNullable<GetStaticPropsContext['revalidateReason']>

/** getStaticProps' `revalidateReason`: a first visit is 'stale' too, as in Next. */
function revalidateReasonOf(regeneration: RegenerateContext): 'stale' | 'on-demand' {
  return regeneration.reason === 'on-demand' ? 'on-demand' : 'stale'
}

/** The one way a Pages Router entry is rendered: from the plan's path and params, never a request. */
function cachedRender(ctx: AppContext, target: PagesTarget, phase: CachedPhase): Regenerate {
  return (regeneration) =>
    renderEntry(ctx, target, phase, phase === 'prerender' ? 'build' : revalidateReasonOf(regeneration))
}

async function renderEntry(
  ctx: Pick<AppContext, 'buildId' | 'clock'>,
  target: PagesTarget,
  phase: CachedPhase,
  reason: RevalidateReason,
): Promise<CacheEntry> {
  const page = await (await pagesSsr()).renderStaticPage(pageTarget(ctx, target), reason)
  return entryOf(ctx, target, page, phase)
}

/** The job that renders `target` in a thread of the render pool: the plan's input and why it runs. */
function pagesJob(target: PagesTarget, regeneration: RegenerateContext): PagesRenderJob {
  const { route, match, implicitTags } = target
  return {
    router: 'pages',
    routeId: route.id,
    pathname: match.pathname,
    params: match.params,
    implicitTags,
    revalidateReason: revalidateReasonOf(regeneration),
  }
}

/**
 * In a render thread: a Pages Router job's target rebuilt from this bundle's own pages route table,
 * then rendered as the main thread's cachedRender would (phase 'regenerate').
 */
export function pagesJobRenderer(
  ctx: Pick<AppContext, 'buildId' | 'clock'>,
  routes: readonly PagesRouteInfo[],
): (job: PagesRenderJob, regeneration: RegenerateContext) => Promise<CacheEntry> {
  const byId = new Map(routes.map((r) => [r.id, r]))
  return async (job) => {
    const route = byId.get(job.routeId)
    if (route?.kind !== 'page') throw new Error(`[fresco] the render thread has no page ${job.routeId}`)
    const match = { routeId: route.id, params: job.params, pathname: job.pathname }
    const target: PagesTarget = { route, match, implicitTags: job.implicitTags }
    return renderEntry(ctx, target, 'regenerate', job.revalidateReason)
  }
}

function pageResponse(
  page: RenderedPage,
  which: 'html' | 'data',
  headers: Headers,
  method: string,
): Response {
  if (!headers.has('cache-control')) headers.set('cache-control', DYNAMIC_CACHE_CONTROL)
  let status = page.status
  let body: string
  if (which === 'data') {
    headers.set('content-type', JSON_CONTENT_TYPE)
    body = JSON.stringify(page.data)
    if (status >= 300 && status < 400) status = 200
  } else {
    body = page.html
    if (page.location) headers.set('location', page.location)
    else headers.set('content-type', HTML_CONTENT_TYPE)
  }
  return new Response(method === 'HEAD' ? null : body, { status, headers })
}

/** The last resort, when even the error page fails to render (a throwing _app or _document). */
const plainServerError = () =>
  '<!DOCTYPE html><title>500: Internal Server Error</title><h1>500 - Internal Server Error.</h1>'

export function createPagesApp(ctx: AppContext, routes: readonly PagesRouteInfo[]): PagesApp {
  const planner = createPagesPlanner(ctx, routes)
  const byId = new Map(routes.map((r) => [r.id, r]))
  // The 404 document is the same for every URL: rendered once per process.
  let notFoundHtml: Promise<string> | undefined

  /** MISS, STALE or on-demand: waits for a render slot, then renders in the render pool when there is one. */
  const slotted = (target: PagesTarget): Regenerate => {
    const render = ctx.renderPool
      ? pooledRender(ctx.renderPool, (regeneration) => pagesJob(target, regeneration), ctx.tracer)
      : cachedRender(ctx, target, 'regenerate')
    const traced = ctx.tracer
      ? tracedRender(ctx.tracer, { path: target.route.path, kind: 'pages' }, render)
      : render
    return (regeneration) => ctx.renders.run(() => traced(regeneration))
  }

  async function notFound(info: IncomingInfo, which: 'html' | 'data'): Promise<Served> {
    const headers = { 'cache-control': DYNAMIC_CACHE_CONTROL }
    if (which === 'data')
      return web(
        new Response('{"notFound":true}', {
          status: 404,
          headers: { ...headers, 'content-type': JSON_CONTENT_TYPE },
        }),
      )
    notFoundHtml ??= pagesSsr().then((ssr) => ssr.renderNotFound(ctx.buildId, '/404'))
    notFoundHtml.catch(() => {
      notFoundHtml = undefined
    })
    const html = await notFoundHtml
    return web(
      new Response(info.method === 'HEAD' ? null : html, {
        status: 404,
        headers: { ...headers, 'content-type': HTML_CONTENT_TYPE },
      }),
    )
  }

  /**
   * A failing request's answer (docs/guide/pages-router.md "Errors"): pages/500, else pages/_error,
   * else the default error page — status 500, never stored, the dynamic Cache-Control as
   * `next start` sends. A data URL answers 500 without a body: the client router loads the page
   * itself and gets this document.
   */
  async function serverError(info: IncomingInfo, which: 'html' | 'data', error: unknown): Promise<Served> {
    const headers = { 'cache-control': DYNAMIC_CACHE_CONTROL }
    if (which === 'data') return web(new Response(null, { status: 500, headers }))
    let html: string
    try {
      // The failing request's query, as Next gives _error (never stored: an error answer is not cached).
      const query = queryOf(info.search, {})
      html = await (await pagesSsr()).renderServerError(ctx.buildId, info.pathname, error, query)
    } catch (failure) {
      ctx.logger.error(`rendering the error page for ${info.pathname} failed`, failure)
      html = plainServerError()
    }
    return web(
      new Response(info.method === 'HEAD' ? null : html, {
        status: 500,
        headers: { ...headers, 'content-type': HTML_CONTENT_TYPE },
      }),
    )
  }

  async function serveCached(info: IncomingInfo, plan: CachedPlan): Promise<Served> {
    const { target, which } = plan
    const pathname = target.match.pathname
    const options = { implicitTags: target.implicitTags }
    // `fallback: true`, nothing stored yet: the shell now, the page generated behind it (crawlers
    // and data requests wait for the page instead).
    if (plan.fallbackShell && which === 'html' && !isBot(info.headers['user-agent'])) {
      const found = await ctx.routeCache.peek(pathname, 'html', options)
      if (!found) {
        ctx.track(ctx.routeCache.serve(pathname, 'html', slotted(target), options).catch(() => {}))
        const shell = await ctx.renders.run(async () =>
          (await pagesSsr()).renderFallbackShell(pageTarget(ctx, target)),
        )
        const headers = { 'content-type': HTML_CONTENT_TYPE, 'cache-control': DYNAMIC_CACHE_CONTROL }
        return web(new Response(info.method === 'HEAD' ? null : shell, { status: 200, headers }))
      }
    }
    try {
      const result = await ctx.routeCache.serve(pathname, which, slotted(target), options)
      return { type: 'prepared', prepared: result.prepared, cacheStatus: result.status }
    } catch (error) {
      // No last good entry to fall back to; the response cache has logged the error with its key.
      ctx.logger.error(
        `${pathname} (${target.route.file}) answered 500: it failed and no good page was stored`,
      )
      return serverError(info, which, error)
    }
  }

  async function serveDynamic(
    info: IncomingInfo,
    plan: Extract<PagesPlan, { kind: 'dynamic' }>,
    draft: { previewData: unknown } | undefined,
  ): Promise<Served> {
    const ssr = await pagesSsr()
    const { route } = plan.target
    const target = pageTarget(ctx, plan.target)
    const res = nodeLikeResponse()
    try {
      const mode = await ssr.modeOf(route.id, 'page', route.file)
      const perRequest = mode === 'ssr' || mode === 'initial-props'
      const render = async () => {
        // A static or getStaticProps page here is draft mode (or `fresco dev`): never the request's data.
        if (!perRequest) return ssr.renderStaticPage(target, 'stale', draft)
        const req = nodeLikeRequest(info, target.params)
        const context = { req, res, query: req.query, resolvedUrl: target.pathname + info.search, draft }
        return mode === 'ssr'
          ? ssr.renderServerSidePage(target, context)
          : ssr.renderInitialPropsPage(target, context)
      }
      const tracer = ctx.tracer
      const page = await ctx.renders.run(
        tracer ? () => tracedRequestRender(tracer, { path: route.path, kind: 'pages' }, render) : render,
        info.signal,
      )
      // The data function answered the request itself (res.end()): that is the response, as in Next.
      if (res.writableEnded) {
        const body = info.method === 'HEAD' ? null : (res.body() as Uint8Array<ArrayBuffer>)
        return web(new Response(body, { status: res.statusCode, headers: res.toHeaders() }))
      }
      // A status it set (res.statusCode = 410) is the page's status.
      const status = page.status === 200 && perRequest ? res.statusCode : page.status
      return web(pageResponse({ ...page, status }, plan.which, res.toHeaders(), info.method))
    } catch (error) {
      ctx.logger.error(`rendering ${target.pathname} (${route.file}) failed`, error)
      return serverError(info, plan.which, error)
    }
  }

  function serve(info: IncomingInfo): Promise<Served> | undefined {
    const plan = planner.plan(info.pathname)
    if (!plan) return undefined
    if (plan.kind === 'api') return callApiRoute(ctx, plan.target, info, revalidate).then(web)
    if (plan.kind === 'not-found') return notFound(info, plan.which)
    if (info.method !== 'GET' && info.method !== 'HEAD')
      return Promise.resolve(
        web(new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD' } })),
      )
    // A prefetch never runs getServerSideProps (its side effects and cost belong to a navigation).
    if (plan.kind === 'dynamic' && info.headers[PREFETCH_HEADER] !== undefined)
      return Promise.resolve(
        web(new Response(null, { status: 204, headers: { 'cache-control': DYNAMIC_CACHE_CONTROL } })),
      )
    // Draft mode: rendered for this client with draftMode: true, never stored nor read from the cache.
    const draft = draftRequestOf(info.headers)
    if (plan.kind === 'dynamic' || draft)
      return serveDynamic(
        info,
        plan.kind === 'dynamic'
          ? plan
          : { kind: 'dynamic', which: plan.which, target: plan.target, reason: 'draft mode' },
        draft,
      )
    return serveCached(info, plan)
  }

  async function revalidate(path: string): Promise<void> {
    const plan = planner.plan(path)
    // `fresco dev` renders every request: there is nothing stored to regenerate.
    if (ctx.dev && plan?.kind === 'dynamic') return
    if (plan?.kind !== 'cached') throw new Error(`'${path}' is not a prerendered or ISR page of pages/`)
    const { target } = plan
    await ctx.routeCache.serve(target.match.pathname, 'html', slotted(target), {
      onDemand: true,
      implicitTags: target.implicitTags,
    })
    announceRegeneratedPath(target.match.pathname)
  }

  return {
    hit(info) {
      if (!mayHit(info)) return undefined
      const plan = planner.plan(info.pathname)
      if (plan?.kind !== 'cached' || plan.fallbackShell) return undefined
      const prepared = ctx.routeCache.hit(plan.key, plan.which, plan.target.implicitTags)
      return prepared && hitAnswer(prepared)
    },
    serve,
    routeOf: planner.routeOf,
    async notFound(info) {
      // pages/500 is not a route, but next start answers `/500` with it (status 500).
      if (info.pathname === '/500' && (await pagesSsr()).hasServerErrorPage())
        return serverError(info, 'html', undefined)
      return notFound(info, 'html')
    },
    revalidate,
    buildHooks: createPagesBuildHooks(ctx, routes, byId, planner),
  }
}

function createPagesBuildHooks(
  ctx: AppContext,
  routes: readonly PagesRouteInfo[],
  byId: ReadonlyMap<string, PagesRouteInfo>,
  planner: PagesPlanner,
): BuildHooks {
  type Described = { mode: string; dynamic?: string; paths?: string[]; fallback?: boolean | 'blocking' }
  const info = new Map<string, Promise<Described>>()
  const describe = (route: PagesRouteInfo) => {
    let found = info.get(route.id)
    if (!found) {
      found = (async (): Promise<Described> => {
        const ssr = await pagesSsr()
        const mode = await ssr.modeOf(route.id, route.kind, route.file)
        const dynamic = await ssr.dynamicReason(route.id, route.kind, route.file)
        if (dynamic) return { mode, dynamic }
        if (mode !== 'ssg' || route.params.length === 0) return { mode }
        const sp = await ssr.staticPaths(route.id, route.path, route.file)
        if (!sp)
          throw new Error(
            `[fresco] ${route.file} is a dynamic page with getStaticProps but no getStaticPaths. Export getStaticPaths (which paths to prerender, and fallback), or use getServerSideProps.`,
          )
        return { mode, paths: sp.pathnames, fallback: sp.fallback }
      })()
      info.set(route.id, found)
    }
    return found
  }
  const route = (id: string) => {
    const r = byId.get(id)
    if (!r) throw new Error(`[fresco] unknown route ${id}`)
    return r
  }
  // The prerender's match of a path (a route without params matches itself) and its tags, which
  // prerender workers also ask for (implicitTags).
  const matchOf = (id: string, pathname: string) => {
    const plan = planner.plan(pathname)
    return plan && 'target' in plan ? plan.target.match : { routeId: id, params: {}, pathname }
  }
  const tagsOf = (r: PagesRouteInfo, match: { pathname: string }) =>
    ctx.tagsFor({ id: r.path, kind: 'page' }, match.pathname)
  return {
    implicitTags(id, pathname) {
      return tagsOf(route(id), matchOf(id, pathname))
    },
    async routes(): Promise<PrerenderRouteInfo[]> {
      const ssr = await pagesSsr()
      await ssr.checkApp()
      await ssr.checkSpecialPages(ctx.buildId)
      return Promise.all(
        routes.map(async (r) => {
          const d = await describe(r)
          return {
            id: r.id,
            path: r.path,
            kind: r.kind === 'api' ? 'route' : 'page',
            file: r.file,
            revalidate: false,
            dynamicMode: 'auto',
            dynamicParams: d.fallback !== false,
            paramsDynamic: false,
            ...(d.fallback !== undefined ? { fallback: d.fallback } : {}),
          } satisfies PrerenderRouteInfo
        }),
      )
    },
    async paths(id) {
      const r = route(id)
      const d = await describe(r)
      // Routes rendered per request get one job, answered 'dynamic' by prerender() with the reason.
      return d.paths ?? [r.path]
    },
    async prerender(id, pathname) {
      const r = route(id)
      const d = await describe(r)
      if (d.dynamic) return { kind: 'dynamic', reason: d.dynamic }
      if (r.params.length > 0 && d.mode === 'static')
        return { kind: 'dynamic', reason: 'dynamic page without getStaticProps' }
      const match = matchOf(id, pathname)
      const target: PagesTarget = { route: r, match, implicitTags: tagsOf(r, match) }
      try {
        const { entry } = await ctx.routeCache.serve(
          match.pathname,
          'html',
          cachedRender(ctx, target, 'prerender'),
          {
            implicitTags: target.implicitTags,
          },
        )
        return { kind: 'static', status: entry.status, revalidate: entry.revalidate, tags: entry.tags }
      } catch (error) {
        throw prerenderFailedError(r.file, pathname, error)
      }
    },
  }
}
