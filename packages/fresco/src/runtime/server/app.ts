// createApp(): FrescoApp.serve(req) (contracts.md, seam 1). Static and ISR pages and cacheable
// GET route handlers go through the route cache (HIT path: a PreparedResponse, no rendering);
// dynamic pages, draft mode, authorised requests, actions and other handlers are streamed.
// A fresh HIT is answered before any of this, synchronously (hit-path.ts).
import { HTML_CONTENT_TYPE, PREFETCH_HEADER } from '../render/payload.js'
import {
  type PageInput,
  redirectPayloadResponse,
  renderPageEntry,
  renderPageResponse,
} from '../render/render-page.js'
import type { LoadedRoute, RuntimeRoute } from '../render/route-modules.js'
import { isActionRequest, revalidatedHeader, runAction } from './actions.js'
import type { AppContext } from './app-context.js'
import { isUnknownParam, requestUsesCache, routeUsesCache } from './cache-eligibility.js'
import { DYNAMIC_CACHE_CONTROL } from './cache-headers.js'
import type { FrescoApp, IncomingInfo, Served } from './contract.js'
import { dynamicAware, dynamicUsageOf } from './dynamic-fallback.js'
import { createHitPath } from './hit-path.js'
import type { RouteMatch } from './match.js'
import { type AppRequest, parseAppRequest } from './request.js'
import type { RouteCacheResult } from './route-cache.js'
import { callRouteHandler, routeHandlerEntry, unhandledMethod } from './route-handler.js'

const web = (response: Response): Served => ({ type: 'web', response })

export function createFrescoApp(ctx: AppContext): FrescoApp {
  // Fresh HITs answer synchronously (hit-path.ts); production only: dev renders every request.
  const hit = ctx.dev ? undefined : createHitPath(ctx)
  return {
    buildId: ctx.buildId,
    serve(info) {
      return hit?.(info) ?? serveRequest(ctx, info)
    },
    async close() {
      await ctx.drain()
      await ctx.cache.close()
    },
  }
}

