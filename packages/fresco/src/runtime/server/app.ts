// createApp(): FrescoApp.serve(req) (contracts.md, seam 1). Every request is first resolved into
// its plan (plan.ts): `cached` pages and GET route handlers go through the route cache (a
// PreparedResponse, no rendering), rendered only by cachedRender from the plan; `dynamic` pages,
// draft mode, actions and other handlers are rendered for the request and streamed.
// A fresh HIT is answered before any of this, synchronously (hit-path.ts).

import type { Regenerate } from '@fresco/cache'
import { addBasePath } from '../base-path.js'
import { isDraftCookieHeader } from '../data/draft-cookie.js'
import { purgeOnDemand } from '../data/revalidate.js'
import { createOwnership } from '../pages/ownership.js'
import type { PagesApp } from '../pages/server.js'
import { ACTION_HEADER, HTML_CONTENT_TYPE, PREFETCH_HEADER } from '../render/payload.js'
import { type PageInput, redirectPayloadResponse, renderPageResponse } from '../render/render-page.js'
import { isActionRequest, revalidatedHeader, runAction } from './actions.js'
import type { AppContext } from './app-context.js'
import { NO_ROUTE } from './app-observer.js'
import { DYNAMIC_CACHE_CONTROL } from './cache-headers.js'
import { appJob, cachedRender } from './cached-render.js'
import type { FrescoApp, IncomingInfo, Served } from './contract.js'
import { dynamicUsageOf } from './dynamic-fallback.js'
import { createHitPath } from './hit-path.js'
import { createInterceptor } from './intercept.js'
import { createNotFoundPage, type NotFoundPage } from './not-found-page.js'
import { observedServe, planRoute } from './observed-serve.js'
import { createPlanner, type Planner, type PlanTarget, type RequestPlan } from './plan.js'
import { pooledRender } from './pooled-render.js'
import { type AppRequest, pagePath, parseAppRequest } from './request.js'
import type { RouteCacheResult } from './route-cache.js'
import { callRouteHandler, unhandledMethod } from './route-handler.js'
import { tracedRender, tracedRequestRender } from './traced-render.js'
import { tracedServe } from './traced-serve.js'

const web = (response: Response): Served => ({ type: 'web', response })

export function createFrescoApp(ctx: AppContext, pages?: PagesApp): FrescoApp {
  const planner = createPlanner(ctx)
  const notFound = createNotFoundPage(ctx)
  // Fresh HITs answer synchronously (hit-path.ts); production only: dev renders every request.
  const hit = ctx.dev ? undefined : createHitPath(planner, ctx.routeCache, notFound)
  // Only apps with intercepting routes have one; it claims payload requests it intercepts.
  const intercept = createInterceptor(ctx)
  const pagesHit = ctx.dev ? undefined : pages?.hit
  // With pages/ beside app/, each path goes to one router (pages/ownership.ts).
  const pagesOwn = pages && createOwnership(ctx, pages)
  const serve: FrescoApp['serve'] = (info) => {
    if (pages && pagesOwn?.(info.pathname))
      return pagesHit?.(info) ?? pages.serve(info) ?? pages.notFound(info)
    // The App Router's client asking the payload of a Pages Router page (a <Link> across routers):
    // there is none, and the App Router's not-found payload would be shown under that URL.
    if (pagesOwn) {
      const page = pagePath(info.pathname)
      if (page.which === 'rsc' && pagesOwn(page.pathname)) return web(toPagesDocument(info, page.pathname))
    }
    return intercept?.(info) ?? hit?.(info) ?? serveRequest(ctx, planner, notFound, info, pages)
  }
  // With metrics on, each answer is counted under its route pattern (observed-serve.ts).
  const routeOf = (pathname: string) =>
    pages && pagesOwn?.(pathname)
      ? (pages.routeOf(pathname)?.path ?? NO_ROUTE.notFound)
      : planRoute(planner.peek(pathname))
  // `fresco dev` plans every request afresh (nothing to peek at): its spans are named by the route
  // the path matches.
  const spanRouteOf = ctx.dev
    ? (pathname: string) =>
        pages && pagesOwn?.(pathname)
          ? routeOf(pathname)
          : (ctx.byId.get(ctx.match(pagePath(pathname).pathname)?.routeId ?? '')?.path ?? NO_ROUTE.notFound)
    : routeOf
  return {
    buildId: ctx.buildId,
    serve: observedServe(ctx, tracedServe(ctx.tracer, serve, spanRouteOf), routeOf),
    purge: purgeOnDemand,
    async close() {
      await ctx.drain()
      await ctx.cache.close()
      await ctx.renderPool?.close() // after the last flight: nothing waits for a worker any more
    },
  }
}

