// The Pages Router's request plan (the App Router's is runtime/server/plan.ts): a request path
// resolved once into what the server does — a cached page (its HTML or its data URL), a page
// rendered per request (getServerSideProps), an API route, or not found. Like the App Router's it
// depends on the path alone (never headers, cookies, query or Host), so it is memoized per path.
import type { AppContext } from '../server/app-context.js'
import { createMatcher, type RouteMatch } from '../server/match.js'
import { PLAN_PATH_MAX_LENGTH, PLAN_PATHS } from '../server/plan.js'
import { matchedPath } from '../server/trailing-slash.js'
import { parseDataUrl } from './data-url.js'

export interface PagesRouteInfo {
  id: string
  path: string
  kind: 'page' | 'api'
  params: string[]
  /** pages/blog/[id].tsx, for messages. */
  file: string
}

export interface PagesTarget {
  route: PagesRouteInfo
  match: RouteMatch
  implicitTags: string[]
}

export type PagesPlan =
  | { kind: 'not-found'; which: 'html' | 'data' }
  | {
      kind: 'cached'
      which: 'html' | 'data'
      target: PagesTarget
      key: string
      /** Not prerendered and getStaticPaths said `fallback: true`: the shell, then the page. */
      fallbackShell: boolean
    }
  | { kind: 'dynamic'; which: 'html' | 'data'; target: PagesTarget; reason: string }
  | { kind: 'api'; target: PagesTarget }

export interface PagesPlanner {
  /** undefined: not a Pages Router path at all (the App Router answers it). */
  plan(path: string): PagesPlan | undefined
  /** The page or API route whose pattern matches `pathname`, whatever its plan. */
  routeOf(pathname: string): PagesRouteInfo | undefined
}

export function createPagesPlanner(ctx: AppContext, routes: readonly PagesRouteInfo[]): PagesPlanner {
  const byId = new Map(routes.map((r) => [r.id, r]))
  const match = createMatcher(routes.map((r) => ({ id: r.id, path: r.path, kind: 'page' as const })))
  const memo = new Map<string, PagesPlan | undefined>()

  function decide(path: string): PagesPlan | undefined {
    const data = parseDataUrl(path, ctx.buildId)
    if (data?.kind === 'other-build') return { kind: 'not-found', which: 'data' }
    const which = data ? 'data' : 'html'
    const found = match(data ? data.pathname : matchedPath(path, ctx.config.trailingSlash))
    const route = found && byId.get(found.routeId)
    if (!found || !route) return data ? { kind: 'not-found', which } : undefined
    const target: PagesTarget = {
      route,
      match: found,
      implicitTags: ctx.tagsFor({ id: route.path, kind: 'page' }, found.pathname),
    }
    if (route.kind === 'api') return data ? { kind: 'not-found', which } : { kind: 'api', target }
    if (ctx.dev) return { kind: 'dynamic', which, target, reason: 'development' }
    const status = ctx.routeStatus?.get(route.id)
    if (!status) return { kind: 'dynamic', which, target, reason: 'not in the build manifest' }
    if (status.dynamic) return { kind: 'dynamic', which, target, reason: status.reason ?? 'dynamic at build' }
    const known = route.params.length === 0 || status.paths.has(found.pathname)
    if (!known && status.fallback === false) return { kind: 'not-found', which }
    const key = ctx.routeCache.keyOf(found.pathname)
    return { kind: 'cached', which, target, key, fallbackShell: !known && status.fallback === true }
  }

  return {
    routeOf(pathname) {
      const found = match(matchedPath(pathname, ctx.config.trailingSlash))
      return found ? byId.get(found.routeId) : undefined
    },
    plan(path) {
      if (ctx.dev) return decide(path)
      if (memo.has(path)) return memo.get(path)
      const plan = decide(path)
      if (path.length <= PLAN_PATH_MAX_LENGTH) {
        if (memo.size >= PLAN_PATHS) memo.delete(memo.keys().next().value as string)
        memo.set(path, plan)
      }
      return plan
    },
  }
}
