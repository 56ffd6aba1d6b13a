'use client'
// next/navigation's client hooks for the current page. Navigation is full-document for now
// (client-side navigation and its router cache are a later issue), so push/replace go through
// `location`, and prefetch asks the browser to fetch the document ahead of time.
import { useContext, useMemo } from 'react'
import type { Params } from '../render/payload.js'
import { RouterContext, type RouterState } from './router-context.js'
import { routerActions } from './router-store.js'

export interface AppRouter {
  push(href: string, options?: { scroll?: boolean }): void
  replace(href: string, options?: { scroll?: boolean }): void
  refresh(): void
  back(): void
  forward(): void
  prefetch(href: string): void
}

const prefetched = new Set<string>()

const router: AppRouter = {
  push: (href) => window.location.assign(href),
  replace: (href) => window.location.replace(href),
  refresh: () => {
    const actions = routerActions()
    if (actions) void actions.refresh()
    else window.location.reload()
  },
  back: () => window.history.back(),
  forward: () => window.history.forward(),
  prefetch: (href) => {
    if (prefetched.has(href)) return
    prefetched.add(href)
    const link = document.createElement('link')
    link.rel = 'prefetch'
    link.href = href
    document.head.appendChild(link)
  },
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

/** Read-only, like Next's ReadonlyURLSearchParams. Empty during the prerender of static pages. */
export function useSearchParams(): URLSearchParams {
  const { search } = useRouterState()
  return useMemo(() => new URLSearchParams(search), [search])
}
