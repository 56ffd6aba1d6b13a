// Intercepting routes on the server (docs/design/router.md "Parallel and intercepting routes").
// A client navigation sends the pathname it starts from (x-fresco-url, Next.js's Next-Url); when an
// intercepting route covers the URL asked for and the page navigated from is at or below the
// route's folder, the payload is that route: in a slot (`app/@modal/(.)photos/[id]`), rendered in
// its slot over the layouts down to it, with `children` unmatched (the client keeps the page it
// shows); in `children` (`app/feed/(..)photo/[id]`), rendered as the page under its own layouts
// (the feed's layout stays, the photo replaces the feed's page), as Next's rewrite to it does.
//
// Only payload requests (never the HTML: a reload shows the page itself) and only with the header.
// The answer is rendered for the request and never stored (Cache-Control: private, no-store), so it
// can never be served for a full page load; it says `Vary: x-fresco-url`. Apps without intercepting
// routes do not pay for any of this: the app has no interceptor then.
import { mergeSegmentConfig, readSegmentConfig } from '../data/segment-config.js'
import { fitsPattern } from '../render/intercept-pattern.js'
import { NEXT_URL_HEADER, PREFETCH_HEADER, RSC_PREFIX } from '../render/payload.js'
import { type PageInput, renderPageResponse } from '../render/render-page.js'
import { type LoadedSegment, segmentDir } from '../render/route-modules.js'
import type { AppContext } from './app-context.js'
import { DYNAMIC_CACHE_CONTROL } from './cache-headers.js'
import type { IncomingInfo, Served } from './contract.js'
import { type Candidate, collect } from './intercept-rules.js'
import { decodeSegments } from './match.js'
import { parseAppRequest } from './request.js'

/** Longer values are not a pathname a browser sends: ignored (no interception). */
const MAX_FROM = 2048

export type Interceptor = (info: IncomingInfo) => Promise<Served> | undefined

export function createInterceptor(ctx: AppContext): Interceptor | undefined {
  const candidates = collect(ctx.routes, ctx.interceptRoutes)
  if (candidates.length === 0) return undefined
  return (info) => {
    if (!info.pathname.startsWith(`${RSC_PREFIX}/`)) return undefined
    const raw = info.headers[NEXT_URL_HEADER]
    const from = typeof raw === 'string' && raw.startsWith('/') && raw.length <= MAX_FROM ? raw : undefined
    if (from === undefined || (info.method !== 'GET' && info.method !== 'HEAD')) return undefined
    const fromParts = decodeSegments(from)
    if (!fromParts) return undefined
    const fromPath = `/${fromParts.join('/')}`
    const pathname = info.pathname.slice(RSC_PREFIX.length) || '/'
    // The deepest covering folder wins, as the most specific rewrite does in Next.js.
    let best: Candidate | undefined
    for (const c of candidates) {
      if (!fitsPattern(c.rule.path, pathname) || !fitsPattern(c.rule.from, fromPath, true)) continue
      if (!best || c.rule.from.length > best.rule.from.length) best = c
    }
    return best && serveIntercepted(ctx, info, best, pathname, fromPath)
  }
}

async function serveIntercepted(
  ctx: AppContext,
  info: IncomingInfo,
  c: Candidate,
  pathname: string,
  fromPath: string,
): Promise<Served> {
  const headers = { vary: NEXT_URL_HEADER, 'cache-control': DYNAMIC_CACHE_CONTROL }
  const match = c.params(pathname)
  // A prefetch never renders per request (client-router.md): the click asks again.
  if (!match || info.headers[PREFETCH_HEADER] !== undefined)
    return { type: 'web', response: new Response(null, { status: 204, headers }) }
  const loaded = await ctx.load(c.route)
  const fromParams = c.fromParams(fromPath)?.params ?? {}
  delete fromParams.__rest
  const params = { ...fromParams, ...match.params }
  const req = parseAppRequest(info)
  const base = {
    routeId: c.id,
    url: req.url,
    params,
    headers: req.headers,
    implicitTags: ctx.tagsFor({ id: c.id, kind: 'page' }, match.pathname),
    phase: 'request',
    intercepted: true,
  } as const
  let input: PageInput
  if (c.in.kind === 'children') {
    input = { ...base, segments: loaded.segments, page: loaded.leaf, config: loaded.config }
  } else {
    const { level, slot, slotRouteId } = c.in
    const segments: LoadedSegment[] = loaded.segments.slice(0, level + 1)
    const slotRoute = segments[level]?.slots
      ?.find((s) => s.name === slot)
      ?.routes.find((r) => r.route.id === slotRouteId)
    if (!slotRoute) return { type: 'web', response: new Response(null, { status: 204, headers }) }
    const layers = segments.flatMap((s, i) =>
      s.layout ? [readSegmentConfig(`${segmentDir(segments, i)}/layout`, s.layout)] : [],
    )
    layers.push(readSegmentConfig(`app/${slotRoute.route.file}`, slotRoute.page))
    input = {
      ...base,
      segments,
      page: undefined,
      config: mergeSegmentConfig(layers),
      intercept: { level, slot, route: slotRoute, params },
    }
  }
  const env = await ctx.render()
  const response = await ctx.renders.run(
    () => renderPageResponse(env, input, 'rsc', { headers: { vary: NEXT_URL_HEADER } }),
    info.signal,
  )
  return { type: 'web', response: info.method === 'HEAD' ? new Response(null, response) : response }
}
