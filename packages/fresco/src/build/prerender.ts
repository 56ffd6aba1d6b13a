// Prerender every route with bounded concurrency, through the server bundle's own route cache
// (build-hooks.ts). A throwing render fails the build naming route, path and error; dynamic usage
// marks the route dynamic with its reason; `dynamic = 'error'` fails with the API's name.
import type { BuildHooks, PrerenderResult, PrerenderRouteInfo } from '../runtime/server/build-hooks.js'
import { type FrescoManifest, MANIFEST_VERSION, type ManifestRoute, routeTypeOf } from './manifest.js'
import { createProgress, type Output, summarize } from './report.js'
import { guardStall } from './stall-guard.js'

export interface PrerenderJobs {
  routes: PrerenderRouteInfo[]
  jobs: Job[]
}

export interface Job {
  route: PrerenderRouteInfo
  pathname: string
}

/** Renders one job: the bundle's own hook in this thread, or a worker (prerender-threads.ts). */
export type RenderJob = (job: Job) => Promise<PrerenderResult>

export interface PrerenderOptions extends PrerenderJobs {
  render: RenderJob
  buildId: string
  /** Renders in flight at once, across every worker. */
  concurrency: number
  expireTime: number
  /** Where the progress and summary go (stdout). */
  out?: Output
}

/** Run `work` over `items`, at most `limit` at a time; the first failure stops new work. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T
      try {
        await work(item)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}

/** Every route, and every path of it to prerender (generateStaticParams runs here). */
export async function listJobs(hooks: BuildHooks): Promise<PrerenderJobs> {
  const routes = await hooks.routes()
  const jobs: Job[] = []
  for (const route of routes) {
    for (const pathname of await hooks.paths(route.id)) jobs.push({ route, pathname })
  }
  return { routes, jobs }
}

/** The render of this thread: the server bundle's build hook. */
export const renderInThread =
  (hooks: BuildHooks): RenderJob =>
  (job) =>
    hooks.prerender(job.route.id, job.pathname)

export async function prerenderAll(opts: PrerenderOptions): Promise<FrescoManifest> {
  const { routes, jobs } = opts
  const results = new Map<string, { pathname: string; result: PrerenderResult }[]>()
  const progress = createProgress(jobs.length, opts.out)
  const running = new Set<Job>()
  const work = pool(jobs, opts.concurrency, async (job) => {
    running.add(job)
    const result = await opts.render(job)
    running.delete(job)
    const list = results.get(job.route.id) ?? []
    list.push({ pathname: job.pathname, result })
    results.set(job.route.id, list)
    progress.tick(job.pathname)
  })
  await guardStall(work, () => `prerendering ${[...running].map(describeJob).join(', ')}`)
  const manifest: FrescoManifest = {
    version: MANIFEST_VERSION,
    buildId: opts.buildId,
    createdAt: new Date().toISOString(),
    routes: routes.map((route) => manifestRoute(route, results.get(route.id) ?? [], opts.expireTime)),
  }
  // Counted from the manifest: a path rendered for a route that turned out dynamic is not a page.
  progress.done(summarize(manifest))
  return manifest
}

export const describeJob = ({ route, pathname }: Job) => `${pathname} (app/${route.file})`

function manifestRoute(
  route: PrerenderRouteInfo,
  results: { pathname: string; result: PrerenderResult }[],
  expire: number,
): ManifestRoute {
  const dynamicHit = results.find((r) => r.result.kind === 'dynamic')?.result
  const forced = route.dynamicMode === 'force-dynamic'
  // A route handler is dynamic unless it opted into caching (the hook says so for its one path).
  const dynamicReason =
    dynamicHit?.kind === 'dynamic'
      ? dynamicHit.reason
      : forced
        ? "dynamic = 'force-dynamic'"
        : route.paramsDynamic && results.length === 0
          ? 'no generateStaticParams'
          : undefined
  const dynamic = dynamicReason !== undefined
  // The route's lifetime: the smallest revalidate any of its renders ended with.
  let revalidate: number | false = route.revalidate
  for (const { result } of results) {
    if (result.kind !== 'static' || result.revalidate === false) continue
    if (revalidate === false || result.revalidate < revalidate) revalidate = result.revalidate
  }
  return {
    id: route.id,
    path: route.path,
    kind: route.kind,
    type: routeTypeOf(dynamic ? 0 : revalidate, dynamic),
    revalidate: dynamic ? 0 : revalidate,
    expire,
    ...(dynamicReason ? { dynamicReason } : {}),
    dynamicParams: route.dynamicParams,
    prerendered: dynamic ? [] : results.map((r) => r.pathname),
    ...(route.fallback !== undefined ? { fallback: route.fallback } : {}),
  }
}
