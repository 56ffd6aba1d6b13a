// FrescoApp.serve told to the metrics: each answer counted under its route pattern and cache
// status. The label comes from the request plan (the route the path resolved to), never from the
// URL itself, so a client inventing URLs adds no series: they all count as '(not found)'.

import type { AppContext } from './app-context.js'
import { NO_ROUTE, type RequestStatus } from './app-observer.js'
import type { FrescoApp, IncomingInfo, Served } from './contract.js'
import type { RequestPlan } from './plan.js'

type Serve = FrescoApp['serve']

/** The route label of a resolved plan (undefined while its modules load: cannot follow serve). */
export function planRoute(plan: RequestPlan | undefined): string {
  if (plan === undefined || plan.kind === 'not-found') return NO_ROUTE.notFound
  if (plan.kind === 'redirect') return NO_ROUTE.redirect
  return plan.target.route.path
}

const statusOf = (served: Served): RequestStatus =>
  served.type === 'prepared' && served.cacheStatus !== null ? served.cacheStatus : 'dynamic'

export function observedServe(ctx: AppContext, serve: Serve, routeOf: (pathname: string) => string): Serve {
  const observer = ctx.observer
  if (!observer) return serve
  return (info: IncomingInfo) => {
    const served = serve(info)
    // A HIT is answered synchronously: counted without a promise.
    if (!(served instanceof Promise)) {
      observer.request(routeOf(info.pathname), statusOf(served))
      return served
    }
    return served.then(
      (answer) => {
        observer.request(routeOf(info.pathname), statusOf(answer))
        return answer
      },
      (error: unknown) => {
        observer.request(routeOf(info.pathname), 'error')
        throw error
      },
    )
  }
}
