// The request plan (docs/design/server.md "The request plan"): a request path resolved once into
// what the server does with it — redirect, not-found, cached(key, tags, route) or dynamic(reason).
// A plan depends on the path alone, never on headers, cookies, query or Host, so it is memoized per
// pathname and consumed alike by the HIT path, app.serve and the route-handler path; the build's
// prerender shares its rules (dynamicByConfig) and its render (cached-render.ts).
import type { LoadedRoute, RuntimeRoute } from '../render/route-modules.js'
import { slotWithoutMatch } from '../render/slot-match.js'
import type { AppContext } from './app-context.js'
import { encodePathSegment, type RouteMatch } from './match.js'
import { pagePath } from './request.js'
import { isCacheableHandler } from './route-handler.js'
import { matchedPath, trailingSlashLocation } from './trailing-slash.js'

/** Everything a render of this path needs that is not the request. */
export interface PlanTarget {
  route: RuntimeRoute
  loaded: LoadedRoute
  /** Params and the canonical pathname (the route cache key). */
  match: RouteMatch
  implicitTags: string[]
}

export type RequestPlan =
  /** `/blog/` → 308 `/blog` (the request's query is appended by the caller). */
  | { kind: 'redirect'; location: string }
  /** The root not-found page (not-found-page.ts), as a document or as a payload. */
  | { kind: 'not-found'; which: 'html' | 'rsc' }
  | { kind: 'cached'; which: 'html' | 'rsc'; target: PlanTarget; key: string }
  | { kind: 'dynamic'; which: 'html' | 'rsc'; target: PlanTarget; reason: string }

/** Pathnames remembered, oldest dropped first. */
export const PLAN_PATHS = 1024
/** Longer pathnames are planned on every request (bounds the memo's memory). */
export const PLAN_PATH_MAX_LENGTH = 512

const NOT_FOUND: Record<'html' | 'rsc', RequestPlan> = {
  html: { kind: 'not-found', which: 'html' },
  rsc: { kind: 'not-found', which: 'rsc' },
}

/**
 * Why a route renders per request whatever the build found: `force-dynamic`, or a route handler
 * that is not a cacheable GET. The build's prerender asks the same question.
 */
export function dynamicByConfig(loaded: LoadedRoute): string | undefined {
  if (loaded.config.dynamic === 'force-dynamic') return "dynamic = 'force-dynamic'"
  if (loaded.route.kind === 'route' && !isCacheableHandler(loaded)) return 'route handler'
  return undefined
}

/** The route's plan kind at run time: undefined = cached; otherwise why it is dynamic. */
function dynamicReason(ctx: AppContext, loaded: LoadedRoute): string | undefined {
  if (ctx.dev) return 'development'
  const byConfig = dynamicByConfig(loaded)
  if (byConfig) return byConfig
  const status = ctx.routeStatus?.get(loaded.route.id)
  if (!status) return 'not in the build manifest'
  return status.dynamic ? (status.reason ?? 'dynamic at build') : undefined
}

/** `dynamicParams = false` and a pathname the build did not prerender: a 404. */
function isUnknownParam(ctx: AppContext, loaded: LoadedRoute, pathname: string): boolean {
  const route = loaded.route
  if (route.kind !== 'page' || loaded.config.dynamicParams || route.params.length === 0) return false
  return !ctx.routeStatus?.get(route.id)?.paths.has(pathname)
}

/** The decoded pathname percent-encoded again, one segment at a time (a literal '%' stays literal). */
const encodedPath = (pathname: string) => pathname.split('/').map(encodePathSegment).join('/')

type Step = RequestPlan | { kind: 'load'; route: RuntimeRoute }

function decide(ctx: AppContext, path: string, loadedOf: (r: RuntimeRoute) => LoadedRoute | undefined): Step {
  const page = pagePath(path)
  const { which } = page
  const trailingSlash = ctx.config.trailingSlash
  const location = which === 'html' ? trailingSlashLocation(page.pathname, trailingSlash) : undefined
  if (location !== undefined) return { kind: 'redirect', location: encodedPath(location) }
  const pathname = matchedPath(page.pathname, trailingSlash)
  const match = ctx.match(pathname)
  const route = match && ctx.byId.get(match.routeId)
  if (!match || !route) return NOT_FOUND[which]
  const loaded = loadedOf(route)
  if (loaded === undefined) return { kind: 'load', route }
  if (isUnknownParam(ctx, loaded, match.pathname)) return NOT_FOUND[which]
  // A slot with neither a page for this URL nor a default.tsx: a 404, as in Next.js.
  if (route.kind === 'page' && slotWithoutMatch(loaded.segments, match.params, route.slotOnly) !== undefined)
    return NOT_FOUND[which]
  // A route handler has one representation: its RSC URL is the handler's own answer.
  const as = route.kind === 'route' ? 'html' : which
  const target: PlanTarget = { route, loaded, match, implicitTags: ctx.tagsFor(route, match.pathname) }
  const reason = dynamicReason(ctx, loaded)
  if (reason !== undefined) return { kind: 'dynamic', which: as, target, reason }
  return { kind: 'cached', which: as, target, key: ctx.routeCache.keyOf(match.pathname) }
}

export interface Planner {
  /** The plan without a promise, or undefined while the route's modules are still loading. */
  peek(path: string): RequestPlan | undefined
  resolve(path: string): Promise<RequestPlan>
}

export function createPlanner(ctx: AppContext): Planner {
  // Development reloads modules on every edit: plan every request afresh.
  if (ctx.dev) return uncachedPlanner(ctx)
  const memo = new Map<string, RequestPlan>()
  const loadedRoutes = new WeakMap<RuntimeRoute, LoadedRoute>()
  const loadedOf = (route: RuntimeRoute) => loadedRoutes.get(route)
  const remember = (path: string, plan: RequestPlan) => {
    if (path.length > PLAN_PATH_MAX_LENGTH) return
    if (memo.size >= PLAN_PATHS) memo.delete(memo.keys().next().value as string)
    memo.set(path, plan)
  }
  const step = (path: string): Step => {
    const known = memo.get(path)
    if (known !== undefined) return known
    const next = decide(ctx, path, loadedOf)
    if (next.kind !== 'load') remember(path, next)
    return next
  }
  return {
    peek(path) {
      const next = step(path)
      return next.kind === 'load' ? undefined : next
    },
    async resolve(path) {
      for (;;) {
        const next = step(path)
        if (next.kind !== 'load') return next
        loadedRoutes.set(next.route, await ctx.load(next.route))
      }
    },
  }
}

function uncachedPlanner(ctx: AppContext): Planner {
  return {
    peek: () => undefined,
    async resolve(path) {
      const loaded = new Map<RuntimeRoute, LoadedRoute>()
      for (;;) {
        const next = decide(ctx, path, (r) => loaded.get(r))
        if (next.kind !== 'load') return next
        loaded.set(next.route, await ctx.load(next.route))
      }
    },
  }
}
