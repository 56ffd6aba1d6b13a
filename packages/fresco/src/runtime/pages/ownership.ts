// Which router answers a path when the app has both: the Pages Router's data URLs are its own; a path
// only one router matches goes to it; a path both match goes to the more specific route pattern
// (route-order.ts), as Next.js sorts app and pages routes together — a static `pages/blog/[id]`
// beats an App Router `app/[...rest]`. Decided from the path alone, so it is memoized like a plan.
import { RSC_PREFIX } from '../render/payload.js'
import type { AppContext } from '../server/app-context.js'
import { PLAN_PATH_MAX_LENGTH, PLAN_PATHS } from '../server/plan.js'
import { compareRoutePaths } from '../server/route-order.js'
import { matchedPath, trailingSlashLocation } from '../server/trailing-slash.js'
import { DATA_PREFIX } from './data-url.js'
import type { PagesApp } from './server.js'

export function createOwnership(
  ctx: AppContext,
  pages: Pick<PagesApp, 'routeOf'>,
): (pathname: string) => boolean {
  const decide = (pathname: string): boolean => {
    if (pathname.startsWith(DATA_PREFIX)) return true
    if (pathname === RSC_PREFIX || pathname.startsWith(`${RSC_PREFIX}/`)) return false
    // The trailing-slash 308 (`/blog/` → `/blog`, or the reverse under trailingSlash: true) comes
    // from the App Router's plan, for both routers.
    if (trailingSlashLocation(pathname, ctx.config.trailingSlash) !== undefined) return false
    const page = pages.routeOf(pathname)
    if (!page) return false
    const found = ctx.match(matchedPath(pathname, ctx.config.trailingSlash))
    const appRoute = found ? ctx.byId.get(found.routeId) : undefined
    return !appRoute || compareRoutePaths(page.path, appRoute.path) < 0
  }
  if (ctx.dev) return decide
  const memo = new Map<string, boolean>()
  return (pathname) => {
    const known = memo.get(pathname)
    if (known !== undefined) return known
    const owned = decide(pathname)
    if (pathname.length <= PLAN_PATH_MAX_LENGTH) {
      if (memo.size >= PLAN_PATHS) memo.delete(memo.keys().next().value as string)
      memo.set(pathname, owned)
    }
    return owned
  }
}