async function serveRequest(ctx: AppContext, info: IncomingInfo): Promise<Served> {
  const req = parseAppRequest(info)
  if (req.which === 'html' && req.pathname.length > 1 && req.pathname.endsWith('/'))
    return web(trailingSlashRedirect(req.url))
  const match = ctx.match(req.pathname)
  const route = match && ctx.byId.get(match.routeId)
  if (!match || !route) return web(await notFoundResponse(ctx, req))
  const loaded = await ctx.load(route)
  if (route.kind === 'route') return serveRouteHandler(ctx, req, match, loaded)
  if (isActionRequest(info.method, (name) => req.header(name)))
    return web(await serveAction(ctx, req, match, loaded))
  if (info.method !== 'GET' && info.method !== 'HEAD') {
    return web(new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD' } }))
  }
  if (isUnknownParam(ctx, loaded, match.pathname)) return web(await notFoundResponse(ctx, req))
  const implicitTags = ctx.tagsFor(route, match.pathname)
  // The page input (URL, Headers, …) only on the render paths: cached answers never read it.
  const input = () => pageInput(ctx, req, match, route, loaded, implicitTags)
  const prefetch = req.which === 'rsc' ? req.header(PREFETCH_HEADER) : undefined
  if (!cacheable(ctx, req, loaded)) {
    if (prefetch === undefined || prefetch === 'full') return web(await renderDynamic(ctx, req, input()))
    return web(await renderPartialPrefetch(ctx, req, input()))
  }
  // A prefetch serves what is stored, fresh or stale, and never regenerates (client-router.md).
  if (prefetch !== undefined) {
    const found = await ctx.routeCache.peek(match.pathname, 'rsc', { implicitTags })
    if (!found) return web(nothingToPrefetch())
    return { type: 'prepared', prepared: found.prepared, cacheStatus: found.status }
  }
  const regenerate = async () => renderPageEntry(await ctx.render(), { ...input(), ...regenerateInput(req) })
  let result: RouteCacheResult
  try {
    result = await ctx.routeCache.serve(match.pathname, req.which, dynamicAware(regenerate, ctx.clock), {
      implicitTags,
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
function trailingSlashRedirect(url: URL): Response {
  const location = url.pathname.replace(/\/+$/, '') + url.search
  return new Response(location, { status: 308, headers: { location, refresh: `0;url=${location}` } })
}

/** Regeneration renders the shared entry: no request headers, no query string. */
function regenerateInput(req: AppRequest): Partial<PageInput> {
  const url = new URL(req.url)
  url.search = ''
  return { url, headers: new Headers(), phase: 'regenerate' }
}

function cacheable(ctx: AppContext, req: AppRequest, loaded: LoadedRoute): boolean {
  return (
    routeUsesCache(ctx, loaded) && requestUsesCache(req.header('authorization'), req.header('cookie'), true)
  )
}

function pageInput(
  ctx: AppContext,
  req: AppRequest,
  match: RouteMatch,
  route: RuntimeRoute,
  loaded: LoadedRoute,
  implicitTags: string[] = ctx.tagsFor(route, match.pathname),
): PageInput {
  return {
    routeId: route.id,
    url: req.url,
    params: match.params,
    headers: req.headers,
    segments: loaded.segments,
    page: loaded.leaf,
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
  const response = await renderPageResponse(renderEnv, input, req.which)
  return req.info.method === 'HEAD' ? new Response(null, response) : response
}

const nothingToPrefetch = () =>
  new Response(null, { status: 204, headers: { 'cache-control': DYNAMIC_CACHE_CONTROL } })

/** Default prefetch of a dynamic route: its layouts down to the first loading.tsx, or nothing. */
async function renderPartialPrefetch(ctx: AppContext, req: AppRequest, input: PageInput): Promise<Response> {
  if (!input.segments.some((s) => s.loading !== undefined)) return nothingToPrefetch()
  return renderPageResponse(await ctx.render(), { ...input, partial: true }, req.which, {
    headers: { [PREFETCH_HEADER]: 'partial' },
  })
}

async function notFoundResponse(ctx: AppContext, req: AppRequest): Promise<Response> {
  const input: PageInput = {
    routeId: '/_not-found',
    url: req.url,
    params: {},
    headers: req.headers,
    segments: await ctx.loadRootSegment(),
    page: undefined,
    config: { dynamic: 'auto', revalidate: false, dynamicParams: true, fetchCache: 'auto' },
    implicitTags: [],
    phase: 'request',
  }
  if (input.segments.length === 0)
    return new Response('Not Found', { status: 404, headers: { 'content-type': HTML_CONTENT_TYPE } })
  return renderDynamic(ctx, req, input)
}

async function serveRouteHandler(
  ctx: AppContext,
  req: AppRequest,
  match: RouteMatch,
  loaded: LoadedRoute,
): Promise<Served> {
  // Decided before a Request is built: `new Request()` throws for TRACE and TRACK.
  const unhandled = unhandledMethod(loaded, req.info.method)
  if (unhandled) return web(unhandled)
  const route = loaded.route
  const implicitTags = ctx.tagsFor(route, match.pathname)
  const isGet = req.info.method === 'GET' || req.info.method === 'HEAD'
  if (isGet && cacheable(ctx, req, loaded)) {
    const regenerate = () =>
      routeHandlerEntry(
        {
          loaded,
          request: new Request(req.url, { method: 'GET' }),
          params: match.params,
          phase: 'regenerate',
          implicitTags,
        },
        ctx.clock,
      )
    const result = await ctx.routeCache.serve(match.pathname, 'html', dynamicAware(regenerate, ctx.clock), {
      implicitTags,
    })
    if (!dynamicUsageOf(result.entry))
      return { type: 'prepared', prepared: result.prepared, cacheStatus: result.status }
  }
  const { response, store } = await callRouteHandler({
    loaded,
    request: req.toRequest(),
    params: match.params,
    phase: 'route-handler',
    implicitTags,
  })
  ctx.track(Promise.all(store.pending))
  return web(response)
}

async function serveAction(
  ctx: AppContext,
  req: AppRequest,
  match: RouteMatch,
  loaded: LoadedRoute,
): Promise<Response> {
  const outcome = await runAction({
    request: req.toRequest(),
    loaded,
    implicitTags: ctx.tagsFor(loaded.route, match.pathname),
    bodySizeLimit: ctx.config.serverActions.bodySizeLimit,
    allowedOrigins: ctx.config.serverActions.allowedOrigins,
  })
  if (outcome.kind === 'rejected') return outcome.response
  const cookies = outcome.store.setCookies
  const headers = revalidatedHeader(outcome.store)
  if (outcome.kind === 'redirect') {
    // No JS: a 303 turns the POST into a GET of the target (RFC 9110 §15.4.4).
    if (req.which === 'html' && !req.header('x-fresco-action')) {
      const response = new Response(null, { status: 303, headers: { location: outcome.url, ...headers } })
      for (const c of cookies) response.headers.append('set-cookie', c)
      return response
    }
  }
  // The page renders again with the cookies as the action left them (set or deleted), as in Next.js.
  const input: PageInput = {
    ...pageInput(ctx, req, match, loaded.route, loaded),
    cookies: outcome.store.cookies,
    revalidatedTags: outcome.store.revalidatedTags,
  }
  const env = await ctx.render()
  if (outcome.kind === 'not-found') {
    const which = req.header('x-fresco-action') ? 'rsc' : 'html'
    const notFoundInput = { ...input, page: undefined, returnValue: { ok: true, data: undefined } }
    return renderPageResponse(env, notFoundInput, which, { status: 404, headers, cookies })
  }
  if (outcome.kind === 'js') {
    // An action that threw answers 500 as in Next.js; the payload still carries the rejection
    // (digest only) and the page, so the client shows error.tsx.
    return renderPageResponse(
      env,
      { ...input, returnValue: outcome.returnValue, temporaryReferences: outcome.temporaryReferences },
      'rsc',
      { status: outcome.returnValue.ok ? undefined : 500, headers, cookies },
    )
  }
  if (outcome.kind === 'redirect') {
    return redirectPayloadResponse(input, outcome.url, { headers, cookies })
  }
  return renderPageResponse(env, { ...input, formState: outcome.formState }, 'html', { headers, cookies })
}
