// Test helper: one small app (routes, what the build recorded, an app context on a memory cache
// and a manual clock) for the plan and HIT-path tests. Excluded from tsc's output like the tests.
import { createManualClock, createMemoryHandler, createResponseCache, silentLogger } from '@fresco/cache'
import { resolveConfig } from '../../config/resolve.js'
import type { AnyModule, RuntimeRoute } from '../render/route-modules.js'
import { createAppContext, type RouteStatus } from './app-context.js'

const Page = () => null

function route(id: string, kind: 'page' | 'route', leaf: AnyModule, params: string[] = []): RuntimeRoute {
  return { id, path: id, kind, params, file: `${id}/${kind}.tsx`, module: async () => leaf, segments: [] }
}

export const sampleRoutes = (): RuntimeRoute[] => [
  route('/posts/[id]', 'page', { default: Page, revalidate: 60 }, ['id']),
  route('/fixed/[id]', 'page', { default: Page, dynamicParams: false }, ['id']),
  route('/live', 'page', { default: Page, dynamic: 'force-dynamic' }),
  route('/me', 'page', { default: Page }),
  route('/new', 'page', { default: Page }),
  route('/api/time', 'route', { GET: () => new Response('t'), revalidate: 30 }),
  route('/api/echo', 'route', { POST: () => new Response('e') }),
]

/** What the build recorded; '/new' is missing (a route the manifest does not know). */
export const sampleRouteStatus = (): Map<string, RouteStatus> =>
  new Map<string, RouteStatus>([
    ['/posts/[id]', { dynamic: false, paths: new Set(['/posts/1']) }],
    ['/fixed/[id]', { dynamic: false, paths: new Set(['/fixed/1']) }],
    ['/live', { dynamic: false, paths: new Set() }],
    ['/me', { dynamic: true, reason: 'cookies()', paths: new Set() }],
    ['/api/time', { dynamic: false, paths: new Set(['/api/time']) }],
    ['/api/echo', { dynamic: false, paths: new Set() }],
  ])

export function sampleAppContext(options: { dev?: boolean } = {}) {
  const clock = createManualClock()
  const handler = createMemoryHandler({ clock, logger: silentLogger })
  const cache = createResponseCache({ handler, clock, logger: silentLogger })
  const routes = sampleRoutes()
  const ctx = createAppContext({
    routes,
    rootNotFound: null,
    buildId: 'b1',
    dev: options.dev ?? false,
    config: resolveConfig({}, { env: {} }),
    cache,
    clock,
    logger: silentLogger,
    routeStatus: sampleRouteStatus(),
  })
  return { clock, cache, routes, ctx }
}
