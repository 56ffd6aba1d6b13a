'use client'
// next/navigation's client hooks. The router itself lives in the browser entry (registered in
// router-store); before it is registered (or outside a browser) navigation falls back to
// full document loads, so a call never silently does nothing.
import { useContext, useMemo } from 'react'
import { searchParamsBailoutError } from '../../errors.js'
import { addBasePath } from '../base-path.js'
import type { Params } from '../render/payload.js'
import { RouterContext, type RouterState, SEARCH_PARAMS_BAILOUT_DIGEST } from './router-context.js'
import { routerActions } from './router-store.js'
import { canonicalHref } from './trailing-slash-href.js'

export interface AppRouter {
  push(href: string, options?: { scroll?: boolean }): void
  replace(href: string, options?: { scroll?: boolean }): void
  refresh(): void
  back(): void
  forward(): void
  /** Prefetch the whole route (like `<Link prefetch={true}>`), kept for `staleTimes.static`. */
  prefetch(href: string): void
}

const router: AppRouter = {
  // Under next.config's trailingSlash: true, to the canonical `/about/`, and under its basePath, as
  // Next's router does.
  push: (target, options) => {
    const href = addBasePath(canonicalHref(target))
    const actions = routerActions()
    if (actions) void actions.navigate(href, { scroll: options?.scroll })
    else window.location.assign(href)
  },
  replace: (target, options) => {
    const href = addBasePath(canonicalHref(target))
    const actions = routerActions()
    if (actions) void actions.navigate(href, { replace: true, scroll: options?.scroll })
    else window.location.replace(href)
  },
  refresh: () => {
    const actions = routerActions()
    if (actions) void actions.refresh()
    else window.location.reload()
  },
  back: () => window.history.back(),
  forward: () => window.history.forward(),
  prefetch: (href) => routerActions()?.prefetch(addBasePath(canonicalHref(href)), 'full'),
}

function useRouterState(): RouterState {
  const state = useContext(RouterContext)
  if (!state) throw new Error('[fresco] navigation hooks only work inside a Fresco page.')
  return state
}

export function useRouter(): AppRouter {
  return router
}

export function usePathname(): string {
  return useRouterState().pathname
}

export function useParams<T extends Params = Params>(): T {
  return useRouterState().params as T
}

/**
 * Read-only, like Next's ReadonlyURLSearchParams. In the HTML of a static page the query string is
 * unknown: like Next.js, the component renders in the browser only (the nearest <Suspense> shows its
 * fallback in the HTML), so hydration never meets two different values.
 */
export function useSearchParams(): URLSearchParams {
  const { search } = useRouterState()
  const params = useMemo(() => (search === null ? null : new URLSearchParams(search)), [search])
  if (!params) throw Object.assign(searchParamsBailoutError(), { digest: SEARCH_PARAMS_BAILOUT_DIGEST })
  return params
}
