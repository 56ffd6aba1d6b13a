// next/router's shape, shared by the server render (a router that describes the page being
// rendered) and the browser (client-router.ts, which also navigates). Pure: no DOM, no Node.
import { createContext, useContext } from 'react'

export type Query = Record<string, string | string[] | undefined>

export type RouterEvent =
  | 'routeChangeStart'
  | 'routeChangeComplete'
  | 'routeChangeError'
  | 'beforeHistoryChange'
  | 'hashChangeStart'
  | 'hashChangeComplete'

export interface RouterEvents {
  on(type: RouterEvent, handler: (...args: unknown[]) => void): void
  off(type: RouterEvent, handler: (...args: unknown[]) => void): void
  emit(type: RouterEvent, ...args: unknown[]): void
}

export interface TransitionOptions {
  shallow?: boolean
  scroll?: boolean
  locale?: string | false
}

export type Url = string | { pathname?: string | null; query?: Query | null; hash?: string | null }

export interface NextRouter {
  /** The page's route pattern, e.g. '/blog/[id]'. */
  pathname: string
  route: string
  /** Route params, and after hydration the URL's search parameters. */
  query: Query
  /** The URL as shown in the browser (path + search + hash). */
  asPath: string
  basePath: string
  isFallback: boolean
  isReady: boolean
  isPreview: boolean
  isLocaleDomain: boolean
  locale?: string
  events: RouterEvents
  push(url: Url, as?: Url, options?: TransitionOptions): Promise<boolean>
  replace(url: Url, as?: Url, options?: TransitionOptions): Promise<boolean>
  back(): void
  forward(): void
  reload(): void
  prefetch(url: string): Promise<void>
  /** Runs before the router handles a back/forward; returning false leaves it to you (Next's API). */
  beforePopState(cb: (state: PopState) => boolean): void
}

/** What router.beforePopState's callback gets, as in Next: `{ url, as, options }`. */
export interface PopState {
  url: string
  as: string
  options: TransitionOptions
}

export const PagesRouterContext = createContext<NextRouter | null>(null)

export function useRouter(): NextRouter {
  const router = useContext(PagesRouterContext)
  if (!router)
    throw new Error(
      '[fresco] useRouter() from next/router (@fresco/framework/router) works in pages/ only. In app/ use useRouter from next/navigation.',
    )
  return router
}

export function createEvents(): RouterEvents {
  const handlers = new Map<RouterEvent, Set<(...args: unknown[]) => void>>()
  return {
    on(type, handler) {
      const set = handlers.get(type) ?? new Set()
      handlers.set(type, set)
      set.add(handler)
    },
    off(type, handler) {
      handlers.get(type)?.delete(handler)
    },
    emit(type, ...args) {
      for (const handler of [...(handlers.get(type) ?? [])]) handler(...args)
    },
  }
}

/** A URL object (`{ pathname: '/blog/[id]', query: { id: '1' } }`) or string → the href. */
export function resolveHref(url: Url): string {
  if (typeof url === 'string') return url
  let pathname = url.pathname ?? ''
  const query = { ...(url.query ?? {}) }
  // `/blog/[id]` + { id: '1' } → `/blog/1`; the used params leave the query.
  pathname = pathname.replace(
    /\[\[?(\.\.\.)?([^\]]+)\]\]?/g,
    (_m, rest: string | undefined, name: string) => {
      const value = query[name]
      delete query[name]
      if (value === undefined) return ''
      const parts = Array.isArray(value) ? value : [value]
      return (rest ? parts : parts.slice(0, 1)).map(encodeURIComponent).join('/')
    },
  )
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue
    for (const item of Array.isArray(v) ? v : [v]) search.append(k, item)
  }
  const qs = search.toString()
  const hash = url.hash ? (url.hash.startsWith('#') ? url.hash : `#${url.hash}`) : ''
  return `${pathname.replace(/\/+$/, '') || '/'}${qs ? `?${qs}` : ''}${hash}`
}