async function serveRequest(
  ctx: AppContext,
  planner: Planner,
  notFound: NotFoundPage,
  info: IncomingInfo,
  pages: PagesApp | undefined,
): Promise<Served> {
  const req = parseAppRequest(info)
  const plan = await planner.resolve(info.pathname)
  if (plan.kind === 'redirect') return web(trailingSlashRedirect(plan.location, info.search))
  if (plan.kind === 'not-found') {
    // No router claims it (pages/ownership.ts sent the Pages Router's paths there already): the
    // App Router's not-found page, or pages/404 when the app has no app/.
    if (pages && ctx.routes.length === 0) return pages.notFound(info)
    return serveNotFound(ctx, req, notFound, plan.which)
  }
  const { target } = plan
  if (target.route.kind === 'route') return serveRouteHandler(ctx, req, plan)
  if (isActionRequest(info.method, (name) => req.header(name)))
    return web(await serveAction(ctx, req, target))
  if (info.method !== 'GET' && info.method !== 'HEAD') {
    return web(new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD' } }))
  }
  // The request's own input (URL, Headers, …) only on the per-request render paths.
  const input = () => pageInput(req, target)
  const prefetch = req.which === 'rsc' ? req.header(PREFETCH_HEADER) : undefined
  // Draft mode sees the draft content: rendered for this request, never stored.
  if (plan.kind === 'dynamic' || isDraftCookieHeader(req.header('cookie'))) {
    if (prefetch === undefined || prefetch === 'full') return web(await renderDynamic(ctx, req, input()))
    return web(await renderPartialPrefetch(ctx, req, input()))
  }
  // A prefetch serves what is stored, fresh or stale, and never regenerates (client-router.md).
  if (prefetch !== undefined) {
    const found = await ctx.routeCache.peek(target.match.pathname, 'rsc', {
      implicitTags: target.implicitTags,
    })
    if (!found) return web(nothingToPrefetch())
    return { type: 'prepared', prepared: found.prepared, cacheStatus: found.status }
  }
  let result: RouteCacheResult
  try {
    result = await ctx.routeCache.serve(target.match.pathname, plan.which, slotted(ctx, target), {
      implicitTags: target.implicitTags,
    })
  } catch {
    // No entry to fall back to (first visit, or evicted): answer as a dynamic page that throws does
    // (500 error document, or the payload with the digest), never stored. The response cache has
    // already logged the failure with the path, so this render logs nothing.
    return web(await renderDynamic(ctx, req, input(), { quiet: true }))
  }
  // Static at build, dynamic now (new params reach cookies(), …): serve this one per request.
  if (dynamicUsageOf(result.entry)) return web(await renderDynamic(ctx, req, input()))
  return { type: 'prepared', prepared: result.prepared, cacheStatus: result.status }
}

/** `/blog/` → 308 `/blog` (query kept), for every method, as `next start` does by default. */
function trailingSlashRedirect(pathname: string, search: string): Response {
  // Through URL so whatever the client sent in the query is a valid header value.
  const url = new URL(pathname + search, 'http://localhost')
  const location = addBasePath(url.pathname) + url.search
  return new Response(location, { status: 308, headers: { location, refresh: `0;url=${location}` } })
}

/**
 * A regeneration on the request path (MISS, STALE, on-demand) waits for a render slot, then renders
 * in the render pool when `fresco start` has one (off the loop that answers HITs), here otherwise.
 */
function slotted(ctx: AppContext, target: PlanTarget): Regenerate {
  const render = ctx.renderPool
    ? pooledRender(ctx.renderPool, () => appJob(target), ctx.tracer)
    : cachedRender(ctx, target, 'regenerate')
  const traced = ctx.tracer ? tracedRender(ctx.tracer, target.route, render) : render
  return (regeneration) => ctx.renders.run(() => traced(regeneration))
}

/** A per-request render: this request's URL and headers (never stored). */
function pageInput(req: AppRequest, target: PlanTarget): PageInput {
  const { route, loaded, match, implicitTags } = target
  return {
    routeId: route.id,
    url: req.url,
    params: match.params,
    headers: req.headers,
    segments: loaded.segments,
    page: loaded.leaf,
    slotOnly: route.slotOnly,
    config: loaded.config,
    implicitTags,
    phase: 'request',
  }
}

async function renderDynamic(
  ctx: AppContext,
  req: AppRequest,
  input: PageInput,
  options: { quiet?: boolean } = {},
): Promise<Response> {
  const env = await ctx.render()
  const renderEnv = options.quiet ? { ...env, logger: { ...env.logger, error: () => {} } } : env
  const render = () => renderPageResponse(renderEnv, input, req.which)
  const route = ctx.byId.get(input.routeId)
  const tracer = ctx.tracer
  const response = await ctx.renders.run(
    tracer && route ? () => tracedRequestRender(tracer, { path: route.path, kind: 'page' }, render) : render,
    req.info.signal,
  )
  return req.info.method === 'HEAD' ? new Response(null, response) : response
}

/**
 * Not a payload, so the client router loads the document instead, as Next's answers the page's HTML
 * there: a prefetch gets nothing (204), a navigation (or a browser opening the URL) a 307 to the page.
 */
function toPagesDocument(info: IncomingInfo, pathname: string): Response {
  if (info.headers[PREFETCH_HEADER] !== undefined) return nothingToPrefetch()
  // Through URL so whatever the client sent in the query is a valid header value.
  const url = new URL(pathname + info.search, 'http://localhost')
  const location = addBasePath(url.pathname) + url.search
  return new Response(null, { status: 307, headers: { location, 'cache-control': DYNAMIC_CACHE_CONTROL } })
}

const nothingToPrefetch = () =>
  new Response(null, { status: 204, headers: { 'cache-control': DYNAMIC_CACHE_CONTROL } })

/** Default prefetch of a dynamic route: its layouts down to the first loading.tsx, or nothing. */
async function renderPartialPrefetch(ctx: AppContext, req: AppRequest, input: PageInput): Promise<Response> {
  if (!input.segments.some((s) => s.loading !== undefined)) return nothingToPrefetch()
  const env = await ctx.render()
  return ctx.renders.run(
    () =>
      renderPageResponse(env, { ...input, partial: true }, req.which, {
        headers: { [PREFETCH_HEADER]: 'partial' },
      }),
    req.info.signal,
  )
}

/** A URL no route matches: the shared root not-found page, or one rendered for this request. */
async function serveNotFound(
  ctx: AppContext,
  req: AppRequest,
  notFound: NotFoundPage,
  which: 'html' | 'rsc',
): Promise<Served> {
  // Any method: a made-up URL answers 404 without reading a body. Draft mode sees draft content,
  // so its not-found page is its own.
  const shared = isDraftCookieHeader(req.header('cookie')) ? undefined : await notFound.serve(which)
  if (shared) return { type: 'prepared', prepared: shared.prepared, cacheStatus: shared.status }
  const input = await notFound.requestInput(req.url, req.headers)
  if (input.segments.length === 0)
    return web(new Response('Not Found', { status: 404, headers: { 'content-type': HTML_CONTENT_TYPE } }))
  return web(await renderDynamic(ctx, req, input))
}

async function serveRouteHandler(
  ctx: AppContext,
  req: AppRequest,
  plan: Extract<RequestPlan, { kind: 'cached' | 'dynamic' }>,
): Promise<Served> {
  const { target } = plan
  // Decided before a Request is built: `new Request()` throws for TRACE and TRACK.
  const unhandled = unhandledMethod(target.loaded, req.info.method)
  if (unhandled) return web(unhandled)
  const isGet = req.info.method === 'GET' || req.info.method === 'HEAD'
  if (isGet && plan.kind === 'cached' && !isDraftCookieHeader(req.header('cookie'))) {
    const result = await ctx.routeCache.serve(target.match.pathname, 'html', slotted(ctx, target), {
      implicitTags: target.implicitTags,
    })
    if (!dynamicUsageOf(result.entry))
      return { type: 'prepared', prepared: result.prepared, cacheStatus: result.status }
  }
  const call = () =>
    callRouteHandler({
      loaded: target.loaded,
      request: req.toRequest(),
      params: target.match.params,
      phase: 'route-handler',
      implicitTags: target.implicitTags,
    })
  const { response, store } = await (ctx.tracer
    ? tracedRequestRender(ctx.tracer, target.route, call)
    : call())
  // As after a Server Action (and Next's pendingRevalidates): the answer leaves once the tags it
  // invalidated reached the cache (every worker, or Redis), so a request sent after it sees them.
  await Promise.all(store.pending)
  return web(response)
}

async function serveAction(ctx: AppContext, req: AppRequest, target: PlanTarget): Promise<Response> {
  const outcome = await runAction({
    request: req.toRequest(),
    loaded: target.loaded,
    implicitTags: target.implicitTags,
    bodySizeLimit: ctx.config.serverActions.bodySizeLimit,
    allowedOrigins: ctx.config.serverActions.allowedOrigins,
  })
  if (outcome.kind === 'rejected') return outcome.response
  const cookies = outcome.store.setCookies
  const headers = revalidatedHeader(outcome.store)
  if (outcome.kind === 'redirect') {
    // No JS: a 303 turns the POST into a GET of the target (RFC 9110 §15.4.4).
    if (req.which === 'html' && !req.header(ACTION_HEADER)) {
      const response = new Response(null, { status: 303, headers: { location: outcome.url, ...headers } })
      for (const c of cookies) response.headers.append('set-cookie', c)
      return response
    }
  }
  // The page renders again with the cookies as the action left them (set or deleted), as in Next.js.
  const input: PageInput = {
    ...pageInput(req, target),
    cookies: outcome.store.cookies,
    revalidatedTags: outcome.store.revalidatedTags,
  }
  const env = await ctx.render()
  if (outcome.kind === 'not-found') {
    const which = req.header(ACTION_HEADER) ? 'rsc' : 'html'
    const notFoundInput = { ...input, page: undefined, returnValue: { ok: true, data: undefined } }
    return ctx.renders.run(() =>
      renderPageResponse(env, notFoundInput, which, { status: 404, headers, cookies }),
    )
  }
  if (outcome.kind === 'js') {
    // An action that threw answers 500 as in Next.js; the payload still carries the rejection
    // (digest only) and the page, so the client shows error.tsx.
    const rejected = { status: outcome.returnValue.ok ? undefined : 500, headers, cookies }
    const returned = { returnValue: outcome.returnValue, temporaryReferences: outcome.temporaryReferences }
    return ctx.renders.run(() => renderPageResponse(env, { ...input, ...returned }, 'rsc', rejected))
  }
  if (outcome.kind === 'redirect') {
    return redirectPayloadResponse(input, outcome.url, { headers, cookies })
  }
  const formInput = { ...input, formState: outcome.formState }
  return ctx.renders.run(() => renderPageResponse(env, formInput, 'html', { headers, cookies }))
}
